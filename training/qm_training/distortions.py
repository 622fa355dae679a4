"""Synthetic distortions in the families of KADID-10k, five levels each.

The families and types follow KADID-10k (H. Lin, V. Hosu, D. Saupe, "KADID-10k: A
Large-scale Artificially Distorted IQA Database", QoMEX 2019), the distortion set that
CONTRIQUE and GRepQ train on. The implementations are written here with numpy, scipy and
PIL only (no MATLAB toolboxes), so the parameters differ from KADID's: each type's five
levels were chosen to go from just visible to severe on 512-768 px photos.

Every function takes an RGB image as float32 ``[H, W, 3]`` in ``[0, 1]``, a level in
``1..5`` and a ``numpy.random.Generator``, and returns a new float32 image of the same
shape in ``[0, 1]``. Random types draw the same random field at every level and only
scale it (or take a growing prefix of it), so with one seed the levels are nested: level
``k + 1`` is level ``k`` made worse, never a different random pattern.

Use :func:`distort` (name, level, seed) or the :data:`REGISTRY` of :class:`Distortion`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Callable, Dict, List

import numpy as np
from PIL import Image
from scipy import ndimage, signal

LEVELS = 5

_RGB2YCC = np.array(
    [[0.299, 0.587, 0.114], [-0.168736, -0.331264, 0.5], [0.5, -0.418688, -0.081312]],
    dtype=np.float32,
)
_YCC2RGB = np.linalg.inv(_RGB2YCC).astype(np.float32)


def _check_level(level: float) -> int:
    if not 1 <= level <= LEVELS:
        raise ValueError(f"level must be in 1..{LEVELS}, got {level}")
    return level - 1


def _pick(values, level: float):
    """Returns the parameter of ``level``: ``values[level - 1]`` at a whole level, and between
    two whole levels the linear interpolation of their values, so that a level drawn from
    [1, 5] draws the parameter continuously (rounded when the values are whole numbers)."""
    _check_level(level)
    low = int(np.floor(level))
    frac = float(level) - low
    if frac == 0.0:
        return values[low - 1]
    v = values[low - 1] + frac * (values[low] - values[low - 1])
    return int(round(v)) if all(isinstance(x, int) for x in values) else float(v)


def _clip(img: np.ndarray) -> np.ndarray:
    return np.clip(img, 0.0, 1.0).astype(np.float32, copy=False)


def _to_ycc(img: np.ndarray) -> np.ndarray:
    return img @ _RGB2YCC.T


def _from_ycc(ycc: np.ndarray) -> np.ndarray:
    return _clip(ycc @ _YCC2RGB.T)


def _luma(img: np.ndarray) -> np.ndarray:
    return img @ _RGB2YCC[0]


def _to_pil(img: np.ndarray) -> Image.Image:
    return Image.fromarray((np.clip(img, 0, 1) * 255.0 + 0.5).astype(np.uint8), "RGB")


def _from_pil(pil: Image.Image) -> np.ndarray:
    return np.asarray(pil.convert("RGB"), dtype=np.float32) / 255.0


def _convolve(img: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Convolves each channel with ``kernel`` (odd sides), reflecting at the borders."""
    ph, pw = kernel.shape[0] // 2, kernel.shape[1] // 2
    padded = np.pad(img, ((ph, ph), (pw, pw), (0, 0)), mode="reflect")
    out = signal.fftconvolve(padded, kernel[:, :, None], mode="valid", axes=(0, 1))
    return _clip(out)


def _area_scale(img: np.ndarray) -> float:
    """Image area relative to 512 x 384, the size KADID-10k's counts refer to."""
    return img.shape[0] * img.shape[1] / (512.0 * 384.0)


def _count(img: np.ndarray, per_kadid_image: int, idx: int) -> int:
    """A count scaled by image area, at least ``idx + 1`` so levels stay ordered."""
    return max(int(round(per_kadid_image * _area_scale(img))), idx + 1)


# --- blur ------------------------------------------------------------------------


def gaussian_blur(img, level, rng):
    sigma = _pick([0.6, 1.0, 1.6, 2.6, 4.2], level)
    return _clip(ndimage.gaussian_filter(img, sigma=(sigma, sigma, 0), mode="reflect"))


def lens_blur(img, level, rng):
    radius = _pick([1.0, 2.0, 3.0, 4.5, 6.5], level)
    r = int(np.ceil(radius))
    yy, xx = np.mgrid[-r : r + 1, -r : r + 1]
    kernel = np.clip(radius + 0.5 - np.hypot(yy, xx), 0.0, 1.0)
    return _convolve(img, kernel / kernel.sum())


def motion_blur(img, level, rng):
    length = _pick([3, 5, 9, 13, 19], level) | 1  # odd, so the kernel has a centre
    angle = rng.uniform(0.0, 180.0)
    kernel = np.zeros((length, length), dtype=np.float64)
    kernel[length // 2, :] = 1.0
    kernel = ndimage.rotate(kernel, angle, reshape=False, order=1)
    kernel = np.clip(kernel, 0.0, None)
    return _convolve(img, kernel / kernel.sum())


# --- colour ----------------------------------------------------------------------


def color_diffusion(img, level, rng):
    sigma = _pick([1.5, 3.0, 5.0, 8.0, 12.0], level)
    ycc = _to_ycc(img)
    ycc[..., 1:] = ndimage.gaussian_filter(ycc[..., 1:], sigma=(sigma, sigma, 0))
    return _from_ycc(ycc)


def color_shift(img, level, rng):
    """Shifts red and blue in opposite directions (misregistered colour planes)."""
    shift = _pick([1, 2, 3, 5, 8], level)
    uy, ux = [(0, 1), (1, 0), (1, 1), (1, -1)][rng.integers(4)]
    out = img.copy()
    out[..., 0] = np.roll(img[..., 0], (uy * shift, ux * shift), axis=(0, 1))
    out[..., 2] = np.roll(img[..., 2], (-uy * shift, -ux * shift), axis=(0, 1))
    return out


def color_quantization(img, level, rng):
    colors = _pick([64, 32, 16, 8, 4], level)
    pil = _to_pil(img).quantize(
        colors=colors, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )
    return _from_pil(pil)


def color_desaturation(img, level, rng):
    keep = _pick([0.6, 0.4, 0.25, 0.1, 0.0], level)
    y = _luma(img)[..., None]
    return _clip(y + keep * (img - y))


def color_oversaturation(img, level, rng):
    gain = _pick([1.5, 2.0, 2.7, 3.6, 5.0], level)
    y = _luma(img)[..., None]
    return _clip(y + gain * (img - y))


# --- compression -----------------------------------------------------------------


def _encode_decode(img: np.ndarray, fmt: str, **options) -> np.ndarray:
    buf = io.BytesIO()
    _to_pil(img).save(buf, format=fmt, **options)
    buf.seek(0)
    with Image.open(buf) as decoded:
        return _from_pil(decoded)


def jpeg(img, level, rng):
    quality = _pick([40, 25, 15, 8, 3], level)
    return _encode_decode(img, "JPEG", quality=quality, subsampling=2)


def jpeg2000(img, level, rng):
    ratio = _pick([24, 48, 96, 180, 320], level)
    return _encode_decode(
        img, "JPEG2000", quality_mode="rates", quality_layers=[ratio], irreversible=True
    )


def webp(img, level, rng):
    quality = _pick([40, 20, 10, 4, 0], level)
    return _encode_decode(img, "WEBP", quality=quality, method=4)


# --- noise -----------------------------------------------------------------------


def white_noise(img, level, rng):
    std = _pick([0.025, 0.04, 0.06, 0.09, 0.13], level)
    return _clip(img + std * rng.standard_normal(img.shape, dtype=np.float32))


def white_noise_color(img, level, rng):
    std = _pick([0.02, 0.035, 0.055, 0.08, 0.12], level)
    ycc = _to_ycc(img)
    noise = rng.standard_normal(img.shape[:2] + (2,), dtype=np.float32)
    ycc[..., 1:] += std * noise
    return _from_ycc(ycc)


def impulse_noise(img, level, rng):
    density = _pick([0.005, 0.012, 0.025, 0.05, 0.1], level)
    u = rng.random(img.shape[:2], dtype=np.float32)
    salt = rng.random(img.shape[:2], dtype=np.float32) < 0.5
    out = img.copy()
    hit = u < density
    out[hit & salt] = 1.0
    out[hit & ~salt] = 0.0
    return out


def multiplicative_noise(img, level, rng):
    std = _pick([0.05, 0.09, 0.14, 0.2, 0.3], level)
    return _clip(img * (1.0 + std * rng.standard_normal(img.shape, dtype=np.float32)))


def denoising_artifacts(img, level, rng):
    """Gaussian noise, then a median + Gaussian denoiser: blotchy, over-smoothed."""
    std = _pick([0.03, 0.05, 0.08, 0.12, 0.17], level)
    sigma = _pick([0.7, 1.0, 1.4, 1.9, 2.5], level)
    noisy = img + std * rng.standard_normal(img.shape, dtype=np.float32)
    med = ndimage.median_filter(noisy, size=(3, 3, 1), mode="reflect")
    return _clip(ndimage.gaussian_filter(med, sigma=(sigma, sigma, 0)))


# --- brightness ------------------------------------------------------------------


def brighten(img, level, rng):
    gamma = _pick([1.3, 1.6, 2.0, 2.6, 3.5], level)
    return _clip(np.power(img, 1.0 / gamma))


def darken(img, level, rng):
    gamma = _pick([1.3, 1.6, 2.0, 2.6, 3.5], level)
    return _clip(np.power(img, gamma))


def mean_shift(img, level, rng):
    shift = _pick([0.06, 0.12, 0.18, 0.25, 0.33], level)
    sign = 1.0 if rng.random() < 0.5 else -1.0
    return _clip(img + sign * shift)


# --- spatial ---------------------------------------------------------------------


def jitter(img, level, rng):
    amount = _pick([0.5, 1.0, 1.5, 2.5, 4.0], level)
    h, w = img.shape[:2]
    offsets = rng.standard_normal((2, h, w), dtype=np.float32)
    dy = np.rint(amount * offsets[0]).astype(np.int64)
    dx = np.rint(amount * offsets[1]).astype(np.int64)
    rows = np.clip(np.arange(h)[:, None] + dy, 0, h - 1)
    cols = np.clip(np.arange(w)[None, :] + dx, 0, w - 1)
    return img[rows, cols]


def _patches(img, level, rng, largest, per_side, per_kadid_image, n_draws):
    """Yields ``(y, x, size, draw)`` for the square patches of ``level``: the size is
    ``largest`` pixels or 1/``per_side`` of the shorter side, the count scaled by image area
    from ``per_kadid_image`` (one entry per level); ``draw`` holds ``n_draws`` uniform
    numbers, the first two placing the patch. The draws are made for the most patches at
    once, so that a level's patches are the first ones of the next level's."""
    h, w = img.shape[:2]
    size = max(4, min(largest, h // per_side, w // per_side))
    counts = [_count(img, c, i) for i, c in enumerate(per_kadid_image)]
    draws = rng.random((counts[-1], n_draws))
    for k in range(_pick(counts, level)):
        yield int(draws[k, 0] * (h - size)), int(draws[k, 1] * (w - size)), size, draws[k]


def non_eccentricity_patch(img, level, rng):
    """Copies small patches to nearby positions (KADID's non-eccentricity patch)."""
    h, w = img.shape[:2]
    out = img.copy()
    for y, x, size, d in _patches(img, level, rng, 16, 8, [20, 40, 70, 110, 160], 4):
        ty = int(np.clip(y + (d[2] - 0.5) * 4 * size, 0, h - size))
        tx = int(np.clip(x + (d[3] - 0.5) * 4 * size, 0, w - size))
        out[ty : ty + size, tx : tx + size] = img[y : y + size, x : x + size]
    return out


def pixelate(img, level, rng):
    factor = _pick([2, 3, 4, 6, 9], level)
    h, w = img.shape[:2]
    pil = _to_pil(img)
    small = pil.resize((max(1, w // factor), max(1, h // factor)), Image.BOX)
    return _from_pil(small.resize((w, h), Image.NEAREST))


def quantization(img, level, rng):
    steps = _pick([24, 14, 9, 6, 4], level)
    return np.round(img * (steps - 1)) / (steps - 1)


def color_block(img, level, rng):
    out = img.copy()
    for y, x, size, d in _patches(img, level, rng, 32, 6, [2, 4, 7, 10, 14], 5):
        out[y : y + size, x : x + size] = d[2:5]
    return out


# --- sharpness and contrast ------------------------------------------------------


def high_sharpen(img, level, rng):
    amount = _pick([1.0, 2.0, 3.5, 5.5, 8.0], level)
    blurred = ndimage.gaussian_filter(img, sigma=(1.2, 1.2, 0))
    return _clip(img + amount * (img - blurred))


def contrast_change(img, level, rng):
    keep = _pick([0.7, 0.5, 0.35, 0.22, 0.12], level)
    mean = img.mean(axis=(0, 1), keepdims=True)
    return _clip(mean + keep * (img - mean))


# --- registry --------------------------------------------------------------------


@dataclass(frozen=True)
class Distortion:
    """One distortion type: its name, KADID-10k family and function."""

    name: str
    family: str
    fn: Callable[[np.ndarray, int, np.random.Generator], np.ndarray]


_TABLE = [
    ("gaussian_blur", "blur", gaussian_blur),
    ("lens_blur", "blur", lens_blur),
    ("motion_blur", "blur", motion_blur),
    ("color_diffusion", "color", color_diffusion),
    ("color_shift", "color", color_shift),
    ("color_quantization", "color", color_quantization),
    ("color_desaturation", "color", color_desaturation),
    ("color_oversaturation", "color", color_oversaturation),
    ("jpeg", "compression", jpeg),
    ("jpeg2000", "compression", jpeg2000),
    ("webp", "compression", webp),
    ("white_noise", "noise", white_noise),
    ("white_noise_color", "noise", white_noise_color),
    ("impulse_noise", "noise", impulse_noise),
    ("multiplicative_noise", "noise", multiplicative_noise),
    ("denoising_artifacts", "noise", denoising_artifacts),
    ("brighten", "brightness", brighten),
    ("darken", "brightness", darken),
    ("mean_shift", "brightness", mean_shift),
    ("jitter", "spatial", jitter),
    ("non_eccentricity_patch", "spatial", non_eccentricity_patch),
    ("pixelate", "spatial", pixelate),
    ("quantization", "spatial", quantization),
    ("color_block", "spatial", color_block),
    ("high_sharpen", "sharpness_contrast", high_sharpen),
    ("contrast_change", "sharpness_contrast", contrast_change),
]

REGISTRY: Dict[str, Distortion] = {n: Distortion(n, f, fn) for n, f, fn in _TABLE}
NAMES: List[str] = [n for n, _, _ in _TABLE]


def distort(img: np.ndarray, name: str, level: int, seed: int = 0) -> np.ndarray:
    """Returns ``img`` with distortion ``name`` at ``level`` (1..5), deterministic in
    ``seed``.

    ``img`` is float RGB ``[H, W, 3]`` in ``[0, 1]``; a uint8 image is converted.
    """
    if name not in REGISTRY:
        raise KeyError(f"unknown distortion {name!r}; known: {', '.join(NAMES)}")
    if img.dtype == np.uint8:
        img = img.astype(np.float32) / 255.0
    img = np.ascontiguousarray(img, dtype=np.float32)
    rng = np.random.default_rng(seed)
    return REGISTRY[name].fn(img, level, rng)


def class_index(name: str, level: int) -> int:
    """Returns the contrastive class of (type, level): 0 is pristine, then 1..130."""
    _check_level(level)
    return 1 + NAMES.index(name) * LEVELS + (level - 1)


NUM_CLASSES = 1 + len(NAMES) * LEVELS
