"""Trains the vision-language branch on the locked low-level encoder (LiT-style) from
cached features, measures it, and exports it into a bundle.

LiT (Zhai et al., CVPR 2022, "locked-image text tuning") aligns a text tower with a
locked, pretrained image tower. Here the locked image tower is the low-level encoder
(CONTRIQUE-style, self-supervised on our distortions), whose features rank the levels of
every distortion family on photos it never saw; the text tower and its prompt embeddings
are those of the caption-trained dual encoder (:mod:`qm_training.train_vl`), also
locked. Trained: one linear projection of the low-level features (pooled over the crops
as the runtime pools them) into the text embedding space, with the dual encoder's
objectives: multi-positive image-text InfoNCE on generated captions (10 per image),
GRepQ's prompt-pair BCE on quality and on every attribute pair (the contrast pair on the
sharpness & contrast family), and the within-ladder RankNet loss on the quality pair and
the type's attribute pair. 1500 steps take about a minute.

``proxy``: trained on 30 of the 42 training photos, scored on the 12 even-numbered Kodak
photos (LIVE1 out of the choice). ``heldout``: trained on all 42, scored on LIVE1's
held-out set (make_heldout's draw). Both print the zero-shot within-photo SRCC per
family and per type (as :mod:`qm_training.eval_vl`) and the ridge heads of ``fit``
(alpha 0.1-100) on low-level features alone, with the projected embedding, and on the
embedding alone.

Input: the feature caches of :mod:`qm_training.feature_cache` (``runs/feats/train`` and
``runs/feats/heldout``; the low-level features are the runtime's, so any bundle with the
same low-level branch reads them). ``--export-into BUNDLE --out DIR`` writes a copy of
BUNDLE with this projection as its vision-language image side (``bundle.json`` input
``{"features": "lowlevel"}``); ``training/build_default.sh DIR DIR VERSION`` then fits
the heads.

    cd training
    /usr/bin/python3 -m qm_training.train_vl_lit proxy
    /usr/bin/python3 -m qm_training.train_vl_lit heldout \
        --export-into ../models/default --out runs/lit/bundle --version 2026.12.06-8
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing as mp
import random
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from scipy import stats

from qm_training import captions as C
from qm_training import distortions as D
from qm_training import tokenizer as T
from qm_training.data import TRAINING_DIR, load_splits, read_rgb
from qm_training.feature_cache import cv, fit, load, srcc, target
from qm_training.vl_data import apply, random_specs, signature
from qm_training.vl_export import export_feature_projection
from qm_training.vl_losses import (ladder_rank_loss, multi_positive_infonce,
                                   prompt_pair_loss)

BUNDLE = TRAINING_DIR.parent / "models" / "default"
RUNS = TRAINING_DIR / "runs"
#: the ridge alphas ``./quality-monitor fit`` chooses among
FIT_ALPHAS = [0.1, 1, 10, 100]
#: types the contrast pair is trained on (the sharpness & contrast family)
CONTRAST_TYPES = ("high_sharpen", "contrast_change")


def mean_shift_directions(d: dict, root: Path) -> np.ndarray:
    """+1 / -1 per mean_shift row (brighter / darker than its pristine), else 0."""
    out = np.zeros(len(d["type"]), dtype=int)
    for i in np.flatnonzero(d["type"] == "mean_shift"):
        img = np.asarray(Image.open(root / d["image"][i]).convert("L"), dtype=float)
        ref = np.asarray(
            Image.open(root / d["photo"][i] / "pristine_0.png").convert("L"),
            dtype=float,
        )
        out[i] = 1 if img.mean() > ref.mean() else -1
    return out


def single_rows(d: dict, root: Path) -> dict:
    """Adds ``specs``, ``dirs`` and ``ladder`` to a cache of single-distortion rows (one
    type at one level per image, as make_heldout writes them; every photo x type a
    ladder)."""
    ms = mean_shift_directions(d, root)
    d["specs"] = [
        [] if t == "pristine" else [(t, int(lv))]
        for t, lv in zip(d["type"], d["level"])
    ]
    d["dirs"] = [[] if t == "pristine" else [int(ms[i]) if t == "mean_shift" else None]
                 for i, t in enumerate(d["type"])]
    d["ladder"] = np.array(["" if t == "pristine" else f"{p}/{t}"
                            for p, t in zip(d["photo"], d["type"])])
    return d


def own_pair(attributes: list) -> dict:
    """Type -> column of its own pair among the logits (0 quality, then ``attributes``):
    the contrast pair for the sharpness & contrast family, else the type's caption
    attribute."""
    return {
        t: 1
        + attributes.index("contrast" if t in CONTRAST_TYPES else C.TYPE_ATTRIBUTE[t])
        for t in D.NAMES
    }


def targets(specs_list, attributes: list) -> tuple:
    """Returns (quality ``[n]``, attribute ``[n, A]`` with NaN where untargeted); the
    contrast pair, not an attribute of the captions, is targeted on the sharpness &
    contrast family."""
    n = len(specs_list)
    q = np.ones(n)
    att = np.full((n, len(attributes)), np.nan)
    for i, specs in enumerate(specs_list):
        q[i] = C.quality_target(specs)
        for a, v in C.attribute_targets(specs).items():
            att[i, attributes.index(a)] = v
        if "contrast" in attributes:
            hit = [1.0 - lv / (C.LEVELS + 1) for t, lv in specs if t in CONTRAST_TYPES]
            att[i, attributes.index("contrast")] = (
                1.0 if not specs else min(hit) if hit else np.nan)
    return q, att


def caption_table(specs_list, dirs_list, k: int, seed: int) -> tuple:
    """Returns (``[n, k]`` caption indices, unique caption texts, signature per row)."""
    rng = random.Random(seed)
    texts, index, rows, keys = [], {}, [], []
    for specs, direction in zip(specs_list, dirs_list):
        row = []
        for _ in range(k):
            s = C.caption(specs, rng, direction)
            if s not in index:
                index[s] = len(texts)
                texts.append(s)
            row.append(index[s])
        rows.append(row)
        keys.append(signature(specs, direction))
    return np.array(rows), texts, keys


@torch.no_grad()
def encode_texts(texts, bundle: Path) -> torch.Tensor:
    vl = json.loads((bundle / "bundle.json").read_text())["branches"]["vision_language"]
    text = torch.jit.load(str(bundle / vl["text_file"]), map_location="cpu").eval()
    tok = T.load(bundle / vl["tokenizer"])
    out = [
        text(T.encode(texts[i : i + 256], tok)).float()
        for i in range(0, len(texts), 256)
    ]
    return torch.nn.functional.normalize(torch.cat(out), dim=-1)


def prompt_pairs(bundle: Path) -> tuple:
    """Returns (``[P, D]`` positive, ``[P, D]`` negative embeddings, attribute names,
    logit scale); row 0 is the quality pair."""
    vl = json.loads((bundle / "bundle.json").read_text())["branches"]["vision_language"]
    prompts = json.loads((bundle / vl["prompts"]).read_text())
    pairs = [prompts["quality"]] + list(prompts["attributes"].values())
    pos = torch.tensor([p["positive_embedding"] for p in pairs], dtype=torch.float32)
    neg = torch.tensor([p["negative_embedding"] for p in pairs], dtype=torch.float32)
    return pos, neg, list(prompts["attributes"]), float(vl["logit_scale"])


class Projection(torch.nn.Module):
    """Standardised low-level features -> L2-normalised embedding; the scales learnt."""

    def __init__(self, mean, std, dim_in: int, dim_out: int, pair_scale: float):
        super().__init__()
        self.register_buffer("mean", torch.as_tensor(mean, dtype=torch.float32))
        self.register_buffer("std", torch.as_tensor(std, dtype=torch.float32))
        self.linear = torch.nn.Linear(dim_in, dim_out)
        self.log_scale = torch.nn.Parameter(torch.tensor(float(np.log(1 / 0.07))))
        self.log_pair_scale = torch.nn.Parameter(
            torch.tensor(float(np.log(pair_scale)))
        )

    def forward(self, x):
        return torch.nn.functional.normalize(
            self.linear((x - self.mean) / self.std), dim=-1
        )


def ladders(d: dict, rows: np.ndarray) -> list:
    """Index arrays of levels 1..5 of each ladder (one photo, one type) in ``rows``."""
    groups = defaultdict(dict)
    for i in rows:
        if d["ladder"][i]:
            groups[d["ladder"][i]][d["specs"][i][0][1]] = i
    return [np.array([g[lv] for lv in range(1, C.LEVELS + 1)])
            for g in groups.values() if len(g) == C.LEVELS]


def train(d: dict, rows: np.ndarray, bundle: Path, steps: int, seed: int,
          weights: dict) -> Projection:
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    pos, neg, attributes, scale = prompt_pairs(bundle)
    cap_idx, texts, keys = caption_table(d["specs"], d["dirs"], 10, seed)
    cap_emb = encode_texts(texts, bundle)
    q, att = targets(d["specs"], attributes)
    x = torch.from_numpy(d["low"].astype(np.float32))
    sub = d["low"][rows]
    model = Projection(sub.mean(0), sub.std(0) + 1e-6, x.shape[1], pos.shape[1], scale)
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=0.05)
    lad = ladders(d, rows)
    tq = torch.from_numpy(q).float()
    tatt = torch.from_numpy(att).float()
    # attributes a distortion leaves alone read as fine, softly (another distortion may
    # still touch them): the explanations name the distortion's own attribute, not every
    # one
    att_fill = torch.where(torch.isnan(tatt), torch.ones_like(tatt), tatt)
    att_weight = torch.where(
        torch.isnan(tatt),
        torch.full_like(tatt, weights["others"]),
        torch.ones_like(tatt),
    )
    pair_of = own_pair(
        attributes
    )  # the ladder loss reads each ladder's own attribute pair
    for step in range(steps):
        b = rng.choice(rows, 256, replace=False)
        img = model(x[b])
        txt = cap_emb[cap_idx[b, rng.integers(0, cap_idx.shape[1], len(b))]]
        kb = [keys[i] for i in b]
        same = torch.tensor([[a == c for c in kb] for a in kb], dtype=torch.float32)
        nce = multi_positive_infonce(model.log_scale.exp() * img @ txt.T, same)
        logits = model.log_pair_scale.exp() * img @ (pos - neg).T
        lq = prompt_pair_loss(logits[:, 0], tq[b])
        la = prompt_pair_loss(logits[:, 1:], att_fill[b], att_weight[b])
        lb = [lad[i] for i in rng.choice(len(lad), 32, replace=False)]
        li = np.stack(lb)
        lg = model.log_pair_scale.exp() * model(x[li.ravel()]) @ (pos - neg).T
        lg = lg.view(len(lb), C.LEVELS, -1)
        pairs = torch.tensor([pair_of[d["specs"][g[0]][0][0]] for g in lb])
        att_lg = lg.gather(2, pairs.view(-1, 1, 1).expand(-1, C.LEVELS, 1))[..., 0]
        rank = ladder_rank_loss(att_lg) + ladder_rank_loss(lg[..., 0])
        loss = (
            weights["nce"] * nce
            + weights["quality"] * lq
            + weights["attribute"] * la
            + weights["ladder"] * rank
        )
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 500 == 0 or step == steps - 1:
            print(f"  step {step}: nce {nce.item():.3f} quality {lq.item():.3f} "
                  f"attr {la.item():.3f} rank {rank.item():.3f} "
                  f"pair scale {model.log_pair_scale.exp().item():.1f}", flush=True)
    return model.eval()


def within(score: np.ndarray, d: dict, rows: np.ndarray, types) -> float:
    """Mean over (photo, type) series of SRCC(score, -level), levels 1..5."""
    groups = defaultdict(list)
    for i in rows:
        if d["type"][i] in types:
            groups[(d["photo"][i], d["type"][i])].append(i)
    rs = [stats.spearmanr(score[g], -d["level"][g])[0] for g in groups.values()]
    return float(np.mean(np.nan_to_num(rs)))


def zero_shot_table(model, d: dict, rows: np.ndarray, bundle: Path) -> dict:
    pos, neg, attributes, _ = prompt_pairs(bundle)
    with torch.no_grad():
        e = model(torch.from_numpy(d["low"].astype(np.float32)))
        logits = (model.log_pair_scale.exp() * e @ (pos - neg).T).numpy()
    fams = defaultdict(list)
    for t in D.NAMES:
        fams[D.REGISTRY[t].family].append(t)
    out = {"families": {}, "types": {}}
    for f, types in fams.items():
        a = C.FAMILY_ATTRIBUTE[f]
        out["families"][f] = {
            "attribute": round(
                within(logits[:, 1 + attributes.index(a)], d, rows, types), 4
            ),
            "quality": round(within(logits[:, 0], d, rows, types), 4),
        }
    for t in D.NAMES:
        a = C.TYPE_ATTRIBUTE[t]
        out["types"][t] = round(
            within(logits[:, 1 + attributes.index(a)], d, rows, [t]), 4
        )
    out["min_family_attribute"] = min(v["attribute"] for v in out["families"].values())
    # explanations: how often the weakest attribute is the distortion's own (levels 3-5)
    own = own_pair(attributes)
    hits = [int(np.argmin(logits[i, 1:]) + 1 == own[d["type"][i]]) for i in rows
            if d["type"][i] in own and d["level"][i] >= 3]
    out["weakest_attribute_is_own"] = round(float(np.mean(hits)), 4)
    return out, e.numpy().astype(np.float64)


def _save(img: np.ndarray, path: Path, quality: int) -> str:
    """Saves a [0,1] float image as PNG, or as JPEG at ``quality`` (as uploads are)."""
    pil = Image.fromarray(np.clip(np.round(img * 255), 0, 255).astype(np.uint8))
    if quality:
        path = path.with_suffix(".jpg")
        pil.save(path, quality=quality)
    else:
        path = path.with_suffix(".png")
        pil.save(path)
    return path.name


def _photo_items(task) -> list:
    k, photo, out, items, n_ladders, seed = task
    name = f"{Path(photo).parent.name}/{Path(photo).stem}"
    (out / name).mkdir(parents=True, exist_ok=True)
    base = read_rgb(photo).astype(np.float32) / 255.0
    rows = []

    def jpeg(rng):  # as uploaded: 60% re-encoded as JPEG at quality 60-95
        return int(rng.integers(60, 96)) if rng.random() < 0.6 else 0

    for j in range(items):
        rng = np.random.default_rng([seed, k, j])
        specs = random_specs(rng, 0.1, 0.4)
        img, dirs = apply(base, specs, int(rng.integers(2 ** 31)))
        q = jpeg(rng)
        f = _save(img, out / name / f"item{j:03d}", q)
        rows.append((f"{name}/{f}", specs, dirs, "", q))
    for j in range(n_ladders):
        rng = np.random.default_rng([seed, k, 1000 + j])
        t, s, q = (
            D.NAMES[rng.integers(len(D.NAMES))],
            int(rng.integers(2**31)),
            jpeg(rng),
        )
        for lv in range(1, C.LEVELS + 1):
            img, dirs = apply(base, [(t, lv)], s)
            f = _save(img, out / name / f"ladder{j}_{t}_{lv}", q)
            rows.append((f"{name}/{f}", [(t, lv)], dirs, f"{name}/ladder{j}", q))
    return rows


def make_set(out: Path, items: int, n_ladders: int, seed: int, workers: int) -> None:
    """Writes the training photos' composite versions (labels.csv: image, label = the
    highest level, group = the first type, specs, dirs, ladder, jpeg)."""
    photos = load_splits(TRAINING_DIR / "configs/splits.yml")["train"]
    out.mkdir(parents=True, exist_ok=True)
    tasks = [(k, p, out, items, n_ladders, seed) for k, p in enumerate(photos)]
    rows = []
    with mp.get_context("fork").Pool(workers) as pool:
        for n, r in enumerate(pool.imap(_photo_items, tasks), 1):
            rows.extend(r)
            print(f"  {n}/{len(photos)} photos", flush=True)
    with open(out / "labels.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["image", "label", "group", "specs", "dirs", "ladder", "jpeg"])
        for image, specs, dirs, ladder, q in rows:
            w.writerow([image, max([lv for _, lv in specs], default=0),
                        specs[0][0] if specs else "pristine",
                        "|".join(f"{t}:{lv}" for t, lv in specs),
                        "|".join("" if d is None else str(d) for d in dirs), ladder, q])
    print(f"wrote {len(rows)} images and {out / 'labels.csv'}")


def composite_rows(cache: Path, root: Path) -> dict:
    """The cached features of a :func:`make_set` folder with their specs."""
    d = load(cache, root)
    with open(root / "labels.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    d["specs"] = [
        [(t, int(lv)) for t, lv in (x.split(":") for x in r["specs"].split("|"))]
        if r["specs"]
        else []
        for r in rows
    ]
    d["dirs"] = [
        [int(x) if x else None for x in r["dirs"].split("|")] if r["specs"] else []
        for r in rows
    ]
    d["ladder"] = np.array([r["ladder"] for r in rows])
    return d


def _concat(a: dict, b: dict) -> dict:
    out = {}
    for k in ("low", "level", "w", "photo", "type", "ladder"):
        out[k] = np.concatenate([a[k], b[k]])
    for k in ("specs", "dirs"):
        out[k] = list(a[k]) + list(b[k])
    return out


def _pick(d: dict, rows: np.ndarray) -> dict:
    return {k: (v[rows] if isinstance(v, np.ndarray) else [v[i] for i in rows])
            for k, v in d.items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("make-set", "proxy", "heldout"))
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=20261206)
    parser.add_argument(
        "--bundle",
        type=Path,
        default=BUNDLE,
        help="its text encoder, tokenizer and prompts are used (locked)",
    )
    parser.add_argument(
        "--composites",
        type=Path,
        default=RUNS / "trainset-lit",
        help="make-set writes the composite versions here; the other modes "
        "train on them too when their feature cache (--composite-cache) exists",
    )
    parser.add_argument("--composite-cache", type=Path, default=RUNS / "feats/lit")
    parser.add_argument(
        "--items", type=int, default=30, help="make-set: composites per photo"
    )
    parser.add_argument(
        "--ladders", type=int, default=3, help="make-set: ladders per photo"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--others-weight",
        type=float,
        default=0.05,
        help="weight of the 'fine' target of attributes a distortion leaves "
        "alone (0: untargeted)",
    )
    parser.add_argument(
        "--export-into",
        type=Path,
        metavar="BUNDLE",
        help="with heldout: write a copy of BUNDLE with the trained projection "
        "as its vision-language image side to --out",
    )
    parser.add_argument("--out", type=Path)
    parser.add_argument("--version", default="dev")
    args = parser.parse_args(argv)
    if args.export_into and (args.mode != "heldout" or not args.out):
        parser.error("--export-into needs the heldout mode (all 42 photos) and --out")
    if args.mode == "make-set":
        make_set(args.composites, args.items, args.ladders, args.seed, args.workers)
        return 0
    torch.set_num_threads(2)
    tr = load(RUNS / "feats/train", RUNS / "trainset-full")
    tr["image"] = np.array(_images(RUNS / "trainset-full"))
    tr = single_rows(tr, RUNS / "trainset-full")
    data, n_single = tr, len(tr["type"])
    if (args.composite_cache / "c0000.npz").exists():
        data = _concat(tr, composite_rows(args.composite_cache, args.composites))
        print(f"training rows: {n_single} single distortions + "
              f"{len(data['type']) - n_single} composites")
    weights = {"nce": 1.0, "quality": 2.0, "attribute": 2.0, "ladder": 1.0,
               "others": args.others_weight}
    if args.mode == "proxy":
        even = np.array(["/kodim" in p and int(p[-2:]) % 2 == 0
                         for p in data["photo"]])
        model = train(
            data, np.flatnonzero(~even), args.bundle, args.steps, args.seed, weights
        )
        single = np.arange(len(data["type"])) < n_single
        test_rows = np.flatnonzero(even & single)
        table, emb = zero_shot_table(model, data, test_rows, args.bundle)
        fit_rows = np.flatnonzero(~even & single)
        tr_data, te_data = _pick(data, fit_rows), _pick(data, test_rows)
        e_tr, e_te = emb[fit_rows], emb[test_rows]
    else:
        he = load(RUNS / "feats/heldout", RUNS / "heldout-full")
        model = train(
            data,
            np.arange(len(data["type"])),
            args.bundle,
            args.steps,
            args.seed,
            weights,
        )
        table, e_te = zero_shot_table(
            model, he, np.arange(len(he["type"])), args.bundle
        )
        with torch.no_grad():
            e_tr = (
                model(torch.from_numpy(tr["low"].astype(np.float32)))
                .numpy()
                .astype(float)
            )
        tr_data, te_data = tr, he
    print(json.dumps(table, indent=1))
    for name, xtr, xte in (
        ("lowlevel", tr_data["low"], te_data["low"]),
        (
            "lowlevel + projected embedding",
            np.hstack([tr_data["low"], e_tr]),
            np.hstack([te_data["low"], e_te]),
        ),
        ("projected embedding", e_tr, e_te),
    ):
        a, p_oof = cv(xtr, target(tr_data), tr_data["w"], tr_data["photo"], FIT_ALPHAS)
        p = np.clip(fit(xtr, target(tr_data), tr_data["w"], a)(xte), 0, 100)
        cv_srcc = srcc(np.clip(p_oof, 0, 100), tr_data["level"])
        print(
            f"{name:32s} alpha {a:5g}  cv {cv_srcc:.4f}"
            f"  test {srcc(p, te_data['level']):.4f}"
        )
    if args.export_into:
        sd = model.state_dict()
        export_feature_projection(
            args.export_into,
            sd["linear.weight"],
            sd["linear.bias"],
            sd["mean"],
            sd["std"],
            float(sd["log_pair_scale"].exp()),
            args.out,
            args.version,
            "LiT-style: a linear projection of the locked low-level encoder's pooled "
            "features into the locked text space of "
            f"{args.bundle.name}'s caption-trained dual encoder, trained on cached "
            f"features of the 42 training photos: {n_single} single distortions and "
            f"{len(data['type']) - n_single} composites (qm_training.train_vl_lit, "
            f"{args.steps} steps, seed {args.seed})",
        )
        print(f"wrote {args.out}")
    return 0


def _images(root: Path) -> list:
    with open(root / "labels.csv", encoding="utf-8") as f:
        return [r["image"] for r in csv.DictReader(f)]


if __name__ == "__main__":
    sys.exit(main())
