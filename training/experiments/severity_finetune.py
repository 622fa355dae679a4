"""Fine-tunes the low-level encoder on image-level severity, one photo fold held out.

    cd training
    /usr/bin/python3 -m experiments.severity_finetune train --minutes 50
    /usr/bin/python3 -m experiments.severity_finetune heldout  # fold 0, its own head
    /usr/bin/python3 -m experiments.severity_finetune export  # bundle with the encoder
    /usr/bin/python3 -m qm_training.feature_cache runs/severity-ft/bundle \
        runs/trainset-aug runs/feats/aug-ft
    /usr/bin/python3 -m experiments.severity_finetune compare \
        runs/feats/aug-ms512-enc2 runs/feats/aug-ft

The contrastive encoder's features rank versions of one kind well, but a linear head on
them scores some kinds too high and others too low at the same severity
(``experiments.kind_bias``), which breaks the ordering across kinds. Here the encoder is
trained through the runtime's own pooling (per scale: the crops' features averaged and
L2-normalised, the scales concatenated) and a linear head to the ridge target 100 - 20 x
severity of the drawn training versions (``runs/trainset-aug``), so that severity is
readable linearly across kinds. Photos of CV fold 0 (``feature_cache.folds``) are never
seen; ``compare`` fits ridge heads on the other folds' rows and measures fold 0 with the
old and the new features. Training reads a random ``--crops`` of the 16 crops per scale
(the mean over crops is what the runtime pools); batch-norm statistics stay frozen, as
the runtime folds them. Checkpoints every few minutes; ``train`` resumes.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from experiments import swap_encoder
from experiments.kind_bias import measures
from qm_training import feature_cache as fc
from qm_training.checkpoints import load_encoder
from qm_training.reference import lowlevel_crops

ROOT = Path("runs/trainset-aug")
OUT = Path("runs/severity-ft")
INIT = Path("runs/contrique_r10_w32_aug175/last.pt")
BUNDLE = Path("../models/default")
INIT_CACHE = Path("runs/feats/aug-ms512-enc2")


def rows():
    with open(ROOT / "labels.csv", encoding="utf-8") as f:
        rs = list(csv.DictReader(f))
    photo = np.array(["/".join(r["image"].split("/")[:-1]) for r in rs])
    target = np.array([100 - 20 * float(r["label"]) for r in rs], np.float32)
    weight = np.array([float(r.get("weight") or 1) for r in rs], np.float32)
    return [r["image"] for r in rs], photo, target, weight


class Versions(torch.utils.data.Dataset):
    def __init__(self, images, target, weight, inp, crops):
        self.images, self.target, self.weight = images, target, weight
        self.inp, self.crops = inp, crops

    def __len__(self):
        return len(self.images)

    def __getitem__(self, i):
        img = Image.open(ROOT / self.images[i]).convert("RGB")
        per_scale = lowlevel_crops(img, self.inp)
        pick = torch.randperm(per_scale[0].shape[0])[: self.crops]
        return torch.stack([s[pick] for s in per_scale]), self.target[i], self.weight[i]


def pooled(encoder, x):
    """x [B, scales, crops, 3, c, c] -> [B, scales * dim] as the runtime pools."""
    b, s, k = x.shape[:3]
    f = encoder(x.flatten(0, 2)).reshape(b, s, k, -1).mean(2)
    return F.normalize(f, dim=2).flatten(1)


def init_head(head, keep) -> None:
    """Starts the head at the ridge head of the cached features (``INIT_CACHE``) of
    the training folds, its standardisation folded into the weights."""
    d = fc.load(INIT_CACHE, ROOT)
    x, y, w = d["low"][keep], fc.target(d)[keep], d["w"][keep]
    alpha, _ = fc.cv(x, y, w, d["photo"][keep])
    m, s, b, coef = fc.ridge(x, y, w, alpha)
    with torch.no_grad():
        head.weight.copy_(torch.tensor(coef / s / 20, dtype=torch.float32)[None])
        head.bias.fill_(float(b - (m / s) @ coef) / 20)
    print(f"head from ridge (alpha {alpha}) on {INIT_CACHE}", flush=True)


def train(args) -> int:
    torch.set_num_threads(args.threads)
    bundle = json.loads((BUNDLE / "bundle.json").read_text())
    inp = bundle["branches"]["lowlevel"]["input"]
    images, photo, target, weight = rows()
    keep = fc.folds(photo) != 0
    data = Versions([i for i, k in zip(images, keep) if k], target[keep], weight[keep],
                    inp, args.crops)
    encoder, _ = load_encoder(INIT)
    head = torch.nn.Linear(len(inp["scales"]) * 256, 1)
    OUT.mkdir(parents=True, exist_ok=True)
    last = OUT / "last.pt"
    step, spent = 0, 0.0
    opt = torch.optim.AdamW([{"params": encoder.parameters(), "lr": args.lr},
                             {"params": head.parameters(), "lr": args.lr * 20}],
                            weight_decay=1e-4)
    if last.exists():
        ck = torch.load(last, map_location="cpu")
        encoder.load_state_dict(ck["encoder"])
        head.load_state_dict(ck["head"])
        opt.load_state_dict(ck["opt"])
        step, spent = ck["step"], ck["seconds"]
    else:
        init_head(head, keep)
    loader = torch.utils.data.DataLoader(data, batch_size=args.batch, shuffle=True,
                                         num_workers=1, drop_last=True,
                                         persistent_workers=True)
    encoder.eval()  # frozen batch-norm statistics; gradients still flow
    t0, saved = time.time() - spent, time.time()
    avg = None
    while time.time() - t0 < args.minutes * 60:
        for x, y, w in loader:
            pred = head(pooled(encoder, x)).squeeze(1) * 20
            loss = (w * (pred - y) ** 2).sum() / w.sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
            avg = loss.item() if avg is None else 0.95 * avg + 0.05 * loss.item()
            if step % 10 == 0:
                print(f"{time.strftime('%H:%M:%S')} step {step} rmse {avg ** 0.5:.2f} "
                      f"{(time.time() - t0) / 60:.1f} min", flush=True)
            if time.time() - saved > 240 or time.time() - t0 >= args.minutes * 60:
                torch.save({"encoder": encoder.state_dict(), "head": head.state_dict(),
                            "opt": opt.state_dict(), "step": step,
                            "seconds": time.time() - t0, "args": vars(args)}, last)
                saved = time.time()
            if time.time() - t0 >= args.minutes * 60:
                break
    print(f"stopped at step {step} after {(time.time() - t0) / 60:.1f} min")
    return 0


def export(args) -> int:
    """Copies the shipped bundle with the fine-tuned encoder as its lowlevel.pt."""
    encoder, _ = load_encoder(INIT)
    encoder.load_state_dict(torch.load(OUT / "last.pt", map_location="cpu")["encoder"])
    swap_encoder.write(encoder, BUNDLE, OUT / "bundle")
    return 0


def fold0_summary(name, pred, d, test) -> None:
    """Prints fold 0's pooled and within-photo SRCC, per-kind bias, pristine scores."""
    ph = d["photo"][test]
    y, types = fc.target(d)[test], d["type"][test]
    pooled, within, _, bias, pr = measures(pred, y, ph, types)
    pr = np.clip(pr, 0, 100)
    print(f"{name}: fold-0 pooled {pooled:.3f} "
          f"within photo {within:.3f} per-kind bias sd {np.std(bias):.1f} "
          f"pristine min {pr.min():.1f} median {np.median(pr):.1f} "
          f"({test.sum()} images, {len(np.unique(ph))} photos)", flush=True)


def ridge_fold0(d, test):
    tr = ~test
    y, w = fc.target(d), d["w"]
    alpha, _ = fc.cv(d["low"][tr], y[tr], w[tr], d["photo"][tr])
    return fc.fit(d["low"][tr], y[tr], w[tr], alpha)(d["low"][test]), alpha


def compare(args) -> int:
    """Ridge heads fitted on folds 1-4, measured on fold 0, for each feature cache."""
    for folder in args.caches:
        d = fc.load(Path(folder), ROOT)
        test = fc.folds(d["photo"]) == 0
        pred, alpha = ridge_fold0(d, test)
        fold0_summary(f"{folder} (ridge alpha {alpha})", pred, d, test)
    return 0


def heldout(args) -> int:
    """Fold 0 through the fine-tuned encoder and its own head (all 16 crops), beside the
    ridge head of the initial encoder's cached features fitted on the same folds."""
    torch.set_num_threads(args.threads)
    bundle = json.loads((BUNDLE / "bundle.json").read_text())
    inp = bundle["branches"]["lowlevel"]["input"]
    d = fc.load(INIT_CACHE, ROOT)
    test = fc.folds(d["photo"]) == 0
    pred, alpha = ridge_fold0(d, test)
    fold0_summary(f"initial encoder, ridge (alpha {alpha})", pred, d, test)
    ck = torch.load(OUT / "last.pt", map_location="cpu")
    encoder, _ = load_encoder(INIT)
    encoder.load_state_dict(ck["encoder"])
    head = torch.nn.Linear(len(inp["scales"]) * 256, 1)
    head.load_state_dict(ck["head"])
    encoder.eval()
    images = np.array(rows()[0])[test]
    cache = OUT / f"fold0-step{ck['step']}.npy"
    if cache.exists():
        feats = np.load(cache)
    else:
        out = []
        with torch.no_grad():
            for i, name in enumerate(images):
                img = Image.open(ROOT / name).convert("RGB")
                out.append(pooled(encoder, torch.stack(lowlevel_crops(img, inp))[None]))
                if (i + 1) % 100 == 0:
                    print(f"{i + 1}/{len(images)} images", flush=True)
        feats = torch.cat(out).numpy()
        np.save(cache, feats)
    with torch.no_grad():
        own = head(torch.tensor(feats)).squeeze(1).numpy() * 20
    fold0_summary(f"fine-tuned encoder, its head (step {ck['step']})", own, d, test)
    return 0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("train")
    t.add_argument("--minutes", type=float, default=50)
    t.add_argument("--batch", type=int, default=16)
    t.add_argument("--crops", type=int, default=4, help="crops per scale in training")
    t.add_argument("--lr", type=float, default=5e-5)
    t.add_argument("--threads", type=int, default=2)
    sub.add_parser("export")
    h = sub.add_parser("heldout")
    h.add_argument("--threads", type=int, default=2)
    c = sub.add_parser("compare")
    c.add_argument("caches", nargs="+")
    args = p.parse_args(argv)
    commands = dict(train=train, export=export, compare=compare, heldout=heldout)
    return commands[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
