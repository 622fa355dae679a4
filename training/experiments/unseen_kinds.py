"""Heads and encoders judged on distortion kinds they never saw (photo x kind CV).

    cd training
    /usr/bin/python3 -m experiments.unseen_kinds runs/trainset-aug \
        runs/feats/aug-ms512-enc2 [MORE_FEATURE_CACHES ...] [--kind-fold Q] [--heads]

``fit``'s photo-grouped CV tests a head on unseen photos but with the distortion code it
was fitted on; the held-out report's independent generator meets both unseen photos and
unseen code. This protocol stands in for the second with training data only: the 41
kinds of qm_training.augment are split at random into 5 kind folds; for photo fold p and
kind fold q, a head fitted on the other photos' versions that apply no kind of q
(pristine versions included) predicts fold p's versions that apply a kind of q. Every
distorted version is predicted once (a chain by the fold of its first kind), pristine
versions by the heads of kind fold 0. An encoder that saw every kind is still flattered;
``--kind-fold Q`` measures only kind fold Q (and the pristine versions), for comparing
encoders trained without that fold's kinds (configs/contrique/*unseen0*).

Each cache gets the ridge head of ``fit`` (alpha by the photo CV); ``--heads`` adds, on
the first cache, the ridge with the 36 BRISQUE statistics of the working image beside
the features (their penalty scaled down 3x and 10x), with the 15 global exposure and
colour statistics of experiments.kind_bias (when its cache is there), with the features'
distances to the training folds' pristine versions, a one-hidden-layer MLP, and the MLP
averaged with the ridge.
"""

import argparse
import sys
from pathlib import Path

import numpy as np

from experiments.kind_bias import measures, mlp_fit
from qm_training import feature_cache as fc


def kind_folds(types, k=5, seed=0):
    kinds = sorted({t for g in types for t in g.split("+")} - {"pristine"})
    order = np.random.default_rng(seed).permutation(len(kinds))
    of = {kinds[i]: n % k for n, i in enumerate(order)}
    first = np.array([of.get(g.split("+")[0], -1) for g in types])
    touch = np.zeros((len(types), k), bool)
    for i, g in enumerate(types):
        for t in g.split("+"):
            if t in of:
                touch[i, of[t]] = True
    return first, touch


def crossed(x, y, w, photo, types, fitter):
    pf = fc.folds(photo)
    first, touch = kind_folds(types)
    out = np.zeros(len(y))
    for p in range(5):
        for q in range(5):
            train = (pf != p) & ~touch[:, q]
            test = (pf == p) & ((first == q) | ((first == -1) & (q == 0)))
            out[test] = fitter(x[train], y[train], w[train])(x[test])
    return out


def pristine_distances(x, pristine, dim=256, k=32, floor=0.1):
    """Per scale of ``dim`` features: the Mahalanobis distance of each row of ``x`` to
    a Gaussian of the ``pristine`` rows in their top ``k`` principal directions
    (variances floored at ``floor`` x their mean), and the residual norm outside them
    (NIQE's idea on the encoder's pooled features); logarithms."""
    out = []
    for s in range(x.shape[1] // dim):
        cols = slice(s * dim, (s + 1) * dim)
        a = pristine[:, cols]
        m = a.mean(0)
        _, sv, vt = np.linalg.svd(a - m, full_matrices=False)
        var = sv[:k] ** 2 / len(a)
        z = (x[:, cols] - m) @ vt[:k].T
        rest = ((x[:, cols] - m) ** 2).sum(1) - (z**2).sum(1)
        out.append(np.sqrt((z**2 / (var + floor * var.mean())).sum(1)))
        out.append(np.sqrt(np.maximum(rest, 0) / var[-1]))
    return np.log(np.stack(out, 1))


def distance_head(alpha):
    """A fitter: the ridge on the features and their :func:`pristine_distances` to the
    training rows' pristine versions."""

    def fit(x, y, w):
        ref = x[y == 100]
        head = fc.fit(np.concatenate([x, pristine_distances(x, ref)], 1), y, w, alpha)
        return lambda q: head(np.concatenate([q, pristine_distances(q, ref)], 1))

    return fit


def report(name, pred, y, photo, types, keep):
    pooled, within, _, bias, pr = measures(
        pred[keep], y[keep], photo[keep], types[keep]
    )
    print(
        f"{name:40s} pooled {pooled:.3f} within photo {within:.3f} "
        f"per-kind bias sd {np.std(bias):.1f} pristine min {pr.min():.1f} "
        f"median {np.median(pr):.1f}",
        flush=True,
    )


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("images", type=Path, help="labelled folder (labels.csv)")
    p.add_argument("caches", type=Path, nargs="+", help="feature caches of its rows")
    p.add_argument("--kind-fold", type=int, help="measure only this kind fold")
    p.add_argument("--heads", action="store_true", help="compare heads on the first")
    args = p.parse_args(argv)
    for n, cache in enumerate(args.caches):
        d = fc.load(cache, args.images)
        y, w, photo, types = fc.target(d), d["w"], d["photo"], d["type"]
        first, _ = kind_folds(types)
        keep = np.ones(len(y), bool)
        if args.kind_fold is not None:
            keep = (first == args.kind_fold) | (first == -1)
        low = d["low"]
        alpha, _ = fc.cv(low, y, w, photo)
        heads = {"ridge": (low, lambda a, b, c: fc.fit(a, b, c, alpha))}
        if args.heads and n == 0:
            nss = np.concatenate([low, np.nan_to_num(d["nss"])], 1)
            for c in (3.0, 10.0):
                heads[f"ridge+brisque x{c:g}"] = (
                    nss,
                    lambda a, b, ww, c=c: fc.fit(a, b, ww, alpha, shrink=(36, c)),
                )
            glob = cache / "globstats.npy"  # experiments.kind_bias writes it
            if glob.exists():
                heads["ridge+global statistics"] = (
                    np.concatenate([low, np.load(glob)], 1),
                    lambda a, b, ww: fc.fit(a, b, ww, alpha),
                )
            heads["ridge+pristine distances"] = (low, distance_head(alpha))
            heads["mlp"] = (low, mlp_fit)
        preds = {h: crossed(x, y, w, photo, types, f) for h, (x, f) in heads.items()}
        if "mlp" in preds:
            preds["mlp/ridge blend"] = (preds["mlp"] + preds["ridge"]) / 2
        for h, pred in preds.items():
            report(f"{cache.name}: {h}", pred, y, photo, types, keep)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
