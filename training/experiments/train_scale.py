"""Heads fitted on training versions drawn at other scales: does enlarging before
distorting read large uploads better?

``qm_training.trainset --scale-range LOW,HIGH`` draws each version's photo resized by a
factor in [LOW, HIGH] before it is distorted (the default [0.55, 1] only shrinks); the
runtime then reads every image at its working size (512 px), so a photo enlarged to 2x
and distorted shows its distortions at half their size, as a 1024 px upload does. Given
training sets as ``NAME=LABELS_FOLDER=FEATURE_CACHE`` (the same photos and seeds, other
scale ranges), for the head fitted on each set and on their union: the ridge of ``fit``
(alpha by photo CV), its out-of-fold predictions measured on every set's rows (the same
photo folds throughout, so a set's rows are never predicted by a head that saw
their photo), the photo x kind CV (experiments.unseen_kinds) on its own rows; then each
held-out slice given as ``LABELS_FOLDER=FEATURE_CACHE`` measured as the held-out report
does. ``FEATURE_CACHE`` may join caches of the same rows with ``+`` (e.g. the working
sizes 512 and 1024, written by ``qm_training.feature_cache --max-side``): their features
side by side.

    cd training
    /usr/bin/python3 -m experiments.train_scale \\
        aug=runs/trainset-aug=runs/feats/aug-ms512-enc2 \\
        up=runs/trainset-up=runs/feats/up-ms512 \\
        --heldout runs/feats/heldout-labels/cbsd68-1024-independent=\\
runs/feats/heldout/cbsd68-1024-independent
"""

import argparse
import sys
from pathlib import Path

import numpy as np

from experiments.kind_bias import measures
from experiments.unseen_kinds import crossed
from qm_training import feature_cache as fc


def joined(sets: list) -> dict:
    """The rows of several loaded sets, one after another."""
    keys = ("low", "level", "w", "photo", "type")
    return {k: np.concatenate([d[k] for d in sets]) for k in keys}


def load(root: str, caches: str) -> dict:
    """``root``'s rows with the features of one cache, or of several joined by ``+``
    (e.g. the same images at two working sizes) side by side."""
    loaded = [fc.load(Path(c), Path(root)) for c in caches.split("+")]
    loaded[0]["low"] = np.concatenate([d["low"] for d in loaded], 1)
    return loaded[0]


def line(name: str, pred, d) -> str:
    pooled, inside, _, _, pr = measures(pred, fc.target(d), d["photo"], d["type"])
    return (
        f"{name:34s} pooled {pooled:.3f} within photo {inside:.3f} "
        f"pristine min {pr.min():.1f} median {np.median(pr):.1f} "
        f"below 30: {(pr < 30).sum()} of {len(pr)}"
    )


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("sets", nargs="+", help="NAME=LABELS_FOLDER=FEATURE_CACHE")
    p.add_argument(
        "--heldout", nargs="*", default=[], help="LABELS_FOLDER=FEATURE_CACHE"
    )
    args = p.parse_args(argv)
    sets = {}
    for spec in args.sets:
        name, root, cache = spec.split("=")
        sets[name] = load(root, cache)
    slices = []
    for spec in args.heldout:
        root, cache = spec.split("=")
        slices.append((Path(root).name, load(root, cache)))
    heads = dict(sets)
    if len(sets) > 1:
        heads["+".join(sets)] = joined(list(sets.values()))
    rows = dict(heads)  # measured on each set's rows and on all of them
    # one fold per photo across all sets: fc.folds numbers the union's photos
    photos = np.unique(np.concatenate([d["photo"] for d in sets.values()]))
    fold_of = {ph: i % 5 for i, ph in enumerate(photos)}
    for hname, h in heads.items():
        x, y = h["low"], fc.target(h)
        alpha = fc.cv(x, y, h["w"], h["photo"])[0]
        f = np.array([fold_of[ph] for ph in h["photo"]])
        fitted = [fc.fit(x[f != k], y[f != k], h["w"][f != k], alpha) for k in range(5)]
        print(f"head fitted on {hname} ({len(y)} rows, alpha {alpha:g})", flush=True)
        for sname, d in rows.items():
            g = np.array([fold_of[ph] for ph in d["photo"]])
            pred = np.zeros(len(g))
            for k in range(5):
                pred[g == k] = fitted[k](d["low"][g == k])
            print(
                "  " + line(f"photo CV on {sname}", np.clip(pred, 0, 100), d),
                flush=True,
            )
        both = crossed(
            x, y, h["w"], h["photo"], h["type"], lambda a, b, c: fc.fit(a, b, c, alpha)
        )
        print("  " + line("photo x kind CV, own rows", both, h), flush=True)
        head = fc.fit(x, y, h["w"], alpha)
        for sname, d in slices:
            print("  " + line(sname, np.clip(head(d["low"]), 0, 100), d), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
