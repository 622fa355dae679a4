"""Refits the image tower's last layer to the prompt-pair objectives (frozen features).

After the end-to-end run, the pooled features of every cached training view are
computed once (eval mode) and only the projection ``visual.proj`` and the pair scale
are optimised, full-batch: GRepQ's prompt-pair losses (quality and the five attribute
pairs, text side fixed) plus the image-text InfoNCE against one caption per view, so
that the embedding keeps matching the captions. Cheap (seconds to minutes on a CPU),
so a short CPU training run still reads its quality words off the image well.
"""

from __future__ import annotations

import math
import random
from typing import Dict

import torch
from torch.nn import functional as F

from . import captions as C
from . import tokenizer as T
from .vl_data import CachedPairs, signature, targets
from .vl_losses import multi_positive_infonce, pair_logits, positives, prompt_pair_loss


@torch.no_grad()
def pooled_features(model, pairs: CachedPairs, index: torch.Tensor,
                    batch: int = 64) -> torch.Tensor:
    """Returns ``[n, F]`` features of views ``index`` of ``pairs`` (eval mode)."""
    model.eval()
    out = []
    for start in range(0, len(index), batch):
        imgs = pairs.images[index[start: start + batch]].float() / 255.0
        out.append(model.visual.features((imgs - pairs.mean) / pairs.std))
    return torch.cat(out)


def refit_projection(model, pairs: CachedPairs, tokenizer: Dict, pair_order,
                     steps: int = 300, lr: float = 0.01, nce_weight: float = 0.2,
                     pair_weight: float = 2.0, seed: int = 0,
                     max_views: int = 4000) -> Dict[str, float]:
    """Optimises ``model.visual.proj`` and the pair scale in place on (at most
    ``max_views`` random) cached views; returns the final losses."""
    gen = torch.Generator().manual_seed(seed)
    index = torch.randperm(len(pairs), generator=gen)[:max_views].sort().values
    h = pooled_features(model, pairs, index)
    specs = [pairs.specs[i] for i in index.tolist()]
    directions = [pairs.directions[i] for i in index.tolist()]
    rng = random.Random(seed)
    with torch.no_grad():
        prompts = [t for k in pair_order for t in C.DEFAULT_PROMPTS[k]]
        pe = model.encode_text(T.encode(prompts, tokenizer))
        texts = [C.caption(s, rng, d) for s, d in zip(specs, directions)]
        caps = torch.cat([model.encode_text(T.encode(texts[i: i + 512], tokenizer))
                          for i in range(0, len(texts), 512)])
    q = torch.tensor([targets(s)[0] for s in specs])
    att = torch.stack([targets(s)[1] for s in specs])
    keys = [signature(s, d) for s, d in zip(specs, directions)]
    params = list(model.visual.proj.parameters()) + [model.pair_logit_scale]
    opt = torch.optim.Adam(params, lr=lr)
    for step in range(steps):
        emb = F.normalize(model.visual.proj(h), dim=-1)
        logits = pair_logits(emb, pe[0::2], pe[1::2], model.pair_scale())
        lq = prompt_pair_loss(logits[:, 0], q)
        la = prompt_pair_loss(logits[:, 1:], att)
        idx = torch.randperm(len(h), generator=gen)[:256]
        sub = [keys[i] for i in idx.tolist()]
        nce = multi_positive_infonce(model.scale().detach() * emb[idx] @ caps[idx].T,
                                     positives(sub))
        loss = pair_weight * (lq + la) + nce_weight * nce
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            model.pair_logit_scale.clamp_(0.0, math.log(500.0))
    return {"quality": lq.item(), "attr": la.item(), "nce": nce.item(),
            "pair_scale": model.pair_scale().item()}
