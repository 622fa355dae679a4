"""Where the heads' cross-type ordering goes wrong: per-kind bias out of fold.

    cd training
    /usr/bin/python3 -m experiments.kind_bias \
        runs/feats/aug-ms512-enc2 runs/trainset-aug

On the drawn training versions (photo-grouped 5-fold CV, as ``fit``), for each
distortion kind applied alone: the mean of (out-of-fold score - target), where the
target is 100 - 20 x severity. Within a kind the heads rank well; a kind whose versions
all score too high or too low at the same severity breaks the ordering across kinds
(pooled and within-photo SRCC). Compared: the ridge head of ``fit``; the same with 15
global exposure and colour statistics of the working image (luminance mean, spread and
percentiles, clipping, saturation, colourfulness, histogram occupancy, colour count: the
information a crop-normalised encoder may lack for exposure and colour kinds); and a
one-hidden-layer MLP head on the encoder's features (a nonlinear read-out).
"""

import csv
import sys
from multiprocessing import Pool
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from scipy import stats

from qm_training import feature_cache as fc
from qm_training.reference import working_image


def global_stats(path: str) -> np.ndarray:
    img = working_image(Image.open(path).convert("RGB"), {"max_side": 512})
    a = np.asarray(img, dtype=np.float32) / 255.0
    r, g, b = a[..., 0], a[..., 1], a[..., 2]
    luma = 0.299 * r + 0.587 * g + 0.114 * b
    sat = (a.max(-1) - a.min(-1)) / (a.max(-1) + 1e-3)
    rg, yb = r - g, 0.5 * (r + g) - b
    colourful = np.hypot(rg.std(), yb.std()) + 0.3 * np.hypot(rg.mean(), yb.mean())
    levels = np.clip((luma * 255 + 0.5).astype(int), 0, 255).ravel()
    hist = np.bincount(levels, minlength=256)
    lo, hi = np.percentile(luma, [1, 99])
    occupancy = (hist[int(lo * 255) : int(hi * 255) + 1] > 0).mean()
    q = (a * 31 + 0.5).astype(int)
    colours = len(np.unique(q[..., 0] * 1024 + q[..., 1] * 32 + q[..., 2])) / 32768.0
    pct = np.percentile(luma, [1, 5, 50, 95, 99])
    return np.array(
        [
            luma.mean(),
            luma.std(),
            *pct,
            (luma < 0.02).mean(),
            (luma > 0.98).mean(),
            sat.mean(),
            sat.std(),
            colourful,
            occupancy,
            colours,
            hi - lo,
        ],
        np.float32,
    )


def mlp_fit(x, y, w, hidden=256, epochs=60, drop=0.2, lr=2e-3, wd=1e-3):
    """Returns the prediction function of a one-hidden-layer MLP (GELU, dropout) fitted
    to ``y`` with row weights ``w`` on standardised ``x``."""
    torch.set_num_threads(1)
    m, s = x.mean(0), x.std(0) + 1e-6
    xt = torch.tensor((x - m) / s, dtype=torch.float32)
    yt = torch.tensor((y - 50) / 30, dtype=torch.float32)
    wt = torch.tensor(w, dtype=torch.float32)
    torch.manual_seed(0)
    net = torch.nn.Sequential(
        torch.nn.Dropout(drop),
        torch.nn.Linear(x.shape[1], hidden),
        torch.nn.GELU(),
        torch.nn.Dropout(drop),
        torch.nn.Linear(hidden, 1),
    )
    opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=wd)
    steps = epochs * ((len(yt) + 127) // 128)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, lr, total_steps=steps)
    for _ in range(epochs):
        perm = torch.randperm(len(yt))
        for i in range(0, len(yt), 128):
            b = perm[i : i + 128]
            err = (net(xt[b]).squeeze(1) - yt[b]) ** 2
            loss = (wt[b] * err).sum() / wt[b].sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
    net.eval()

    def predict(q):
        with torch.no_grad():
            z = torch.tensor((q - m) / s, dtype=torch.float32)
            return net(z).squeeze(1).numpy() * 30 + 50

    return predict


def mlp_oof(x, y, w, photo, **kw):
    """Out-of-fold predictions of :func:`mlp_fit` over ``fit``'s photo folds."""
    f, out = fc.folds(photo), np.zeros(len(y))
    for k in range(5):
        tr, te = f != k, f == k
        out[te] = mlp_fit(x[tr], y[tr], w[tr], **kw)(x[te])
    return out


def measures(pred, y, photo, types):
    """Returns (pooled SRCC, mean within-photo SRCC, the kinds applied alone, each
    kind's mean of pred - y, the pristine versions' predictions) of ``pred``."""
    within = np.nanmean(
        [
            stats.spearmanr(pred[photo == p], y[photo == p]).correlation
            for p in np.unique(photo)
        ]
    )
    single = np.array(["+" not in t and t != "pristine" for t in types])
    kinds = np.unique(types[single])
    bias = [(pred - y)[types == t].mean() for t in kinds]
    pooled = stats.spearmanr(pred, y).correlation
    return pooled, within, kinds, bias, pred[y == 100]


def main(argv):
    folder, root = Path(argv[0]), Path(argv[1])
    d = fc.load(folder, root)
    y, w, photo = fc.target(d), d["w"], d["photo"]
    cache = folder / "globstats.npy"
    if not cache.exists():
        with open(root / "labels.csv", encoding="utf-8") as f:
            paths = [str(root / r["image"]) for r in csv.DictReader(f)]
        with Pool(2) as pool:
            np.save(cache, np.stack(pool.map(global_stats, paths, chunksize=50)))
    glob = np.load(cache)
    heads = {}
    alpha, heads["ridge"] = fc.cv(d["low"], y, w, photo)
    _, heads["ridge+global"] = fc.cv(np.concatenate([d["low"], glob], 1), y, w, photo)
    heads["mlp"] = mlp_oof(d["low"], y, w, photo)
    bias = {}
    for name, pred in heads.items():
        pooled, within, kinds, bias[name], pr = measures(pred, y, photo, d["type"])
        print(
            f"{name:13s} pooled {pooled:.3f} "
            f"within photo {within:.3f} per-kind bias sd {np.std(bias[name]):.1f} "
            f"pristine min {pr.min():.1f} median {np.median(pr):.1f}"
        )
    print(f"ridge alpha {alpha}; per-kind bias (score points; + = scored too well):")
    print(f"  {'kind':26s} " + " ".join(f"{n:>13s}" for n in heads))
    for i in np.argsort(bias["ridge"]):
        print(f"  {kinds[i]:26s} " + " ".join(f"{bias[n][i]:+13.1f}" for n in heads))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
