"""A copy of a bundle whose low-level encoder is another one (for feature caches).

    cd training
    /usr/bin/python3 -m experiments.swap_encoder CHECKPOINT BUNDLE OUT

The encoder of a train_contrique checkpoint (or any module given to :func:`write`),
traced as the bundle's ``lowlevel.pt``; everything else (input layout, heads, the
vision-language branch) is copied unchanged, so the heads of OUT do not fit its
encoder: OUT is for ``qm_training.feature_cache``, not for scoring.
"""

from __future__ import annotations

import copy
import shutil
import sys
from pathlib import Path

import torch

from qm_training.checkpoints import load_encoder


def write(encoder: torch.nn.Module, bundle: Path, out: Path) -> Path:
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(bundle, out)
    traced = torch.jit.trace(copy.deepcopy(encoder).eval(), torch.zeros(2, 3, 128, 128))
    traced.save(str(out / "lowlevel.pt"))
    print(f"wrote {out}")
    return out


def main(argv):
    encoder, _ = load_encoder(argv[0])
    write(encoder, Path(argv[1]), Path(argv[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
