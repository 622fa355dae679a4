"""Pristine photo splits and on-the-fly distorted patch batches for training."""

from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import Dict, List

import numpy as np
import torch
import yaml
from PIL import Image
from scipy import ndimage
from torch.nn import functional as F

from . import augment as A
from . import distortions as D

TRAINING_DIR = Path(__file__).resolve().parents[1]
MEAN = (0.485, 0.456, 0.406)
STD = (0.229, 0.224, 0.225)


def resolve_data_root(root: str | os.PathLike) -> Path:
    """An absolute root as is; a relative one is looked for in ``training/`` and each of
    its ancestors (so ``shared/data/pristine`` finds the checkout's sibling ``shared/``
    from the main checkout and from a nested worktree alike)."""
    root = Path(root)
    if root.is_absolute():
        return root
    for base in [TRAINING_DIR, *TRAINING_DIR.parents]:
        if (base / root).is_dir():
            return (base / root).resolve()
    return (TRAINING_DIR / root).resolve()


def load_splits(path: str | os.PathLike, data_root: str | None = None) -> Dict:
    """Reads the split file; returns ``{"train": [paths], "heldout": [paths], ...}``.

    Every list of glob patterns in the file (``train``, ``heldout`` and others such as
    ``apart``) becomes a list of paths; each must match a photo, and no photo may be in two
    lists. ``data_root`` (or env ``QM_DATA_ROOT``) overrides the file's ``data_root``; see
    :func:`resolve_data_root` for relative roots.
    """
    path = Path(path)
    if not path.is_absolute():
        path = TRAINING_DIR / path
    spec = yaml.safe_load(path.read_text())
    root = resolve_data_root(
        data_root or os.environ.get("QM_DATA_ROOT") or spec["data_root"])
    out = dict(spec)
    out["data_root"] = str(root)
    lists = ["train", "heldout"] + [k for k, v in spec.items()
                                    if k not in ("train", "heldout") and isinstance(v, list)]
    for split in lists:
        files: List[str] = []
        for pattern in spec[split]:
            files.extend(sorted(glob.glob(str(root / pattern))))
        if not files:
            raise FileNotFoundError(f"split {split!r}: no photos match under {root}")
        out[split] = files
    for k, a in enumerate(lists):
        for b in lists[k + 1:]:
            overlap = set(out[a]) & set(out[b])
            if overlap:
                raise ValueError(f"photos in both {a} and {b}: {sorted(overlap)}")
    return out


def read_rgb(path: str) -> np.ndarray:
    """Reads a photo as uint8 RGB ``[H, W, 3]``."""
    with Image.open(path) as im:
        return np.asarray(im.convert("RGB"), dtype=np.uint8)


def to_tensor(img: np.ndarray) -> torch.Tensor:
    """Float ``[H, W, 3]`` in [0, 1] -> normalised ``[3, H, W]`` tensor."""
    t = torch.from_numpy(np.ascontiguousarray(img, dtype=np.float32)).permute(2, 0, 1)
    mean = torch.tensor(MEAN).view(3, 1, 1)
    std = torch.tensor(STD).view(3, 1, 1)
    return (t - mean) / std


def half(t: torch.Tensor) -> torch.Tensor:
    """Bilinear resize by 0.5 (pixel-centre aligned: the mean of each 2x2 block)."""
    return F.interpolate(t[None], scale_factor=0.5, mode="bilinear",
                         align_corners=False)[0]


def _reduce(img: np.ndarray) -> np.ndarray:
    h, w = img.shape[0] // 2 * 2, img.shape[1] // 2 * 2
    a = img[:h, :w]
    return 0.25 * (a[0::2, 0::2] + a[1::2, 0::2] + a[0::2, 1::2] + a[1::2, 1::2])


def ssim_gray(a: np.ndarray, b: np.ndarray) -> float:
    """Mean SSIM of the luma of two float RGB images (Gaussian window, sigma 1.5)."""
    luma = np.float32([0.299, 0.587, 0.114])
    ya, yb = a @ luma, b @ luma
    c1, c2 = 0.01**2, 0.03**2
    g = lambda x: ndimage.gaussian_filter(x, 1.5, truncate=3.5)  # noqa: E731
    ma, mb = g(ya), g(yb)
    va, vb, cov = g(ya * ya) - ma * ma, g(yb * yb) - mb * mb, g(ya * yb) - ma * mb
    s = ((2 * ma * mb + c1) * (2 * cov + c2)) / (
        (ma * ma + mb * mb + c1) * (va + vb + c2))
    return float(s.mean())


def _resize_float(img: np.ndarray, side: int, resample) -> np.ndarray:
    """``img`` (float RGB) resized to ``side`` x ``side`` channel by channel, unquantised."""
    return np.stack([np.asarray(Image.fromarray(np.ascontiguousarray(img[:, :, i], np.float32),
                                                "F").resize((side, side), resample))
                     for i in range(img.shape[2])], axis=2).clip(0, 1)


class PatchBatches(torch.utils.data.Dataset):
    """Item ``step`` is one whole training batch, generated deterministically from
    ``seed`` and ``step`` (so a resumed run sees the same stream).

    A batch holds ``classes_per_batch * per_class`` items. Each item is a random region
    of a random training photo, distorted with its class's (type, level) (class 0 is
    pristine); its two views are a random ``patch`` crop (scale 1.0) and the region
    halved (scale 0.5). Returns ``views [2N, 3, p, p]``, ``labels [2N]``, ``quality
    [2N]`` (luma SSIM of the region against its pristine region).

    ``cfg["generator"] = "augment"`` draws from :mod:`qm_training.augment` instead: the
    kinds are the registry's and the alternates, a class is (kind, level rounded), the level
    is drawn continuously within its class's half-unit band, the region is cut at a random
    scale in :data:`augment.SCALE_RANGE`, and with probability ``cfg["reencode"]`` the
    distorted region is JPEG-encoded as uploads are.

    ``cfg["shrink_after"] = [p, low, high]`` (augment only): with probability ``p`` an item
    is cut ``f`` times the region's side (``f`` uniform in ``[low, high]``), distorted at that
    size and then shrunk to the region with its pristine region, as a large upload is
    distorted at its full size and read at the smaller working size (its artefacts arrive
    shrunk).

    ``cfg["exclude_kinds"]`` lists kinds whose classes are never drawn (an encoder that
    has not seen them, for measuring how it reads distortion code it never met).
    """

    def __init__(self, photos: List, cfg: Dict, seed: int, length: int):
        """``photos``: paths, or uint8 RGB arrays already read."""
        self.photos = [read_rgb(p) if isinstance(p, (str, Path)) else p for p in photos]
        self.region = int(cfg["region"])
        self.patch = int(cfg["patch"])
        self.k = int(cfg["classes_per_batch"])
        self.m = int(cfg["per_class"])
        self.augment = cfg.get("generator", "registry") == "augment"
        self.kinds = A.KINDS if self.augment else [A.BY_NAME[n] for n in D.NAMES]
        self.reencode = float(cfg.get("reencode", 0.5)) if self.augment else 0.0
        self.num_classes = 1 + len(self.kinds) * D.LEVELS
        weights = np.ones(self.num_classes)
        weights[0] = float(cfg.get("pristine_weight", 1.0))
        excluded = set(cfg.get("exclude_kinds", []))
        unknown = excluded - {k.name for k in self.kinds}
        if unknown:
            raise ValueError(f"data.exclude_kinds: unknown kinds {sorted(unknown)}")
        for i, kind in enumerate(self.kinds):
            if kind.name in excluded:  # never drawn; the class numbers stay as they are
                weights[1 + i * D.LEVELS : 1 + (i + 1) * D.LEVELS] = 0
        self.class_p = weights / weights.sum()
        self.shrink_after = cfg.get("shrink_after")
        if self.shrink_after is not None:
            p, low, high = (float(v) for v in self.shrink_after)
            if not (self.augment and 0 < p <= 1 and 1 <= low <= high):
                raise ValueError("data.shrink_after: [p in (0, 1], low >= 1, high >= low] "
                                 "with generator: augment")
            self.shrink_after = (p, low, high)
        self.seed = seed
        self.length = length
        if self.patch * 2 != self.region:
            raise ValueError("data.region must be twice data.patch (two scales)")

    def __len__(self) -> int:
        return self.length

    def _region(self, rng: np.random.Generator, out: int) -> np.ndarray:
        """A random ``out`` px square of a random photo (at a random scale, augment)."""
        photo = self.photos[rng.integers(len(self.photos))]
        h, w = photo.shape[:2]
        side = out
        if self.augment:  # a larger area shrunk to the region: the photo at a random scale
            side = min(int(round(out / rng.uniform(*A.SCALE_RANGE))), h, w)
        y = rng.integers(0, h - side + 1)
        x = rng.integers(0, w - side + 1)
        crop = photo[y : y + side, x : x + side]
        if side != out:
            pil = Image.fromarray(crop).resize((out, out),
                                               A.FILTERS[rng.integers(len(A.FILTERS))])
            crop = np.asarray(pil)
        crop = crop.astype(np.float32) / 255
        return crop[:, ::-1] if rng.random() < 0.5 else crop

    def _distort(self, ref: np.ndarray, c: int, rng: np.random.Generator) -> np.ndarray:
        kind = self.kinds[(c - 1) // D.LEVELS]
        level = (c - 1) % D.LEVELS + 1
        if not self.augment:
            return D.distort(ref, kind.name, level, int(rng.integers(2**31)))
        drawn = float(np.clip(level + rng.uniform(-0.5, 0.5), 1.0, D.LEVELS))
        img = np.clip(kind.fn(ref, drawn, np.random.default_rng(rng.integers(2**31))), 0, 1)
        return A.reencode(img.astype(np.float32), rng) if rng.random() < self.reencode else img

    def _pair(self, c: int, rng: np.random.Generator):
        """The pristine region and its class-``c`` version, both ``region`` px."""
        out = self.region
        if self.shrink_after is not None and rng.random() < self.shrink_after[0]:
            out = int(round(self.region * rng.uniform(*self.shrink_after[1:])))
        ref = np.ascontiguousarray(self._region(rng, out))
        img = ref if c == 0 else self._distort(ref, c, rng)
        if out != self.region:
            f = A.FILTERS[rng.integers(len(A.FILTERS))]
            shrunk = _resize_float(ref, self.region, f)
            img = shrunk if c == 0 else _resize_float(img, self.region, f)
            ref = shrunk
        return ref, img

    def __getitem__(self, step: int):
        rng = np.random.default_rng([self.seed, step])
        classes = rng.choice(self.num_classes, size=self.k, replace=False, p=self.class_p)
        full, halves, labels, quality = [], [], [], []
        for c in classes:
            for _ in range(self.m):
                ref, img = self._pair(int(c), rng)
                t = to_tensor(img)
                y, x = rng.integers(0, self.region - self.patch + 1, size=2)
                full.append(t[:, y : y + self.patch, x : x + self.patch])
                halves.append(half(t))
                labels.append(int(c))
                # SSIM on 2x-reduced copies: a quarter of the cost, same ordering.
                quality.append(1.0 if c == 0 else ssim_gray(_reduce(ref), _reduce(img)))
        labels_t = torch.tensor(labels * 2)
        quality_t = torch.tensor(quality * 2, dtype=torch.float32)
        return torch.stack(full + halves), labels_t, quality_t
