"""Exports a trained low-level encoder and its evaluated ridge head as a model bundle.

    cd training
    RUN=runs/contrique_r10_w32_kadid
    /usr/bin/python3 -m qm_training.evaluate --checkpoint $RUN/last.pt
    /usr/bin/python3 -m qm_training.export_default --checkpoint $RUN/last.pt \
        --eval $RUN/eval.json --out ../models/default

The input spec, the ridge head (heads ``combined`` and ``lowlevel``, equal while the
bundle has only the low-level branch) and the held-out figures come from the file that
``qm_training.evaluate`` wrote, so the metadata states what was measured. After writing,
the bundle is re-read with the Python reference scorer and must reproduce the
evaluation's scores on held-out images.
"""

from __future__ import annotations

import argparse
import datetime
import json
from collections import Counter
from pathlib import Path

import numpy as np
import torch

from qm_training import augment as A
from qm_training import data, heldout, provenance
from qm_training import distortions as D
from qm_training.bundle import LowLevelBranch, RidgeHead, export_module, write_bundle
from qm_training.checkpoints import load_encoder
from qm_training.data import TRAINING_DIR
from qm_training.features import encode_images


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--eval", required=True, help="JSON written by qm_training.evaluate")
    p.add_argument("--out", default=str(TRAINING_DIR.parent / "models" / "default"))
    p.add_argument("--name", default="qm-default")
    p.add_argument("--version",
                   default=datetime.date.today().strftime("%Y.%m.%d") + "-1")
    return p.parse_args(argv)


def photo_sets(paths: list) -> str:
    """``"175 pristine photos: bsds300train (90), kodak24 (24), ..."`` from the photos'
    folders (one folder per photo set under the data root)."""
    sets = Counter(Path(p).parent.name for p in paths)
    return f"{len(paths)} pristine photos: " + ", ".join(
        f"{name} ({n})" for name, n in sorted(sets.items()))


def distortions_text(data_cfg: dict, n_kinds: int, classes: int) -> str:
    """What distorted the encoder's training patches, from the run's ``data`` config."""
    if data_cfg.get("generator", "registry") != "augment":
        return (f"{n_kinds} synthetic types x 5 levels in the KADID-10k families "
                f"(training/qm_training/distortions.py) + pristine = {classes} classes")
    return (f"qm_training.augment: {n_kinds} kinds (the registry's {len(D.NAMES)} and "
            f"{n_kinds - len(D.NAMES)} alternate implementations) x 5 level bands, "
            "levels drawn continuously in each band, regions cut at random scales, "
            f"{data_cfg.get('reencode', 0.5):.0%} JPEG re-encoded + pristine = "
            f"{classes} classes")


def metadata(ckpt: dict, ev: dict) -> dict:
    cfg = ckpt["config"]
    d = cfg["data"]
    items = ckpt["step"] * d["classes_per_batch"] * d["per_class"]
    train = data.load_splits(cfg["splits"])["train"]
    n_train = len(train)
    kinds = A.KINDS if d.get("generator", "registry") == "augment" else D.NAMES
    classes = 1 + len(kinds) * D.LEVELS
    per_epoch = n_train * classes
    metrics = {
        "heldout_pooled_srcc": round(ev["pooled_srcc"], 4),
        "heldout_pooled_srcc_ci95": [round(v, 4) for v in ev["pooled_ci95"]],
        "heldout_mean_per_type_srcc": round(ev["mean_per_type_srcc"], 4),
        "heldout_mean_within_photo_srcc": round(ev["mean_within_photo_srcc"], 4),
        "heldout_per_type_srcc": {k: round(v, 4)
                                  for k, v in ev["per_type_srcc"].items()},
        "heldout_photos": ev["heldout_photos"],
        "heldout_protocol": "LIVE1 29 references x 26 types x levels 1-5; "
        "Spearman(score, -level); training/configs/splits.yml",
        "ridge_alpha": ev["alpha"],
        "ridge_photos": ev["train_photos"],
    }
    vs = ev.get("vs_baselines") or {}
    if vs:
        sub = {"photos": vs["ours"].get("photos"), "ours_pooled_srcc":
               round(vs["ours"]["pooled_srcc"], 4)}
        for name, res in vs.items():
            if name == "ours":
                continue
            sub[f"{name}_pooled_srcc"] = round(res["pooled_srcc"], 4)
            sub[f"{name}_per_type_srcc"] = {
                k: round(v, 4) for k, v in res["per_type_srcc"].items()}
            sub[f"ours_beats_{name}_on_types"] = (
                f"{res['ours_wins']}/{len(res['per_type_srcc'])}")
        metrics["heldout_subset_vs_baselines"] = sub
    return {
        "description": "CONTRIQUE-style low-level quality encoder (narrow ResNet, "
        f"{cfg['arch']}) trained "
        + (
            "from scratch on CPU"
            if provenance.trained_on_scratch(ckpt)
            else "on CPU, continued from an earlier encoder"
        )
        + "; ridge head to 0-100",
        "random_init": False,
        "lower_better": False,
        "score_range": [0, 100],
        "trained_on": {
            "images": f"encoder: {photo_sets(train)}; LIVE1 (29) and CBSD68 (68) "
            "held out",
            "distortions": distortions_text(d, len(kinds), classes),
            "epochs": round(items / per_epoch, 2),
            "notes": provenance.run_notes(ckpt)
            + provenance.EPOCH_NOTE
            + " Ridge head target "
            "100 - 20 x level fitted on the training photos' distorted versions; no "
            "human opinion scores were used.",
        },
        "metrics": metrics,
    }


def main(argv=None) -> int:
    args = parse_args(argv)
    torch.set_num_threads(2)
    encoder, ckpt = load_encoder(args.checkpoint)
    ev = json.loads(Path(args.eval).read_text())
    spec = ev["input"]
    crop = int(spec["crop_size"])
    ts = export_module(encoder, torch.zeros(1, 3, crop, crop))
    head = RidgeHead(["lowlevel"], ev["head"]["mean"], ev["head"]["std"],
                     ev["head"]["weights"], ev["head"]["bias"], ev["alpha"])
    out = write_bundle(
        args.out, args.name, args.version,
        lowlevel=LowLevelBranch(ts, spec, feature_dim=encoder.feature_dim),
        heads={"combined": head, "lowlevel": head},
        metadata=metadata(ckpt, ev),
        output="combined",
    )
    print(f"wrote {out}: " + ", ".join(
        f"{p.name} {p.stat().st_size / 1e6:.2f} MB" for p in sorted(out.iterdir())))
    check_parity(out, encoder, spec, head)
    return 0


def check_parity(bundle_dir: Path, encoder, spec: dict, head: RidgeHead) -> None:
    """Scores two held-out photos' test images with the bundle (reference scorer) and
    with the evaluation path; they must agree closely."""
    from qm_training.reference import ReferenceScorer

    scorer = ReferenceScorer(bundle_dir)
    splits = data.load_splits("configs/splits.yml")
    worst = 0.0
    first = splits["heldout"][:1]
    for _, items in heldout.iter_set(first, heldout.HELDOUT_SEED_OFFSET):
        images = [im for _, im in items][:40]
        ours = head.predict(encode_images(encoder, images, spec))
        theirs = scorer.score(images)
        worst = max(worst, float(np.abs(ours - theirs).max()))
    print(f"parity: bundle vs evaluation scores, max |diff| = {worst:.4f} "
          "(0-100 scale)")
    if worst > 0.5:
        raise SystemExit(f"bundle scores differ from the evaluation by {worst:.3f}")


if __name__ == "__main__":
    raise SystemExit(main())
