"""Drawn training versions: continuous levels, alternate implementations, rescaling, chains."""

import csv
import io

import numpy as np
import pytest
from PIL import Image
from skimage import data as skdata
from skimage.metrics import structural_similarity

from qm_training import augment as A
from qm_training import distortions as D
from qm_training import reference, trainset

REF = skdata.astronaut()[100:260, 150:310].astype(np.float32) / 255.0


def _ssim(img: np.ndarray) -> float:
    return structural_similarity(REF, img, channel_axis=2, data_range=1.0)


@pytest.mark.parametrize("name", D.NAMES)
def test_a_level_between_two_whole_levels_lies_between_them(name):
    # one seed: the random field is the same at every level, only its strength changes
    low, mid, high = (_ssim(D.distort(REF, name, lv, seed=5)) for lv in (2.0, 2.5, 3.0))
    assert high - 1e-3 <= mid <= low + 1e-3, f"{name}: SSIM {low:.4f} {mid:.4f} {high:.4f}"


def test_whole_levels_keep_the_fixed_parameters():
    assert D._pick([40, 25, 15, 8, 3], 2) == 25
    assert D._pick([0.6, 1.0, 1.6, 2.6, 4.2], 1.5) == pytest.approx(0.8)
    assert D._pick([40, 25, 15, 8, 3], 1.5) == 32  # whole-number parameters stay whole
    with pytest.raises(ValueError):
        D._pick([1, 2, 3, 4, 5], 5.5)


@pytest.mark.parametrize("kind", A.ALTERNATES, ids=lambda k: k.name)
def test_every_alternate_degrades_more_at_a_higher_level(kind):
    mild = _ssim(kind.fn(REF, 1.0, np.random.default_rng(3)))
    severe = _ssim(kind.fn(REF, 5.0, np.random.default_rng(3)))
    assert mild < 0.999, f"{kind.name} leaves the image unchanged at level 1"
    assert severe < mild, f"{kind.name}: SSIM {mild:.4f} at level 1, {severe:.4f} at 5"


def test_alternates_cover_every_family_and_the_new_resampling_type():
    families = {d.family for d in D.REGISTRY.values()}
    assert {k.family for k in A.ALTERNATES} == families
    assert "downscale_upscale" in A.BY_NAME


def test_draws_are_deterministic_and_vary_scale_kinds_and_encoding():
    photo = (REF * 255).astype(np.uint8)
    a, b = A.draw(photo, 11), A.draw(photo, 11)
    assert np.array_equal(a.image, b.image) and a.group == b.group
    versions = [A.draw(photo, s) for s in range(60)]
    assert {len(v.kinds) for v in versions} == {0, 1, 2}
    assert len({round(v.scale, 2) for v in versions}) > 20
    assert any(v.jpeg for v in versions) and any(v.jpeg is None for v in versions)
    for v in versions:
        assert 0.0 <= v.severity <= 5.0
        assert (v.severity == 0.0) == (not v.kinds)
        if len(v.kinds) == 2:
            fam = [A.BY_NAME[k].family for k in v.kinds]
            assert fam[0] != fam[1]
        if v.jpeg:  # the label row's file is the JPEG itself
            decoded = np.asarray(Image.open(io.BytesIO(v.jpeg)).convert("RGB"))
            assert np.array_equal(decoded, (v.image * 255 + 0.5).astype(np.uint8))


def test_trainset_writes_each_photo_once_with_labels(tmp_path):
    src = tmp_path / "set" / "photo.png"
    src.parent.mkdir()
    Image.fromarray((REF * 255).astype(np.uint8)).save(src)
    job = (0, str(src), tmp_path / "out", 5, 4.0, A.SCALE_RANGE)
    rows = trainset.write_photo(job)
    assert len(rows) == 6 and rows[0][1:] == ["0", "pristine", "4.0"]
    for image, label, group, weight in rows:
        assert (tmp_path / "out" / image).is_file()
        assert (float(label) == 0) == (group == "pristine")
    assert trainset.write_photo(job) == rows  # resumed from rows.csv, not drawn again
    with open(tmp_path / "out" / "set" / "photo" / "rows.csv", newline="") as f:
        assert list(csv.reader(f)) == rows


def test_a_scale_range_above_one_enlarges_before_distorting_with_the_same_kinds():
    photo = (REF * 255).astype(np.uint8)
    for seed in range(6):
        small, large = A.draw(photo, seed), A.draw(photo, seed, (1.5, 2.0))
        assert 1.5 <= large.scale <= 2.0 and small.scale <= 1.0
        assert large.image.shape[1] > photo.shape[1] >= small.image.shape[1]
        assert large.kinds == small.kinds and large.levels[:1] == small.levels[:1]


def test_working_image_shrinks_only_larger_images_to_the_max_side():
    img = Image.new("RGB", (1024, 683))
    assert reference.working_image(img, {"max_side": 512}).size == (512, 342)
    assert reference.working_image(img, {}).size == (1024, 683)
    small = Image.new("RGB", (400, 300))
    assert reference.working_image(small, {"max_side": 512}) is small


def test_trainset_rewrites_the_weight_column_for_a_new_pristine_weight(tmp_path):
    for name in ("set/photo.png", "held/other.png"):
        (tmp_path / name).parent.mkdir()
        Image.fromarray((REF * 255).astype(np.uint8)).save(tmp_path / name)
    splits = tmp_path / "splits.yml"
    splits.write_text(f"data_root: {tmp_path}\ntrain: [set/*.png]\nheldout: [held/*.png]\n")
    out = tmp_path / "out"

    def labels(weight):
        trainset.main(["--out", str(out), "--splits", str(splits), "--versions", "3",
                       "--workers", "1", "--pristine-weight", str(weight)])
        with open(out / "labels.csv", newline="") as f:
            return list(csv.DictReader(f))

    first, second = labels(4), labels(8)
    with pytest.raises(SystemExit):  # versions of another scale range would mix in
        trainset.main(["--out", str(out), "--splits", str(splits), "--versions", "3",
                       "--scale-range", "1,2"])
    assert [r["image"] for r in first] == [r["image"] for r in second]
    for a, b in zip(first, second):
        pristine = float(a["label"]) == 0
        assert (a["weight"], b["weight"]) == (("4.0", "8.0") if pristine else ("1", "1"))
