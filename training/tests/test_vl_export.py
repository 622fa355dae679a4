"""A trained-here dual encoder exports to a bundle the reference scorer reads alike."""

import dataclasses
import json

import numpy as np
import pytest
import torch
from PIL import Image

from qm_training import tokenizer as T
from qm_training.bundle import BundleError, verify_bundle
from qm_training.captions import DEFAULT_PROMPTS
from qm_training.reference import ReferenceScorer, lowlevel_crops, vl_input
from qm_training.vl_export import add_vl_branch, refresh_prompts
from qm_training.vl_export import write_vl_bundle
from tests.tiny_bundles import (
    lowlevel_bundle,
    random_image,
    vl_branch,
    vl_donor_bundle,
)


def test_exported_branch_matches_model_and_zero_shot_head(tmp_path):
    model, tok, branch = vl_branch()
    path = write_vl_bundle(tmp_path / "b", "t", "1", branch)
    doc = verify_bundle(path)
    assert json.loads((path / "tokenizer.json").read_text())["type"] == "words"
    scorer = ReferenceScorer(path)
    imgs = [random_image(1), random_image(2)]
    feats = scorer.features(imgs)["vision_language"]
    x = torch.stack([vl_input(i, doc["branches"]["vision_language"]["input"])
                     for i in imgs])
    with torch.no_grad():
        assert torch.allclose(feats, model.encode_image(x), atol=1e-5)
        p = torch.tensor(scorer.prompts["attributes"]["noise"]["negative_embedding"])
        want = model.encode_text(T.encode(["a noisy photo."], tok))[0]
    assert torch.allclose(p.float(), want, atol=1e-5)
    zero = scorer.zero_shot(feats, scorer.prompts["quality"]).numpy()
    head = scorer.head("vision_language", {"vision_language": feats})
    # the head is the zero-shot score's tangent at 50: close for scores near 50
    assert np.all(np.abs(head - zero) < 2.0 + 0.5 * np.abs(zero - 50))


def test_branch_read_from_crops_averages_the_normalised_crop_embeddings(tmp_path):
    model, tok, branch = vl_branch()
    side = branch.input["size"]
    crops = dataclasses.replace(
        branch,
        input={**branch.input, "crop_size": side, "crops": 4, "scales": [1.0, 0.5]},
    )
    path = write_vl_bundle(tmp_path / "b", "t", "1", crops)
    inp = verify_bundle(path)["branches"]["vision_language"]["input"]
    assert "size" not in inp and inp["crops"] == 4 and inp["scales"] == [1.0, 0.5]
    img = random_image(3)
    feats = ReferenceScorer(path).features([img])["vision_language"][0]
    tiles = torch.cat(lowlevel_crops(img, inp))
    assert tiles.shape == (8, 3, side, side)
    with torch.no_grad():
        e = torch.nn.functional.normalize(model.encode_image(tiles), dim=-1).mean(0)
    assert torch.allclose(feats, e / e.norm(), atol=1e-5)
    # the centre crop alone would give another embedding
    with torch.no_grad():
        centre = model.encode_image(vl_input(img, branch.input)[None])[0]
    assert not torch.allclose(feats, centre, atol=1e-3)
    bad = dataclasses.replace(crops, input={**crops.input, "crops": 3})
    with pytest.raises(
        BundleError, match="vision_language crops must be 5 or a square"
    ):
        write_vl_bundle(tmp_path / "c", "t", "1", bad)


def test_add_vl_branch_keeps_lowlevel_branch_and_heads(tmp_path):
    _, _, branch = vl_branch()
    src = lowlevel_bundle(tmp_path / "low", {"description": "d"})
    out = add_vl_branch(src, branch, out_dir=tmp_path / "both")
    doc = verify_bundle(out)
    assert set(doc["branches"]) == {"lowlevel", "vision_language"}
    heads = json.loads((out / "regressor.json").read_text())
    assert set(heads["heads"]) == {"combined", "vision_language"}
    assert heads["output"] == "combined" and doc["description"] == "d"


def test_add_vl_branch_records_what_the_branch_was_trained_on(tmp_path):
    _, _, branch = vl_branch()
    src = lowlevel_bundle(
        tmp_path / "low", {"description": "d", "trained_on": {"images": "x"}}
    )
    out = add_vl_branch(src, branch, out_dir=tmp_path / "both", version="2",
                        trained_on={"steps": 7})
    doc = verify_bundle(out)
    assert doc["version"] == "2"
    assert doc["trained_on"] == {"images": "x", "vision_language": {"steps": 7}}
    assert doc["description"].startswith("d; plus a vision-language branch")


def test_add_vl_branch_to_a_fitted_bundle_replaces_the_branch_in_its_encoders_record(
    tmp_path,
):
    _, _, branch = vl_branch()
    old = {"images": "x", "vision_language": {"steps": 4000}}
    src = lowlevel_bundle(
        tmp_path / "low",
        {
            "description": "d; plus a vision-language branch (CLIP-style, trained on "
            "quality captions); ridge heads fitted on 9 labelled images",
            "trained_on": {"n_images": 9, "encoders": old},
        },
    )
    out = add_vl_branch(src, branch, out_dir=tmp_path / "both", trained_on={"steps": 7})
    doc = verify_bundle(out)
    assert doc["trained_on"] == {
        "n_images": 9,
        "encoders": {"images": "x", "vision_language": {"steps": 7}},
    }
    assert doc["description"].count("plus a vision-language branch") == 1


def test_refresh_prompts_adds_a_pair_and_keeps_the_others_and_the_checksums(tmp_path):
    model, tok, branch = vl_branch()
    path = write_vl_bundle(tmp_path / "b", "t", "1", branch)
    before = json.loads((path / "prompts.json").read_text())
    fewer = {k: v for k, v in DEFAULT_PROMPTS.items() if k != "contrast"}
    refresh_prompts(path, fewer)
    assert (
        "contrast" not in json.loads((path / "prompts.json").read_text())["attributes"]
    )
    after = refresh_prompts(path)
    verify_bundle(path)  # checksum of the rewritten prompts.json matches
    assert after["attributes"]["contrast"]["negative"] == "a flat, low-contrast photo."
    with torch.no_grad():
        want = model.encode_text(T.encode(["a flat, low-contrast photo."], tok))[0]
    got = torch.tensor(after["attributes"]["contrast"]["negative_embedding"])
    assert torch.allclose(got.float(), want, atol=1e-5)
    old = before["attributes"]["noise"]["positive_embedding"]
    assert np.allclose(
        after["attributes"]["noise"]["positive_embedding"], old, atol=1e-6
    )


def test_export_vl_from_bundle_moves_a_branch_unchanged_into_another_bundle(tmp_path):
    from qm_training import export_vl

    donor = vl_donor_bundle(tmp_path)
    target = lowlevel_bundle(tmp_path / "low2", {"description": "new"})
    assert export_vl.main(["--from-bundle", str(donor), "--into", str(target),
                           "--out", str(tmp_path / "out"), "--fit-items", "0"]) == 0
    out = tmp_path / "out"
    doc = verify_bundle(out)
    donor_doc = verify_bundle(donor)
    assert doc["files"]["tokenizer.json"] == donor_doc["files"]["tokenizer.json"]
    # prompts re-normalised on writing (last-bit differences), TorchScript re-saved
    moved, kept = (json.loads((p / "prompts.json").read_text()) for p in (out, donor))
    assert moved["attributes"].keys() == kept["attributes"].keys()
    for name, pair in kept["attributes"].items():
        assert moved["attributes"][name]["negative"] == pair["negative"]
        assert np.allclose(moved["attributes"][name]["positive_embedding"],
                           pair["positive_embedding"], atol=1e-12)
    assert doc["trained_on"]["vision_language"] == {"steps": 7}
    img = [random_image(3)]
    a = ReferenceScorer(out).features(img)["vision_language"]
    b = ReferenceScorer(donor).features(img)["vision_language"]
    assert torch.equal(a, b)


def test_export_vl_from_bundle_refuses_a_refit_and_a_bundle_without_the_branch(
    tmp_path,
):
    from qm_training import export_vl
    import pytest

    low = lowlevel_bundle(tmp_path / "low", {"description": "d"})
    with pytest.raises(SystemExit):
        export_vl.main(["--from-bundle", str(low), "--out", str(tmp_path / "o")])
    with pytest.raises(ValueError, match="has no vision_language branch"):
        export_vl.main(["--from-bundle", str(low), "--out", str(tmp_path / "o"),
                        "--fit-items", "0"])


def test_a_feature_projection_branch_projects_the_low_level_features(tmp_path):
    from pathlib import Path

    from qm_training.vl_export import export_feature_projection

    src = (
        Path(__file__).resolve().parents[2]
        / "stream-app/src/test/resources/bundles/tiny-both"
    )
    g = torch.Generator().manual_seed(3)
    w, b = torch.randn(64, 64, generator=g), torch.randn(64, generator=g)
    mean, std = torch.randn(64, generator=g), torch.rand(64, generator=g) + 0.5
    out = export_feature_projection(src, w, b, mean, std, 42.0, tmp_path / "lit", "9",
                                    "test projection")
    verify_bundle(out)  # checksums rewritten
    doc = json.loads((out / "bundle.json").read_text())
    assert doc["branches"]["vision_language"]["input"] == {"features": "lowlevel"}
    assert doc["branches"]["vision_language"]["logit_scale"] == 42.0
    assert doc["version"] == "9"
    rng = np.random.default_rng(0)
    images = [Image.fromarray(rng.integers(0, 256, (90, 120, 3), dtype=np.uint8))
              for _ in range(3)]
    feats = ReferenceScorer(out).features(images)
    expected = torch.nn.functional.normalize(
        ((feats["lowlevel"] - mean) / std) @ w.T + b, dim=-1
    )
    assert torch.allclose(feats["vision_language"], expected, atol=1e-5)
    with pytest.raises(ValueError, match="exists"):
        export_feature_projection(src, w, b, mean, std, 42.0, out, "9", "again")
