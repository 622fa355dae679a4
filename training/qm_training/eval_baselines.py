"""Scores the held-out test images with NIQE and BRISQUE (Python references).

    cd training
    /usr/bin/python3 -m qm_training.eval_baselines --every 4   # every 4th photo

The baselines do not depend on the trained model, so this runs once; it writes
``runs/baselines/heldout[_every<k>].json`` with each image's scores and the SRCC report
(lower-is-better scores are negated before ranking).
"""

from __future__ import annotations

import argparse
import json
import time

from qm_training import baselines, data, heldout
from qm_training.data import TRAINING_DIR


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--splits", default="configs/splits.yml")
    p.add_argument("--data-root")
    p.add_argument("--baselines-root", default="shared/data/baselines")
    p.add_argument("--every", type=int, default=1, help="use every k-th held-out photo")
    args = p.parse_args(argv)
    t0 = time.time()
    splits = data.load_splits(args.splits, args.data_root)
    models = baselines.load(data.resolve_data_root(args.baselines_root))
    indices = list(range(0, len(splits["heldout"]), args.every))

    def score(images):
        return {name: [m.score(im) for im in images] for name, m in models.items()}

    samples, scores = heldout.score_set(splits["heldout"], score,
                                        heldout.HELDOUT_SEED_OFFSET, indices=indices)
    out = {
        "heldout_photos": len(indices), "photo_indices": indices,
        "samples": [[s.photo, s.kind, s.level] for s in samples],
        "scores": {k: v.tolist() for k, v in scores.items()},
        "results": {k: heldout.report(samples, v, higher_better=False)
                    for k, v in scores.items()},
        "seconds": time.time() - t0,
    }
    path = TRAINING_DIR / "runs" / "baselines" / (
        "heldout.json" if args.every == 1 else f"heldout_every{args.every}.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=1))
    for k, r in out["results"].items():
        print(f"{k}: pooled SRCC {r['pooled_srcc']:.4f} mean per-type "
              f"{r['mean_per_type_srcc']:.4f} within-photo "
              f"{r['mean_within_photo_srcc']:.4f}")
    print(f"-> {path} ({out['seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
