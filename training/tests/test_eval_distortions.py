"""qm_eval.distortions: the evaluation-only generator is deterministic, keeps shape and
dtype, and its five levels get monotonically further from the pristine photo."""

import numpy as np
import pytest
from skimage import data, transform

from qm_eval import distortions as E

SIXTEEN = {
    "gaussian_blur",
    "motion_blur",
    "white_noise",
    "impulse_noise",
    "multiplicative_noise",
    "jpeg",
    "jpeg2000",
    "pixelate",
    "downscale_upscale",
    "colour_quantise",
    "brighten",
    "darken",
    "contrast_down",
    "desaturate",
    "oversaturate",
    "oversharpen",
}


def _photo(name: str, height: int = 160) -> np.ndarray:
    """A skimage sample photo scaled to ``height`` rows (odd widths keep edge cases)."""
    img = getattr(data, name)()
    scale = height / img.shape[0]
    small = transform.rescale(img, scale, channel_axis=-1, anti_aliasing=True)
    return np.rint(small * 255).astype(np.uint8)


PHOTOS = {"astronaut": _photo("astronaut"), "coffee": _photo("coffee", 161)}


def _psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return float(10 * np.log10(255.0**2 / mse)) if mse > 0 else float("inf")


def test_the_sixteen_families_of_the_issue_each_have_five_parameters():
    assert set(E.FAMILIES) == SIXTEEN
    for fam in E.FAMILIES.values():
        assert len(fam.params) == len(E.LEVELS) == 5


@pytest.mark.parametrize("family", sorted(SIXTEEN))
def test_a_version_is_the_same_on_every_call_and_keeps_shape_and_dtype(family):
    img = PHOTOS["coffee"]
    seed = E.version_seed("coffee", family)
    a = E.distort(img, family, 3, seed)
    b = E.distort(img.copy(), family, 3, seed)
    assert a.dtype == np.uint8 and a.shape == img.shape
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, img)


@pytest.mark.parametrize("photo", sorted(PHOTOS))
@pytest.mark.parametrize("family", sorted(SIXTEEN))
def test_psnr_to_the_pristine_falls_with_every_level(family, photo):
    img = PHOTOS[photo]
    psnr = [
        _psnr(img, E.distort(img, family, lv, E.version_seed(photo, family)))
        for lv in E.LEVELS
    ]
    assert all(a > b for a, b in zip(psnr, psnr[1:])), psnr


def test_the_seed_depends_on_photo_and_family_and_drives_the_randomness():
    seeds = {E.version_seed(p, f) for p in ("a", "b") for f in ("white_noise", "jpeg")}
    assert len(seeds) == 4
    img = PHOTOS["astronaut"]
    one = E.distort(img, "white_noise", 2, 1)
    other = E.distort(img, "white_noise", 2, 2)
    assert not np.array_equal(one, other)


def test_the_noise_of_each_level_is_its_own_draw():
    # one seed, two levels: not one noise field scaled, which would tie the levels
    img = np.full((64, 64, 3), 128, np.uint8)
    lv1 = E.distort(img, "white_noise", 1, 5).astype(float) - 128
    lv2 = E.distort(img, "white_noise", 2, 5).astype(float) - 128
    assert abs(np.corrcoef(lv1.ravel(), lv2.ravel())[0, 1]) < 0.1


def _streak_angle(img: np.ndarray) -> float:
    """Returns the direction (degrees, 0..180) of a blurred dot's principal axis."""
    w = img[..., 0].astype(float)
    ys, xs = np.indices(w.shape)
    my, mx = (w * ys).sum() / w.sum(), (w * xs).sum() / w.sum()
    cyy = (w * (ys - my) ** 2).sum()
    cxx = (w * (xs - mx) ** 2).sum()
    cxy = (w * (xs - mx) * (ys - my)).sum()
    return float(np.degrees(0.5 * np.arctan2(2 * cxy, cxx - cyy)) % 180)


def test_the_motion_blur_levels_of_a_photo_share_one_direction():
    dot = np.zeros((81, 81, 3), np.uint8)
    dot[40, 40] = 255
    per_seed = []
    for seed in range(4):
        angles = [
            _streak_angle(E.distort(dot, "motion_blur", lv, seed)) for lv in (2, 5)
        ]
        gap = abs(angles[0] - angles[1])
        assert min(gap, 180 - gap) < 10, angles
        per_seed.append(angles[1])
    assert max(per_seed) - min(per_seed) > 10  # other photos, other directions


def test_bad_arguments_say_what_is_wrong():
    img = PHOTOS["astronaut"]
    with pytest.raises(KeyError, match="unknown distortion family 'fog'"):
        E.distort(img, "fog", 1, 0)
    with pytest.raises(ValueError, match="level must be 1..5"):
        E.distort(img, "jpeg", 6, 0)
    with pytest.raises(ValueError, match="expected uint8 H x W x 3"):
        E.distort(img.astype(np.float32), "jpeg", 1, 0)
