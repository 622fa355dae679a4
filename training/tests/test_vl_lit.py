"""train_vl_lit: targets, captions and the composite set's labels."""

import csv

import numpy as np
import pytest
from PIL import Image

from qm_training import train_vl_lit as L
from qm_training import captions as C


ATTRS = ["sharpness", "noise", "exposure", "colour", "blockiness", "contrast"]


def test_targets_follow_the_distortions_and_leave_the_rest_untargeted():
    q, att = L.targets(
        [[], [("gaussian_blur", 5)], [("contrast_change", 1), ("white_noise", 3)]],
        ATTRS,
    )
    assert q[0] == 1.0 and q[1] < 1.0 and q[2] < 1.0  # pristine is best
    assert np.all(att[0] == 1.0)  # a pristine photo is fine on every pair
    assert att[1, 0] == pytest.approx(
        1 - 5 / 6
    )  # as qm_training.captions targets levels
    assert np.isnan(att[1, 1]) and np.isnan(att[1, 5])  # blur says nothing about noise
    assert att[2, 5] == pytest.approx(
        1 - 1 / 6
    )  # the contrast pair on a contrast change
    assert att[2, 1] == pytest.approx(1 - 3 / 6)  # and noise on the noise
    assert np.isnan(att[2, 0])


def test_captions_share_a_signature_exactly_when_they_describe_the_same_thing():
    specs = [[("jpeg", 2)], [("jpeg", 2)], [("jpeg", 3)], [("mean_shift", 2)],
             [("mean_shift", 2)]]
    dirs = [[None], [None], [None], [1], [-1]]
    idx, texts, keys = L.caption_table(specs, dirs, 4, 0)
    assert idx.shape == (5, 4)
    assert keys[0] == keys[1] != keys[2]
    assert keys[3] != keys[4]  # brighter and darker are different captions
    assert any("over" in texts[i] or "bright" in texts[i] for i in idx[3])
    assert all(texts[i] in C.PRISTINE_CAPTIONS or "photo" in texts[i]
               or "image" in texts[i] or "picture" in texts[i] for i in idx.ravel())


def test_the_composite_set_writes_what_its_labels_say(tmp_path):
    photo = tmp_path / "kodak24" / "kodim99.png"
    photo.parent.mkdir()
    rng = np.random.default_rng(0)
    Image.fromarray(rng.integers(0, 256, (64, 96, 3), dtype=np.uint8)).save(photo)
    rows = L._photo_items((0, str(photo), tmp_path / "out", 6, 1, 5))
    assert len(rows) == 6 + C.LEVELS
    ladder = [r for r in rows if r[3]]
    assert [r[1][0][1] for r in ladder] == [1, 2, 3, 4, 5]
    assert len({r[1][0][0] for r in ladder}) == 1 and len({r[4] for r in ladder}) == 1
    for image, specs, dirs, _, q in rows:
        path = tmp_path / "out" / image
        assert path.suffix == (".jpg" if q else ".png") and path.is_file()
        assert len(dirs) == len(specs) <= 2
        if len(specs) == 2:
            assert C.TYPE_ATTRIBUTE[specs[0][0]] != C.TYPE_ATTRIBUTE[specs[1][0]]
    # labels.csv round trip through composite_rows' parser
    with open(tmp_path / "labels.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["image", "label", "group", "specs", "dirs", "ladder", "jpeg"])
        for image, specs, dirs, lad, q in rows:
            w.writerow([image, max([lv for _, lv in specs], default=0), "x",
                        "|".join(f"{t}:{lv}" for t, lv in specs),
                        "|".join("" if d is None else str(d) for d in dirs), lad, q])
    parsed = list(csv.DictReader(open(tmp_path / "labels.csv")))
    assert [[(t, int(lv)) for t, lv in (x.split(":") for x in r["specs"].split("|"))]
            if r["specs"] else [] for r in parsed] == [r[1] for r in rows]
