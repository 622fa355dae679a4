"""The model card is written from a bundle and its held-out report."""

import json

from qm_eval import metrics as M
from qm_eval import render
from qm_training import model_card

TYPES = ("blur", "noise")


def _rows(score, photos=("a", "b", "c")):
    rows = []
    for p in photos:
        rows.append(M.Row(p, "pristine", 0, score(p, "pristine", 0)))
        rows += [M.Row(p, t, lv, score(p, t, lv)) for t in TYPES for lv in range(1, 6)]
    return rows


def _report(threshold=30.0):
    pristine = {"a": 29.0, "b": 31.0, "c": 32.0}

    # ours ranks blur right and noise backwards; NIQE (lower better) ranks both right
    def ours_score(p, t, lv):
        return pristine[p] + (-10 * lv if t == "blur" else 10 * lv)

    ours = M.summarise(_rows(ours_score), False, threshold)
    niqe = M.summarise(_rows(lambda p, t, lv: lv + {"a": 3, "b": 0, "c": 1.5}[p]), True)
    results = {"ours": ours, "NIQE": niqe}
    s = {
        "set": "cbsd68",
        "resolution": "stored",
        "generator": "independent",
        "key": "k",
        "labels": "sets/k/labels.csv",
        "results": results,
        "comparison": M.compare(ours, {"NIQE": niqe}),
        "timing": {},
    }
    return render.jsonable(
        {
            "bundle": "ours",
            "bundle_key": "key",
            "models": ["ours", "NIQE"],
            "threshold": threshold,
            "command": "python3 -m qm_eval.report --docs x",
            "slices": [s],
        }
    )


def _bundle(tmp_path):
    b = tmp_path / "bundle"
    b.mkdir()
    (b / "bundle.json").write_text(
        json.dumps(
            {
                "name": "qm-test",
                "version": "2026.12.07-9",
                "branches": {
                    "lowlevel": {
                        "input": {
                            "crops": 16,
                            "crop_size": 128,
                            "scales": [1.0, 0.5],
                            "max_side": 512,
                        }
                    }
                },
                "trained_on": {"encoders": {"images": "enc photos"}},
                "metrics": {"fit_cv_srcc": 0.8013, "fit_cv_srcc_unseen_types": 0.7662},
            }
        )
    )
    (b / "regressor.json").write_text(json.dumps({"output": "lowlevel"}))
    labels = tmp_path / "labels.csv"
    labels.write_text(
        "image,label,group,weight\n"
        "kodak24/kodim01/v00.png,0,pristine,4\n"
        "kodak24/kodim01/v01.png,1,blur,1\n"
        "urban100/img001/v00.png,0,pristine,4\n"
    )
    return b, labels


def test_the_card_names_the_bundle_its_layout_its_data_and_the_reports_figures(
    tmp_path,
):
    bundle, labels = _bundle(tmp_path)
    report = tmp_path / "report.json"
    report.write_text(json.dumps(_report()))
    text = model_card.write(bundle, report, tmp_path / "card.md", labels)
    assert "qm-test 2026.12.07-9" in text
    assert (
        "at most **512 px**" in text and "16 crops of 128 px at scales 1, 0.5" in text
    )
    assert "2 photos (kodak24 1, urban100 1); 3 images" in text
    assert "the **lowlevel** head" in text
    assert "SRCC **0.801** on photos" in text and "gives **0.766**: what" in text
    assert render.summary_table(json.loads(report.read_text()))[0] in text
    assert "$" not in text.replace("$ ", "")  # every placeholder filled


def test_failure_modes_name_lost_types_and_pristine_photos_below_the_threshold(
    tmp_path,
):
    modes = "\n".join(model_card.failure_modes(_report()))
    assert "noise (" in modes and "vs NIQE" in modes
    assert "blur (" not in modes
    assert "1 of 3 pristine photos score below 30 (a)" in modes
    bars = model_card.bars(_report())
    assert "types 1/2 (not met)" in bars and "pristine below 1 (not met)" in bars


def test_the_readme_block_between_the_markers_is_replaced_and_the_rest_kept(tmp_path):
    bundle, labels = _bundle(tmp_path)
    report = tmp_path / "report.json"
    report.write_text(json.dumps(_report()))
    readme = tmp_path / "README.md"
    readme.write_text(
        f"intro\n{model_card.README_START}\nold figures\n"
        f"{model_card.README_END}\nrest\n"
    )
    model_card.write(bundle, report, tmp_path / "card.md", labels, readme)
    text = readme.read_text()
    assert text.startswith("intro\n") and text.endswith(
        f"{model_card.README_END}\nrest\n"
    )
    assert "old figures" not in text and "qm-test 2026.12.07-9" in text
    assert "| cbsd68 as stored, independent generator |" in text
