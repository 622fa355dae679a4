"""qm_eval: the held-out report's figures, slices, score cache and, where the app is
built, one end-to-end run through ./quality-monitor evaluate."""

import csv
import json
import math
import shutil

import numpy as np
import pytest
from PIL import Image

from qm_eval import metrics as M
from qm_eval import report as R
from qm_eval import scoring as S
from qm_eval import sets

TYPES = ("blur", "noise")


def _rows(score, photos=("a", "b")):
    """Pristine + 2 types x 5 levels per photo, scored by ``score(photo, type, lv)``."""
    rows = []
    for p in photos:
        rows.append(M.Row(p, "pristine", 0, score(p, "pristine", 0)))
        rows += [M.Row(p, t, lv, score(p, t, lv)) for t in TYPES for lv in range(1, 6)]
    return rows


def test_a_model_that_ranks_every_level_right_scores_one_everywhere():
    s = M.summarise(_rows(lambda p, t, lv: 100 - 15 * lv), lower_better=False)
    assert s["pooled_srcc"] == pytest.approx(1.0)
    assert s["per_type_srcc"] == {
        "blur": pytest.approx(1.0),
        "noise": pytest.approx(1.0),
    }
    assert s["mean_within_photo_srcc"] == pytest.approx(1.0)
    assert s["mean_within_photo_type_srcc"] == pytest.approx(1.0)
    assert s["level1_above_pristine"] == {"count": 0, "of": 4, "share": 0.0}
    assert s["images"] == 22 and s["photos"] == 2


def test_a_lower_better_model_is_negated_before_ranking():
    s = M.summarise(_rows(lambda p, t, lv: 2.0 + lv), lower_better=True)
    assert s["pooled_srcc"] == pytest.approx(1.0)


def test_within_photo_ignores_an_offset_between_photos_that_pooled_pays_for():
    # photo b scores 50 more at every level: each photo alone is ranked perfectly
    s = M.summarise(
        _rows(lambda p, t, lv: 100 - 10 * lv + (50 if p == "b" else 0)), False
    )
    assert s["mean_within_photo_srcc"] == pytest.approx(1.0)
    assert s["pooled_srcc"] < 0.7


def test_level_one_above_its_own_pristine_is_counted_per_photo_and_type():
    # photo a's blur level 1 scores above a's pristine; b's do not
    def score(p, t, lv):
        if p == "a" and t == "blur" and lv == 1:
            return 99.0
        return 90.0 - 10 * lv

    s = M.summarise(_rows(score), False)
    assert s["level1_above_pristine"]["count"] == 1
    assert s["level1_above_pristine"]["share"] == pytest.approx(0.25)


def test_the_pristine_distribution_names_the_photos_below_the_threshold():
    pristine = {"a": 25.0, "b": 70.0, "c": 29.9, "d": 30.0}
    rows = _rows(lambda p, t, lv: pristine[p] - lv, photos=tuple(pristine))
    pr = M.summarise(rows, False, threshold=30)["pristine"]
    assert (pr["min"], pr["max"], pr["n"]) == (25.0, 70.0, 4)
    assert pr["median"] == pytest.approx(29.95)
    assert pr["below"] == 2 and pr["below_photos"] == ["a", "c"]


def test_a_type_counts_as_won_only_when_ours_beats_every_baseline():
    ours = {"per_type_srcc": {"blur": 0.9, "noise": 0.5}}
    base = {
        "NIQE": {"per_type_srcc": {"blur": 0.8, "noise": 0.6}},
        "BRISQUE": {"per_type_srcc": {"blur": 0.95, "noise": 0.1}},
    }
    c = M.compare(ours, base)
    assert c["types_beating_all_baselines"] == 0 and c["types"] == 2
    base["BRISQUE"]["per_type_srcc"]["blur"] = 0.85
    assert M.compare(ours, base)["beats_all_per_type"] == {"blur": True, "noise": False}


def test_a_flat_score_has_no_srcc():
    assert math.isnan(M.srcc([3, 3, 3], [0, 1, 2]))


def _photo_root(tmp_path, n=2, size=(96, 72)):
    root = tmp_path / "pristine"
    (root / "cbsd68").mkdir(parents=True)
    rng = np.random.default_rng(7)
    for i in range(n):
        base = np.linspace(0, 255, size[0] * size[1] * 3).reshape(size[1], size[0], 3)
        img = np.clip(base + rng.normal(0, 20, base.shape), 0, 255).astype(np.uint8)
        Image.fromarray(img).save(root / "cbsd68" / f"p{i}.png")
    return root


def test_an_independent_slice_writes_labels_and_rewrites_pruned_images_byte_for_byte(
    tmp_path,
):
    root = _photo_root(tmp_path)
    photos = sorted((root / "cbsd68").glob("*.png"))
    s = sets.Slice("cbsd68", "160", "independent")
    work = tmp_path / "work"
    items = sets.build(s, photos, work)
    assert len(items) == 2 * 81
    folder = sets.slice_dir(work, s)
    with open(folder / "labels.csv", newline="") as f:
        labels = list(csv.DictReader(f))
    assert [r["image"] for r in labels] == [it.image for it in items]
    assert {r["label"] for r in labels if r["group"] == "pristine"} == {"0"}
    assert Image.open(folder / "p0/pristine_0.png").size == (
        160,
        120,
    )  # Lanczos to 160 px
    assert sets.prune(work, s, items) == 162
    again = sets.build(s, photos, work, ensure_files=True)
    assert [it.sha256 for it in again] == [it.sha256 for it in items]
    assert (folder / "p1/jpeg2000_5.png").exists()
    # fewer photos: labels.csv covers only them
    assert len(sets.build(s, photos[:1], work)) == 81


def test_a_slice_is_written_again_when_its_generators_code_changes(tmp_path):
    root = _photo_root(tmp_path, n=1)
    photos = sorted((root / "cbsd68").glob("*.png"))
    s, work = sets.Slice("cbsd68", "stored", "independent"), tmp_path / "work"
    sets.build(s, photos, work)
    folder = sets.slice_dir(work, s)
    (folder / "p0/jpeg_1.png").write_bytes(b"stale")
    sets.build(s, photos, work)
    assert (folder / "p0/jpeg_1.png").read_bytes() == b"stale"  # same code: kept
    (folder / "generator.txt").write_text("older code\n")
    items = sets.build(s, photos, work)
    assert (folder / "p0/jpeg_1.png").read_bytes()[:4] == b"\x89PNG"
    assert len(items) == 81


def test_the_training_slice_comes_from_make_heldout_on_the_same_pristine_pixels(
    tmp_path,
):
    root = _photo_root(tmp_path, n=1)
    photos = sorted((root / "cbsd68").glob("*.png"))
    work = tmp_path / "work"
    train = sets.build(
        sets.Slice("cbsd68", "stored", "training"),
        photos,
        work,
        types="jpeg,gaussian_blur",
    )
    ours = sets.build(sets.Slice("cbsd68", "stored", "independent"), photos, work)
    assert sorted({it.group for it in train}) == ["gaussian_blur", "jpeg", "pristine"]
    assert len(train) == 11
    pristine = {it.group: it.sha256 for it in train}["pristine"]
    assert pristine == {it.group: it.sha256 for it in ours}["pristine"]


def test_only_held_out_sets_are_accepted():
    with pytest.raises(ValueError, match="not a held-out set"):
        R.P.list_photos(R.TRAINING_DIR, "kodak24")


def test_a_bundle_key_follows_its_weights_and_head_but_not_its_metrics(tmp_path):
    b = tmp_path / "b"
    b.mkdir()
    (b / "bundle.json").write_text(
        json.dumps({"name": "qm", "version": "1", "metrics": {}})
    )
    (b / "regressor.json").write_text("{}")
    key = S.model(str(b)).key
    (b / "bundle.json").write_text(
        json.dumps({"name": "qm", "version": "1", "metrics": {"x": 1}})
    )
    assert S.model(str(b)).key == key
    (b / "regressor.json").write_text('{"a": 1}')
    assert S.model(str(b)).key != key and key.startswith("qm-1-")
    assert S.model("niqe").lower_better and S.model("niqe").key == "niqe"


def test_the_score_cache_keeps_what_was_added_across_instances(tmp_path):
    m = S.model("niqe")
    S.ScoreCache(tmp_path, m).add({"aa": 1.5, "bb": 2.25})
    cache = S.ScoreCache(tmp_path, m)
    assert cache.scores == {"aa": 1.5, "bb": 2.25}
    assert cache.missing(["aa", "cc", "cc"]) == ["cc"]


def test_the_alert_threshold_is_read_from_the_apps_defaults():
    assert 0 < R.alert_threshold() < 100


APP_BUILT = (S.REPO_DIR / "stream-app/target/app/.built").exists()
TINY = S.REPO_DIR / "stream-app/src/test/resources/bundles/tiny-lowlevel"


@pytest.mark.skipif(
    not APP_BUILT or shutil.which("java") is None,
    reason="needs the app built by ./quality-monitor",
)
def test_the_report_scores_each_image_once_and_writes_markdown_json_and_png(tmp_path):
    root = _photo_root(tmp_path, n=2, size=(320, 240))
    args = [
        "--docs",
        str(tmp_path / "docs"),
        "--sets",
        "cbsd68",
        "--resolutions",
        "stored",
        "--generators",
        "independent",
        "--bundle",
        str(TINY),
        "--baselines",
        "niqe",
        "--work",
        str(tmp_path / "work"),
        "--data-root",
        str(root),
        "--photos",
        "1",
    ]
    assert R.main(args) == 0
    doc = json.loads((tmp_path / "docs/heldout-report.json").read_text())
    (sl,) = doc["slices"]
    assert sl["timing"][doc["models"][0]]["images"] == 81
    assert set(sl["results"]["NIQE"]["per_type_srcc"]) == set(R.sets.E.FAMILIES)
    assert -1 <= sl["results"][doc["models"][0]]["pooled_srcc"] <= 1
    assert (tmp_path / "docs/heldout-report.png").stat().st_size > 1000
    assert (
        "| cbsd68, as stored, independent generator | 1 | 81 |"
        in (tmp_path / "docs/heldout-report.md").read_text()
    )
    # a second run with one more photo scores only that photo's 81 images
    assert R.main(args[:-1] + ["2"]) == 0
    doc = json.loads((tmp_path / "docs/heldout-report.json").read_text())
    assert doc["slices"][0]["timing"]["NIQE"]["images"] == 81
    niqe = doc["slices"][0]["results"]["NIQE"]
    assert niqe["images"] + niqe["unscored"] == 162 and niqe["photos"] == 2
