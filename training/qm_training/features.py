"""Low-level features of whole images exactly as the bundle's input spec defines them.

docs/model-bundle.md: per scale, resize by ``s`` (bilinear), take ``crops`` crops of
``crop_size`` on the regular grid (1: centre; 4: quadrant centres; 5: those and the
centre; upscale first when a side is shorter than ``crop_size``), normalise, encode,
average the crop features, L2-normalise; concatenate the scales.
"""

from __future__ import annotations

import math
from typing import Dict, List, Sequence

import numpy as np
import torch
from PIL import Image
from torch.nn import functional as F

from .data import MEAN, STD

DEFAULT_INPUT = {"crop_size": 96, "crops": 5, "scales": [1.0, 0.5], "mean": MEAN,
                 "std": STD}


def _round(v: float) -> int:
    return math.floor(v + 0.5)  # Java's Math.round


def crop_origins(width: int, height: int, crop: int, crops: int) -> List[tuple]:
    """Returns the (x, y) top-left corners of the grid crops, clamped inside."""
    centres = [(width / 2, height / 2)]
    if crops in (4, 5):
        centres = [(width * fx, height * fy)
                   for fy in (0.25, 0.75) for fx in (0.25, 0.75)]
        if crops == 5:
            centres.append((width / 2, height / 2))
    elif crops != 1:
        raise ValueError(f"crops must be 1, 4 or 5, got {crops}")
    out = []
    for cx, cy in centres:
        x, y = math.floor(cx - crop / 2), math.floor(cy - crop / 2)
        out.append((min(max(x, 0), width - crop), min(max(y, 0), height - crop)))
    return out


def _scaled(img: Image.Image, scale: float, crop: int) -> Image.Image:
    w, h = img.size
    if scale != 1.0:
        w, h = max(1, _round(w * scale)), max(1, _round(h * scale))
    if min(w, h) < crop:
        f = crop / min(w, h)
        w, h = max(crop, _round(w * f)), max(crop, _round(h * f))
    return img if (w, h) == img.size else img.resize((w, h), Image.BILINEAR)


def image_crops(img: Image.Image, spec: Dict) -> List[torch.Tensor]:
    """Returns per scale a ``[crops, 3, c, c]`` normalised tensor."""
    crop = int(spec["crop_size"])
    mean = np.asarray(spec["mean"], dtype=np.float32)
    std = np.asarray(spec["std"], dtype=np.float32)
    out = []
    for scale in spec["scales"]:
        a = np.asarray(_scaled(img, float(scale), crop), dtype=np.float32) / 255.0
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
