"""Each distortion type degrades monotonically with its level, deterministically."""


import numpy as np
import pytest
from PIL import Image
from skimage import data as skdata
from skimage.metrics import structural_similarity

from qm_training import distortions as D
from qm_training.data import resolve_data_root

PRISTINE = resolve_data_root("shared/data/pristine")
CROP = 160


def _crop(img: np.ndarray, y: int, x: int) -> np.ndarray:
    return img[y : y + CROP, x : x + CROP].astype(np.float32) / 255.0


def _references():
    """Two textured pristine crops: shared Kodak photos, else skimage samples."""
    kodak = PRISTINE / "kodak24"
    if (kodak / "kodim03.png").exists() and (kodak / "kodim13.png").exists():
        a = np.asarray(Image.open(kodak / "kodim03.png").convert("RGB"))
        b = np.asarray(Image.open(kodak / "kodim13.png").convert("RGB"))
        return [_crop(a, 150, 300), _crop(b, 200, 250)]
    return [_crop(skdata.astronaut(), 100, 150), _crop(skdata.coffee(), 120, 200)]


REFS = _references()


def _ssim(ref: np.ndarray, img: np.ndarray) -> float:
    return structural_similarity(ref, img, channel_axis=2, data_range=1.0)


def test_registry_covers_kadid_families_with_at_least_25_types():
    families = {d.family for d in D.REGISTRY.values()}
    assert len(D.REGISTRY) >= 25
    assert families == {
        "blur", "color", "compression", "noise", "brightness", "spatial",
        "sharpness_contrast",
    }
    assert D.NUM_CLASSES == 1 + 5 * len(D.REGISTRY)


@pytest.mark.parametrize("name", D.NAMES)
def test_ssim_falls_strictly_with_level(name):
    for ref in REFS:
        scores = [_ssim(ref, D.distort(ref, name, level, seed=11))
                  for level in range(1, 6)]
        assert scores[0] < 0.999, f"{name}: level 1 leaves the image unchanged"
        assert all(np.diff(scores) < 0), f"{name}: SSIM by level {np.round(scores, 4)}"


@pytest.mark.parametrize("name", D.NAMES)
def test_output_is_deterministic_in_seed_and_keeps_shape_and_range(name):
    ref = REFS[0]
    first = D.distort(ref, name, 3, seed=5)
    again = D.distort(ref, name, 3, seed=5)
    assert first.shape == ref.shape and first.dtype == np.float32
    assert 0.0 <= first.min() and first.max() <= 1.0
    np.testing.assert_array_equal(first, again)


def test_unknown_name_and_bad_level_are_rejected():
    with pytest.raises(KeyError):
        D.distort(REFS[0], "no_such_type", 1)
    with pytest.raises(ValueError):
        D.distort(REFS[0], "jpeg", 6)
