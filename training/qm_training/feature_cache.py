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
    nss = [np.load(f) for f in files]
    nss = (np.concatenate([z["nss"] for z in nss]) if all("nss" in z for z in nss)
           else np.zeros((len(low), 0), np.float32))
    return {"low": low, "h": h, "nss": nss,
            "level": np.array([float(r["label"]) for r in rows]),
            "w": np.array([float(r.get("weight") or 1) for r in rows]),
            "photo": np.array(["/".join(r["image"].split("/")[:-1]) for r in rows]),
            "type": np.array([r["group"] for r in rows])}


def ridge(x, y, w, alpha, shrink=None):
    """Weighted ridge on standardised x: returns (mean, std, bias, coef), the prediction
    being ``bias + ((q - mean) / std) @ coef``; ``shrink=(n, c)`` scales the last n
    features by c after standardising (their penalty grows by 1 / c^2)."""
    m = (w[:, None] * x).sum(0) / w.sum()
    s = np.sqrt((w[:, None] * (x - m) ** 2).sum(0) / w.sum())
    s[s < 1e-12] = 1
    if shrink:
        s[-shrink[0]:] /= shrink[1]
    z, b = (x - m) / s, (w * y).sum() / w.sum()
    zw = z * np.sqrt(w)[:, None]
    coef = np.linalg.solve(zw.T @ zw + alpha * np.eye(z.shape[1]), zw.T @ (np.sqrt(w) * (y - b)))
    return m, s, b, coef


def fit(x, y, w, alpha, shrink=None):
    """The prediction function of :func:`ridge`."""
    m, s, b, coef = ridge(x, y, w, alpha, shrink)
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


# --- building a cache ------------------------------------------------------------------

CHUNK = 20
_WORKER = {}


def _init_worker(bundle: str, max_side: int | None) -> None:
    import torch

    from .baselines import Brisque
    from .reference import ReferenceScorer

    torch.set_num_threads(1)
    scorer = ReferenceScorer(bundle)
    if max_side is not None:
        scorer.low["input"]["max_side"] = max_side
    _WORKER.update(scorer=scorer, nss=Brisque.features)


def _featurize(task):
    from PIL import Image

    from .reference import working_image

    k, paths = task
    scorer = _WORKER["scorer"]
    imgs = [Image.open(p).convert("RGB") for p in paths]
    import torch

    with torch.no_grad():
        low = scorer._lowlevel(imgs).numpy().astype(np.float32)
    nss = np.stack([_WORKER["nss"](working_image(i, scorer.low["input"])) for i in imgs])
    return k, low, nss.astype(np.float32)


def pending_chunks(root: Path, out: Path) -> list[tuple[int, list[str]]]:
    """Returns the chunks of ``root``'s labels.csv rows (chunk number, image paths) whose
    ``c<k>.npz`` is not yet in ``out``, creating ``out`` if need be."""
    out.mkdir(parents=True, exist_ok=True)
    with open(root / "labels.csv", encoding="utf-8") as f:
        paths = [str(root / r["image"]) for r in csv.DictReader(f)]
    return [(k, paths[i:i + CHUNK]) for k, i in enumerate(range(0, len(paths), CHUNK))
            if not (out / f"c{k:04d}.npz").exists()]


def build(bundle: str, root: Path, out: Path, workers: int = 2,
          max_side: int | None = None) -> None:
    """Writes the cache of ``root``'s labels.csv rows into ``out``: per chunk of 20 rows the
    low-level features as the runtime computes them (with the bundle's layout, its
    ``max_side`` replaced when given) and the 36 BRISQUE natural-scene statistics of the
    same working image (``nss``); ``h`` stays empty. Chunks already written are skipped."""
    import multiprocessing as mp
    import time

    tasks = pending_chunks(root, out)
    t0 = time.time()
    with mp.get_context("fork").Pool(workers, _init_worker, (bundle, max_side)) as pool:
        for n, (k, low, nss) in enumerate(pool.imap_unordered(_featurize, tasks), 1):
            np.savez(out / f"c{k:04d}.npz", low=low, h=np.zeros((len(low), 0), np.float16),
                     nss=nss)
            if n % 5 == 0 or n == len(tasks):
                print(f"{n}/{len(tasks)} chunks {time.time() - t0:.0f}s", flush=True)


def main(argv=None) -> int:
    import argparse

    p = argparse.ArgumentParser(description="Caches a bundle's features of a labelled folder.")
    p.add_argument("bundle")
    p.add_argument("images", type=Path, help="folder with labels.csv")
    p.add_argument("out", type=Path)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--max-side", type=int, help="working size (0: none); default the bundle's")
    args = p.parse_args(argv)
    build(args.bundle, args.images, args.out, args.workers, args.max_side)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
