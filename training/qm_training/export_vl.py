"""Exports a trained qmclip checkpoint as a bundle's vision-language branch.

Writes a bundle holding the VL branch alone (``--out``), or adds the branch to a copy of
an existing bundle (``--into`` + ``--out``: its low-level branch and heads are kept).
``--from-bundle DIR`` (with ``--fit-items 0``) takes the branch from another bundle as
it is there, for a rebuild whose VL training weights are not at hand; with ``--refit
CONFIG`` its image projection is first refitted on a training cache
(``qm_training.vl_refit``, e.g.
``configs/qmclip/qmclip_cpu_captions_refit_spatial.yml``): the encoder stays, the
embedding changes, so the heads must be fitted again (``fit``; training/build_default.sh
with the new bundle). The ``vision_language`` head is a ridge fit of the embeddings of
synthesised training-photo distortions to 100 x the quality proxy (``--fit-items``; 0 =
the zero-shot quality pair, linearised), one view per item. Held-out photos are never
read. ``--crops N --scales 1,0.5`` makes the runtime read the branch from N crops per
scale (laid out as the low-level branch's, side = the encoder's input size) and average
their embeddings; without it, one centre crop.

    cd training && /usr/bin/python3 -m qm_training.export_vl \\
        --weights runs/qmclip_s_captions/weights.pt --out runs/qmclip_s_captions/bundle
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

import numpy as np
import torch

from qm_training import tokenizer as T
from qm_training.bundle import RidgeHead
from qm_training.captions import PAIR_ORDER
from qm_training.checkpoints import load_config, load_vl_model
from qm_training.convert_iqa import read_vl_parts
from qm_training.data import TRAINING_DIR, load_splits
from qm_training.vl_data import CaptionPairs
from qm_training.vl_export import add_vl_branch, export_branch, write_vl_bundle

FIT_SEED = 777  # another stream than training's, same training photos


def fit_head(image_module, cfg: dict, tokenizer: dict, items: int,
             alpha: float = 1.0) -> RidgeHead:
    """Ridge head from embeddings of ``items`` synthesised training-photo pairs."""
    photos = load_splits(cfg["splits"], cfg.get("data_root"))["train"]
    ds = CaptionPairs(photos, cfg["data"], tokenizer, FIT_SEED)
    x, y = [], []
    for start in range(0, items, 32):
        batch = [ds[i] for i in range(start, min(items, start + 32))]
        with torch.no_grad():
            e = image_module(torch.stack([b["image"] for b in batch]))
        x.append(torch.nn.functional.normalize(e, dim=-1).numpy())
        y.extend(100.0 * float(b["quality"]) for b in batch)
    head = RidgeHead.fit(["vision_language"], np.concatenate(x), np.asarray(y), alpha)
    head.extra = {"fitted": f"ridge on {items} synthesised training-photo distortions, "
                            "target 100 x quality proxy"}
    return head


def export_weights(weights: Path, fit_items: int):
    """(branch, head or None, step, trained_on) of train_vl weights."""
    model, cfg, tokenizer, step = load_vl_model(weights)
    size = int(cfg["data"]["size"])
    branch = export_branch(model, tokenizer, lambda t: T.encode(t, tokenizer), size)
    head = (
        fit_head(branch.image_module, cfg, tokenizer, fit_items)
        if fit_items > 0
        else None
    )
    trained_on = {
        "images": f"training split of {cfg['splits']} (held-out photos never read)",
        "distortions": "qm_training.distortions, 26 types x 5 levels, one or two "
        "per image, with generated captions",
        "steps": step,
        "notes": f"config {cfg['name']}; image-text InfoNCE + "
        "GRepQ-style prompt-pair objectives",
    }
    return branch, head, step, trained_on


def refit_branch(branch, config: Path):
    """Returns ``branch`` with its image projection refitted as ``config`` says
    (``refit`` block; ``cache``: a train_vl cache of training photos)."""
    from qm_training import vl_surgery
    from qm_training.vl_data import CachedPairs
    from qm_training.vl_refit import refit_tower

    cfg = load_config(config)
    rc = cfg["refit"]
    text = branch.text_module
    text = (
        torch.jit.load(text, map_location="cpu").eval()
        if isinstance(text, str)
        else text
    )
    image = branch.image_module
    image = (
        torch.jit.load(image, map_location="cpu").eval()
        if isinstance(image, str)
        else image
    )
    if text is None or branch.tokenizer is None:
        raise SystemExit("--refit needs the branch's text encoder and tokenizer")
    split = vl_surgery.split_image_tower(image, int(cfg["size"]))
    cache = torch.load(TRAINING_DIR / cfg["cache"])
    pairs = CachedPairs(
        cache, branch.tokenizer, int(cfg.get("seed", 0)), int(cfg["size"])
    )
    print(f"refitting the projection on {min(len(pairs), int(rc['max_views']))} of "
          f"{len(pairs)} cached views ({cfg['cache']})", flush=True)
    weight, bias, scale, losses = refit_tower(
        split, pairs, lambda t: text(T.encode(t, branch.tokenizer)), PAIR_ORDER,
        branch.logit_scale, float(rc["nce_scale"]), steps=int(rc["steps"]),
        lr=float(rc["lr"]), nce_weight=float(rc["nce_weight"]),
        pair_weight=float(rc.get("pair_weight", 2.0)), seed=int(rc.get("seed", 0)),
        max_views=int(rc["max_views"]), type_weights=rc.get("type_weights"))
    print("refit: " + " ".join(f"{k} {v:.3f}" for k, v in losses.items()), flush=True)
    module = vl_surgery.with_projection(split, weight, bias, int(cfg["size"]))
    return dataclasses.replace(branch, image_module=module, logit_scale=scale), losses


def crop_layout(inp: dict, crops: int, scales: str) -> dict:
    """The branch input ``inp`` read from ``crops`` crops per scale of its side."""
    side = int(inp.get("crop_size", inp.get("size")))
    return {"crop_size": side, "crops": int(crops),
            "scales": [float(s) for s in scales.split(",")],
            "mean": list(inp["mean"]), "std": list(inp["std"])}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--weights", type=Path, help="train_vl weights.pt")
    source.add_argument(
        "--from-bundle",
        type=Path,
        help="take the branch as it is in this bundle (its TorchScript, "
        "tokenizer and prompts) instead of exporting weights",
    )
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--into", type=Path,
                        help="existing bundle to add the branch to")
    parser.add_argument("--fit-items", type=int, default=600)
    parser.add_argument(
        "--version",
        help="bundle version (default: the --into bundle's, " "else 2026.11.23-vl)",
    )
    parser.add_argument(
        "--crops",
        type=int,
        help="read the branch from this many crops per scale (5 or n * n, laid "
        "out as the low-level branch's) and average their embeddings, instead "
        "of one centre crop",
    )
    parser.add_argument("--scales", default="1.0",
                        help="with --crops: comma-separated resize factors in (0, 1]")
    parser.add_argument(
        "--refit",
        type=Path,
        metavar="CONFIG",
        help="with --from-bundle: refit the branch's image projection as this "
        "config says (e.g. configs/qmclip/qmclip_cpu_captions_refit_spatial.yml)",
    )
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    if args.refit and not args.from_bundle:
        parser.error("--refit takes a branch from a bundle: add --from-bundle")
    torch.set_num_threads(args.threads)
    if args.from_bundle:
        if args.fit_items > 0:
            parser.error("--from-bundle takes the branch as it is: add --fit-items 0")
        branch, _heads, doc = read_vl_parts(args.from_bundle)
        trained_on = doc.get("trained_on", {})
        trained_on = (trained_on.get("encoders", {}).get("vision_language")
                      or trained_on.get("vision_language"))
        head, step = None, (trained_on or {}).get("steps", 0)
        if args.refit:
            branch, losses = refit_branch(branch, args.refit)
            trained_on = dict(trained_on or {})
            trained_on["refit"] = (
                f"projection refitted on frozen features ({args.refit.name}; "
                + ", ".join(f"{k} {v:.3g}" for k, v in losses.items()) + ")")
    else:
        branch, head, step, trained_on = export_weights(args.weights, args.fit_items)
    if args.crops:
        branch = dataclasses.replace(branch, input=crop_layout(branch.input, args.crops,
                                                               args.scales))
    if args.into:
        import shutil

        if args.out.resolve() != args.into.resolve():
            shutil.copytree(args.into, args.out, dirs_exist_ok=True)
        path = add_vl_branch(args.out, branch, head=head, version=args.version,
                             trained_on=trained_on)
    else:
        meta = {"description": "vision-language branch (qmclip) trained here on "
                               "synthesised quality captions",
                "trained_on": trained_on}
        path = write_vl_bundle(
            args.out, "qm-vl", args.version or "2026.11.23-vl", branch, head, meta
        )
    print(f"wrote {path} (step {step}, logit_scale {branch.logit_scale:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
