"""A small MLP head on the encoder's cached features, beside the ridge head of ``fit``.

    cd training
    /usr/bin/python3 -m experiments.mlp_head \
        runs/feats/aug-ms512-enc2 runs/trainset-aug \
        [CONFIG ...]

Each CONFIG is ``hidden,dropout,weight_decay,epochs,pristine_weight_factor,blend``
(blend: the share of the MLP in an average with the ridge head's prediction).
Photo-grouped 5-fold CV as ``fit``; prints pooled SRCC, mean within-photo SRCC, per-kind
bias sd and the pristine versions' minimum / 1st percentile / median out of fold.
"""

import sys
from pathlib import Path

import numpy as np

from experiments.kind_bias import measures, mlp_oof
from qm_training import feature_cache as fc


def main(argv):
    d = fc.load(Path(argv[0]), Path(argv[1]))
    y, w, photo = fc.target(d), d["w"], d["photo"]
    _, ridge = fc.cv(d["low"], y, w, photo)
    for spec in argv[2:]:
        h, drop, wd, ep, pw, blend = (float(v) for v in spec.split(","))
        ww = np.where(y == 100, w * pw, w)
        mlp = mlp_oof(
            d["low"], y, ww, photo, hidden=int(h), epochs=int(ep), drop=drop, wd=wd
        )
        pred = blend * mlp + (1 - blend) * ridge
        pooled, within, _, bias, pr = measures(pred, y, photo, d["type"])
        print(
            f"{spec:28s} pooled {pooled:.3f} within {within:.3f} "
            f"bias sd {np.std(bias):.1f} pristine min {pr.min():.1f} "
            f"p1 {np.percentile(pr, 1):.1f} median {np.median(pr):.1f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
