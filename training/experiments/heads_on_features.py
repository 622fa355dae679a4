"""Head variants on cached features (experiments.cache_features): does a vision-language
read-out add to the low-level head on photos the VL encoder never saw?

``heldout``: heads fitted on the training photos (training/runs/trainset-full), scored
on the LIVE1 held-out set (heldout-full), with the bundle's VL branch; first the
bundle's own heads on the cached features (they must give evaluate's figures).
``apart``: a VL encoder trained on 30 of the 42 training photos
(configs/splits_vl_apart.yml), heads fitted on those 30 and scored on the 12 it never
saw (a proxy that leaves LIVE1 out of the choice). Ridge on standardised features,
weighted rows, alpha by photo-grouped 5-fold CV (weighted MSE), SRCC against -level over
levels 1-5, as ``fit`` and ``evaluate`` do. ``stack`` tables the correction of the
low-level head's out-of-fold predictions per alpha against no correction.

    cd training
    /usr/bin/python3 -m experiments.heads_on_features heldout
    /usr/bin/python3 -m experiments.heads_on_features apart
    /usr/bin/python3 -m experiments.heads_on_features stack
"""

import json
import os
import sys
from pathlib import Path

import numpy as np
import torch

from qm_training.data import TRAINING_DIR as TRAINING
from qm_training.feature_cache import cv, fit, load, oof, srcc, target
from qm_training.vl_surgery import split_image_tower

RUNS = TRAINING / "runs"
# a bundle whose vision-language branch has its own tower (qm-default 2026.12.06-7, the
# one these experiments measured: `git archive e2b458d~1 models/default | tar -x -C
# /tmp/b`); QM_BUNDLE
BUNDLE = Path(os.environ.get("QM_BUNDLE", TRAINING.parent / "models" / "default"))


def pair_directions(bundle: Path):
    """Returns (``[D, 7]`` positive - negative prompt embedding of the quality pair and
    of each attribute pair, the bundle's logit scale, the attribute names in column
    order 1..6)."""
    vl = json.loads((bundle / "bundle.json").read_text())["branches"]["vision_language"]
    prompts = json.loads((bundle / "prompts.json").read_text())
    pairs = [prompts["quality"]] + list(prompts["attributes"].values())
    d = np.stack([np.array(p["positive_embedding"]) - np.array(p["negative_embedding"])
                  for p in pairs], 1)
    return torch.tensor(d, dtype=torch.float32), float(vl["logit_scale"]), list(
        prompts["attributes"])


def embed(weight, bias, h):
    """Returns the image embeddings of per-view pooled features ``h [n, views, F]``
    through the projection: per view L2-normalised, averaged, normalised again (as the
    runtime)."""
    e = torch.nn.functional.normalize(h @ weight.T + bias, dim=-1).mean(1)
    return torch.nn.functional.normalize(e, dim=-1)


def projection(bundle: Path):
    """Returns the bundle's VL projection (weight, bias), cut from its frozen tower."""
    split = split_image_tower(torch.jit.load(str(bundle / "vl_image.pt")).eval(), 160)
    return split.weight, split.bias


def vl_read(bundle: Path, h: np.ndarray):
    """Returns (embeddings, logits of the quality pair and every attribute pair)."""
    d, scale, _ = pair_directions(bundle)
    with torch.no_grad():
        e = embed(*projection(bundle), torch.from_numpy(h.astype(np.float32)))
    return e.numpy().astype(np.float64), scale * (e @ d).numpy().astype(np.float64)


def report(name, tr, te, xtr, xte, shrink=None):
    a, p_oof = cv(xtr, target(tr), tr["w"], tr["photo"], shrink=shrink)
    p = np.clip(fit(xtr, target(tr), tr["w"], a, shrink)(xte), 0, 100)
    print(
        f"{name:36s} alpha {a:7g}  cv {srcc(np.clip(p_oof, 0, 100), tr['level']):.3f}  "
        f"test {srcc(p, te['level']):.3f}",
        flush=True,
    )


def variants(tr, te, e_tr, e_te, a_tr, a_te):
    def both(x, y):
        return np.hstack([tr["low"], x]), np.hstack([te["low"], y])

    report("lowlevel", tr, te, tr["low"], te["low"])
    report("VL embedding", tr, te, e_tr, e_te)
    report("VL pair logits (quality + 6 attributes)", tr, te, a_tr, a_te)
    report("lowlevel + VL embedding", tr, te, *both(e_tr, e_te))
    report("lowlevel + pair logits", tr, te, *both(a_tr, a_te))
    for c in (0.5, 0.25, 0.1):
        report(
            f"lowlevel + embedding x{c}", tr, te, *both(e_tr, e_te), (e_tr.shape[1], c)
        )
        report(
            f"lowlevel + pair logits x{c}",
            tr,
            te,
            *both(a_tr, a_te),
            (a_tr.shape[1], c),
        )


def stack_table(tr, te, e_tr, e_te):
    y, w = target(tr), tr["w"]
    a, base_oof = cv(tr["low"], y, w, tr["photo"], [0.1, 1, 10, 100])
    base_te = fit(tr["low"], y, w, a)(te["low"])
    r = y - base_oof
    none = (w * (r - (w * r).sum() / w.sum()) ** 2).sum() / w.sum()
    oof_srcc = srcc(np.clip(base_oof, 0, 100), tr["level"])
    test_srcc = srcc(np.clip(base_te, 0, 100), te["level"])
    print(
        f"low-level alone: out-of-fold SRCC {oof_srcc:.4f}, test {test_srcc:.4f}; "
        f"no correction: CV MSE {none:.1f}"
    )
    for al in [0.1, 1, 10, 100, 1000, 3000, 10000, 30000, 1e5]:
        o = oof(e_tr, r, w, tr["photo"], al)
        mse = (w * (o - r) ** 2).sum() / w.sum()
        p = np.clip(base_te + fit(e_tr, r, w, al)(e_te), 0, 100)
        print(f"embedding correction alpha {al:8g}: CV MSE {mse:.1f}  CV SRCC "
              f"{srcc(np.clip(base_oof + o, 0, 100), tr['level']):.4f}  test "
              f"{srcc(p, te['level']):.4f}", flush=True)


def main(mode: str) -> int:
    train = load(RUNS / "feats/train", RUNS / "trainset-full")
    if mode in ("heldout", "stack"):
        held = load(RUNS / "feats/heldout", RUNS / "heldout-full")
        e_tr, a_tr = vl_read(BUNDLE, train["h"])
        e_te, a_te = vl_read(BUNDLE, held["h"])
        if mode == "stack":
            stack_table(train, held, e_tr, e_te)
            return 0
        reg = json.loads((BUNDLE / "regressor.json").read_text())["heads"]
        for name, hd in reg.items():
            x = np.hstack(
                [held["low"] if f == "lowlevel" else e_te for f in hd["features"]]
            )
            p = hd["bias"] + (
                (x - np.array(hd["mean"])) / np.array(hd["std"])
            ) @ np.array(hd["weights"])
            test_srcc = srcc(np.clip(p, 0, 100), held["level"])
            print(f"the bundle's {name} head: test {test_srcc:.3f}")
        variants(train, held, e_tr, e_te, a_tr, a_te)
    else:
        apart = load(RUNS / "feats/apart_train", RUNS / "trainset-full")
        e, a = vl_read(RUNS / "feats/apart_bundle", apart["h"])
        even = np.array([p.startswith("kodak/kodim") and int(p[-2:]) % 2 == 0
                         for p in train["photo"]])
        pick = lambda d, m: {k: v[m] for k, v in d.items()}  # noqa: E731
        print(f"fitted on {len(np.unique(train['photo'][~even]))} photos, scored on "
              f"{len(np.unique(train['photo'][even]))} the VL encoder never saw")
        variants(
            pick(train, ~even), pick(train, even), e[~even], e[even], a[~even], a[even]
        )
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in ("heldout", "apart", "stack"):
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
