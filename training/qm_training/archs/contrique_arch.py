"""CONTRIQUE-style low-level quality encoder (narrow ResNet) with a projection head.

Paper: P. C. Madhusudana, N. Birkbeck, Y. Wang, B. Adsumilli, A. C. Bovik,
"Image Quality Assessment using Contrastive Learning", IEEE Transactions on Image
Processing 31, 2022 (arXiv:2110.13266).
Official repository: https://github.com/pavancm/CONTRIQUE

The official model is a ResNet-50 (2048-d features) trained on GPUs. To train on a CPU
within one working session this file keeps the same shape of model (ResNet basic blocks,
global average pooling, an MLP projection head used only during training) but makes the
width and depth configurable; the variants are rows of :data:`VARIANTS`. The exported
TorchScript is :class:`ContriqueEncoder` alone: ``[N, 3, H, W] -> [N, feature_dim]``,
global-average pooled and not normalised, as ``docs/model-bundle.md`` asks.
"""

from typing import Dict, Sequence

import torch
from torch import nn
from torch.nn import functional as F

from . import register
from .blocks import BasicBlock

# name -> options. feature_dim = 8 * width.
VARIANTS: Dict[str, Dict] = {
    "contrique_r18_w32": {"width": 32, "blocks": (2, 2, 2, 2), "proj_dim": 128},
    "contrique_r10_w32": {"width": 32, "blocks": (1, 1, 1, 1), "proj_dim": 128},
    "contrique_r18_w64": {"width": 64, "blocks": (2, 2, 2, 2), "proj_dim": 128},
}


class ContriqueEncoder(nn.Module):
    """Narrow ResNet backbone returning global-average-pooled features."""

    def __init__(self, width: int = 32, blocks: Sequence[int] = (2, 2, 2, 2)):
        super().__init__()
        # A 3x3 stride-2 stem and one max-pool (stride 4 in all), not ResNet's 7x7:
        # small patches keep enough resolution for noise and compression artefacts.
        self.stem = nn.Sequential(
            nn.Conv2d(3, width, 3, 2, 1, bias=False),
            nn.BatchNorm2d(width),
            nn.ReLU(inplace=True),
            nn.MaxPool2d(3, 2, 1),
        )
        layers = []
        cin = width
        for i, n in enumerate(blocks):
            cout = width * (2**i)
            for j in range(n):
                layers.append(BasicBlock(cin, cout, 2 if (j == 0 and i > 0) else 1))
                cin = cout
        self.layers = nn.Sequential(*layers)
        self.feature_dim = cin
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.flatten(F.adaptive_avg_pool2d(self.layers(self.stem(x)), 1), 1)


class ContriqueModel(nn.Module):
    """Encoder plus the MLP projection head used by the contrastive loss."""

    def __init__(self, width: int = 32, blocks=(2, 2, 2, 2), proj_dim: int = 128):
        super().__init__()
        self.encoder = ContriqueEncoder(width, blocks)
        dim = self.encoder.feature_dim
        self.head = nn.Sequential(
            nn.Linear(dim, dim), nn.ReLU(inplace=True), nn.Linear(dim, proj_dim)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Returns L2-normalised projections ``[N, proj_dim]``."""
        return F.normalize(self.head(self.encoder(x)), dim=1)


def _builder(variant: str):
    def build(**overrides) -> ContriqueModel:
        options = dict(VARIANTS[variant])
        options.update(overrides)
        return ContriqueModel(**options)

    return build


for _name in VARIANTS:
    register(_name)(_builder(_name))
