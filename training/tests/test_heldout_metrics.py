"""heldout_metrics: the evaluate table's pooled rows go into the bundle's metrics."""

import json

from qm_training import heldout_metrics as H

TABLE = """| model | group | n | SRCC | PLCC | KRCC |
|---|---|---|---|---|---|
| qm-x | all | 10 | 0.770 [0.756, 0.785] | 0.7 [0.6, 0.8] | 0.6 [0.5, 0.7] |
| qm-x | blur | 5 | 0.9 [0.8, 0.95] | 0.9 [0.8, 0.95] | 0.8 [0.7, 0.9] |
| qm-x [combined] | all | 10 | 0.761 [0.744, 0.777] | 0.7 [0.6, 0.8] | 0.6 [0.5, 0.7] |
| niqe (negated) | all | 10 | 0.309 [0.278, 0.339] | 0.4 [0.3, 0.5] | 0.2 [0.1, 0.3] |
"""


def _bundle(tmp_path, output):
    (tmp_path / "bundle.json").write_text(
        json.dumps({"name": "qm-x", "metrics": {"a": 1}})
    )
    (tmp_path / "regressor.json").write_text(
        json.dumps({"heads": {}, "output": output})
    )
    return tmp_path


def test_the_bundles_own_row_is_named_after_its_output_head_and_every_row_is_kept(
    tmp_path,
):
    bundle = _bundle(tmp_path, "lowlevel")
    own = H.add_metrics(bundle, TABLE, "LIVE1")
    doc = json.loads((bundle / "bundle.json").read_text())
    assert own == [0.770, 0.756, 0.785]
    m = doc["metrics"]
    assert (
        m["heldout_pooled_srcc"] == 0.770 and m["heldout_pooled_srcc_ci95_low"] == 0.756
    )
    assert m["heldout_pooled_srcc_combined"] == 0.761
    assert m["heldout_pooled_srcc_lowlevel"] == 0.770
    assert m["heldout_pooled_srcc_niqe"] == 0.309
    assert m["a"] == 1 and doc["trained_on"]["heldout_test"] == "LIVE1"


def test_the_score_is_the_bundles_own_row_whatever_its_head(tmp_path):
    assert H.add_metrics(_bundle(tmp_path, "combined"), TABLE)[0] == 0.770


def test_the_vl_evaluation_adds_each_familys_zero_shot_attribute_figure(tmp_path):
    vl = {
        "families": {
            "blur": {
                "attribute": "sharpness",
                "attribute_srcc": {"within": 0.93, "pooled": 0.8},
            },
            "spatial": {
                "attribute": "blockiness",
                "attribute_srcc": {"within": 0.53, "pooled": 0.35},
            },
        }
    }
    bundle = _bundle(tmp_path, "lowlevel")
    H.add_metrics(bundle, TABLE, None, vl)
    m = json.loads((bundle / "bundle.json").read_text())["metrics"]
    assert m["heldout_vl_attribute_within_photo_srcc_blur"] == 0.93
    assert m["heldout_vl_attribute_within_photo_srcc_spatial"] == 0.53


def test_a_held_out_reports_slices_become_named_metrics(tmp_path):
    bundle = _bundle(tmp_path, "lowlevel")
    fig = {
        "pooled_srcc": 0.8,
        "mean_per_type_srcc": 0.7,
        "mean_within_photo_srcc": 0.9,
        "pristine": {"below": 1},
    }
    report = {
        "models": ["qm-x 1", "NIQE"],
        "slices": [
            {
                "set": "cbsd68",
                "resolution": 1024,
                "generator": "independent",
                "results": {"qm-x 1": fig, "NIQE": {"pooled_srcc": 0.4}},
                "comparison": {"types_beating_all_baselines": 12},
            }
        ],
    }
    H.add_report_metrics(bundle, report)
    m = json.loads((bundle / "bundle.json").read_text())["metrics"]
    tag = "heldout_cbsd68_1024_independent"
    assert m[f"{tag}_pooled_srcc"] == 0.8 and m[f"{tag}_mean_within_photo_srcc"] == 0.9
    assert m[f"{tag}_types_beating_baselines"] == 12
    assert m[f"{tag}_pristine_below_threshold"] == 1
    assert m[f"{tag}_pooled_srcc_niqe"] == 0.4 and m["a"] == 1
