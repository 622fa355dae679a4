"""Exports a dual encoder (trained here or converted CLIP) as a bundle's VL branch.

The image and text towers are traced to TorchScript, the default prompt pairs are
embedded with the traced text tower (so users adding prompts get the same vectors), and
:mod:`qm_training.bundle` writes the files. :func:`add_vl_branch` puts the branch into
an existing bundle beside its low-level branch; :func:`write_vl_bundle` writes a bundle
holding the VL branch alone.
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path
from typing import Callable, Mapping, Optional, Sequence

import numpy as np
import torch
from torch import nn

from .bundle import (
    CLIP_MEAN,
    CLIP_STD,
    LowLevelBranch,
    RidgeHead,
    VisionLanguageBranch,
    export_module,
    write_bundle,
)
from .captions import DEFAULT_PROMPTS


class ImageTower(nn.Module):
    """``[N,3,S,S] -> [N,D]``: the model's L2-normalised image embedding."""

    def __init__(self, model: nn.Module):
        super().__init__()
        self.model = model

    def forward(self, x):
        return self.model.encode_image(x)


class TextTower(nn.Module):
    """``[N,T]`` int64 ids ``-> [N,D]``: the model's L2-normalised text embedding."""

    def __init__(self, model: nn.Module):
        super().__init__()
        self.model = model

    def forward(self, ids):
        return self.model.encode_text(ids)


def prompt_embeddings(text_module, encode: Callable[[Sequence[str]], torch.Tensor],
                      pairs: Mapping[str, Sequence[str]] = DEFAULT_PROMPTS) -> dict:
    """Returns prompts.json content: ``quality`` and ``attributes`` with embeddings."""
    entries = {}
    with torch.no_grad():
        for key, (pos, neg) in pairs.items():
            emb = text_module(encode([pos, neg])).float()
            entries[key] = {"positive": pos, "negative": neg,
                            "positive_embedding": emb[0].tolist(),
                            "negative_embedding": emb[1].tolist()}
    quality = entries.pop("quality")
    return {"quality": quality, "attributes": entries}


def export_branch(model: nn.Module, tokenizer: Mapping,
                  encode: Callable[[Sequence[str]], torch.Tensor], size: int,
                  mean: Sequence[float] = CLIP_MEAN, std: Sequence[float] = CLIP_STD,
                  pairs: Mapping[str, Sequence[str]] = DEFAULT_PROMPTS
                  ) -> VisionLanguageBranch:
    """Traces ``model``'s towers and returns the branch ready for ``write_bundle``.

    ``model`` has ``encode_image``, ``encode_text`` and ``scale()``; ``encode`` maps
    texts to the ``[N, context_length]`` ids of ``tokenizer``.
    """
    model = model.eval().cpu().float()
    with warnings.catch_warnings():  # shape asserts inside torch's attention code
        warnings.simplefilter("ignore", torch.jit.TracerWarning)
        image = export_module(ImageTower(model), torch.zeros(1, 3, size, size))
        ids = encode(["a good photo.", "a bad photo."])
        text = export_module(TextTower(model), ids)
    with torch.no_grad():
        dim = int(image(torch.zeros(1, 3, size, size)).shape[1])
        # the zero-shot pairs' own temperature where the model learns one
        scale = float(model.pair_scale() if hasattr(model, "pair_scale")
                      else model.scale())
    return VisionLanguageBranch(
        image, {"size": int(size), "mean": list(mean), "std": list(std)}, dim,
        prompt_embeddings(text, encode, pairs), scale, text, dict(tokenizer))


def zero_shot_head(branch: VisionLanguageBranch) -> RidgeHead:
    """Returns a linear head equal to the quality pair's zero-shot score near 50.

    ``100 * softmax(s * [e.p, e.n])[0] = 100 * sigmoid(s * e.(p - n))``, whose tangent
    at 50 is ``50 + 25 * s * e.(p - n)``: weights ``25 s (p - n)``, no standardisation.
    """
    q = branch.prompts["quality"]
    diff = np.asarray(q["positive_embedding"]) - np.asarray(q["negative_embedding"])
    w = 25.0 * branch.logit_scale * diff
    d = len(diff)
    return RidgeHead(["vision_language"], [0.0] * d, [1.0] * d, w.tolist(), 50.0, 0.0,
                     {"fitted": "zero-shot quality pair, linearised"})


def write_vl_bundle(out_dir, name: str, version: str, branch: VisionLanguageBranch,
                    head: Optional[RidgeHead] = None,
                    metadata: Optional[Mapping] = None) -> Path:
    """Writes a bundle holding only the VL branch; its head is ``vision_language``."""
    head = head or zero_shot_head(branch)
    return write_bundle(out_dir, name, version, vision_language=branch,
                        heads={"vision_language": head}, metadata=metadata or {},
                        output="vision_language")


VL_DESCRIPTION = (
    "plus a vision-language branch (CLIP-style, trained on quality captions)"
)


def add_vl_branch(bundle_dir, branch: VisionLanguageBranch, out_dir=None,
                  head: Optional[RidgeHead] = None,
                  version: Optional[str] = None,
                  trained_on: Optional[dict] = None) -> Path:
    """Writes ``bundle_dir`` (or ``out_dir``) again with ``branch`` as its VL branch.

    The low-level branch, the metadata and the existing heads are kept; a
    ``vision_language`` head is added (``head``, else :func:`zero_shot_head`);
    ``trained_on`` (what the branch was trained on) joins the metadata. Heads
    that combine branches must be refitted on features of both (the ``combined`` head
    stays as it was and names only the branches it used).
    """
    src = Path(bundle_dir)
    doc = json.loads((src / "bundle.json").read_text(encoding="utf-8"))
    low = doc["branches"].get("lowlevel")
    lowlevel = None
    if low is not None:
        lowlevel = LowLevelBranch(str(src / low["file"]), low["input"],
                                  int(low["feature_dim"]))
    reg = json.loads((src / doc["regressor"]["file"]).read_text(encoding="utf-8"))
    heads = dict(reg["heads"])
    heads["vision_language"] = head or zero_shot_head(branch)
    meta = {k: doc[k] for k in ("description", "random_init", "lower_better",
                                "score_range", "trained_on", "metrics") if k in doc}
    if trained_on is not None:  # what the added branch was trained on, beside the rest
        record = dict(meta.get("trained_on", {}))
        # a fitted bundle keeps what its encoders saw under "encoders"
        if "encoders" in record:
            record["encoders"] = {**record["encoders"], "vision_language": trained_on}
        else:
            record["vision_language"] = trained_on
        meta["trained_on"] = record
        if VL_DESCRIPTION not in meta.get("description", ""):
            meta["description"] = (meta.get("description", "") + "; "
                                   + VL_DESCRIPTION).lstrip("; ")
    return write_bundle(out_dir or src, doc["name"], version or doc["version"],
                        lowlevel=lowlevel, vision_language=branch, heads=heads,
                        metadata=meta, output=reg["output"])


def refresh_prompts(
    bundle_dir, pairs: Mapping[str, Sequence[str]] = DEFAULT_PROMPTS
) -> dict:
    """Re-encodes ``bundle_dir``'s prompts.json from ``pairs`` with the bundle's own
    text encoder and tokenizer, in place, and updates its checksum in bundle.json.

    For a changed default prompt set (e.g. a pair added) without re-exporting the
    branch: the pairs already there get the same vectors again. Returns the new
    prompts.json content.
    """
    from .bundle import (
        _normalised_prompts,
        _write_json,
        sha256,
    )  # one writer for the format
    from . import tokenizer as T

    src = Path(bundle_dir)
    doc = json.loads((src / "bundle.json").read_text(encoding="utf-8"))
    vl = doc["branches"].get("vision_language")
    if vl is None or "text_file" not in vl:
        raise ValueError(
            f"{src} has no vision-language text encoder to encode prompts with"
        )
    text = torch.jit.load(str(src / vl["text_file"]), map_location="cpu").eval()
    tok = T.load(src / vl["tokenizer"])
    unknown = T.unknown_words([t for pair in pairs.values() for t in pair], tok)
    if unknown:
        raise ValueError(f"the bundle's tokenizer lacks {', '.join(unknown)}")
    prompts = _normalised_prompts(
        prompt_embeddings(text, lambda t: T.encode(t, tok), pairs), int(vl["embed_dim"])
    )
    _write_json(src / vl["prompts"], prompts)
    doc["files"][vl["prompts"]] = sha256(src / vl["prompts"])
    _write_json(src / "bundle.json", doc)
    return prompts


class FeatureProjection(nn.Module):
    """``[N, F]`` pooled low-level features ``-> [N, D]`` L2-normalised embeddings: the
    image side of a vision-language branch on the locked low-level encoder (bundle input
    ``{"features": "lowlevel"}``), standardisation folded into one linear layer."""

    def __init__(self, weight: torch.Tensor, bias: torch.Tensor):
        super().__init__()
        self.linear = nn.Linear(weight.shape[1], weight.shape[0])
        with torch.no_grad():
            self.linear.weight.copy_(weight)
            self.linear.bias.copy_(bias)

    def forward(self, x):
        return torch.nn.functional.normalize(self.linear(x), dim=-1)


LIT_DESCRIPTION = (
    "vision-language branch (a LiT-style projection of the low-level features into "
    "the text space of a caption-trained dual encoder)"
)


def export_feature_projection(src_bundle, weight, bias, mean, std, logit_scale: float,
                              out_dir, version: str, notes: str):
    """Writes a copy of ``src_bundle`` whose vision-language image side is the
    projection ``normalise(weight @ ((x - mean) / std) + bias)`` of the low-level
    branch's features (text encoder, tokenizer and prompts kept: they were locked in
    training). The regressor is copied as it is; ``./quality-monitor fit`` refits it.
    Returns ``out_dir``."""
    import shutil

    from .bundle import _write_json, sha256

    src, out = Path(src_bundle), Path(out_dir)
    if out.exists():
        raise ValueError(f"{out} exists")
    doc = json.loads((src / "bundle.json").read_text(encoding="utf-8"))
    vl = doc["branches"].get("vision_language")
    if vl is None or "lowlevel" not in doc["branches"]:
        raise ValueError(f"{src} needs a low-level and a vision-language branch")
    w = torch.as_tensor(weight, dtype=torch.float32) / torch.as_tensor(
        std, dtype=torch.float32
    )
    b = torch.as_tensor(bias, dtype=torch.float32) - w @ torch.as_tensor(
        mean, dtype=torch.float32
    )
    module = torch.jit.script(FeatureProjection(w, b).eval())
    shutil.copytree(src, out)
    torch.jit.save(module, str(out / vl["image_file"]))
    vl["input"] = {"features": "lowlevel"}
    vl["logit_scale"] = float(logit_scale)
    doc["version"] = version
    doc["description"] = re.sub(r"vision-language branch( \([^)]*\))?", LIT_DESCRIPTION,
                                doc.get("description", ""), count=1)
    enc = doc.setdefault("trained_on", {}).setdefault("encoders", {})
    enc["vision_language"] = {**enc.get("vision_language", {}), "notes": notes}
    enc["vision_language"].pop("refit", None)
    doc["files"] = {name: sha256(out / name) for name in doc["files"]}
    _write_json(out / "bundle.json", doc)
    return out
