"""Carries a LiT-style vision-language branch over to a retrained low-level encoder.

The bundle's vision-language image side is a linear projection of the low-level
branch's pooled features (:class:`qm_training.vl_export.FeatureProjection`), trained
with that encoder locked. A retrained encoder (e.g. continued on more photos) moves its
features, so the old projection would read the new features wrongly. Rather than train
the projection again from its own caches, this fits a ridge map from the new encoder's
features to the old encoder's features of the same images (the cached features of one
labelled folder, e.g. ``runs/trainset-aug``, by both bundles) and folds it into the
projection: ``W_old (A x_new + c) + b_old``. OUT is OLD_BUNDLE with NEW_BUNDLE's
low-level branch and encoder provenance and the carried projection; the text side and
prompts stay as they were, and the heads are the old ones until ``fit`` refits them.

It prints how well the map carries over on photos it was not fitted on (photo-grouped
folds): the share of the old features' variance explained, and the cosine between the
old embedding and the carried-over one.

    cd training
    /usr/bin/python3 -m qm_training.vl_align OLD_BUNDLE NEW_BUNDLE OLD_CACHE \
        NEW_CACHE IMAGES OUT --version 2026.12.07-2
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

import numpy as np
import torch

from qm_training import feature_cache as fc
from qm_training.bundle import _write_json, sha256
from qm_training.vl_export import export_feature_projection


def fit_map(x_new: np.ndarray, x_old: np.ndarray, alpha: float):
    """Ridge from ``x_new`` to ``x_old`` on standardised inputs; returns ``(A, c)`` with
    ``x_old ~ x_new @ A.T + c`` in the raw feature units."""
    mean, std = x_new.mean(0), x_new.std(0)
    std[std < 1e-12] = 1.0
    z = (x_new - mean) / std
    y_mean = x_old.mean(0)
    coef = np.linalg.solve(z.T @ z + alpha * np.eye(z.shape[1]), z.T @ (x_old - y_mean))
    a = (coef / std[:, None]).T
    return a, y_mean - a @ mean


def projection_of(bundle: Path):
    """The bundle's vision-language image projection ``(weight, bias)`` and its logit
    scale; the branch must read the low-level features."""
    doc = json.loads((bundle / "bundle.json").read_text(encoding="utf-8"))
    vl = doc["branches"]["vision_language"]
    if vl.get("input") != {"features": "lowlevel"}:
        raise SystemExit(
            f"{bundle}: the vision-language branch does not read the "
            "low-level features"
        )
    module = torch.jit.load(str(bundle / vl["image_file"]))
    params = dict(module.named_parameters())
    return (
        params["linear.weight"].detach().numpy().astype(np.float64),
        params["linear.bias"].detach().numpy().astype(np.float64),
        float(vl.get("logit_scale", 100.0)),
    )


def embed(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    e = x @ w.T + b
    return e / np.maximum(np.linalg.norm(e, axis=1, keepdims=True), 1e-12)


def carried_over(x_new, x_old, photo, w, b, alpha, folds: int = 5) -> dict:
    """Out-of-fold (photo-grouped) fit of the map: explained variance of the old
    features and the cosine of old and carried-over embeddings (mean, 5th
    percentile)."""
    ids = {p: i % folds for i, p in enumerate(np.unique(photo))}
    fold = np.array([ids[p] for p in photo])
    pred = np.zeros_like(x_old)
    for k in range(folds):
        tr, te = fold != k, fold == k
        a, c = fit_map(x_new[tr], x_old[tr], alpha)
        pred[te] = x_new[te] @ a.T + c
    r2 = 1 - ((x_old - pred) ** 2).sum() / ((x_old - x_old.mean(0)) ** 2).sum()
    cos = (embed(x_old, w, b) * embed(pred, w, b)).sum(1)
    return {
        "alpha": alpha,
        "r2": float(r2),
        "cos_mean": float(cos.mean()),
        "cos_p5": float(np.percentile(cos, 5)),
    }


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument(
        "old_bundle", type=Path, help="the bundle whose projection is carried"
    )
    p.add_argument(
        "new_bundle", type=Path, help="the bundle with the retrained encoder"
    )
    p.add_argument("old_cache", type=Path, help="feature_cache of IMAGES by old_bundle")
    p.add_argument("new_cache", type=Path, help="feature_cache of IMAGES by new_bundle")
    p.add_argument("images", type=Path, help="the labelled folder both caches read")
    p.add_argument("out", type=Path)
    p.add_argument("--version", required=True)
    p.add_argument("--alphas", type=float, nargs="+", default=[1, 10, 100, 1000])
    args = p.parse_args(argv)
    old = fc.load(args.old_cache, args.images)
    new = fc.load(args.new_cache, args.images)
    w, b, scale = projection_of(args.old_bundle)
    x_old, x_new = old["low"].astype(np.float64), new["low"].astype(np.float64)
    runs = [carried_over(x_new, x_old, old["photo"], w, b, a) for a in args.alphas]
    for r in runs:
        print(
            f"alpha {r['alpha']:g}: old features' variance explained {r['r2']:.3f}, "
            f"embedding cosine mean {r['cos_mean']:.3f} (5th percentile "
            f"{r['cos_p5']:.3f}), out of fold"
        )
    best = max(runs, key=lambda r: r["cos_mean"])
    a, c = fit_map(x_new, x_old, best["alpha"])
    doc = json.loads((args.old_bundle / "bundle.json").read_text(encoding="utf-8"))
    trained = doc.get("trained_on", {}).get("encoders", {}).get("vision_language", {})
    notes = (
        (trained.get("notes", "") + " " if trained.get("notes") else "")
        + f"Trained on {doc['name']} {doc['version']}'s encoder; carried over to this "
        "encoder by a ridge map from its features to that encoder's "
        f"(qm_training.vl_align, alpha {best['alpha']:g}, {len(x_new)} images "
        f"of {args.images.name}; out of fold: embedding cosine "
        f"{best['cos_mean']:.3f}, variance of the old features explained "
        f"{best['r2']:.3f})."
    )
    ones = np.ones(a.shape[1])
    with tempfile.TemporaryDirectory() as tmp:
        swapped = swap_lowlevel(args.old_bundle, args.new_bundle, Path(tmp) / "b")
        export_feature_projection(
            swapped,
            w @ a,
            w @ c + b,
            0 * ones,
            ones,
            scale,
            args.out,
            args.version,
            notes,
        )
    print(f"wrote {args.out}")
    return 0


def swap_lowlevel(old_bundle: Path, new_bundle: Path, out: Path) -> Path:
    """A copy of ``old_bundle`` whose low-level branch (file, input spec) and encoder
    provenance are ``new_bundle``'s; heads and the vision-language branch are the old
    bundle's (``fit`` refits the heads)."""
    shutil.copytree(old_bundle, out)
    doc = json.loads((out / "bundle.json").read_text(encoding="utf-8"))
    new = json.loads((new_bundle / "bundle.json").read_text(encoding="utf-8"))
    branch = new["branches"]["lowlevel"]
    if branch["feature_dim"] != doc["branches"]["lowlevel"]["feature_dim"]:
        raise SystemExit(f"{new_bundle}: another feature size than {old_bundle}'s")
    shutil.copyfile(
        new_bundle / branch["file"], out / doc["branches"]["lowlevel"]["file"]
    )
    doc["branches"]["lowlevel"]["input"] = {
        **doc["branches"]["lowlevel"]["input"],
        **branch["input"],
    }
    enc = doc.setdefault("trained_on", {}).setdefault("encoders", {})
    new_enc = new.get("trained_on", {})
    for key in ("images", "distortions", "epochs", "notes"):
        if key in new_enc:
            enc[key] = new_enc[key]
    doc["description"] = new["description"].split(";")[0] + "".join(
        ";" + part for part in doc["description"].split(";")[1:]
    )
    doc["files"] = {name: sha256(out / name) for name in doc["files"]}
    _write_json(out / "bundle.json", doc)
    return out


if __name__ == "__main__":
    raise SystemExit(main())
