"""Zero-shot evaluation of a bundle's vision-language branch on held-out photos.

Every held-out photo of ``configs/splits.yml`` (never used in training) is distorted by
every type at levels 1..5 as ``qm_training.heldout.iter_set`` makes held-out sets (seed
= offset + photo index * 1000 + type index * 10 + level, one draw per ``--seed-offsets``
value: 500000 gives the very images of ``qm_training.make_heldout``'s set, which
``evaluate`` scores; other offsets other draws of the same distortions, each draw of a
photo one more series), preprocessed as the bundle says, and scored zero-shot with the
prompt pairs of prompts.json. Reported, per KADID family and per type, Spearman's rho of
the score against -level for the family's attribute pair
(:data:`qm_training.captions.FAMILY_ATTRIBUTE`) and for the quality pair:

- ``within``: the mean over (photo, type) of rho across that photo's 5 levels (does the
  score rank the levels of one image correctly?);
- ``pooled``: rho over all photos and types of the family at once (content varies too).

    cd training
    /usr/bin/python3 -m qm_training.eval_vl --bundle runs/qmclip_s_captions/bundle \\
        --out runs/qmclip_s_captions/eval.json --workers 2
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import torch
from scipy import stats

from qm_training import distortions as D
from qm_training.captions import FAMILY_ATTRIBUTE, TYPE_ATTRIBUTE
from qm_training.data import load_splits
from qm_training.heldout import iter_set
from qm_training.reference import (ReferenceScorer, reads_features,
                                   vl_embeddings, vl_views)

_INPUT = {}
_PHOTOS = []
_SCORER = []


def _init(inp, photos, bundle=None):
    torch.set_num_threads(1)
    _INPUT.update(inp)
    _PHOTOS[:] = photos
    # a branch that projects the low-level features: each worker runs both modules
    # itself
    _SCORER[:] = [ReferenceScorer(bundle, pass_max_views=16)] if bundle else []


def _versions(task):
    """Returns (row, type, [5, views, 3, s, s] preprocessed inputs as float16) of one
    photo's series of one type, distorted as ``qm_training.heldout.iter_set`` makes
    held-out sets; for a branch on the low-level features, ``[5, D]`` embeddings
    instead."""
    row, p_idx, t_idx, offset = task
    _, items = next(iter_set(_PHOTOS, offset, [D.NAMES[t_idx]], [p_idx]))
    images = [img for s, img in items if s.level > 0]
    if _SCORER:
        return row, t_idx, _SCORER[0].features(images)["vision_language"].numpy()
    out = [vl_views(img, _INPUT).numpy().astype(np.float16) for img in images]
    return row, t_idx, np.stack(out)


def embed_heldout(
    bundle: Path,
    photos,
    workers: int,
    batch: int = 40,
    seed_offsets=(0,),
    per_view: bool = False,
):
    """Returns ``emb [draws * P, types, 5, D]`` of all distorted held-out versions, one
    block of ``P`` photos per seed offset (``[draws * P, types, 5, views, D]``, each
    view's embedding before the image's mean, with ``per_view``)."""
    doc = json.loads((bundle / "bundle.json").read_text())
    vl = doc["branches"]["vision_language"]
    on_features = reads_features(vl)
    if on_features and per_view:
        raise ValueError(
            f"{bundle}'s vision-language branch projects the low-level features: "
            "it has no views"
        )
    # a branch on the low-level features is run whole by the workers (_versions)
    module = None
    if not on_features:
        module = torch.jit.load(str(bundle / vl["image_file"]), map_location="cpu")
        module = module.eval()
    tasks = [(d * len(photos) + p, p, t, off) for d, off in enumerate(seed_offsets)
             for p in range(len(photos)) for t in range(len(D.NAMES))]
    inp = vl["input"]
    n_views = int(inp["crops"]) * len(inp["scales"]) if "crops" in inp else 1
    view_dim = (n_views,) if per_view else ()
    emb = np.zeros((len(seed_offsets) * len(photos), len(D.NAMES), D.LEVELS, *view_dim,
                    int(vl["embed_dim"])))
    pending, keys = [], []

    def flush():
        views = [torch.from_numpy(v).float() for x in pending for v in x]
        e = vl_embeddings(module, views, chunk=12, pool=not per_view).numpy()
        for k, (p, t) in enumerate(keys):
            emb[p, t] = e[k * D.LEVELS:(k + 1) * D.LEVELS]
        pending.clear()
        keys.clear()

    # the workers get a few series at a time: left to run ahead, they pile up
    # preprocessed views (9 MB a series) faster than the embedding consumes them
    step = 4 * workers
    init = (vl["input"], photos, bundle if on_features else None)
    with mp.get_context("fork").Pool(workers, _init, init) as pool:
        for start in range(0, len(tasks), step):
            for p, t, x in pool.imap_unordered(_versions, tasks[start:start + step]):
                if on_features:
                    emb[p, t] = x
                    continue
                pending.append(x)
                keys.append((p, t))
                if len(pending) * D.LEVELS >= batch:
                    flush()
            done = min(start + step, len(tasks))
            if done // 100 > start // 100 or done == len(tasks):
                print(f"  {done}/{len(tasks)} photo-type series", flush=True)
    if pending:
        flush()
    return emb, vl


def pool_views(emb: np.ndarray) -> np.ndarray:
    """The image embedding from per-view ones, as :func:`vl_embeddings` pools them."""
    m = emb.mean(axis=-2)
    return m / np.maximum(np.linalg.norm(m, axis=-1, keepdims=True), 1e-12)


def zero_shot(emb: np.ndarray, pair: dict, scale: float) -> np.ndarray:
    """Returns the 0-100 score of the positive prompt (softmax of the two)."""
    pos = np.asarray(pair["positive_embedding"])
    neg = np.asarray(pair["negative_embedding"])
    return 100.0 / (1.0 + np.exp(-scale * (emb @ pos - emb @ neg)))


def rank_stats(scores: np.ndarray) -> dict:
    """``scores [P, K, 5]`` -> within (mean per series rho) and pooled rho vs -level."""
    levels = np.broadcast_to(np.arange(1, D.LEVELS + 1), scores.shape)
    within = [stats.spearmanr(s, -np.arange(1, D.LEVELS + 1))[0]
              for s in scores.reshape(-1, D.LEVELS)]
    within = np.nan_to_num(np.asarray(within, dtype=float))  # constant series -> 0
    pooled = stats.spearmanr(scores.ravel(), -levels.ravel())[0]
    return {"within": round(float(within.mean()), 4), "pooled": round(float(pooled), 4)}


def evaluate(emb: np.ndarray, prompts: dict, scale: float) -> dict:
    pairs = dict(prompts["attributes"], quality=prompts["quality"])
    return rank_table({k: zero_shot(emb, v, scale) for k, v in pairs.items()})


def rank_table(scores: dict) -> dict:
    """Per family and per type rank statistics of ``scores``: pair name -> ``[P, types,
    5]`` (every attribute pair of the prompts and ``quality``)."""
    families = defaultdict(list)
    for t, name in enumerate(D.NAMES):
        families[D.REGISTRY[name].family].append(t)
    out = {"families": {}, "types": {}}
    for fam, types in families.items():
        att = FAMILY_ATTRIBUTE[fam]
        out["families"][fam] = {"attribute": att,
                                "attribute_srcc": rank_stats(scores[att][:, types]),
                                "quality_srcc": rank_stats(scores["quality"][:, types])}
    for t, name in enumerate(D.NAMES):
        att = TYPE_ATTRIBUTE[name]
        out["types"][name] = {"attribute": att,
                              "attribute_srcc": rank_stats(scores[att][:, [t]]),
                              "quality_srcc": rank_stats(scores["quality"][:, [t]])}
    out["quality_all_types"] = rank_stats(scores["quality"])
    fam = out["families"].values()
    out["min_family_attribute_within"] = min(f["attribute_srcc"]["within"] for f in fam)
    out["min_family_attribute_pooled"] = min(f["attribute_srcc"]["pooled"] for f in fam)
    return out


def print_table(res: dict) -> None:
    print(f"{'family / type':28s} {'attribute':11s} {'attr within':>11s} "
          f"{'attr pooled':>11s} {'qual within':>11s} {'qual pooled':>11s}")
    for group in ("families", "types"):
        for name, r in res[group].items():
            a, q = r["attribute_srcc"], r["quality_srcc"]
            print(f"{name:28s} {r['attribute']:11s} {a['within']:11.3f} "
                  f"{a['pooled']:11.3f} {q['within']:11.3f} {q['pooled']:11.3f}")
        print()
    q = res["quality_all_types"]
    print(f"quality, all types: within {q['within']:.3f} pooled {q['pooled']:.3f}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", required=True, type=Path)
    parser.add_argument("--splits", default="configs/splits.yml")
    parser.add_argument("--photos", type=int, help="only the first N held-out photos")
    parser.add_argument(
        "--photo-set",
        default="heldout",
        help="which photos of the split file: heldout, or another list such "
        "as splits_vl_apart.yml's apart (photos an encoder trained on its "
        "train list never saw, to choose between encoders without LIVE1)",
    )
    parser.add_argument(
        "--seed-offsets",
        default="0",
        help="comma-separated; each is added to every distortion seed and "
        "gives one draw of every photo's distortions: 500000 "
        "(HELDOUT_SEED_OFFSET) scores the images of make_heldout's held-out "
        "set (the set `evaluate` reads); e.g. 1000000,2000000,3000000 for three "
        "fresh draws (default 0)",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", type=Path)
    parser.add_argument(
        "--per-view",
        action="store_true",
        help="also save each view's embedding (OUT.views.npy, "
        "[draws * photos, types, 5, views, D]) for experiments on pooling",
    )
    parser.add_argument(
        "--embeddings",
        type=Path,
        help="reuse the image embeddings a former run saved (OUT.emb.npy) "
        "and score only the bundle's prompts (e.g. after adding a prompt pair)",
    )
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    split = load_splits(args.splits)
    if not isinstance(split.get(args.photo_set), list):
        parser.error(f"{args.splits} has no photo list {args.photo_set!r}")
    photos = split[args.photo_set][: args.photos]
    try:
        offsets = [int(v) for v in args.seed_offsets.split(",")]
    except ValueError:
        parser.error(
            f"--seed-offsets: integers separated by commas, got {args.seed_offsets!r}"
        )
    t0 = time.time()
    if args.embeddings:
        emb = np.load(args.embeddings).astype(np.float64)
        if emb.ndim == 5:  # saved with --per-view
            emb = pool_views(emb)
        doc = json.loads((args.bundle / "bundle.json").read_text())
        vl = doc["branches"]["vision_language"]
        if emb.shape[:2] != (len(offsets) * len(photos), len(D.NAMES)):
            parser.error(
                f"{args.embeddings} holds {emb.shape[0]} photo draws x {emb.shape[1]} "
                f"types, not {len(offsets) * len(photos)} x {len(D.NAMES)}"
            )
    else:
        emb, vl = embed_heldout(args.bundle, photos, args.workers, seed_offsets=offsets,
                                per_view=args.per_view)
        if args.per_view:
            if args.out:
                np.save(args.out.with_suffix(".views.npy"), emb.astype(np.float16))
            emb = pool_views(emb)
    prompts = json.loads((args.bundle / vl["prompts"]).read_text())
    res = evaluate(emb, prompts, float(vl["logit_scale"]))
    res.update({"bundle": str(args.bundle), "heldout_photos": len(photos),
                "photo_set": args.photo_set, "seed_offsets": offsets,
                "seconds": round(time.time() - t0, 1)})
    print_table(res)
    if args.out:
        args.out.write_text(json.dumps(res, indent=1) + "\n")
        np.save(args.out.with_suffix(".emb.npy"), emb.astype(np.float16))
    return 0


if __name__ == "__main__":
    sys.exit(main())
