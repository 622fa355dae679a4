"""Low-level features of whole images exactly as the bundle's input spec defines them.

docs/model-bundle.md: per scale, resize by ``s`` (bilinear; upscale first when a side is
shorter than ``crop_size``), take ``crops`` crops of ``crop_size`` where
``reference.crop_origins`` puts them, normalise, encode, average the crop features,
L2-normalise; concatenate the scales.
"""

from __future__ import annotations

from typing import Dict, List, Sequence

import numpy as np
import torch
from PIL import Image
from torch.nn import functional as F

from .data import MEAN, STD
from .reference import crop_origins, scaled_image

DEFAULT_INPUT = {"crop_size": 96, "crops": 5, "scales": [1.0, 0.5], "mean": MEAN,
                 "std": STD}


def image_crops(img: Image.Image, spec: Dict) -> List[torch.Tensor]:
    """Returns per scale a ``[crops, 3, c, c]`` normalised tensor."""
    crop = int(spec["crop_size"])
    mean = np.asarray(spec["mean"], dtype=np.float32)
    std = np.asarray(spec["std"], dtype=np.float32)
    out = []
    for scale in spec["scales"]:
        a = np.asarray(scaled_image(img, float(scale), crop), dtype=np.float32) / 255.0
        a = (a - mean) / std
        tiles = [a[y : y + crop, x : x + crop] for x, y in crop_origins(
            a.shape[1], a.shape[0], crop, int(spec["crops"]))]
        out.append(torch.from_numpy(np.stack(tiles).transpose(0, 3, 1, 2).copy()))
    return out


@torch.no_grad()
def encode_images(encoder, images: Sequence[Image.Image], spec: Dict,
                  batch: int = 64) -> np.ndarray:
    """Returns ``[N, feature_dim * len(scales)]`` bundle features of RGB PIL images."""
    per_image = [image_crops(im, spec) for im in images]
    n_crops = per_image[0][0].shape[0]
    scales = []
    for s in range(len(spec["scales"])):
        crops = torch.cat([p[s] for p in per_image])
        feats = torch.cat([encoder(crops[i : i + batch])
                           for i in range(0, len(crops), batch)])
        feats = feats.reshape(len(images), n_crops, -1).mean(dim=1)
        scales.append(F.normalize(feats, dim=1))
    return torch.cat(scales, dim=1).numpy()
