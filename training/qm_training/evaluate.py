"""Fits the ridge head on training photos and evaluates it on the held-out photos.

    cd training
    /usr/bin/python3 -m qm_training.evaluate \
        --checkpoint runs/contrique_r10_w32_kadid/last.pt \
        [--train-every 4 --heldout-every 4]   # a quick subset while training runs

Features follow the bundle's input spec (qm_training.features). The ridge target is
``100 - 20 * level`` (pristine 100, level 5 = 0): the held-out test ranks scores against
the level, pooled over all types, so the head is taught one severity scale shared by
every type (see configs/splits.yml, ``evaluation``). Alpha is chosen from
{0.1, 1, 10, 100} by 5-fold cross-validation grouped by photo. Writes
``runs/<name>/eval[_tag].json`` with the head, the spec and the held-out figures.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch

from qm_training import data, heldout
from qm_training.checkpoints import load_encoder
from qm_training.features import DEFAULT_INPUT, encode_images

ALPHAS = (0.1, 1.0, 10.0, 100.0)


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--splits", default="configs/splits.yml")
    p.add_argument("--data-root")
    p.add_argument("--crop-sizes", type=int, nargs="+", default=[96, 128],
                   help="candidate crop sizes; CV on training photos picks one")
    p.add_argument("--crops", type=int, default=DEFAULT_INPUT["crops"])
    p.add_argument("--scales", type=float, nargs="+", default=DEFAULT_INPUT["scales"])
    p.add_argument("--train-every", type=int, default=1, help="every k-th train photo")
    p.add_argument("--heldout-every", type=int, default=1, help="every k-th held-out")
    p.add_argument("--baselines", help="eval_baselines JSON to compare against")
    p.add_argument("--only", choices=["train", "heldout"],
                   help="only extract (and cache) this split's features, then stop; "
                   "run "
                   "one process per split in parallel, then once more without --only")
    p.add_argument("--tag", default="", help="suffix of the output file")
    p.add_argument("--threads", type=int, default=2)
    return p.parse_args(argv)


def target(samples) -> np.ndarray:
    return np.array([100.0 - 20.0 * s.level for s in samples])


def ridge_fit(x, y, alpha):
    """Standardises x, returns (mean, std, weights, bias) as bundle.RidgeHead does."""
    mean, std = x.mean(0), x.std(0)
    std[std < 1e-12] = 1.0
    z = (x - mean) / std
    bias = float(y.mean())
    w = np.linalg.solve(z.T @ z + alpha * np.eye(z.shape[1]), z.T @ (y - bias))
    return mean, std, w, bias


def ridge_predict(head, x):
    mean, std, w, bias = head
    return np.clip(bias + ((x - mean) / std) @ w, 0.0, 100.0)


def choose_alpha(x, y, samples, folds: int = 5):
    """Returns (alpha, {alpha: out-of-fold pooled SRCC}) by photo-grouped k-fold CV."""
    photo = np.array([s.photo for s in samples])
    level = np.array([s.level for s in samples])
    fold_of = {p: i % folds for i, p in enumerate(np.unique(photo))}
    fold = np.array([fold_of[p] for p in photo])
    scores = {}
    for alpha in ALPHAS:
        pred = np.zeros(len(y))
        for k in range(folds):
            tr, te = fold != k, fold == k
            pred[te] = ridge_predict(ridge_fit(x[tr], y[tr], alpha), x[te])
        d = level > 0
        scores[alpha] = heldout.srcc(pred[d], -level[d])
    return max(scores, key=scores.get), scores


def main(argv=None) -> int:
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    t0 = time.time()
    encoder, ckpt = load_encoder(args.checkpoint)
    splits = data.load_splits(args.splits, args.data_root)
    train_idx = list(range(0, len(splits["train"]), args.train_every))
    test_idx = list(range(0, len(splits["heldout"]), args.heldout_every))
    specs = {c: dict(DEFAULT_INPUT, crop_size=c, crops=args.crops,
                     scales=list(args.scales)) for c in args.crop_sizes}

    cache = Path(args.checkpoint).parent / f"features_step{ckpt['step']}"

    every = {"train": args.train_every, "heldout": args.heldout_every}

    def split_features(split, indices, offset, crops):
        path = cache / f"{split}_every{every[split]}_c{'-'.join(map(str, crops))}.npz"
        if path.exists():
            z = np.load(path)
            samples = [heldout.Sample(int(p), str(k), int(lv))
                       for p, k, lv in zip(z["photo"], z["kind"], z["level"])]
            return samples, {c: z[f"x{c}"] for c in crops}
        print(f"step {ckpt['step']}: features of {len(indices)} {split} photos",
              flush=True)
        samples, x = heldout.score_set(
            splits[split], lambda ims: {c: encode_images(encoder, ims, specs[c])
                                        for c in crops},
            offset, indices=indices, log=lambda m: None)
        cache.mkdir(parents=True, exist_ok=True)
        np.savez(path, photo=[s.photo for s in samples], kind=[s.kind for s in samples],
                 level=[s.level for s in samples], **{f"x{c}": x[c] for c in crops})
        return samples, x

    crops_all = list(specs)
    if args.only == "train":
        split_features("train", train_idx, 0, crops_all)
        return 0
    if args.only == "heldout":
        split_features("heldout", test_idx, heldout.HELDOUT_SEED_OFFSET, crops_all)
        return 0
    tr_samples, x_tr = split_features("train", train_idx, 0, crops_all)
    y_tr = target(tr_samples)
    cv = {c: choose_alpha(x_tr[c], y_tr, tr_samples) for c in specs}
    crop = max(cv, key=lambda c: cv[c][1][cv[c][0]])
    alpha = cv[crop][0]
    spec = specs[crop]
    head = ridge_fit(x_tr[crop], y_tr, alpha)
    print(f"crop {crop}, alpha {alpha} (CV pooled SRCC "
          f"{ {c: round(max(v[1].values()), 4) for c, v in cv.items()} }); "
          f"features of {len(test_idx)} held-out photos", flush=True)
    te_samples, x_te = split_features("heldout", test_idx, heldout.HELDOUT_SEED_OFFSET,
                                      crops_all)
    x_te = x_te[crop]
    scores = ridge_predict(head, x_te)
    result = heldout.report(te_samples, scores)
    if args.baselines:
        result["vs_baselines"] = compare(te_samples, scores, args.baselines)
    result.update({
        "checkpoint": str(args.checkpoint), "step": ckpt["step"],
        "train_minutes": ckpt.get("train_seconds", 0) / 60, "input": spec,
        "train_photos": len(train_idx), "heldout_photos": len(test_idx), "alpha": alpha,
        "cv_pooled_srcc": {str(c): {str(a): v for a, v in cv[c][1].items()}
                           for c in cv},
        "head": {"mean": head[0].tolist(), "std": head[1].tolist(),
                 "weights": head[2].tolist(), "bias": head[3]},
        "seconds": time.time() - t0,
    })
    suffix = f"_{args.tag}" if args.tag else ""
    out = Path(args.checkpoint).parent / f"eval{suffix}.json"
    out.write_text(json.dumps(result, indent=1))
    print(f"held-out pooled SRCC {result['pooled_srcc']:.4f} "
          f"CI95 {np.round(result['pooled_ci95'], 3)} mean per-type "
          f"{result['mean_per_type_srcc']:.4f} within-photo "
          f"{result['mean_within_photo_srcc']:.4f} ({result['seconds']:.0f} s) "
          f"-> {out}")
    vs = result.get("vs_baselines", {})
    for name, v in result["per_type_srcc"].items():
        extra = "".join(f"  | subset: ours {vs['ours']['per_type_srcc'][name]:.3f} "
                        + " ".join(f"{b} {vs[b]['per_type_srcc'][name]:.3f}"
                                   for b in vs if b != "ours") for _ in [0] if vs)
        print(f"  {name:24s} {v:.3f}  within-photo "
              f"{result['within_photo_srcc'][name]:.3f}{extra}")
    for b, r in vs.items():
        print(f"  subset {b}: pooled {r['pooled_srcc']:.4f} mean per-type "
              f"{r['mean_per_type_srcc']:.4f}" + (
                  f" ; ours wins on {r['ours_wins']}/{len(r['per_type_srcc'])} types"
                  if "ours_wins" in r else ""))
    return 0


def compare(samples, scores, baselines_json: str) -> dict:
    """Our report and each baseline's on the photos the baselines were run on."""
    doc = json.loads(Path(baselines_json).read_text())
    key = {(s.photo, s.kind, s.level): i for i, s in enumerate(samples)}
    rows = [key.get(tuple(r)) for r in doc["samples"]]
    if any(i is None for i in rows):
        return {}
    sub = [samples[i] for i in rows]
    out = {"ours": heldout.report(sub, scores[rows], boot=0)}
    out["ours"]["photos"] = "LIVE1 held-out photos " + ",".join(
        str(i) for i in doc["photo_indices"]) + " (index in the sorted list)"
    for name, vals in doc["scores"].items():
        r = heldout.report(sub, np.asarray(vals), higher_better=False, boot=0)
        r["ours_wins"] = sum(out["ours"]["per_type_srcc"][t] > v
                             for t, v in r["per_type_srcc"].items())
        out[name] = r
    return out


if __name__ == "__main__":
    raise SystemExit(main())
