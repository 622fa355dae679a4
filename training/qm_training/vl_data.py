"""Image-caption pairs synthesised on the fly from pristine training photos.

Item ``i`` (deterministic in ``seed`` and ``i``, so a resumed run sees the same stream)
is a square region of a random training photo, distorted at native resolution by none,
one or two (type, level) distortions of :mod:`qm_training.distortions`, then resized to
the branch's input size as the bundle's preprocessing resizes a whole image. It comes
with a caption (:mod:`qm_training.captions`), its token ids, the quality proxy and the
attribute targets.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import numpy as np
import torch
from PIL import Image
from torch.nn import functional as F

from . import captions as C
from . import distortions as D
from . import tokenizer as T
from .bundle import CLIP_MEAN, CLIP_STD
from .data import read_rgb

ATTRIBUTE_INDEX = {a: i for i, a in enumerate(C.ATTRIBUTES)}


def resize_square(img: np.ndarray, size: int) -> Image.Image:
    """Float ``[H,W,3]`` in [0,1] -> PIL image with the shorter side at ``size``,
    centre-cropped (the bundle's VL preprocessing, as ``reference.vl_input``)."""
    pil = Image.fromarray((np.clip(img, 0, 1) * 255.0 + 0.5).astype(np.uint8), "RGB")
    w, h = pil.size
    f = size / min(w, h)
    nw = max(size, int(np.floor(w * f + 0.5)))
    nh = max(size, int(np.floor(h * f + 0.5)))
    pil = pil.resize((nw, nh), Image.BILINEAR)
    x, y = (nw - size) // 2, (nh - size) // 2
    return pil.crop((x, y, x + size, y + size))


def to_input(pil: Image.Image, mean=CLIP_MEAN, std=CLIP_STD) -> torch.Tensor:
    """PIL RGB -> normalised ``[3,H,W]`` float tensor."""
    a = np.asarray(pil, dtype=np.float32) / 255.0
    a = (a - np.asarray(mean, dtype=np.float32)) / np.asarray(std, dtype=np.float32)
    return torch.from_numpy(a.transpose(2, 0, 1).copy())


def apply(img: np.ndarray, specs: Sequence[Tuple[str, int]], seed: int
          ) -> Tuple[np.ndarray, List]:
    """Applies ``specs`` in order; returns the image and the direction of each spec
    (+1/-1 for ``mean_shift``: brighter or darker than before, else None)."""
    directions = []
    for k, (name, level) in enumerate(specs):
        before = float(img.mean())
        img = D.distort(img, name, level, seed + 7919 * k)
        directions.append((1 if img.mean() >= before else -1)
                          if name == "mean_shift" else None)
    return img, directions


def signature(specs, directions) -> str:
    """A key equal for items whose captions describe the same thing (positives)."""
    parts = sorted(f"{n}{'+' if d == 1 else '-' if d == -1 else ''}:{lvl}"
                   for (n, lvl), d in zip(specs, directions))
    return "|".join(parts) or "pristine"


def targets(specs) -> Tuple[float, torch.Tensor]:
    """Returns the quality proxy and a ``[n_attributes]`` tensor (NaN = no target)."""
    att = torch.full((len(C.ATTRIBUTES),), float("nan"))
    for name, value in C.attribute_targets(specs).items():
        att[ATTRIBUTE_INDEX[name]] = value
    return C.quality_target(specs), att


def random_specs(rng: np.random.Generator, p_pristine: float, p_two: float
                 ) -> List[Tuple[str, int]]:
    """No distortion (share ``p_pristine``), or one of a random type and level 1..5,
    with a second of another attribute (share ``p_two``)."""
    u = rng.random()
    if u < p_pristine:
        return []
    first = D.NAMES[rng.integers(len(D.NAMES))]
    specs = [(first, int(rng.integers(1, 6)))]
    if u > 1.0 - p_two:
        first_att = C.TYPE_ATTRIBUTE[first]
        others = [n for n in D.NAMES if C.TYPE_ATTRIBUTE[n] != first_att]
        specs.append((others[rng.integers(len(others))], int(rng.integers(1, 6))))
    return specs


class CaptionPairs(torch.utils.data.Dataset):
    """Item ``i``: dict of image ``[3,S,S]``, ids ``[T]``, quality, attributes, key."""

    def __init__(self, photos: Sequence[str], cfg: Dict, tokenizer: Dict, seed: int,
                 length: int = 10 ** 9):
        self.photos = [read_rgb(p) for p in photos]
        self.size = int(cfg["size"])
        self.p_pristine = float(cfg.get("p_pristine", 0.12))
        self.p_two = float(cfg.get("p_two", 0.25))
        self.full_frame = float(cfg.get("p_full_frame", 0.5))
        self.max_region = int(cfg.get("max_region", 512))
        self.tokenizer = tokenizer
        self.seed = seed
        self.length = length

    def __len__(self) -> int:
        return self.length

    def _region(self, rng: np.random.Generator) -> np.ndarray:
        photo = self.photos[rng.integers(len(self.photos))]
        h, w = photo.shape[:2]
        side = min(h, w, self.max_region)
        if rng.random() >= self.full_frame:
            side = int(rng.integers(min(self.size, side), side + 1))
        y, x = rng.integers(0, h - side + 1), rng.integers(0, w - side + 1)
        region = photo[y: y + side, x: x + side].astype(np.float32) / 255.0
        return np.ascontiguousarray(region[:, ::-1] if rng.random() < 0.5 else region)

    def _specs(self, rng: np.random.Generator) -> List[Tuple[str, int]]:
        return random_specs(rng, self.p_pristine, self.p_two)

    def __getitem__(self, i: int) -> Dict:
        rng = np.random.default_rng([self.seed, int(i)])
        region = self._region(rng)
        specs = self._specs(rng)
        img, directions = apply(region, specs, int(rng.integers(2 ** 31)))
        text = C.caption(specs, random.Random(int(rng.integers(2 ** 31))), directions)
        quality, att = targets(specs)
        return {"image": to_input(resize_square(img, self.size)),
                "ids": T.encode([text], self.tokenizer)[0],
                "quality": torch.tensor(quality, dtype=torch.float32),
                "attributes": att,
                "key": signature(specs, directions),
                "text": text}


# --- cached variant for CPU budgets -------------------------------------------------


def _to_uint8_chw(pil: Image.Image) -> torch.Tensor:
    return torch.from_numpy(np.asarray(pil, dtype=np.uint8).transpose(2, 0, 1).copy())


def _save_store(store: Dict, new_images: List[torch.Tensor], path: Path) -> None:
    """Appends ``new_images`` (emptied) to ``store["images"]`` and writes the store to
    ``path`` atomically, so that a cache or ladder set resumes where it stopped."""
    import os

    if new_images:
        store["images"] = torch.cat([store["images"], torch.stack(new_images)])
        new_images.clear()
    torch.save(store, str(path) + ".tmp")
    os.replace(str(path) + ".tmp", path)


def build_cache(photos: Sequence[str], cfg: Dict, seed: int, path, target: int,
                budget_s: float, save_every_s: float = 240.0) -> Dict:
    """Distorts whole training photos and stores ``views`` square views of each.

    Distorting a whole photo at native resolution is the costly part (0.1-1.5 s on one
    core), so each distorted photo gives ``cfg["cache"]["views"]`` views: the whole
    frame resized as at inference, and random square regions (side between the input
    size and the shorter side) resized likewise. The cache at ``path`` resumes where it
    stopped; building stops at ``target`` distorted photos or after ``budget_s``.
    """
    import time

    views = int(cfg["cache"]["views"])
    size = int(cfg["cache"].get("size", cfg["size"]))
    path = Path(path)
    if path.exists():
        cache = torch.load(path)
        size = int(cache["size"])
    else:
        cache = {"images": torch.zeros((0, 3, size, size), dtype=torch.uint8),
                 "specs": [], "directions": [], "next": 0, "size": size}
    pairs = CaptionPairs.__new__(CaptionPairs)  # reuse its sampling of specs
    pairs.p_pristine = float(cfg.get("p_pristine", 0.12))
    pairs.p_two = float(cfg.get("p_two", 0.25))
    images = [read_rgb(p) for p in photos]
    new_imgs, start, last = [], time.time(), time.time()

    def flush():
        _save_store(cache, new_imgs, path)

    while cache["next"] < target and time.time() - start < budget_s:
        rng = np.random.default_rng([seed, cache["next"]])
        photo = images[rng.integers(len(images))].astype(np.float32) / 255.0
        if rng.random() < 0.5:
            photo = np.ascontiguousarray(photo[:, ::-1])
        specs = pairs._specs(rng)
        img, directions = apply(photo, specs, int(rng.integers(2 ** 31)))
        h, w = img.shape[:2]
        for v in range(views):
            region = img
            if v > 0:
                side = int(rng.integers(min(size, h, w), min(h, w) + 1))
                y, x = rng.integers(0, h - side + 1), rng.integers(0, w - side + 1)
                region = img[y: y + side, x: x + side]
            new_imgs.append(_to_uint8_chw(resize_square(region, size)))
            cache["specs"].append(specs)
            cache["directions"].append(directions)
        cache["next"] += 1
        if time.time() - last > save_every_s:
            flush()
            last = time.time()
            print(f"cache: {cache['next']} distorted photos, "
                  f"{len(cache['specs'])} views", flush=True)
    if new_imgs or not path.exists():
        flush()
    return cache


class CachedPairs(torch.utils.data.Dataset):
    """Pairs from a :func:`build_cache` cache: index ``j`` views ``j % N`` with a fresh
    random flip and caption drawn from ``(seed, j)``; views are resized to ``size``
    once if the cache holds another size."""

    def __init__(self, cache: Dict, tokenizer: Dict, seed: int, size: int):
        self.images = cache["images"]
        if int(cache["size"]) != size:  # antialiased bilinear, as PIL's resize
            self.images = torch.cat([
                F.interpolate(chunk.float(), size=(size, size), mode="bilinear",
                              align_corners=False, antialias=True
                              ).round().clamp(0, 255).to(torch.uint8)
                for chunk in self.images.split(512)])
        self.specs = cache["specs"]
        self.directions = cache["directions"]
        self.tokenizer = tokenizer
        self.seed = seed
        self.mean = torch.tensor(CLIP_MEAN).view(3, 1, 1)
        self.std = torch.tensor(CLIP_STD).view(3, 1, 1)

    def __len__(self) -> int:
        return len(self.specs)

    def __getitem__(self, j: int) -> Dict:
        i = int(j) % len(self.specs)
        rng = random.Random(self.seed * 1_000_003 + int(j))
        img = self.images[i].float() / 255.0
        if rng.random() < 0.5:
            img = img.flip(-1)
        specs, directions = self.specs[i], self.directions[i]
        text = C.caption(specs, rng, directions)
        quality, att = targets(specs)
        return {"image": (img - self.mean) / self.std,
                "ids": T.encode([text], self.tokenizer)[0],
                "quality": torch.tensor(quality, dtype=torch.float32),
                "attributes": att, "key": signature(specs, directions), "text": text}


# --- level ladders for the within-photo ranking objective ---------------------------


def ladder_type(rng: np.random.Generator, type_weights: Dict[str, float]) -> str:
    """Draws a distortion type, each weighing 1 unless ``type_weights`` says so."""
    w = np.asarray([float(type_weights.get(n, 1.0)) for n in D.NAMES])
    return D.NAMES[int(rng.choice(len(D.NAMES), p=w / w.sum()))]


def build_ladders(photos: Sequence[str], cfg: Dict, seed: int, path, target: int,
                  budget_s: float, save_every_s: float = 240.0) -> Dict:
    """Level ladders: one square region of a training photo distorted by one type at
    each of the 5 levels, for a loss on the order of the levels within one image.

    The region's side is drawn between the input size (native scale, as the runtime's
    crops at scale 1) and ``cfg["ladders"]["max_side"]``; the five levels share one
    seed, so they differ in strength only (the same moved patches, the same noise,
    scaled). Views are resized to the input size and stored as uint8 ``[N, 5, 3, S, S]``
    with the type of each; the file at ``path`` resumes where it stopped.
    """
    import time

    lc = cfg["ladders"]
    size = int(cfg["size"])
    weights = dict(lc.get("type_weights") or {})
    unknown = set(weights) - set(D.NAMES)
    if unknown:
        raise ValueError(
            f"ladders.type_weights: unknown distortion types {sorted(unknown)}"
        )
    path = Path(path)
    if path.exists():
        ladders = torch.load(path)
    else:
        ladders = {
            "images": torch.zeros((0, D.LEVELS, 3, size, size), dtype=torch.uint8),
            "types": [],
            "next": 0,
            "size": size,
        }
    images = [read_rgb(p) for p in photos]
    new, start, last = [], time.time(), time.time()

    def flush():
        _save_store(ladders, new, path)

    while ladders["next"] < target and time.time() - start < budget_s:
        rng = np.random.default_rng([seed, 7, ladders["next"]])
        photo = images[rng.integers(len(images))]
        h, w = photo.shape[:2]
        top = min(h, w, int(lc.get("max_side", 480)))
        side = int(rng.integers(min(size, top), top + 1))
        y, x = rng.integers(0, h - side + 1), rng.integers(0, w - side + 1)
        region = photo[y: y + side, x: x + side].astype(np.float32) / 255.0
        name = ladder_type(rng, weights)
        dseed = int(rng.integers(2 ** 31))
        new.append(torch.stack([
            _to_uint8_chw(resize_square(D.distort(region, name, level, dseed), size))
            for level in range(1, D.LEVELS + 1)]))
        ladders["types"].append(name)
        ladders["next"] += 1
        if time.time() - last > save_every_s:
            flush()
            last = time.time()
            print(f"ladders: {ladders['next']}", flush=True)
    if new or not path.exists():
        flush()
    return ladders


class Ladders(torch.utils.data.Dataset):
    """Item ``j``: ladder ``j % N`` as ``[5,3,S,S]`` normalised views (levels 1..5, a
    fresh random flip) and the index of its type's attribute pair in ``pair_order``."""

    def __init__(self, ladders: Dict, seed: int, pair_order: Sequence[str]):
        self.images = ladders["images"]
        self.pairs = [
            list(pair_order).index(C.TYPE_ATTRIBUTE[t]) for t in ladders["types"]
        ]
        self.seed = seed
        self.mean = torch.tensor(CLIP_MEAN).view(1, 3, 1, 1)
        self.std = torch.tensor(CLIP_STD).view(1, 3, 1, 1)

    def __len__(self) -> int:
        return len(self.pairs)

    def __getitem__(self, j: int) -> Dict:
        i = int(j) % len(self.pairs)
        img = self.images[i].float() / 255.0
        if random.Random(self.seed * 1_000_003 + int(j)).random() < 0.5:
            img = img.flip(-1)
        return {"images": (img - self.mean) / self.std,
                "pair": torch.tensor(self.pairs[i])}


def epoch_indices(n: int, seed: int, start: int):
    """Yields indices ``e * n + perm_e[k]`` from position ``start`` of the stream of
    per-epoch permutations (so a resumed run continues the same order)."""
    epoch, k = divmod(start, n)
    while True:
        perm = np.random.default_rng([seed, epoch]).permutation(n)
        for idx in perm[k:]:
            yield epoch * n + int(idx)
        epoch, k = epoch + 1, 0
