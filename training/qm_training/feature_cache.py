"""Cached per-image features of labelled image folders, and the ridge protocol of ``fit`` on them.

``training/experiments/cache_features.py`` writes one ``cNNNN.npz`` per 20 rows of a folder's
``labels.csv`` (``low``: the low-level features as the runtime computes them; ``h``: the
vision-language tower's pooled features per view, or empty). :func:`load` reads them back with
the labels; :func:`cv` / :func:`fit` are ridge on standardised features with weighted rows and
alpha by photo-grouped 5-fold CV (weighted MSE), SRCC against -level over levels 1-5, as
``./quality-monitor fit`` and ``evaluate`` do. Used by ``train_vl_lit.py`` and the experiments.
"""

from __future__ import annotations

import csv
import glob
from pathlib import Path

import numpy as np
from scipy import stats

#: alphas of the experiments; ``./quality-monitor fit`` chooses among 0.1-100
ALPHAS = [0.1, 1, 10, 100, 1000, 10000]


def load(folder: Path, root: Path) -> dict:
    """The cached features of ``root``'s labels.csv rows, with level, weight, photo (the
    image's folder) and type (the ``group`` column)."""
    with open(root / "labels.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    files = sorted(glob.glob(str(folder / "c*.npz")))
    low = np.concatenate([np.load(f)["low"] for f in files])
    h = np.concatenate([np.load(f)["h"] for f in files])
    if len(h) != len(rows):
        raise SystemExit(f"{folder}: {len(h)} cached rows for {len(rows)} labels")
    return {"low": low, "h": h,
            "level": np.array([float(r["label"]) for r in rows]),
            "w": np.array([float(r.get("weight") or 1) for r in rows]),
            "photo": np.array(["/".join(r["image"].split("/")[:-1]) for r in rows]),
            "type": np.array([r["group"] for r in rows])}


def fit(x, y, w, alpha, shrink=None):
    """Weighted ridge on standardised x; ``shrink=(n, c)`` scales the last n features by c
    after standardising (their penalty grows by 1 / c^2)."""
    m = (w[:, None] * x).sum(0) / w.sum()
    s = np.sqrt((w[:, None] * (x - m) ** 2).sum(0) / w.sum())
    s[s < 1e-12] = 1
    if shrink:
        s[-shrink[0]:] /= shrink[1]
    z, b = (x - m) / s, (w * y).sum() / w.sum()
    zw = z * np.sqrt(w)[:, None]
    coef = np.linalg.solve(zw.T @ zw + alpha * np.eye(z.shape[1]), zw.T @ (np.sqrt(w) * (y - b)))
    return lambda q: b + ((q - m) / s) @ coef


def folds(photo, k=5):
    of = {p: i % k for i, p in enumerate(np.unique(photo))}
    return np.array([of[p] for p in photo])


def oof(x, y, w, photo, alpha, shrink=None):
    f, out = folds(photo), np.zeros(len(y))
    for k in range(5):
        out[f == k] = fit(x[f != k], y[f != k], w[f != k], alpha, shrink)(x[f == k])
    return out


def cv(x, y, w, photo, alphas=ALPHAS, shrink=None):
    """Returns (alpha, out-of-fold predictions) with the lowest weighted MSE."""
    best = None
    for a in alphas:
        p = oof(x, y, w, photo, a, shrink)
        mse = (w * (np.clip(p, 0, 100) - y) ** 2).sum() / w.sum()
        if best is None or mse < best[1]:
            best = (a, mse, p)
    return best[0], best[2]


def srcc(pred, level):
    d = level > 0
    return stats.spearmanr(pred[d], -level[d]).correlation


def target(d):
    return 100 - 20 * d["level"]
