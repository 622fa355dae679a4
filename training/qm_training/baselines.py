"""Classic no-reference baselines for the held-out comparison: NIQE and BRISQUE.

NIQE: A. Mittal, R. Soundararajan, A. C. Bovik, "Making a Completely Blind Image
Quality Analyzer", IEEE Signal Processing Letters 20(3), 2013; the pristine model is the
LIVE release's (``niqe_pris_params.npz``), the computation follows BasicSR's port
(96x96 blocks, two scales). BRISQUE: A. Mittal, A. K. Moorthy, A. C. Bovik,
"No-Reference
Image Quality Assessment in the Spatial Domain", IEEE TIP 21(12), 2012; features as in
OpenCV's ``quality::QualityBRISQUE`` and its LIVE-trained SVR
(``brisque_model_live.yml``
with ``brisque_range_live.yml``). Both read the parameter files from
``shared/data/baselines``; both give lower-is-better scores. These are Python
references for training-side evaluation; the Java runtime has its own ports.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import yaml
from PIL import Image
from scipy import ndimage
from scipy.special import gamma as G

_GAM = np.arange(0.2, 10.001, 0.001)
_R_GAM = G(2.0 / _GAM) ** 2 / (G(1.0 / _GAM) * G(3.0 / _GAM))


def _aggd(x: np.ndarray):
    """Fits an asymmetric generalised Gaussian; returns (alpha, left std, right std)."""
    x = x.ravel()
    left, right = x[x < 0], x[x > 0]
    lstd = np.sqrt(np.mean(left * left)) if left.size else 0.0
    rstd = np.sqrt(np.mean(right * right)) if right.size else 0.0
    gh = lstd / rstd if rstd > 0 else np.inf
    rhat = np.mean(np.abs(x)) ** 2 / max(np.mean(x * x), 1e-12)
    rnorm = rhat
    if np.isfinite(gh):
        rnorm = rhat * (gh**3 + 1) * (gh + 1) / ((gh**2 + 1) ** 2)
    alpha = _GAM[np.argmin((_R_GAM - rnorm) ** 2)]
    return alpha, lstd, rstd


_SHIFTS = ((0, 1), (1, 0), (1, 1), (1, -1))


def _gray(img: Image.Image) -> np.ndarray:
    """MATLAB rgb2gray on 0-255 values (0.2989, 0.5870, 0.1140)."""
    a = np.asarray(img.convert("RGB"), dtype=np.float64)
    return a @ np.array([0.298936, 0.587043, 0.114021])


# --- NIQE ------------------------------------------------------------------------


class Niqe:
    """NIQE with the LIVE pristine model; ``score(img)`` is lower for better images."""

    def __init__(self, npz_path: str | Path):
        p = np.load(npz_path)
        self.mu = p["mu_pris_param"].ravel()
        self.cov = p["cov_pris_param"]
        self.window = p["gaussian_window"]
        self.block = 96

    def _features(self, block: np.ndarray) -> list:
        alpha, bl, br = _aggd(block)
        bl *= np.sqrt(G(1 / alpha) / G(3 / alpha))
        br *= np.sqrt(G(1 / alpha) / G(3 / alpha))
        feat = [alpha, (bl + br) / 2]
        for s in _SHIFTS:
            a, l, r = _aggd(block * np.roll(block, s, axis=(0, 1)))
            k = np.sqrt(G(1 / a) / G(3 / a))
            l, r = l * k, r * k
            feat += [a, (r - l) * G(2 / a) / G(1 / a), l, r]
        return feat

    def score(self, img: Image.Image) -> float:
        gray = np.round(_gray(img))
        h, w = gray.shape
        nh, nw = h // self.block, w // self.block
        gray = gray[: nh * self.block, : nw * self.block]
        feats = []
        for scale in (1, 2):
            mu = ndimage.correlate(gray, self.window, mode="nearest")
            sigma = np.sqrt(np.abs(ndimage.correlate(gray * gray, self.window,
                                                     mode="nearest") - mu * mu))
            norm = (gray - mu) / (sigma + 1)
            b = self.block // scale
            feats.append(np.array([
                self._features(norm[i * b : (i + 1) * b, j * b : (j + 1) * b])
                for i in range(nh) for j in range(nw)]))
            if scale == 1:
                small = Image.fromarray(gray.astype(np.float32) / 255.0, mode="F")
                half = (gray.shape[1] // 2, gray.shape[0] // 2)
                small = small.resize(half, Image.BICUBIC)
                gray = np.asarray(small, dtype=np.float64) * 255.0
        dist = np.concatenate(feats, axis=1)
        mu_d = np.nanmean(dist, axis=0)
        cov_d = np.cov(dist[~np.isnan(dist).any(axis=1)], rowvar=False)
        diff = self.mu - mu_d
        inv = np.linalg.pinv((self.cov + cov_d) / 2)
        return float(np.sqrt(diff @ inv @ diff))


# --- BRISQUE ---------------------------------------------------------------------


def _opencv_yaml(path: str | Path) -> dict:
    text = Path(path).read_text()
    text = re.sub(r"^%YAML.*$", "", text, flags=re.M)
    text = text.replace("!!opencv-matrix", "")
    return yaml.safe_load(text)


class Brisque:
    """BRISQUE with OpenCV's LIVE model; ``score(img)`` is lower for better images."""

    def __init__(self, model_path: str | Path, range_path: str | Path):
        svm = _opencv_yaml(model_path)["opencv_ml_svm"]
        self.gamma = float(svm["kernel"]["gamma"])
        self.sv = np.array(svm["support_vectors"], dtype=np.float64)
        df = svm["decision_functions"][0]
        self.alpha = np.array(df["alpha"], dtype=np.float64)
        self.rho = float(df["rho"])
        rng = _opencv_yaml(range_path)["range"]
        r = np.array(rng["data"], dtype=np.float64).reshape(rng["rows"], rng["cols"])
        self.lo, self.hi = r[0], r[1]

    @staticmethod
    def features(img: Image.Image) -> np.ndarray:
        gray = _gray(img) / 255.0
        feats = []
        for scale in (1, 2):
            mu = ndimage.gaussian_filter(gray, 7 / 6, mode="nearest",
                                         truncate=3 * 6 / 7)
            sigma = np.sqrt(np.abs(ndimage.gaussian_filter(
                gray * gray, 7 / 6, mode="nearest", truncate=3 * 6 / 7) - mu * mu))
            s = (gray - mu) / (sigma + 1.0 / 255.0)
            a, l, r = _aggd(s)
            feats += [a, (l * l + r * r) / 2]
            for sh in _SHIFTS:
                a, l, r = _aggd(s * np.roll(s, sh, axis=(0, 1)))
                const = np.sqrt(G(1 / a)) / np.sqrt(G(3 / a))
                feats += [a, (r - l) * (G(2 / a) / G(1 / a)) * const, l * l, r * r]
            if scale == 1:
                small = Image.fromarray(gray.astype(np.float32), mode="F")
                half = (gray.shape[1] // 2, gray.shape[0] // 2)
                small = small.resize(half, Image.BICUBIC)
                gray = np.asarray(small, dtype=np.float64)
        return np.array(feats)

    def score(self, img: Image.Image) -> float:
        x = self.features(img)
        x = -1 + 2 * (x - self.lo) / (self.hi - self.lo)
        k = np.exp(-self.gamma * ((self.sv - x) ** 2).sum(axis=1))
        return float(k @ self.alpha - self.rho)


def load(baselines_root: str | Path) -> dict:
    """Returns {"niqe": Niqe, "brisque": Brisque} from ``shared/data/baselines``."""
    root = Path(baselines_root)
    return {
        "niqe": Niqe(root / "niqe" / "niqe_pris_params.npz"),
        "brisque": Brisque(root / "brisque" / "brisque_model_live.yml",
                           root / "brisque" / "brisque_range_live.yml"),
    }
