"""Splits a bundle's frozen image tower at its projection, and puts it back together.

A bundle keeps the vision-language image encoder as frozen TorchScript
(:func:`qm_training.bundle.export_module`), not as training weights. To refit only its
last layer (the projection into the joint embedding, :mod:`qm_training.vl_refit`) the
pooled features before that layer are needed. TorchScript can print a frozen module's
code with its constants (``code_with_constants``); that code is plain torch calls ending
in ``linear(features, W, b)`` and an L2 normalisation. :func:`split_image_tower` runs
the code up to that ``linear`` in Python and returns ``W`` and ``b``;
:func:`with_projection` traces the same code with a new ``W`` and ``b`` into a frozen
module for the bundle.

Checked on every split: the features through the old projection must give the module's
own output (:func:`split_image_tower` raises otherwise), so a tower whose code does not
end that way is refused rather than refitted wrongly.
"""

from __future__ import annotations

import re
import types
import warnings
from dataclasses import dataclass
from typing import Callable, Dict

import torch
from torch import nn
from torch.nn import functional as F

from .bundle import export_module

_LINEAR = re.compile(
    r"^\s*(\w+) = torch\.linear\((\w+), CONSTANTS\.(c\d+), CONSTANTS\.(c\d+)\)$"
)


class _Ops:
    """``torch`` as TorchScript's printed code calls it: a few aten names that the
    Python ``torch`` namespace lacks or spells otherwise."""

    @staticmethod
    def slice(t, dim=0, start=None, end=None, step=1):  # noqa: A003 - aten's name
        return torch.ops.aten.slice(t, dim, start, end, step)

    @staticmethod
    def pad(t, pad, mode="constant", value=None):
        if mode == "constant":
            return F.pad(t, pad, mode, 0.0 if value is None else value)
        return F.pad(t, pad, mode)

    def __getattr__(self, name):
        return (
            getattr(torch, name)
            if hasattr(torch, name)
            else getattr(torch.ops.aten, name)
        )


@dataclass
class SplitTower:
    """A frozen image tower cut before its projection."""

    code: str  # the printed forward up to the projection, returning its input
    constants: Dict[str, torch.Tensor]  # c0, c1, ... of that code
    weight: torch.Tensor  # projection [embed_dim, feature_dim]
    bias: torch.Tensor  # [embed_dim]

    def features_fn(self) -> Callable[[torch.Tensor], torch.Tensor]:
        return _compile(self.code, self.constants)


def _compile(code: str, constants) -> Callable[[torch.Tensor], torch.Tensor]:
    if isinstance(constants, dict):
        constants = types.SimpleNamespace(**constants)
    ns = {"torch": _Ops(), "CONSTANTS": constants, "Tensor": torch.Tensor,
          "annotate": lambda _t, v: v}
    exec(
        code, ns
    )  # noqa: S102 - code printed by TorchScript from the bundle's own module
    fn = ns["forward"]
    return lambda x: fn(None, x)


def split_image_tower(module: torch.jit.ScriptModule, size: int = 64) -> SplitTower:
    """Returns ``module`` (``[N,3,S,S] -> [N,D]``, L2-normalised) cut at its last
    linear.

    Raises ``ValueError`` when the module's code has no such projection or when the
    features through it do not give the module's output on ``size`` px inputs.
    """
    code, consts = module.code_with_constants
    constants = {k: v for k, v in consts.const_mapping.items()}
    lines = code.splitlines()
    found = [i for i, line in enumerate(lines) if _LINEAR.match(line)]
    if not found or not lines[0].startswith("def forward(self,"):
        raise ValueError(
            "the image tower's code has no final projection (torch.linear) to refit"
        )
    last = found[-1]
    _out, features, w, b = _LINEAR.match(lines[last]).groups()
    head = lines[:last] + [f"  return {features}"]
    head[1] = re.sub(r":\s*Tensor\)\s*->\s*Tensor:", "):", head[1])
    split = SplitTower(
        "\n".join(head), constants, constants[w].clone(), constants[b].clone()
    )
    fn = split.features_fn()
    with torch.no_grad():
        x = torch.rand(2, 3, size, size, generator=torch.Generator().manual_seed(0))
        want = module(x)
        got = F.normalize(F.linear(fn(x), split.weight, split.bias), dim=-1)
    if got.shape != want.shape or not torch.allclose(got, want, atol=1e-5):
        raise ValueError("the image tower does not end in linear + L2 normalisation")
    return split


class _Rebuilt(nn.Module):
    def __init__(self, split: SplitTower, weight: torch.Tensor, bias: torch.Tensor):
        super().__init__()
        self.consts = nn.Module()
        for k, v in split.constants.items():
            self.consts.register_buffer(k, v.detach().clone())
        self.proj = nn.Linear(weight.shape[1], weight.shape[0])
        with torch.no_grad():
            self.proj.weight.copy_(weight)
            self.proj.bias.copy_(bias)
        self._code = split.code

    def forward(self, x):
        consts = types.SimpleNamespace(**dict(self.consts.named_buffers()))
        h = _compile(self._code, consts)(x)
        return F.normalize(self.proj(h), dim=-1)


def with_projection(split: SplitTower, weight: torch.Tensor, bias: torch.Tensor,
                    size: int) -> torch.jit.ScriptModule:
    """Returns the tower with projection ``weight``/``bias``, traced on ``size`` px and
    frozen, as :func:`qm_training.bundle.export_module` writes towers."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", torch.jit.TracerWarning)
        return export_module(
            _Rebuilt(split, weight, bias), torch.zeros(1, 3, size, size)
        )
