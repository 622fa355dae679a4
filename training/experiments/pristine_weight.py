"""The pristine versions' row weight in the head's fit: ranking against calibration.

``fit`` weighs each row by the labels' weight column; ``qm_training.trainset`` gives
the pristine versions (label 0) ``--pristine-weight``. A heavier weight pulls the
pristine photos' scores up, away from the alert threshold, at some cost in ranking. For
each weight, on the training photos only: the ridge head of ``fit`` (alpha by the photo
CV), its photo CV and photo x kind CV (experiments.unseen_kinds) with the pristine
versions' out-of-fold scores; then, for each held-out slice given as
``LABELS_FOLDER=FEATURE_CACHE`` (written by qm_eval and qm_training.feature_cache), the
head fitted on all training rows, measured as the held-out report does (pristine
photos included).

    cd training
    H=runs/qm-eval/sets/live1-stored-independent
    /usr/bin/python3 -m experiments.pristine_weight runs/trainset-aug \\
        runs/feats/aug-ms512-enc2 --weights 4,8,16 \\
        $H=runs/feats/heldout/live1-stored-independent
"""

import argparse
import sys
from pathlib import Path

import numpy as np

from experiments.kind_bias import measures
from experiments.unseen_kinds import crossed
from qm_training import feature_cache as fc


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("images", type=Path, help="labelled training folder (labels.csv)")
    p.add_argument("cache", type=Path, help="feature cache of its rows")
    p.add_argument("heldout", nargs="*", help="LABELS_FOLDER=FEATURE_CACHE")
    p.add_argument("--weights", default="4,8,16")
    args = p.parse_intermixed_args(argv)
    d = fc.load(args.cache, args.images)
    x, y, photo, types = d["low"], fc.target(d), d["photo"], d["type"]
    slices = []
    for pair in args.heldout:
        root, cache = pair.split("=")
        slices.append((Path(root).name, fc.load(Path(cache), Path(root))))
    for weight in (float(v) for v in args.weights.split(",")):
        w = np.where(d["level"] == 0, weight, 1.0)
        alpha, oof = fc.cv(x, y, w, photo)
        both = crossed(x, y, w, photo, types, lambda a, b, c: fc.fit(a, b, c, alpha))
        for name, pred in (("photo CV", oof), ("photo x kind CV", both)):
            pooled, inside, _, _, pr = measures(pred, y, photo, types)
            print(
                f"weight {weight:g} alpha {alpha:g} {name:16s} pooled {pooled:.3f} "
                f"within photo {inside:.3f} pristine min {pr.min():.1f} "
                f"5th percentile {np.percentile(pr, 5):.1f}",
                flush=True,
            )
        head = fc.fit(x, y, w, alpha)
        for name, h in slices:
            s = np.clip(head(h["low"]), 0, 100)
            pooled, inside, _, _, pr = measures(s, fc.target(h), h["photo"], h["type"])
            print(
                f"weight {weight:g} {name:30s} pooled {pooled:.3f} within photo "
                f"{inside:.3f} pristine min {pr.min():.1f} "
                f"below 30: {(pr < 30).sum()} of {len(pr)}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
