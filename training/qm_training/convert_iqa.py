"""Converts official CONTRIQUE and Re-IQA weights into a bundle's low-level branch.

Papers and official repositories:

- CONTRIQUE: P. C. Madhusudana, N. Birkbeck, Y. Wang, B. Adsumilli, A. C. Bovik,
  "Image Quality Assessment using Contrastive Learning", IEEE TIP 31, 2022;
  https://github.com/pavancm/CONTRIQUE
- Re-IQA: A. Saha, S. Mishra, A. C. Bovik, "Re-IQA: Unsupervised Learning for Image
  Quality Assessment in the Wild", CVPR 2023; https://github.com/avinabsaha/ReIQA

What a user must provide (nothing is downloaded here):

- CONTRIQUE: ``CONTRIQUE_checkpoint25.tar`` (the link in the CONTRIQUE README), a
  ``torch.save``'d state dict of ``CONTRIQUE_model``: the torchvision ResNet-50 trunk
  as ``encoder.0.*`` (conv1), ``encoder.1.*`` (bn1), ``encoder.4.*``-``encoder.7.*``
  (layer1-4), plus ``projector.*`` (dropped). A ``module.`` prefix (DataParallel) is
  stripped.
- Re-IQA: ``quality_aware_r50.pth`` and, optionally, ``content_aware_r50.pth`` (the
  ``reiqa_ckpts/`` links in the Re-IQA README): ``{'model': state_dict, ...}`` with the
  query encoder as ``module.encoder.<torchvision key>``; the MoCo head (``head.*``,
  ``encoder.fc.*``), momentum copies (``model_ema``, ``encoder_ema.*``,
  ``encoder_k.*``) and the optimiser state are dropped.

Loading is strict: every parameter and buffer of the ResNet-50 trunk must be found (a
missing ``num_batches_tracked`` counter, unused in eval, is the one exception); a
checkpoint that does not fit gives one line naming what was expected and what is
missing or left over.

What the bundle computes (docs/model-bundle.md), against the official demos
(``demo_score.py``, ``demo_quality_aware_feats.py``, ``demo_content_aware_feats.py``):

- Input values: the official code feeds ``ToTensor()`` pixels in [0, 1] to CONTRIQUE
  and to Re-IQA's quality encoder, and ImageNet mean/std-normalised pixels to Re-IQA's
  content encoder. The bundle's ``mean``/``std`` are therefore 0/1, and the Re-IQA
  module applies ImageNet normalisation itself before its content encoder.
- Crops instead of the whole image: the papers pool one ResNet-50 over the whole image
  at full and half size. The bundle takes ``crops`` crops of ``crop_size`` (default 5
  of 224: four quadrant centres and the centre) per scale, averages their pooled
  features and L2-normalises the average. The crops cover part of the image only (a
  1024 x 768 photo: about 5 x 224^2 of its 786k pixels at full size), each crop's
  convolutions zero-pad at the crop's borders where the whole-image pass sees
  neighbouring pixels, and images smaller than a crop are upscaled (the papers never
  upscale).
- Half scale: bundle bilinear (Pillow) to ``round(w / 2)``; the demos call Pillow's
  ``resize`` (bicubic in Pillow >= 7) to ``w // 2``.
- Normalisation: CONTRIQUE L2-normalises each scale's 2048 features, as the bundle
  does. Re-IQA uses raw features; the bundle L2-normalises each scale's 4096 values
  (quality then content), one positive factor per image and scale.
- Features: CONTRIQUE 2 x 2048 = 4096; Re-IQA 2 x (2048 + 2048) = 8192, both encoders
  at both scales as in the official demos (the paper's 8192-d); with ``--content``
  left out, the quality encoder alone: 4096.
- Regressor: the released heads are pickled scikit-learn models fitted on features of
  the whole-image protocol; they are not imported. The bundle gets a placeholder head
  (constant 50, marked ``placeholder`` in regressor.json and bundle.json) until
  ``./quality-monitor fit`` fits the ridge head on the user's labelled images.

``--into BUNDLE`` keeps that bundle's vision-language branch (e.g. a converted CLIP)
and its vision-language heads beside the new low-level branch. Checkpoints are read
with torch's safe loader; ``--allow-pickle`` unpickles trusted files fully (on torch
1.13 Re-IQA's files need it: the safe loader refuses an optimiser state's floats).

    cd training
    /usr/bin/python3 -m qm_training.convert_iqa contrique \\
        --weights CONTRIQUE_checkpoint25.tar --out runs/contrique-r50
    /usr/bin/python3 -m qm_training.convert_iqa reiqa --quality quality_aware_r50.pth \\
        --content content_aware_r50.pth --out runs/reiqa-r50
"""

from __future__ import annotations

import argparse
import functools
import json
import pickle
import re
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import Dict, Mapping, Optional, Sequence, Tuple

import torch
from torch import nn
from torchvision.models import resnet50

from .bundle import (
    IMAGENET_MEAN,
    IMAGENET_STD,
    BundleError,
    LowLevelBranch,
    RidgeHead,
    VisionLanguageBranch,
    export_module,
    sha256,
    verify_bundle,
    write_bundle,
)
from .reference import check_crops

FEATURE_DIM = 2048
PLACEHOLDER = ("placeholder: constant 50, not fitted; fit with ./quality-monitor fit "
               "--images DIR --labels labels.csv --model <this bundle> "
               "--out <new bundle>")
# CONTRIQUE wraps the ResNet children (without avgpool and fc) in nn.Sequential.
SEQUENTIAL_NAMES = {"0": "conv1", "1": "bn1", "4": "layer1", "5": "layer2",
                    "6": "layer3", "7": "layer4"}
ENCODER_PREFIXES = ("encoder.", "encoder_q.", "backbone.", "")
DROPPED = ("fc.",)  # MoCo's head where it sits inside the encoder


class CheckpointError(ValueError):
    """Raised, with a one-line message, when a checkpoint is not the expected one."""


class ResNet50Features(nn.Module):
    """torchvision ResNet-50 without fc: ``[N,3,H,W] -> [N,2048]``, average-pooled.

    With ``mean``/``std`` the module normalises its [0, 1] input itself first.
    """

    def __init__(self, mean: Optional[Sequence[float]] = None,
                 std: Optional[Sequence[float]] = None):
        super().__init__()
        self.net = resnet50()
        self.net.fc = nn.Identity()
        self.normalise = mean is not None
        shape = (1, 3, 1, 1)
        self.register_buffer("mean", torch.tensor(mean or [0.0] * 3).view(shape))
        self.register_buffer("std", torch.tensor(std or [1.0] * 3).view(shape))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.normalise:
            x = (x - self.mean) / self.std
        return self.net(x)


class ReIqaFeatures(nn.Module):
    """Re-IQA's two encoders on [0, 1] input: ``[N,3,H,W] -> [N,4096]``, quality first.

    ``content`` normalises its input with ImageNet's mean/std itself.
    """

    def __init__(self, quality: nn.Module, content: nn.Module):
        super().__init__()
        self.quality = quality
        self.content = content

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([self.quality(x), self.content(x)], dim=1)


def read_checkpoint(path, allow_pickle: bool = False) -> Dict[str, torch.Tensor]:
    """Returns the state dict in a checkpoint file (raw, or under 'model'/'state_dict').

    The file is read with torch's safe ``weights_only`` loader unless ``allow_pickle``
    (trusted files only: full unpickling runs code). torch 1.13's safe loader refuses
    floats, which the optimiser state in Re-IQA's checkpoints holds.
    """
    path = Path(path)
    if not _looks_like_torch_save(path):
        raise CheckpointError(f"{path}: not a PyTorch checkpoint (neither torch.save's "
                              "zip format nor its older pickle or tar format)")
    try:
        obj = torch.load(str(path), map_location="cpu", weights_only=not allow_pickle)
    except pickle.UnpicklingError as e:
        reason = str(e).rpartition("error:")[2].strip() or type(e).__name__
        raise CheckpointError(f"{path}: torch's safe loader refused it ({reason}); if "
                              "you trust the file, pass --allow-pickle") from None
    except Exception as e:  # noqa: BLE001 - torch raises many kinds on a foreign file
        raise CheckpointError(
            f"{path}: not a PyTorch checkpoint ({type(e).__name__}: {e})") from None
    return unwrap_state_dict(obj, str(path))


def _looks_like_torch_save(path: Path) -> bool:
    with open(path, "rb") as f:
        first = f.read(1)
    return first == b"\x80" or zipfile.is_zipfile(path) or tarfile.is_tarfile(path)


def unwrap_state_dict(obj, what: str = "checkpoint") -> Dict[str, torch.Tensor]:
    """Returns ``obj`` or its ``model``/``state_dict`` entry, as ``{key: tensor}``."""
    if isinstance(obj, Mapping) and not _all_tensors(obj):
        for key in ("model", "state_dict", "model_state_dict"):
            if isinstance(obj.get(key), Mapping):
                obj = obj[key]
                break
    if not isinstance(obj, Mapping) or not obj or not _all_tensors(obj):
        keys = sorted(obj)[:6] if isinstance(obj, Mapping) else type(obj).__name__
        raise CheckpointError(f"{what}: expected a state dict, or a dict holding one "
                              f"under 'model' or 'state_dict'; found {keys}")
    return {str(k): v for k, v in obj.items()}


def resnet50_trunk_state(state: Mapping[str, torch.Tensor],
                         what: str = "checkpoint") -> Dict[str, torch.Tensor]:
    """Returns the query encoder's weights under torchvision ResNet-50 names (no fc).

    ``module.`` prefixes are stripped; the encoder is looked for under ``encoder.``,
    then ``encoder_q.``, ``backbone.`` and the top level; CONTRIQUE's nn.Sequential
    indices become torchvision names; ``fc.*`` is dropped. Raises
    :class:`CheckpointError` when any trunk key is missing or unknown ones remain.
    """
    expected = _expected_keys()
    flat = {_strip_module(k): v for k, v in state.items()}
    best_prefix, best = "", {}
    for prefix in ENCODER_PREFIXES:
        found = {}
        for key, value in flat.items():
            if key.startswith(prefix):
                name = _torchvision_name(key[len(prefix):])
                if not name.startswith(DROPPED):
                    found[name] = value
        if len(set(found) & expected) > len(set(best) & expected):
            best_prefix, best = prefix, found
    for key in expected - set(best):
        if key.endswith("num_batches_tracked"):  # absent from old checkpoints
            best[key] = torch.tensor(0, dtype=torch.long)
    missing = sorted(expected - set(best), key=_natural)
    unexpected = sorted(set(best) - expected, key=_natural)
    if missing or unexpected:
        shown = repr(best_prefix) if best_prefix else "the top level"
        sample = ", ".join(sorted(flat, key=_natural)[:4])
        raise CheckpointError(
            f"{what}: expected ResNet-50 keys under 'encoder.' (torchvision names "
            f"such as encoder.conv1.weight, encoder.layer4.2.bn3.running_var, or "
            f"CONTRIQUE's encoder.0.weight ... encoder.7.*); best match under {shown}: "
            f"{len(set(best) & expected)} of {len(expected)}, missing {_few(missing)}, "
            f"unexpected {_few(unexpected)}; the file's keys begin {sample}")
    return best


def load_resnet50(state: Mapping[str, torch.Tensor], what: str = "checkpoint",
                  mean: Optional[Sequence[float]] = None,
                  std: Optional[Sequence[float]] = None) -> ResNet50Features:
    """Returns :class:`ResNet50Features` holding the checkpoint's trunk, strictly."""
    model = ResNet50Features(mean, std)
    trunk = resnet50_trunk_state(state, what)
    try:
        model.net.load_state_dict(trunk, strict=True)
    except RuntimeError as e:
        lines = [ln.strip() for ln in str(e).splitlines() if ln.strip()]
        detail = "; ".join(lines[1:4]) or lines[0]
        raise CheckpointError(f"{what}: does not fit ResNet-50: {detail}") from None
    return model.eval()


def placeholder_head(width: int) -> RidgeHead:
    """Returns a head that scores every image 50, marked as a placeholder."""
    return RidgeHead(["lowlevel"], [0.0] * width, [1.0] * width, [0.0] * width, 50.0,
                     0.0, {"fitted": PLACEHOLDER})


def convert_contrique(state: Mapping[str, torch.Tensor], out_dir,
                      crop_size: int = 224, crops: int = 5, name: str = "contrique-r50",
                      version: str = "1", source: str = "CONTRIQUE_checkpoint25.tar",
                      into=None) -> Tuple[Path, nn.Module, torch.jit.ScriptModule]:
    """Writes a bundle with CONTRIQUE's encoder as its low-level branch.

    Returns ``(bundle path, source network, TorchScript)``; the network maps [0, 1]
    pixels to 2048 pooled features. ``into``: see :func:`read_vl_parts`.
    """
    _check_input(crop_size, crops)
    model = load_resnet50(state, source)
    notes = ("CONTRIQUE (Madhusudana et al., TIP 2022) ResNet-50, official weights "
             f"{source}; converted by qm_training/convert_iqa.py")
    return _write(out_dir, model, FEATURE_DIM, (crop_size, crops), (name, version),
                  "CONTRIQUE ResNet-50 (official weights), 2 x 2048 features", notes,
                  into)


def convert_reiqa(quality: Mapping[str, torch.Tensor],
                  content: Optional[Mapping[str, torch.Tensor]], out_dir,
                  crop_size: int = 224, crops: int = 5, name: str = "reiqa-r50",
                  version: str = "1",
                  sources: Tuple[str, str] = ("quality_aware_r50.pth",
                                              "content_aware_r50.pth"),
                  into=None) -> Tuple[Path, nn.Module, torch.jit.ScriptModule]:
    """Writes a bundle with Re-IQA's encoders as its low-level branch.

    With ``content``, one module gives ``[quality(x), content(imagenet_norm(x))]``
    (4096 per crop); without, the quality encoder alone (2048). Returns ``(bundle
    path, source network, TorchScript)``. ``into``: see :func:`read_vl_parts`.
    """
    _check_input(crop_size, crops)
    module: nn.Module = load_resnet50(quality, sources[0])
    dim, what = FEATURE_DIM, "quality-aware encoder"
    if content is not None:
        content_net = load_resnet50(content, sources[1], IMAGENET_MEAN, IMAGENET_STD)
        module = ReIqaFeatures(module, content_net).eval()
        dim, what = 2 * FEATURE_DIM, "quality- and content-aware encoders"
    used = sources if content is not None else sources[:1]
    notes = ("Re-IQA (Saha et al., CVPR 2023) ResNet-50 " + what + ", official weights "
             + ", ".join(used) + "; converted by qm_training/convert_iqa.py")
    return _write(out_dir, module, dim, (crop_size, crops), (name, version),
                  f"Re-IQA {what} (official weights), 2 x {dim} features", notes, into)


def read_vl_parts(bundle_dir) -> Tuple[VisionLanguageBranch, Dict[str, dict], dict]:
    """Returns the vision-language branch of a bundle, its VL-only heads, bundle.json.

    A converter given ``into`` writes that branch beside the new low-level branch and
    keeps those heads (e.g. a converted CLIP's linearised zero-shot head); the
    ``vision_language`` head, where there is one, gives the score until ``fit``.
    """
    root = Path(bundle_dir)
    try:
        doc = verify_bundle(root)
    except (BundleError, OSError, ValueError) as e:
        raise CheckpointError(f"{root}: not a readable bundle ({e})") from None
    vl = doc["branches"].get("vision_language")
    if vl is None:
        raise CheckpointError(f"{root}: has no vision_language branch to keep")

    def read(name):
        return json.loads((root / name).read_text(encoding="utf-8"))

    branch = VisionLanguageBranch(
        str(root / vl["image_file"]), vl["input"], int(vl["embed_dim"]),
        read(vl["prompts"]), float(vl.get("logit_scale", 100.0)),
        str(root / vl["text_file"]) if vl.get("text_file") else None,
        read(vl["tokenizer"]) if vl.get("tokenizer") else None)
    heads = {k: h for k, h in read(doc["regressor"]["file"])["heads"].items()
             if list(h["features"]) == ["vision_language"]}
    return branch, heads, doc


def _write(out_dir, module: nn.Module, dim: int, crop: Tuple[int, int],
           tag: Tuple[str, str], description: str, notes: str, into=None):
    vl, heads, src = (None, {}, None) if into is None else read_vl_parts(into)
    crop_size, crops = crop
    ts = export_module(module, torch.zeros(1, 3, crop_size, crop_size))
    inp = {"crop_size": int(crop_size), "crops": int(crops), "scales": [1.0, 0.5],
           "mean": [0.0, 0.0, 0.0], "std": [1.0, 1.0, 1.0]}
    heads["lowlevel"] = placeholder_head(2 * dim)
    output = "vision_language" if "vision_language" in heads else "combined"
    if output == "combined":  # as fit names them: combined gives the score
        heads["combined"] = placeholder_head(2 * dim)
    trained_on = {"images": "the authors' training data (third-party weights)",
                  "regressor": PLACEHOLDER, "notes": notes}
    description += " (low-level head not fitted: 50)"
    if src is not None:
        trained_on["vision_language"] = src.get("trained_on", {})
        description += f"; vision-language branch of {src['name']} {src['version']}"
    path = write_bundle(out_dir, tag[0], tag[1],
                        lowlevel=LowLevelBranch(ts, inp, dim), vision_language=vl,
                        heads=heads, output=output,
                        metadata={"description": description, "trained_on": trained_on,
                                  "metrics": {}})
    return path, module, ts


def _check_input(crop_size: int, crops: int) -> None:
    if crop_size < 32:
        raise CheckpointError(f"crop size {crop_size} is below ResNet-50's stride 32")
    try:
        check_crops(crops)
    except ValueError as e:
        raise CheckpointError(str(e)) from None


def _all_tensors(m: Mapping) -> bool:
    return all(isinstance(v, torch.Tensor) for v in m.values())


def _strip_module(key: str) -> str:
    while key.startswith("module."):
        key = key[len("module."):]
    return key


def _torchvision_name(key: str) -> str:
    head, _, rest = key.partition(".")
    return f"{SEQUENTIAL_NAMES[head]}.{rest}" if head in SEQUENTIAL_NAMES else key


@functools.lru_cache(maxsize=1)
def _expected_keys() -> frozenset:
    return frozenset(resnet50().state_dict()) - {"fc.weight", "fc.bias"}


def _natural(key: str):
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", key)]


def _few(keys: Sequence[str]) -> str:
    """Returns ``"0"`` or the count and the first keys: ``"6 (a, b, c, +3 more)"``."""
    if not keys:
        return "0"
    more = f", +{len(keys) - 3} more" if len(keys) > 3 else ""
    return f"{len(keys)} (" + ", ".join(keys[:3]) + more + ")"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="model", required=True)
    con = sub.add_parser("contrique", help="CONTRIQUE_checkpoint25.tar")
    con.add_argument("--weights", required=True, type=Path)
    rei = sub.add_parser("reiqa", help="Re-IQA quality (and content) encoders")
    rei.add_argument("--quality", required=True, type=Path,
                     help="quality_aware_r50.pth")
    rei.add_argument("--content", type=Path,
                     help="content_aware_r50.pth (left out: quality encoder alone)")
    for p in (con, rei):
        p.add_argument("--out", required=True, type=Path, help="new bundle folder")
        p.add_argument("--crop-size", type=int, default=224, help="crop side (224)")
        p.add_argument(
            "--crops",
            type=int,
            default=5,
            help="crops per scale: n * n grid cell centres (1, 4, 9, ...) or 5 "
            "(quadrants and centre)",
        )
        p.add_argument("--name", default=None, help="bundle name")
        p.add_argument("--version-tag", default="1", help="bundle version (1)")
        p.add_argument("--allow-pickle", action="store_true",
                       help="unpickle checkpoints fully (trusted files only)")
        p.add_argument("--threads", type=int, default=2, help="torch threads (2)")
        p.add_argument("--into", type=Path, metavar="BUNDLE",
                       help="keep this bundle's vision-language branch and its heads "
                            "(e.g. a converted CLIP) beside the new low-level branch")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    contrique = args.model == "contrique"
    files = [args.weights] if contrique else [args.quality, args.content]
    for f in files:
        if f is not None and not f.is_file():
            print(f"error: file not found: {f}", file=sys.stderr)
            return 2
    opts = dict(crop_size=args.crop_size, crops=args.crops, version=args.version_tag,
                into=args.into)
    try:
        if contrique:
            state = read_checkpoint(args.weights, args.allow_pickle)
            path, *_ = convert_contrique(state, args.out,
                                         name=args.name or "contrique-r50",
                                         source=_describe(args.weights), **opts)
        else:
            quality = read_checkpoint(args.quality, args.allow_pickle)
            content = (read_checkpoint(args.content, args.allow_pickle)
                       if args.content else None)
            sources = (_describe(args.quality),
                       _describe(args.content) if args.content else "")
            path, *_ = convert_reiqa(quality, content, args.out,
                                     name=args.name or "reiqa-r50", sources=sources,
                                     **opts)
    except CheckpointError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"wrote {path} (head is a placeholder: run ./quality-monitor fit next)")
    return 0


def _describe(path: Path) -> str:
    return f"{path.name} (sha256 {sha256(path)[:16]})"


if __name__ == "__main__":
    sys.exit(main())
