"""Refits the image tower's last layer to the prompt-pair objectives (frozen features).

After the end-to-end run, the pooled features of every cached training view are
computed once (eval mode) and only the projection ``visual.proj`` and the pair scale
are optimised, full-batch: GRepQ's prompt-pair losses (quality and the five attribute
pairs, text side fixed) plus the image-text InfoNCE against one caption per view, so
that the embedding keeps matching the captions. Cheap (seconds to minutes on a CPU),
so a short CPU training run still reads its quality words off the image well.

The same refit runs on a bundle's frozen image tower (:func:`refit_tower`, cut at its
projection by :mod:`qm_training.vl_surgery`), so a shipped branch can be refitted
without its training weights. ``type_weights`` weighs the attribute term of chosen
distortion types (e.g. pixel jitter and moved patches, which the smooth / blocky pair
otherwise learns least of all; docs/evaluation/history.md).
"""

from __future__ import annotations

import math
import random
from typing import Callable, Dict, Mapping, Optional, Sequence, Tuple

import torch
from torch import nn
from torch.nn import functional as F

from . import captions as C
from . import tokenizer as T
from .archs.clip_arch import MAX_PAIR_SCALE
from .vl_data import ATTRIBUTE_INDEX, CachedPairs, signature, targets
from .vl_losses import multi_positive_infonce, pair_logits, positives, prompt_pair_loss


@torch.no_grad()
def pooled_features(
    features: Callable[[torch.Tensor], torch.Tensor],
    pairs: CachedPairs,
    index: torch.Tensor,
    batch: int = 64,
) -> torch.Tensor:
    """Returns ``[n, F]`` features of views ``index`` of ``pairs``."""
    out = []
    for start in range(0, len(index), batch):
        imgs = pairs.images[index[start: start + batch]].float() / 255.0
        out.append(features((imgs - pairs.mean) / pairs.std))
    return torch.cat(out)


def view_subset(pairs: CachedPairs, max_views: int, seed: int) -> torch.Tensor:
    """Returns the sorted indices of (at most ``max_views``) random cached views."""
    gen = torch.Generator().manual_seed(seed)
    return torch.randperm(len(pairs), generator=gen)[:max_views].sort().values


def attribute_weights(
    specs: Sequence, weights: Optional[Mapping[str, float]]
) -> torch.Tensor:
    """Returns ``[n, n_attributes]`` weights of the attribute targets: 1, or the weight
    of the distortion type that sets an entry (``weights`` by type name)."""
    out = torch.ones((len(specs), len(C.ATTRIBUTES)))
    unknown = set(weights or {}) - set(C.TYPE_ATTRIBUTE)
    if unknown:
        raise ValueError(
            f"type_weights names unknown distortion types: {sorted(unknown)}"
        )
    for row, spec in enumerate(specs):
        for name, _level in spec:
            name = name.rstrip("+-")
            if weights and name in weights:
                out[row, ATTRIBUTE_INDEX[C.TYPE_ATTRIBUTE[name]]] = float(weights[name])
    return out


def refit_linear(
    proj: nn.Linear, log_pair_scale: nn.Parameter, h: torch.Tensor, specs: Sequence,
    directions: Sequence, encode_text: Callable[[Sequence[str]], torch.Tensor],
    pair_order, nce_scale: float, steps: int = 300, lr: float = 0.01,
    nce_weight: float = 0.2, pair_weight: float = 2.0, seed: int = 0,
    type_weights: Optional[Mapping[str, float]] = None,
) -> Dict[str, float]:
    """Optimises ``proj`` and ``log_pair_scale`` in place on features ``h`` of views
    whose distortions are ``specs``; returns the final losses."""
    rng = random.Random(seed)
    with torch.no_grad():
        prompts = [t for k in pair_order for t in C.DEFAULT_PROMPTS[k]]
        pe = encode_text(prompts)
        texts = [C.caption(s, rng, d) for s, d in zip(specs, directions)]
        caps = torch.cat(
            [encode_text(texts[i : i + 512]) for i in range(0, len(texts), 512)]
        )
    q = torch.tensor([targets(s)[0] for s in specs])
    att = torch.stack([targets(s)[1] for s in specs])
    weight = attribute_weights(specs, type_weights) if type_weights else None
    keys = [signature(s, d) for s, d in zip(specs, directions)]
    opt = torch.optim.Adam(list(proj.parameters()) + [log_pair_scale], lr=lr)
    gen = torch.Generator().manual_seed(seed)
    for _ in range(steps):
        emb = F.normalize(proj(h), dim=-1)
        logits = pair_logits(emb, pe[0::2], pe[1::2], log_pair_scale.exp())
        lq = prompt_pair_loss(logits[:, 0], q)
        la = prompt_pair_loss(logits[:, 1:], att, weight)
        idx = torch.randperm(len(h), generator=gen)[:256]
        sub = [keys[i] for i in idx.tolist()]
        nce = multi_positive_infonce(nce_scale * emb[idx] @ caps[idx].T, positives(sub))
        loss = pair_weight * (lq + la) + nce_weight * nce
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            log_pair_scale.clamp_(0.0, math.log(MAX_PAIR_SCALE))
    return {"quality": lq.item(), "attr": la.item(), "nce": nce.item(),
            "pair_scale": log_pair_scale.exp().item()}


def refit_projection(
    model, pairs: CachedPairs, tokenizer: Dict, pair_order, steps: int = 300,
    lr: float = 0.01, nce_weight: float = 0.2, pair_weight: float = 2.0, seed: int = 0,
    max_views: int = 4000, type_weights: Optional[Mapping[str, float]] = None,
) -> Dict[str, float]:
    """Optimises ``model.visual.proj`` and the pair scale in place on (at most
    ``max_views`` random) cached views; returns the final losses."""
    index = view_subset(pairs, max_views, seed)
    model.eval()
    h = pooled_features(model.visual.features, pairs, index)
    return refit_linear(
        model.visual.proj, model.pair_logit_scale, h,
        [pairs.specs[i] for i in index.tolist()],
        [pairs.directions[i] for i in index.tolist()],
        lambda texts: model.encode_text(T.encode(texts, tokenizer)), pair_order,
        float(model.scale().detach()), steps, lr, nce_weight, pair_weight, seed,
        type_weights)


def refit_tower(
    split, pairs: CachedPairs, encode_text: Callable[[Sequence[str]], torch.Tensor],
    pair_order, logit_scale: float, nce_scale: float, steps: int = 300,
    lr: float = 0.01, nce_weight: float = 0.2, pair_weight: float = 2.0,
    seed: int = 0, max_views: int = 4000,
    type_weights: Optional[Mapping[str, float]] = None,
) -> Tuple[torch.Tensor, torch.Tensor, float, Dict[str, float]]:
    """Refits a bundle's image tower cut at its projection
    (:func:`qm_training.vl_surgery.split_image_tower`); returns the new projection
    weight and bias, the new pair scale (bundle ``logit_scale``) and the final losses.

    ``nce_scale`` stands in for the CLIP temperature, which a bundle does not keep.
    """
    index = view_subset(pairs, max_views, seed)
    h = pooled_features(split.features_fn(), pairs, index)
    proj = nn.Linear(split.weight.shape[1], split.weight.shape[0])
    with torch.no_grad():
        proj.weight.copy_(split.weight)
        proj.bias.copy_(split.bias)
    log_scale = nn.Parameter(torch.tensor(math.log(logit_scale)))
    losses = refit_linear(
        proj, log_scale, h, [pairs.specs[i] for i in index.tolist()],
        [pairs.directions[i] for i in index.tolist()], encode_text, pair_order,
        nce_scale, steps, lr, nce_weight, pair_weight, seed, type_weights)
    return proj.weight.detach(), proj.bias.detach(), float(log_scale.exp()), losses
