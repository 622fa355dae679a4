"""Tiny random branches and bundles that several test files build on."""

import numpy as np
import torch
from PIL import Image
from torch import nn

from qm_training import tokenizer as T
from qm_training.archs import build_arch
from qm_training.bundle import LowLevelBranch, RidgeHead, export_module, write_bundle
from qm_training.vl_export import add_vl_branch, export_branch

#: the tiny vision-language branch's input side
SIZE = 64


def vl_branch():
    """Returns (model, tokenizer, exported branch) of a seeded ``qmclip_xs`` encoder."""
    torch.manual_seed(0)
    tok = T.caption_tokenizer()
    model = build_arch("qmclip", variant="qmclip_xs", vocab_size=tok["vocab_size"],
                       context_length=tok["context_length"]).eval()
    branch = export_branch(model, tok, lambda t: T.encode(t, tok), SIZE)
    return model, tok, branch


def random_image(seed):
    """Returns a 100 x 80 RGB image of uniform noise."""
    a = np.random.default_rng(seed).integers(0, 255, (80, 100, 3), dtype=np.uint8)
    return Image.fromarray(a, "RGB")


def lowlevel_bundle(path, metadata):
    """Writes a bundle with a tiny random low-level branch and one combined head."""
    low = export_module(nn.Sequential(nn.Conv2d(3, 4, 3, 4), nn.AdaptiveAvgPool2d(1),
                                      nn.Flatten()), torch.zeros(1, 3, 32, 32))
    head = RidgeHead(["lowlevel"], [0.0] * 4, [1.0] * 4, [1.0] * 4, 50.0)
    return write_bundle(path, "low", "1",
                        lowlevel=LowLevelBranch(low, {"crop_size": 32, "crops": 1,
                                                      "scales": [1.0]}, 4),
                        heads={"combined": head}, metadata=metadata)


def vl_donor_bundle(tmp_path):
    """Writes ``tmp_path/donor``: :func:`lowlevel_bundle` (``tmp_path/low1``) with the
    :func:`vl_branch`, recorded as trained for 7 steps; returns its path."""
    _, _, branch = vl_branch()
    low = lowlevel_bundle(tmp_path / "low1", {"description": "d"})
    return add_vl_branch(low, branch, out_dir=tmp_path / "donor",
                         trained_on={"steps": 7})
