"""Trainable low-level encoder weights from a bundle's frozen TorchScript.

A bundle's ``lowlevel.pt`` is the encoder traced and frozen (``bundle.export_module``):
each batch norm is folded into the convolution before it, so the file keeps, per
convolution, a weight ``W'`` and a bias ``b'`` and no module parameters. This module
puts them back into a :class:`~qm_training.archs.contrique_arch.ContriqueModel` so that
a shipped encoder can be trained on (``init_from`` in a training config) when its
training checkpoint is not at hand.

The folded layer computes ``W'x + b'`` exactly; the recovered pair (convolution ``W'``,
batch norm) must compute the same in eval mode and nearly the same in training mode,
where the batch norm normalises by the batch's own statistics. So the batch norm gets
running statistics ``m, v`` measured on ``sample`` (per channel, of ``W'x``), weight
``sqrt(v + eps)`` and bias ``m + b'``: eval mode gives ``W'x + b'`` exactly, and
training mode gives it up to the difference between a batch's statistics and ``m, v``.

The projection head is not in the bundle (it is used only by the contrastive loss) and
stays as initialised.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Tuple

import torch
from torch import nn

from qm_training import provenance


def is_torchscript(path) -> bool:
    """Whether ``path`` is a TorchScript archive (a zip with ``constants.pkl``)."""
    import zipfile

    path = Path(path)
    if not path.is_file() or not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as z:
        return any(n.endswith("constants.pkl") for n in z.namelist())


def folded_convolutions(
    module: torch.jit.ScriptModule,
) -> List[Tuple[torch.Tensor, torch.Tensor]]:
    """``(weight, bias)`` of each convolution of a frozen module, in execution order."""
    out = []
    for node in module.graph.nodes():
        if node.kind() not in ("aten::_convolution", "aten::conv2d"):
            continue
        inputs = list(node.inputs())
        pair = []
        for value in inputs[1:3]:
            producer = value.node()
            if (
                producer.kind() != "prim::Constant"
                or not value.type().kind() == "TensorType"
            ):
                raise ValueError(
                    "not a frozen module: convolution weights are not constants"
                )
            pair.append(producer.t("value").detach().clone())
        out.append((pair[0], pair[1]))
    return out


def _conv_bn_pairs(encoder: nn.Module) -> List[Tuple[nn.Conv2d, nn.BatchNorm2d]]:
    """Each convolution with the batch norm registered right after it (ResNet order)."""
    modules = [
        m for m in encoder.modules() if isinstance(m, (nn.Conv2d, nn.BatchNorm2d))
    ]
    pairs = []
    for conv, bn in zip(modules[0::2], modules[1::2]):
        if not isinstance(conv, nn.Conv2d) or not isinstance(bn, nn.BatchNorm2d):
            raise ValueError(
                "encoder is not a sequence of convolution + batch norm pairs"
            )
        pairs.append((conv, bn))
    return pairs


def _execution_order(encoder: nn.Module, sample: torch.Tensor) -> List[nn.Conv2d]:
    order: List[nn.Conv2d] = []
    hooks = [m.register_forward_hook(lambda mod, _i, _o: order.append(mod))
             for m in encoder.modules() if isinstance(m, nn.Conv2d)]
    try:
        with torch.no_grad():
            encoder.eval()(sample[:1])
    finally:
        for h in hooks:
            h.remove()
    return order


@torch.no_grad()
def load_folded(encoder: nn.Module, frozen: torch.jit.ScriptModule,
                sample: torch.Tensor) -> Tuple[float, float]:
    """Loads ``frozen``'s folded weights into ``encoder`` (same architecture).

    ``sample``: a batch of inputs as the encoder sees them in training, for the batch
    norms' statistics. Returns the largest absolute difference between ``encoder`` (eval
    mode) and ``frozen`` on ``sample``, and the largest absolute output of ``frozen``
    there; raises ``ValueError`` if the layers do not match.
    """
    folded = folded_convolutions(frozen)
    bn_of = {id(conv): bn for conv, bn in _conv_bn_pairs(encoder)}
    convs = _execution_order(encoder, sample)
    if len(convs) != len(folded):
        raise ValueError(f"frozen module has {len(folded)} convolutions, "
                         f"the architecture {len(convs)}")
    stats = {}

    def record(bn):
        def hook(_m, inputs, _o):
            x = inputs[0].transpose(0, 1).flatten(1)
            stats[id(bn)] = (x.mean(1), x.var(1, unbiased=False))
        return hook

    hooks = []
    for conv, (w, b) in zip(convs, folded):
        if conv.weight.shape != w.shape:
            raise ValueError(
                f"convolution shape {tuple(w.shape)} in the frozen module, "
                f"{tuple(conv.weight.shape)} in the architecture"
            )
        bn = bn_of[id(conv)]
        conv.weight.copy_(w)
        bn.running_mean.zero_()
        bn.running_var.fill_(1.0 - bn.eps)
        bn.weight.fill_(1.0)
        bn.bias.copy_(b)
        hooks.append(bn.register_forward_hook(record(bn)))
    try:
        encoder.eval()(sample)
    finally:
        for h in hooks:
            h.remove()
    for conv, (_w, b) in zip(convs, folded):
        bn = bn_of[id(conv)]
        m, v = stats[id(bn)]
        bn.running_mean.copy_(m)
        bn.running_var.copy_(v)
        bn.weight.copy_(torch.sqrt(v + bn.eps))
        bn.bias.copy_(m + b)
    want = frozen(sample)
    return float((encoder(sample) - want).abs().max()), float(want.abs().max())


def bundle_identity(path) -> dict:
    """``name``, ``version`` and what its low-level encoder was trained on
    (``encoder_notes``) of the bundle at ``path`` (a folder or its ``lowlevel.pt``),
    kept in a checkpoint's config so that the exported metadata says where the encoder
    started."""
    import json

    path = Path(path)
    doc = json.loads(
        ((path if path.is_dir() else path.parent) / "bundle.json").read_text()
    )
    enc = doc.get("trained_on", {}).get("encoders", {})
    notes = enc.get("notes", "") if isinstance(enc, dict) else ""
    return {"name": doc.get("name", "?"), "version": doc.get("version", "?"),
            "encoder_notes": notes.split(provenance.EPOCH_NOTE)[0] or "no notes"}


def load_bundle_encoder(
    path, encoder: nn.Module, sample: torch.Tensor, log=print
) -> None:
    """Loads the bundle's ``lowlevel.pt`` into ``encoder`` (the matching architecture's
    encoder) with :func:`load_folded`; raises ``ValueError`` unless it then reproduces
    the file's outputs on ``sample``.

    ``path``: a bundle folder or its ``lowlevel.pt``.
    """
    path = Path(path)
    if path.is_dir():
        path = path / "lowlevel.pt"
    diff, scale = load_folded(
        encoder, torch.jit.load(str(path), map_location="cpu"), sample
    )
    if diff > 1e-4 * max(1.0, scale):
        raise ValueError(f"recovered encoder differs from {path} by {diff:.3g}")
    log(f"encoder recovered from {path}: largest difference {diff:.2e} "
        f"(outputs up to {scale:.3g}) on {len(sample)} patches")
