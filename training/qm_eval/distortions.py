"""Returns distorted versions of a photo for evaluation only: 16 families x 5 levels.

Written apart from the training generator (``qm_training.distortions``), with its own
library calls and its own parameter grid, so that a model cannot score well here by
having learnt one implementation's fingerprint. Never train, fit or select on it.

Every family takes an 8-bit RGB array (H, W, 3) and returns one of the same shape and
dtype. Level 1 is meant to be barely visible at the photo's stored size and level 5
severe; spatial parameters (blur sigma, motion length, block size, scale factor) are in
pixels of the image given, whatever its size. Randomness comes only from ``seed``, which
``version_seed`` derives from (photo, family), and the level: draws of one version
(noise, k-means sample) come from (seed, level); draws that hold for all five levels of
a photo (motion direction, pixel-grid phase) from the seed alone, so that the levels
differ only in strength. One version is the same on every run and machine.
The grid with what each level means is in docs/evaluation/independent-generator.md.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from typing import Callable, NamedTuple

import numpy as np
from PIL import Image
from scipy import ndimage, signal
from scipy.cluster import vq
from skimage import color, draw, transform, util

LEVELS = (1, 2, 3, 4, 5)


class Family(NamedTuple):
    """One distortion family: ``fn(x, param, rng, shared) -> x`` and its 5 parameters;
    ``rng`` is the version's own generator, ``shared`` the same for all 5 levels."""

    fn: Callable
    params: tuple
    unit: str
    kind: str  # "float": fn works on floats in [0, 1]; "uint8": on the 8-bit array


def version_seed(photo: str, family: str) -> int:
    """Returns the 32-bit seed of a photo's versions of one family: a hash of both."""
    key = f"qm-eval|{photo}|{family}".encode()
    return int.from_bytes(hashlib.sha256(key).digest()[:4], "big")


def distort(img: np.ndarray, family: str, level: int, seed: int) -> np.ndarray:
    """Returns ``img`` (uint8 RGB, H x W x 3) distorted by ``family`` at ``level``."""
    if family not in FAMILIES:
        raise KeyError(
            f"unknown distortion family {family!r}; known: {', '.join(FAMILIES)}"
        )
    if level not in LEVELS:
        raise ValueError(f"level must be 1..5, got {level}")
    if img.dtype != np.uint8 or img.ndim != 3 or img.shape[2] != 3:
        raise ValueError(f"expected uint8 H x W x 3, got {img.dtype} {img.shape}")
    fam = FAMILIES[family]
    rng, shared = np.random.default_rng([seed, level]), np.random.default_rng(seed)
    param = fam.params[level - 1]
    with warnings.catch_warnings():
        # expected: lab2rgb clips out-of-gamut colours, kmeans2 may drop empty clusters
        warnings.simplefilter("ignore")
        if fam.kind == "uint8":
            return fam.fn(img, param, rng, shared)
        out = fam.fn(img.astype(np.float64) / 255.0, param, rng, shared)
    return np.rint(np.clip(out, 0.0, 1.0) * 255.0).astype(np.uint8)


# --- blur -----------------------------------------------------------------------------


def _gaussian_blur(x, sigma, rng, shared):
    return ndimage.gaussian_filter(
        x, sigma=(sigma, sigma, 0), mode="mirror", truncate=3.5
    )


def _motion_kernel(length: float, angle_deg: float) -> np.ndarray:
    """Returns a normalised anti-aliased line of ``length`` px through the centre."""
    half = length / 2.0
    size = 2 * int(np.ceil(half)) + 1
    c = size // 2
    dy, dx = half * np.sin(np.radians(angle_deg)), half * np.cos(np.radians(angle_deg))
    rr, cc, val = draw.line_aa(
        int(round(c - dy)), int(round(c - dx)), int(round(c + dy)), int(round(c + dx))
    )
    k = np.zeros((size, size))
    np.maximum.at(k, (rr, cc), val)
    return k / k.sum()


def _motion_blur(x, length, rng, shared):
    k = _motion_kernel(length, shared.uniform(0.0, 180.0))
    pad = k.shape[0] // 2
    padded = np.pad(x, ((pad, pad), (pad, pad), (0, 0)), mode="symmetric")
    out = np.stack(
        [signal.fftconvolve(padded[..., ch], k, mode="valid") for ch in range(3)],
        axis=-1,
    )
    return out


# --- noise ----------------------------------------------------------------------------


def _white_noise(x, sigma255, rng, shared):
    return x + rng.normal(0.0, sigma255 / 255.0, size=x.shape)


def _impulse_noise(x, amount, rng, shared):
    return util.random_noise(
        x,
        mode="s&p",
        amount=amount,
        salt_vs_pepper=0.5,
        seed=int(rng.integers(2**31)),
    )


def _speckle_noise(x, std, rng, shared):
    return util.random_noise(
        x, mode="speckle", var=std * std, seed=int(rng.integers(2**31)), clip=True
    )


# --- compression ----------------------------------------------------------------------


def _pil_roundtrip(img: np.ndarray, **save_args) -> np.ndarray:
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, **save_args)
    buf.seek(0)
    with Image.open(buf) as decoded:
        return np.asarray(decoded.convert("RGB"))


def _jpeg(img, quality, rng, shared):
    # 4:2:0 chroma subsampling, as cameras and most upload paths write
    return _pil_roundtrip(img, format="JPEG", quality=quality, subsampling=2)


def _jpeg2000(img, ratio, rng, shared):
    # irreversible (9/7) wavelet at a fixed compression ratio, one quality layer
    return _pil_roundtrip(
        img,
        format="JPEG2000",
        quality_mode="rates",
        quality_layers=[ratio],
        irreversible=True,
    )


# --- spatial resolution ---------------------------------------------------------------


def _pixelate(x, block, rng, shared):
    """Replaces each block x block cell by its mean; the grid's phase is drawn."""
    h, w, _ = x.shape
    oy, ox = (int(v) % block for v in shared.integers(0, 10**6, size=2))
    ph, pw = -(-(h + oy) // block) * block, -(-(w + ox) // block) * block
    padded = np.pad(x, ((oy, ph - h - oy), (ox, pw - w - ox), (0, 0)), mode="edge")
    cells = padded.reshape(ph // block, block, pw // block, block, 3).mean(axis=(1, 3))
    full = np.repeat(np.repeat(cells, block, axis=0), block, axis=1)
    return full[oy : oy + h, ox : ox + w]


def _down_up(x, factor, rng, shared):
    h, w, _ = x.shape
    small = (max(2, round(h * factor)), max(2, round(w * factor)))
    down = transform.resize(x, small, order=1, anti_aliasing=True, mode="reflect")
    return transform.resize(down, (h, w), order=3, anti_aliasing=False, mode="reflect")


# --- colour ---------------------------------------------------------------------------


def _quantise(x, colours, rng, shared):
    """Maps every pixel to the nearest of ``colours`` k-means centres (no dithering)."""
    pixels = x.reshape(-1, 3)
    pick = rng.choice(len(pixels), size=min(len(pixels), 20000), replace=False)
    centres, _ = vq.kmeans2(
        pixels[pick], colours, iter=20, minit="++", seed=int(rng.integers(2**31))
    )
    codes, _ = vq.vq(pixels, centres)
    return centres[codes].reshape(x.shape)


def _srgb_to_linear(x):
    return np.where(x <= 0.04045, x / 12.92, ((x + 0.055) / 1.055) ** 2.4)


def _linear_to_srgb(y):
    y = np.clip(y, 0.0, 1.0)
    return np.where(y <= 0.0031308, 12.92 * y, 1.055 * y ** (1 / 2.4) - 0.055)


def _exposure(x, stops, rng, shared):
    """Scales the light by 2**stops in linear sRGB (over-exposure clips highlights)."""
    return _linear_to_srgb(_srgb_to_linear(x) * 2.0**stops)


def _contrast_down(x, keep, rng, shared):
    """Pulls every value towards the photo's mean luma, keeping ``keep`` of its spread.
    """
    mean = float((x @ np.array([0.2126, 0.7152, 0.0722])).mean())
    return mean + keep * (x - mean)


def _desaturate(x, keep, rng, shared):
    hsv = color.rgb2hsv(x)
    hsv[..., 1] *= keep
    return color.hsv2rgb(hsv)


def _oversaturate(x, gain, rng, shared):
    lab = color.rgb2lab(x)
    lab[..., 1:] *= gain
    return color.lab2rgb(lab)


def _oversharpen(x, amount, rng, shared):
    """Unsharp masking: adds ``amount`` times the detail above a sigma 1.5 px blur."""
    return x + amount * (
        x - ndimage.gaussian_filter(x, sigma=(1.5, 1.5, 0), mode="mirror")
    )


FAMILIES: dict[str, Family] = {
    "gaussian_blur": Family(
        _gaussian_blur, (0.7, 1.2, 2.0, 3.2, 5.0), "sigma px", "float"
    ),
    "motion_blur": Family(_motion_blur, (3, 6, 10, 16, 25), "length px", "float"),
    "white_noise": Family(_white_noise, (4, 8, 14, 22, 34), "sigma /255", "float"),
    "impulse_noise": Family(
        _impulse_noise, (0.004, 0.012, 0.03, 0.065, 0.13), "share of samples", "float"
    ),
    "multiplicative_noise": Family(
        _speckle_noise, (0.06, 0.11, 0.17, 0.25, 0.36), "std of x(1+n)", "float"
    ),
    "jpeg": Family(_jpeg, (75, 45, 25, 12, 6), "quality", "uint8"),
    "jpeg2000": Family(_jpeg2000, (16, 40, 90, 180, 400), "compression ratio", "uint8"),
    "pixelate": Family(_pixelate, (2, 3, 5, 8, 13), "block px", "float"),
    "downscale_upscale": Family(
        _down_up, (0.75, 0.55, 0.4, 0.28, 0.18), "scale", "float"
    ),
    "colour_quantise": Family(_quantise, (64, 32, 16, 8, 4), "colours", "float"),
    "brighten": Family(_exposure, (0.35, 0.7, 1.1, 1.6, 2.2), "stops", "float"),
    "darken": Family(_exposure, (-0.4, -0.8, -1.25, -1.8, -2.5), "stops", "float"),
    "contrast_down": Family(
        _contrast_down, (0.8, 0.63, 0.47, 0.33, 0.2), "spread kept", "float"
    ),
    "desaturate": Family(
        _desaturate, (0.7, 0.5, 0.33, 0.18, 0.05), "saturation kept", "float"
    ),
    "oversaturate": Family(
        _oversaturate, (1.35, 1.7, 2.1, 2.6, 3.3), "chroma gain", "float"
    ),
    "oversharpen": Family(
        _oversharpen, (0.5, 1.1, 2.0, 3.2, 5.0), "unsharp amount", "float"
    ),
}
