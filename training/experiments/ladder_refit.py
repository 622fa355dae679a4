"""Refits the VL projection with a within-ladder ranking loss on views laid out as the runtime
reads them, from cached features (cache_features.py on trainset-full and heldout-full).

Ladders: one training photo's five levels of one distortion type. Fitted on the 30 training
photos of configs/splits_vl_apart.yml's train list, read on the 12 even-numbered Kodak photos
(validation) and on LIVE1 photos 1-12 (evaluate's draw); RankNet on each type's family
attribute (spatial types weighted) and on the quality pair, plus ANCHOR * |W - W0|^2.

    /usr/bin/python3 training/experiments/ladder_refit.py ANCHOR SPATIAL_WEIGHT STEPS [LR]
    e.g. ladder_refit.py 1.0 2 300; ladder_refit.py 0.01 3 300 1e-2

A one-off experiment (docs/evaluation/README.md); nothing here goes into a bundle.
"""
import csv
import glob
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch
from scipy import stats

TRAINING = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TRAINING))
from qm_training import distortions as D  # noqa: E402
from qm_training.captions import FAMILY_ATTRIBUTE  # noqa: E402
from qm_training.vl_surgery import split_image_tower  # noqa: E402

torch.manual_seed(0); torch.set_num_threads(2)
R = TRAINING / "runs"
B = TRAINING.parent / "models" / "default"
FAM = {n: f for n, f, _ in D._TABLE}
def load(folder, root):
    rows = list(csv.DictReader(open(root / "labels.csv")))
    h = np.concatenate([np.load(f)["h"] for f in sorted(glob.glob(str(folder / "c*.npz")))])
    return rows, torch.from_numpy(h.astype(np.float32))
prompts = json.load(open(B / "prompts.json")); att_names = list(prompts["attributes"])
pairs = [prompts["quality"]] + [prompts["attributes"][a] for a in att_names]
D_ = torch.tensor(np.stack([np.array(p["positive_embedding"]) - np.array(p["negative_embedding"]) for p in pairs], 1), dtype=torch.float32)
scale = json.load(open(B / "bundle.json"))["branches"]["vision_language"]["logit_scale"]
sp = split_image_tower(torch.jit.load(str(B / "vl_image.pt")).eval(), 160)
W0, b0 = sp.weight.clone(), sp.bias.clone()

def ladders(rows, photos_keep=None, photo_of=lambda img: "/".join(img.split("/")[:-1])):
    idx = {}
    for i, r in enumerate(rows):
        p = photo_of(r["image"])
        if photos_keep is not None and not photos_keep(p): continue
        if r["group"] == "pristine": continue
        idx.setdefault((p, r["group"]), {})[int(r["label"])] = i
    L, T = [], []
    for (p, t), lv in idx.items():
        if len(lv) == 5:
            L.append([lv[k] for k in range(1, 6)]); T.append(t)
    return torch.tensor(L), T

def logits(W, b, h):  # h [n,12,992]
    e = torch.nn.functional.normalize(h @ W.T + b, dim=-1).mean(1)
    return scale * torch.nn.functional.normalize(e, dim=-1) @ D_   # [n, 7]

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
    for t, v in res.items(): fam.setdefault(FAM[t], []).append(np.mean(v))
    return {f: round(float(np.mean(v)), 3) for f, v in fam.items()}, {t: round(float(np.mean(v)), 3) for t, v in res.items()}

rows, h = load(R / "feats/train", R / "trainset-full")
even = lambda p: p.startswith("kodak/kodim") and int(p[-2:]) % 2 == 0
Ltr, Ttr = ladders(rows, lambda p: not even(p)); Lva, Tva = ladders(rows, even)
hrows, hh = load(R / "feats/heldout", R / "heldout-full")
Lte, Tte = ladders(hrows, None, lambda img: img.split("/")[0])
photos = sorted({r["image"].split("/")[0] for r in hrows}, key=lambda s: [r["image"].split("/")[0] for r in hrows].index(s))
first12 = set(photos[:12])
sel = [k for k in range(len(Lte)) if hrows[int(Lte[k, 0])]["image"].split("/")[0] in first12]
Lte12, Tte12 = Lte[sel], [Tte[k] for k in sel]
print("ladders train/val/test12", len(Ltr), len(Lva), len(Lte12))
print("shipped val", within(W0, b0, h, Lva, Tva)[0])
print("shipped test12", within(W0, b0, hh, Lte12, Tte12)[0])
colidx = torch.tensor([col(t) for t in Ttr])
wt = torch.tensor([float(sys.argv[2]) if FAM[t] == "spatial" else 1.0 for t in Ttr])
anchor = float(sys.argv[1])
W = torch.nn.Parameter(W0.clone()); b = torch.nn.Parameter(b0.clone())
opt = torch.optim.Adam([W, b], lr=float(sys.argv[4]) if len(sys.argv) > 4 else 1e-3)
ii, jj = torch.triu_indices(5, 5, 1)
t0 = time.time()
for step in range(int(sys.argv[3])):
    pick = torch.randint(0, len(Ltr), (256,))
    L = Ltr[pick]
    lg = logits(W, b, h[L.reshape(-1)]).reshape(len(L), 5, -1)
    a = lg[torch.arange(len(L)), :, colidx[pick]]         # [n,5] family attribute
    q = lg[:, :, 0]
    lossa = (torch.nn.functional.softplus(-(a[:, ii] - a[:, jj]) / 4).mean(1) * wt[pick]).mean()
    lossq = torch.nn.functional.softplus(-(q[:, ii] - q[:, jj]) / 4).mean()
    reg = anchor * ((W - W0) ** 2).sum() + anchor * ((b - b0) ** 2).sum()
    loss = lossa + 0.5 * lossq + reg
    opt.zero_grad(); loss.backward(); opt.step()
    if (step + 1) % 100 == 0:
        print(step + 1, f"{lossa.item():.3f} {lossq.item():.3f} {reg.item():.3f}", f"{time.time()-t0:.0f}s", flush=True)
fv, tv = within(W.detach(), b.detach(), h, Lva, Tva)
print("refit val", fv); print("  spatial types", {t: v for t, v in tv.items() if FAM[t] == "spatial"})
ft, tt = within(W.detach(), b.detach(), hh, Lte12, Tte12)
print("refit test12", ft); print("  spatial types", {t: v for t, v in tt.items() if FAM[t] == "spatial"})
torch.save({"W": W.detach(), "b": b.detach()}, R / f"ladder_refit_{sys.argv[1]}_{sys.argv[2]}.pt")
