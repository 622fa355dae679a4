"""How an image's views are pooled into the zero-shot attribute score, compared on the
per-view embeddings ``qm_training.eval_vl --per-view`` saves.

The runtime scores an attribute pair on the image embedding (the views' L2-normalised
mean, :func:`qm_training.reference.vl_embeddings`). Local distortions (moved patches,
colour blocks) touch a few views only and are diluted by that mean; this compares it
with pooling the pair's logit over views (mean, the lowest view, the mean of the lowest
k) and with the views of one scale alone. Choose on the proxy (an encoder read on photos
it never saw, ``splits_vl_apart.yml``'s apart list), then read the shipped bundle on
LIVE1:

    cd training
    /usr/bin/python3 -m qm_training.eval_vl --bundle runs/feats/apart_bundle \\
        --splits configs/splits_vl_apart.yml --photo-set apart \\
        --seed-offsets 0,1000000 --per-view --out runs/pool/apart.json         # ~6 min
    /usr/bin/python3 -m experiments.view_pooling --bundle runs/feats/apart_bundle \\
        --views runs/pool/apart.views.npy
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from qm_training.eval_vl import pool_views, rank_table


def pair_logits(views: np.ndarray, pair: dict, scale: float) -> np.ndarray:
    """``[..., D]`` embeddings -> ``[...]`` logits of the positive prompt over the
    negative."""
    d = np.asarray(pair["positive_embedding"]) - np.asarray(pair["negative_embedding"])
    return scale * (views @ d)


def variants(views: np.ndarray, pairs: dict, scale: float, per_scale: int) -> dict:
    """Pooling name -> {pair name -> [P, types, 5] score} (higher = better)."""
    emb = pool_views(views)
    n = views.shape[-2]
    logits = {k: pair_logits(views, v, scale) for k, v in pairs.items()}
    out = {
        "mean embedding (runtime)": {
            k: pair_logits(emb, v, scale) for k, v in pairs.items()
        },
        "mean logit": {k: v.mean(-1) for k, v in logits.items()},
        "lowest view": {k: v.min(-1) for k, v in logits.items()},
    }
    for k in (2, 3, 4, 6):
        out[f"mean of lowest {k}"] = {a: np.sort(v, -1)[..., :k].mean(-1)
                                      for a, v in logits.items()}
    for s in range(n // per_scale):
        part = pool_views(views[..., s * per_scale:(s + 1) * per_scale, :])
        out[f"scale {s} only"] = {
            a: pair_logits(part, v, scale) for a, v in pairs.items()
        }
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", required=True, type=Path)
    parser.add_argument(
        "--views", required=True, type=Path, help="OUT.views.npy of qm_training.eval_vl"
    )
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    vl = json.loads((args.bundle / "bundle.json").read_text())["branches"][
        "vision_language"
    ]
    prompts = json.loads((args.bundle / vl["prompts"]).read_text())
    pairs = dict(prompts["attributes"], quality=prompts["quality"])
    views = np.load(args.views).astype(np.float64)
    per_scale = int(vl["input"]["crops"])
    rows = {}
    for name, scores in variants(
        views, pairs, float(vl["logit_scale"]), per_scale
    ).items():
        rows[name] = rank_table(scores)
    fams = list(next(iter(rows.values()))["families"])
    spatial_types = [n for n, r in next(iter(rows.values()))["types"].items()
                     if r["attribute"] == "blockiness"]
    head = " ".join(f"{f[:8]:>8s}" for f in fams)
    print(f"{'pooling (attribute within-SRCC)':28s} {head} {'min':>6s} {'quality':>7s}")
    for name, t in rows.items():
        w = [t["families"][f]["attribute_srcc"]["within"] for f in fams]
        print(f"{name:28s} " + " ".join(f"{x:8.3f}" for x in w)
              + f" {min(w):6.3f} {t['quality_all_types']['within']:7.3f}")
    print()
    print(f"{'pooling (blockiness types)':28s} "
          + " ".join(f"{n[:10]:>10s}" for n in spatial_types))
    for name, t in rows.items():
        print(
            f"{name:28s} "
            + " ".join(
                f"{t['types'][n]['attribute_srcc']['within']:10.3f}"
                for n in spatial_types
            )
        )
    if args.out:
        args.out.write_text(json.dumps(rows, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
