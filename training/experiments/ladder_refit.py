"""Refits the VL projection with a within-ladder ranking loss on views laid out as the
runtime reads them, from cached features (experiments.cache_features on trainset-full
and heldout-full).

Ladders: one training photo's five levels of one distortion type. Fitted on the 30
training photos of configs/splits_vl_apart.yml's train list, read on the 12
even-numbered Kodak photos (validation) and on LIVE1 photos 1-12 (evaluate's draw);
RankNet on each type's family attribute (spatial types weighted) and on the quality
pair, plus ANCHOR * |W - W0|^2.

    cd training
    /usr/bin/python3 -m experiments.ladder_refit ANCHOR SPATIAL_WEIGHT STEPS [LR]
    e.g. ... ladder_refit 1.0 2 300; ... ladder_refit 0.01 3 300 1e-2

A one-off experiment (docs/evaluation/history.md); nothing here goes into a bundle.
"""
import sys
import time

import numpy as np
import torch
from scipy import stats

from experiments import heads_on_features as H
from qm_training import distortions as D
from qm_training.captions import FAMILY_ATTRIBUTE

torch.manual_seed(0)
torch.set_num_threads(2)
FAM = {n: f for n, f, _ in D._TABLE}
D_, scale, att_names = H.pair_directions(H.BUNDLE)
W0, b0 = H.projection(H.BUNDLE)


def ladders(data, keep=None):
    """(``[n, 5]`` row indices of levels 1..5 of one photo x one type, types)."""
    idx = {}
    for i, (p, t, lv) in enumerate(zip(data["photo"], data["type"], data["level"])):
        if t != "pristine" and (keep is None or keep(p)):
            idx.setdefault((p, t), {})[int(lv)] = i
    full = [(t, lv) for (_p, t), lv in idx.items() if len(lv) == 5]
    return torch.tensor([[lv[k] for k in range(1, 6)] for _t, lv in full]), [
        t for t, _ in full
    ]


def logits(W, b, h):  # h [n, 12, 992] -> [n, 7]
    return scale * H.embed(W, b, h) @ D_


def col(t):  # attribute column of a type's family
    return 1 + att_names.index(FAMILY_ATTRIBUTE[FAM[t]])


def within(W, b, h, L, T):
    with torch.no_grad():
        lg = logits(W, b, h[L.reshape(-1)]).reshape(len(L), 5, -1).numpy()
    res = {}
    for k, t in enumerate(T):
        r = stats.spearmanr(lg[k, :, col(t)], -np.arange(1, 6)).correlation
        res.setdefault(t, []).append(0.0 if np.isnan(r) else r)
    fam = {}
    for t, v in res.items():
        fam.setdefault(FAM[t], []).append(np.mean(v))
    return {f: round(float(np.mean(v)), 3) for f, v in fam.items()}, {
        t: round(float(np.mean(v)), 3) for t, v in res.items()
    }


train = H.load(H.RUNS / "feats/train", H.RUNS / "trainset-full")
h = torch.from_numpy(train["h"].astype(np.float32))
even = lambda p: p.startswith("kodak/kodim") and int(p[-2:]) % 2 == 0  # noqa: E731
Ltr, Ttr = ladders(train, lambda p: not even(p))
Lva, Tva = ladders(train, even)
held = H.load(H.RUNS / "feats/heldout", H.RUNS / "heldout-full")
hh = torch.from_numpy(held["h"].astype(np.float32))
# LIVE1 photos 1-12, labels.csv order
first12 = set(list(dict.fromkeys(held["photo"]))[:12])
Lte12, Tte12 = ladders(held, lambda p: p in first12)
print("ladders train/val/test12", len(Ltr), len(Lva), len(Lte12))
print("shipped val", within(W0, b0, h, Lva, Tva)[0])
print("shipped test12", within(W0, b0, hh, Lte12, Tte12)[0])
colidx = torch.tensor([col(t) for t in Ttr])
wt = torch.tensor([float(sys.argv[2]) if FAM[t] == "spatial" else 1.0 for t in Ttr])
anchor = float(sys.argv[1])
W = torch.nn.Parameter(W0.clone())
b = torch.nn.Parameter(b0.clone())
opt = torch.optim.Adam([W, b], lr=float(sys.argv[4]) if len(sys.argv) > 4 else 1e-3)
ii, jj = torch.triu_indices(5, 5, 1)
t0 = time.time()
for step in range(int(sys.argv[3])):
    pick = torch.randint(0, len(Ltr), (256,))
    L = Ltr[pick]
    lg = logits(W, b, h[L.reshape(-1)]).reshape(len(L), 5, -1)
    a = lg[torch.arange(len(L)), :, colidx[pick]]         # [n,5] family attribute
    q = lg[:, :, 0]
    lossa = (
        torch.nn.functional.softplus(-(a[:, ii] - a[:, jj]) / 4).mean(1) * wt[pick]
    ).mean()
    lossq = torch.nn.functional.softplus(-(q[:, ii] - q[:, jj]) / 4).mean()
    reg = anchor * ((W - W0) ** 2).sum() + anchor * ((b - b0) ** 2).sum()
    loss = lossa + 0.5 * lossq + reg
    opt.zero_grad()
    loss.backward()
    opt.step()
    if (step + 1) % 100 == 0:
        print(
            step + 1,
            f"{lossa.item():.3f} {lossq.item():.3f} {reg.item():.3f}",
            f"{time.time()-t0:.0f}s",
            flush=True,
        )
fv, tv = within(W.detach(), b.detach(), h, Lva, Tva)
print("refit val", fv)
print("  spatial types", {t: v for t, v in tv.items() if FAM[t] == "spatial"})
ft, tt = within(W.detach(), b.detach(), hh, Lte12, Tte12)
print("refit test12", ft)
print("  spatial types", {t: v for t, v in tt.items() if FAM[t] == "spatial"})
torch.save(
    {"W": W.detach(), "b": b.detach()},
    H.RUNS / f"ladder_refit_{sys.argv[1]}_{sys.argv[2]}.pt",
)
