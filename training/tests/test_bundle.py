"""Tests of the bundle writer: layout, checksums, validation, ridge heads."""

import json

import numpy as np
import pytest
import torch
from torch import nn

from qm_training.bundle import (
    BundleError,
    LowLevelBranch,
    RidgeHead,
    byte_tokenizer,
    export_module,
    tokenize,
    verify_bundle,
    write_bundle,
    zip_bundle,
)

torch.set_num_threads(2)


def _encoder(dim=8):
    return export_module(
        nn.Sequential(nn.Conv2d(3, dim, 3, 4), nn.AdaptiveAvgPool2d(1), nn.Flatten()),
        torch.zeros(1, 3, 32, 32))


def _lowlevel(dim=8):
    return LowLevelBranch(_encoder(dim), {"crop_size": 32, "crops": 1, "scales": [1.0]},
                          dim)


def _head(width, features=("lowlevel",)):
    return RidgeHead(list(features), [0.0] * width, [1.0] * width, [1.0] * width, 50.0)


def test_should_write_every_file_with_its_checksum(tmp_path):
    # Given a low-level branch and a matching head
    # When the bundle is written
    out = write_bundle(tmp_path / "b", "b", "1", lowlevel=_lowlevel(),
                       heads={"combined": _head(8)}, metadata={"random_init": True})
    # Then bundle.json lists every other file and the checksums verify
    doc = verify_bundle(out)
    names = {p.name for p in out.iterdir()} - {"bundle.json"}
    assert set(doc["files"]) == names == {"lowlevel.pt", "regressor.json",
                                          "serving.properties"}
    assert doc["random_init"] is True
    assert doc["branches"]["lowlevel"]["input"]["mean"] == [0.485, 0.456, 0.406]


def test_should_name_the_changed_file_when_a_checksum_differs(tmp_path):
    # Given a written bundle whose regressor was edited afterwards
    out = write_bundle(tmp_path / "b", "b", "1", lowlevel=_lowlevel(),
                       heads={"combined": _head(8)})
    (out / "regressor.json").write_text("{}")
    # When / Then verification names the file
    with pytest.raises(BundleError, match="regressor.json"):
        verify_bundle(out)


def test_should_reject_a_head_of_the_wrong_width(tmp_path):
    with pytest.raises(BundleError, match="expected 8"):
        write_bundle(tmp_path / "b", "b", "1", lowlevel=_lowlevel(),
                     heads={"combined": _head(5)})
    assert not (tmp_path / "b").exists()


def test_should_reject_an_encoder_whose_output_differs_from_feature_dim(tmp_path):
    branch = LowLevelBranch(_encoder(8), {"crop_size": 32, "crops": 1, "scales": [1.0]},
                            16)
    with pytest.raises(BundleError, match=r"expected \(2, 16\)"):
        write_bundle(tmp_path / "b", "b", "1", lowlevel=branch,
                     heads={"combined": _head(16)})


def test_should_fit_a_ridge_head_that_recovers_a_linear_target():
    # Given targets that are a linear function of the features
    rng = np.random.default_rng(1)
    x = rng.normal(3.0, 2.0, (200, 4))
    y = 50 + x @ np.array([2.0, -1.0, 0.5, 0.0])
    # When a ridge head is fitted with a small alpha
    head = RidgeHead.fit(["lowlevel"], x, y, alpha=1e-6)
    # Then it predicts the targets
    assert np.allclose(head.predict(x), y, atol=1e-4)


def test_should_tokenize_bytes_with_bos_eos_and_padding():
    ids = tokenize(["Ab"], byte_tokenizer(6))
    assert ids.tolist() == [[1, ord("a") + 3, ord("b") + 3, 2, 0, 0]]


def test_should_zip_the_files_at_the_archive_root(tmp_path):
    import zipfile

    out = write_bundle(tmp_path / "b", "b", "1", lowlevel=_lowlevel(),
                       heads={"combined": _head(8)})
    with zipfile.ZipFile(zip_bundle(out)) as zf:
        assert "bundle.json" in zf.namelist()
        assert json.loads(zf.read("bundle.json"))["name"] == "b"
