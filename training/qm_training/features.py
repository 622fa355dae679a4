"""Low-level features of whole images exactly as the bundle's input spec defines them.

The training side's entry to :func:`reference.lowlevel_features` (docs/model-bundle.md,
as the Java runtime computes them), with the input defaults of training and the numpy
result that evaluation and export fit ridge heads on.
"""

from __future__ import annotations

from typing import Dict, Sequence

import numpy as np
from PIL import Image

from .data import MEAN, STD
from .reference import lowlevel_features

DEFAULT_INPUT = {"crop_size": 96, "crops": 5, "scales": [1.0, 0.5], "mean": MEAN,
                 "std": STD}


def encode_images(encoder, images: Sequence[Image.Image], spec: Dict,
                  batch: int = 64) -> np.ndarray:
    """Returns ``[N, feature_dim * len(scales)]`` bundle features of RGB PIL images."""
    return lowlevel_features(encoder, images, spec, batch).numpy()
