"""Multi-positive NT-Xent (CONTRIQUE) with optional quality-aware negative weights
(GRepQ).

CONTRIQUE: P. C. Madhusudana et al., "Image Quality Assessment using Contrastive
Learning", IEEE TIP 2022 - every patch of the same (distortion type, level) class is a
positive. GRepQ: S. Srinath et al., "Learning Generalizable Perceptual Representations
for Data-Efficient No-Reference Image Quality Assessment", WACV 2024 - negatives are
weighted by how different their full-reference quality is, so patches of similar quality
are pushed apart less.
"""

import torch


def multi_positive_nt_xent(
    z: torch.Tensor,
    labels: torch.Tensor,
    quality: torch.Tensor | None = None,
    temperature: float = 0.1,
    weight_floor: float = 0.0,
    weight_scale: float = 0.15,
) -> torch.Tensor:
    """Returns the mean loss over anchors that have at least one positive.

    ``z`` are L2-normalised projections ``[N, d]``; ``labels [N]`` the classes;
    ``quality [N]`` a full-reference quality per patch in [0, 1]. With ``weight_floor
    > 0`` and ``quality`` given, a negative pair's weight in the denominator is
    ``floor + (1 - floor) * (1 - exp(-|q_i - q_a| / scale))``; positives weigh 1.
    """
    n = z.shape[0]
    logits = z @ z.t() / temperature
    eye = torch.eye(n, dtype=torch.bool, device=z.device)
    same = labels[:, None] == labels[None, :]
    pos = same & ~eye
    log_w = torch.zeros_like(logits)
    if weight_floor > 0 and quality is not None:
        gap = (quality[:, None] - quality[None, :]).abs()
        w = weight_floor + (1 - weight_floor) * (1 - torch.exp(-gap / weight_scale))
        log_w = torch.where(same, torch.zeros_like(w), torch.log(w))
    denom_logits = (logits + log_w).masked_fill(eye, float("-inf"))
    log_denom = torch.logsumexp(denom_logits, dim=1, keepdim=True)
    log_prob = logits - log_denom
    n_pos = pos.sum(1)
    has_pos = n_pos > 0
    mean_log_prob = (log_prob * pos).sum(1)[has_pos] / n_pos[has_pos]
    return -mean_log_prob.mean()


@torch.no_grad()
def neighbour_accuracy(z: torch.Tensor, labels: torch.Tensor) -> float:
    """Share of patches whose nearest other patch has the same class."""
    sim = z @ z.t()
    sim.fill_diagonal_(float("-inf"))
    return (labels[sim.argmax(1)] == labels).float().mean().item()


def class_levels(labels: torch.Tensor, levels: int) -> torch.Tensor:
    """Level of each class id (0 for pristine, class 0; else 1..``levels``)."""
    return torch.where(labels > 0, (labels - 1) % levels + 1, torch.zeros_like(labels))


def severity_loss(
    predicted: torch.Tensor, labels: torch.Tensor, levels: int
) -> torch.Tensor:
    """Mean squared error between ``predicted`` ``[N]`` and the class's level over
    ``levels`` (pristine 0, strongest 1).

    The contrastive loss treats every (type, level) class as unrelated to the others,
    so nothing in it says that level 4 of WebP and level 4 of blur are equally bad, nor
    that level 3 lies between 2 and 4. A linear read-out of the encoder's features
    trained on this target asks the features to carry one severity scale shared by all
    types, which is what a ridge head over them later needs.
    """
    target = class_levels(labels, levels).to(predicted.dtype) / levels
    return torch.mean((predicted - target) ** 2)
