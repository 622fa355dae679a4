"""Training versions of a photo that cannot be memorised as one generator's fingerprint.

The held-out test of :mod:`qm_training.heldout` distorts with the same code, the same five
fixed parameters per type and the same photo scale as the training set; a model fitted on
that learns the generator as much as the distortions. A version here is drawn instead:

1. the photo rescaled by a random factor in [0.55, 1] (another range: :func:`draw`'s
   ``scale_range``) with a random resampling filter, so
   that scale and the filter's fingerprint are no cue;
2. none, one or two distortions (two from different families), each at a level drawn
   continuously from [1, 5] (:func:`qm_training.distortions._pick` interpolates the
   parameters), each from the training registry or from an alternate implementation of
   the same family written with other library calls (:data:`ALTERNATES`: Pillow's filters
   and enhancers, scikit-image);
3. most of the time, as uploads are, a final JPEG encoding at quality 70-95 with a random
   chroma subsampling, written as the JPEG file itself.

The label is the severity: 0 for none, the level for one distortion, ``sqrt(l1^2 + l2^2)``
capped at 5 for two.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Callable, Dict, List, Tuple

import numpy as np
from PIL import Image, ImageEnhance, ImageFilter

from . import distortions as D

SCALE_RANGE = (0.55, 1.0)
LEVEL_RANGE = (1.0, 5.0)
P_NONE, P_TWO = 0.12, 0.25
P_REENCODE = 0.6
REENCODE_QUALITY = (70, 95)
FILTERS = [Image.LANCZOS, Image.BICUBIC, Image.BILINEAR, Image.BOX, Image.HAMMING]


def _to_pil(img: np.ndarray) -> Image.Image:
    return Image.fromarray((np.clip(img, 0, 1) * 255.0 + 0.5).astype(np.uint8), "RGB")


def _from_pil(pil: Image.Image) -> np.ndarray:
    return np.asarray(pil.convert("RGB"), dtype=np.float32) / 255.0


def _lerp(a: float, b: float, level: float) -> float:
    """``a`` at level 1, ``b`` at level 5, linear between."""
    return a + (b - a) * (level - 1.0) / 4.0


def _geo(a: float, b: float, level: float) -> float:
    """``a`` at level 1, ``b`` at level 5, geometric between."""
    return float(a * (b / a) ** ((level - 1.0) / 4.0))


# --- alternate implementations (img float [H, W, 3] in [0, 1], level in [1, 5], rng) -------


def pil_gaussian_blur(img, level, rng):
    return _from_pil(_to_pil(img).filter(ImageFilter.GaussianBlur(_geo(0.7, 4.5, level))))


def box_blur(img, level, rng):
    return _from_pil(_to_pil(img).filter(ImageFilter.BoxBlur(_geo(0.8, 5.0, level))))


def downscale_upscale(img, level, rng):
    """Down by a factor of 1.4-6 with one random filter, back up with another."""
    h, w = img.shape[:2]
    f = _geo(1.4, 6.0, level)
    small = (max(8, round(w / f)), max(8, round(h / f)))
    pil = _to_pil(img).resize(small, FILTERS[rng.integers(len(FILTERS))])
    up = [Image.BILINEAR, Image.BICUBIC, Image.LANCZOS, Image.NEAREST][rng.integers(4)]
    return _from_pil(pil.resize((w, h), up))


def luma_noise(img, level, rng):
    std = _geo(0.02, 0.12, level)
    noise = rng.standard_normal(img.shape[:2], dtype=np.float32)[..., None]
    return np.clip(img + std * noise, 0, 1).astype(np.float32)


def shot_noise(img, level, rng):
    """Poisson (photon) noise: brighter pixels noisier, as a small sensor's."""
    photons = _geo(200.0, 8.0, level)
    return np.clip(rng.poisson(img * photons) / photons, 0, 1).astype(np.float32)


def speckle_noise(img, level, rng):
    std = _geo(0.06, 0.35, level)
    noise = rng.uniform(-1.0, 1.0, img.shape).astype(np.float32) * std * np.sqrt(3.0)
    return np.clip(img * (1.0 + noise), 0, 1).astype(np.float32)


def jpeg_variant(img, level, rng):
    """JPEG through Pillow with a random subsampling and Huffman optimisation."""
    quality = int(round(_geo(45.0, 4.0, level)))
    buf = io.BytesIO()
    _to_pil(img).save(buf, "JPEG", quality=quality, subsampling=int(rng.integers(3)),
                      optimize=bool(rng.integers(2)))
    return _from_pil(Image.open(io.BytesIO(buf.getvalue())))


def palette(img, level, rng):
    """Colour quantisation by another method than median cut, dithered or not."""
    colors = int(round(_geo(96.0, 6.0, level)))
    method = [Image.Quantize.MAXCOVERAGE, Image.Quantize.FASTOCTREE][rng.integers(2)]
    dither = [Image.Dither.NONE, Image.Dither.FLOYDSTEINBERG][rng.integers(2)]
    return _from_pil(_to_pil(img).quantize(colors=colors, method=method, dither=dither))


def enhance_color_down(img, level, rng):
    return _from_pil(ImageEnhance.Color(_to_pil(img)).enhance(_lerp(0.65, 0.0, level)))


def enhance_color_up(img, level, rng):
    return _from_pil(ImageEnhance.Color(_to_pil(img)).enhance(_geo(1.5, 4.0, level)))


def enhance_brightness_up(img, level, rng):
    return _from_pil(ImageEnhance.Brightness(_to_pil(img)).enhance(_geo(1.25, 2.4, level)))


def enhance_brightness_down(img, level, rng):
    return _from_pil(ImageEnhance.Brightness(_to_pil(img)).enhance(_geo(0.78, 0.22, level)))


def enhance_contrast_down(img, level, rng):
    return _from_pil(ImageEnhance.Contrast(_to_pil(img)).enhance(_geo(0.72, 0.12, level)))


def unsharp(img, level, rng):
    radius = float(rng.uniform(1.0, 3.0))
    percent = int(round(_geo(120.0, 700.0, level)))
    return _from_pil(_to_pil(img).filter(ImageFilter.UnsharpMask(radius, percent, 0)))


def median_smear(img, level, rng):
    """A median filter then a light blur: the waxy look of over-denoised phone photos."""
    pil = _to_pil(img).filter(ImageFilter.MedianFilter(3 if level < 3 else 5))
    return _from_pil(pil.filter(ImageFilter.GaussianBlur(_lerp(0.3, 1.5, level))))


@dataclass(frozen=True)
class Kind:
    """One way to distort: its name, family and function of (img, level, rng)."""

    name: str
    family: str
    fn: Callable[[np.ndarray, float, np.random.Generator], np.ndarray]


ALTERNATES: List[Kind] = [
    Kind("pil_gaussian_blur", "blur", pil_gaussian_blur),
    Kind("box_blur", "blur", box_blur),
    Kind("downscale_upscale", "spatial", downscale_upscale),
    Kind("luma_noise", "noise", luma_noise),
    Kind("shot_noise", "noise", shot_noise),
    Kind("speckle_noise", "noise", speckle_noise),
    Kind("median_smear", "noise", median_smear),
    Kind("jpeg_variant", "compression", jpeg_variant),
    Kind("palette", "color", palette),
    Kind("enhance_color_down", "color", enhance_color_down),
    Kind("enhance_color_up", "color", enhance_color_up),
    Kind("enhance_brightness_up", "brightness", enhance_brightness_up),
    Kind("enhance_brightness_down", "brightness", enhance_brightness_down),
    Kind("enhance_contrast_down", "sharpness_contrast", enhance_contrast_down),
    Kind("unsharp", "sharpness_contrast", unsharp),
]

KINDS: List[Kind] = [Kind(d.name, d.family, d.fn) for d in D.REGISTRY.values()] + ALTERNATES
BY_NAME: Dict[str, Kind] = {k.name: k for k in KINDS}


@dataclass
class Version:
    """One drawn training version: its image (float RGB), the JPEG bytes it was re-encoded
    to (None when left lossless), its severity label and what was applied."""

    image: np.ndarray
    jpeg: bytes | None
    severity: float
    kinds: Tuple[str, ...]
    levels: Tuple[float, ...]
    scale: float

    @property
    def group(self) -> str:
        return "pristine" if not self.kinds else "+".join(self.kinds)


def reencode(img: np.ndarray, rng: np.random.Generator, keep_bytes: bool = False):
    """Returns ``img`` JPEG-encoded and decoded at a quality in :data:`REENCODE_QUALITY` with a
    random chroma subsampling, as most uploads are (and the JPEG bytes with ``keep_bytes``)."""
    buf = io.BytesIO()
    _to_pil(img).save(buf, "JPEG", quality=int(rng.integers(*REENCODE_QUALITY)),
                      subsampling=int(rng.integers(3)))
    out = _from_pil(Image.open(io.BytesIO(buf.getvalue())))
    return (out, buf.getvalue()) if keep_bytes else out


def rescale(img: np.ndarray, rng: np.random.Generator,
            scale_range: Tuple[float, float] = SCALE_RANGE) -> Tuple[np.ndarray, float]:
    """Returns ``img`` resized by a random factor drawn uniformly from ``scale_range``
    (default :data:`SCALE_RANGE`) with a random filter, and the factor."""
    s = float(rng.uniform(*scale_range))
    h, w = img.shape[:2]
    size = (max(64, round(w * s)), max(64, round(h * s)))
    if size == (w, h):
        return img, 1.0
    return _from_pil(_to_pil(img).resize(size, FILTERS[rng.integers(len(FILTERS))])), s


def _draw_kinds(rng: np.random.Generator) -> List[Kind]:
    u = rng.random()
    if u < P_NONE:
        return []
    first = KINDS[rng.integers(len(KINDS))]
    if u < 1.0 - P_TWO:
        return [first]
    others = [k for k in KINDS if k.family != first.family]
    return [first, others[rng.integers(len(others))]]


def draw(photo: np.ndarray, seed: int,
         scale_range: Tuple[float, float] = SCALE_RANGE) -> Version:
    """Returns one training version of ``photo`` (uint8 or float RGB), deterministic in
    ``seed``. A ``scale_range`` reaching above 1 also enlarges the photo before distorting
    it, as a large upload is distorted at its full size and read at the working size; the
    kinds and the first level are drawn before any size-dependent draw, so one seed almost
    always gives the same kinds and first level whatever the range."""
    rng = np.random.default_rng(seed)
    img = photo.astype(np.float32) / 255.0 if photo.dtype == np.uint8 else photo
    img, scale = rescale(np.ascontiguousarray(img, dtype=np.float32), rng, scale_range)
    kinds = _draw_kinds(rng)
    levels = []
    for kind in kinds:
        level = float(rng.uniform(*LEVEL_RANGE))
        img = np.clip(kind.fn(img, level, rng), 0, 1).astype(np.float32)
        levels.append(level)
    severity = min(float(np.sqrt(np.sum(np.square(levels)))), 5.0) if levels else 0.0
    jpeg = None
    if rng.random() < P_REENCODE:
        img, jpeg = reencode(img, rng, keep_bytes=True)
    return Version(img, jpeg, severity, tuple(k.name for k in kinds), tuple(levels), scale)
