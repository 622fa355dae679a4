"""Losses of the vision-language branch.

- Symmetric image-text InfoNCE (CLIP), with every item whose caption describes the
  same distortions (same :func:`qm_training.vl_data.signature`) counted as a positive,
  so that two pristine crops in a batch are not pushed apart.
- GRepQ's prompt-pair quality objective: the zero-shot probability of "a good photo."
  over "a bad photo." is fitted (binary cross-entropy) to the quality proxy of the
  level, and each attribute pair likewise to its attribute target.
"""

from __future__ import annotations

from typing import Optional, Sequence

import torch
from torch.nn import functional as F


def positives(keys: Sequence[str], device=None) -> torch.Tensor:
    """Returns the ``[N,N]`` 0/1 matrix of items sharing a caption signature."""
    index = {k: i for i, k in enumerate(dict.fromkeys(keys))}
    ids = torch.tensor([index[k] for k in keys], device=device)
    return (ids[:, None] == ids[None, :]).float()


def multi_positive_infonce(logits: torch.Tensor, pos: torch.Tensor) -> torch.Tensor:
    """Symmetric cross-entropy of ``logits`` [N,N] against row-normalised ``pos``."""
    target = pos / pos.sum(1, keepdim=True)
    loss_i = -(target * F.log_softmax(logits, dim=1)).sum(1).mean()
    loss_t = -(target.T * F.log_softmax(logits.T, dim=1)).sum(1).mean()
    return 0.5 * (loss_i + loss_t)


def pair_logits(img: torch.Tensor, pos: torch.Tensor, neg: torch.Tensor,
                scale: torch.Tensor) -> torch.Tensor:
    """Returns ``[N,K]`` logits of the positive prompt of K pairs (softmax of two)."""
    return scale * (img @ (pos - neg).T)


def prompt_pair_loss(logits: torch.Tensor, target: torch.Tensor,
                     weight: Optional[torch.Tensor] = None) -> torch.Tensor:
    """BCE of pair logits against soft targets in [0,1]; NaN targets are skipped.

    ``weight`` (shaped as ``target``) makes it the weighted mean over the kept entries.
    """
    mask = ~torch.isnan(target)
    if not bool(mask.any()):
        return logits.sum() * 0.0
    if weight is None:
        return F.binary_cross_entropy_with_logits(logits[mask], target[mask])
    w = weight[mask]
    bce = F.binary_cross_entropy_with_logits(
        logits[mask], target[mask], reduction="none"
    )
    return (bce * w).sum() / w.sum()


def ladder_rank_loss(logits: torch.Tensor) -> torch.Tensor:
    """RankNet loss on ``[B, L]`` good-side pair logits of one image at levels 1..L
    (mildest first): over every pair of levels, the milder should score higher.

    The prompt-pair BCE fits each view to a target level on its own, across photos; this
    compares the levels of one image, which is what a within-photo ranking asks and what
    a subtle distortion (moved patches, pixel jitter) needs against content variation.
    """
    n = logits.shape[1]
    i, j = torch.triu_indices(n, n, offset=1, device=logits.device)
    return F.softplus(logits[:, j] - logits[:, i]).mean()
