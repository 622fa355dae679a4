"""A bundle whose low-level encoder also returns its earlier stages' pooled features.

    cd training
    /usr/bin/python3 -m experiments.layer_features ../models/default runs/layers-bundle
    /usr/bin/python3 -m qm_training.feature_cache runs/layers-bundle \\
        runs/trainset-aug runs/feats/aug-ms512-layers

The shipped encoder (recovered from the bundle's frozen ``lowlevel.pt``) wrapped so that
a crop gives the global average of every stage's output, the last stage's first as
before (``[N, 32 + 64 + 128 + 256]`` for contrique_r10_w32 after the 256 it gives
now), traced into a copy of the bundle (experiments.swap_encoder). Earlier stages keep
finer statistics (noise, blur, blocking) that the last stage may have pooled away; the
feature cache of this bundle tells whether a head gains from them. The Java runtime
would read such an encoder unchanged (a longer feature vector); the copy's heads do not
fit it, so it is for feature caches only.
"""

from __future__ import annotations

import sys
from pathlib import Path

import torch
from torch import nn
from torch.nn import functional as F

from experiments.swap_encoder import write
from qm_training.archs import build_arch
from qm_training.recover import load_bundle_encoder


class Stages(nn.Module):
    """The encoder's last stage's pooled output, then every earlier stage's."""

    def __init__(self, encoder: nn.Module):
        super().__init__()
        self.encoder = encoder

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h, pooled = self.encoder.stem(x), []
        for block in self.encoder.layers:
            h = block(h)
            pooled.append(torch.flatten(F.adaptive_avg_pool2d(h, 1), 1))
        return torch.cat([pooled[-1], *pooled[:-1]], 1)


def main(argv) -> int:
    bundle, out = Path(argv[0]), Path(argv[1])
    arch = argv[2] if len(argv) > 2 else "contrique_r10_w32"
    encoder = build_arch(arch).encoder.eval()
    sample = torch.rand(8, 3, 128, 128)
    load_bundle_encoder(bundle, encoder, sample)
    write(Stages(encoder).eval(), bundle, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
