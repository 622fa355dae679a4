"""Random ResNet-50s in the official CONTRIQUE and Re-IQA layouts convert exactly."""

import argparse
import json
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image
from torch import nn
from torchvision.models import resnet18, resnet50

from qm_training import convert_iqa as CI
from qm_training.bundle import IMAGENET_MEAN, IMAGENET_STD, verify_bundle
from qm_training.reference import ReferenceScorer, lowlevel_crops

CROP = 64  # small crops keep each ResNet-50 export to a few seconds on two cores
VL_BUNDLE = (Path(__file__).resolve().parents[2]
             / "stream-app/src/test/resources/bundles/tiny-both")


def _random_resnet50(seed):
    torch.manual_seed(seed)
    net = resnet50()
    # batch-norm statistics away from the identity, so that a lost buffer shows
    for m in net.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.2, 0.2)
            m.running_var.uniform_(0.5, 1.5)
    return net.eval()


def _pooled(net, x):
    """The source network's 2048 global-average-pooled features (the fc left out)."""
    trunk = nn.Sequential(*list(net.children())[:-1])
    with torch.no_grad():
        return torch.flatten(trunk(x), 1)


def _contrique_state(net):
    """State dict of CONTRIQUE_model: encoder = Sequential(children[:-2]), projector."""
    encoder = nn.Sequential(*list(net.children())[:-2])
    projector = nn.Sequential(nn.Linear(2048, 2048, bias=False), nn.BatchNorm1d(2048),
                              nn.ReLU(), nn.Linear(2048, 128, bias=False),
                              nn.BatchNorm1d(128))
    state = {"encoder." + k: v for k, v in encoder.state_dict().items()}
    state.update({"projector." + k: v for k, v in projector.state_dict().items()})
    return state


def _reiqa_checkpoint(net, other):
    """Re-IQA (PyContrast) layout: query encoder, MoCo head, ``other`` as momentum."""
    model = {"module.encoder." + k: v for k, v in net.state_dict().items()}
    model.update({f"module.head.{i}.weight": torch.randn(128, 2048) for i in (0,)})
    for prefix in ("module.encoder_ema.", "module.encoder_k."):
        model.update({prefix + k: v for k, v in other.state_dict().items()})
    ema = {"module.encoder." + k: v for k, v in other.state_dict().items()}
    return {"model": model, "model_ema": ema, "epoch": 200,
            "optimizer": {"state": {}, "param_groups": [{"lr": 0.03}]}}


def _image(seed=0, size=(96, 80)):
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)
    return Image.fromarray(a, "RGB")


def _l2(t):
    return t / t.norm(dim=-1, keepdim=True)


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    """One torch thread here: on shared, busy cores two threads ran these exports 3-5x
    slower (spinning workers); the features do not depend on the thread count."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def nets():
    return _random_resnet50(0), _random_resnet50(1)


@pytest.fixture(scope="module")
def x():
    torch.manual_seed(7)
    return torch.rand(5, 3, CROP, CROP)  # as many as the crops: one shape to compile


def test_contrique_checkpoint_converts_to_bundle_with_same_features(nets, x, tmp_path):
    # Given CONTRIQUE's raw state dict (encoder.N.* and projector.*) saved to a file
    net = nets[0]
    torch.save(_contrique_state(net), tmp_path / "CONTRIQUE_checkpoint25.tar")
    # When it is read and converted
    state = CI.read_checkpoint(tmp_path / "CONTRIQUE_checkpoint25.tar")
    path, model, ts = CI.convert_contrique(state, tmp_path / "b", crop_size=CROP)
    # Then the TorchScript, as written, gives the source network's pooled features
    loaded = torch.jit.load(str(path / "lowlevel.pt"))
    want = _pooled(net, x)
    with torch.no_grad():
        assert torch.allclose(loaded(x), want, rtol=1e-4, atol=1e-4)
        assert torch.allclose(model(x), want, rtol=1e-5, atol=1e-5)
    doc = verify_bundle(path)
    low = doc["branches"]["lowlevel"]
    assert low["feature_dim"] == 2048
    assert low["input"] == {"crop_size": CROP, "crops": 5, "scales": [1.0, 0.5],
                            "mean": [0.0, 0.0, 0.0], "std": [1.0, 1.0, 1.0]}
    assert "placeholder" in doc["trained_on"]["regressor"]
    # and the Python mirror of the Java scorer gives 2 x 2048 per-scale averages
    img = _image()
    scorer = ReferenceScorer(path)
    got = scorer.features([img])["lowlevel"]
    assert got.shape == (1, 4096)
    crops = lowlevel_crops(img, low["input"])
    expect = torch.cat([_l2(_pooled(net, c).mean(0)) for c in crops])
    assert torch.allclose(got[0], expect, atol=1e-4)
    assert scorer.score([img]).tolist() == [50.0]  # the placeholder head


def test_cli_converts_dataparallel_copy_of_contrique_into_vl_bundle(nets, x, tmp_path,
                                                                    capsys):
    # Given the same layout saved from DataParallel (module. prefix on every key)
    net = nets[1]
    state = {"module." + k: v for k, v in _contrique_state(net).items()}
    torch.save(state, tmp_path / "ckpt.tar")
    # When the command line converts it with 4 crops into a bundle with a VL branch
    rc = CI.main(["contrique", "--weights", str(tmp_path / "ckpt.tar"), "--out",
                  str(tmp_path / "b"), "--crop-size", str(CROP), "--crops", "4",
                  "--into", str(VL_BUNDLE),
                  "--threads", str(torch.get_num_threads())])  # leaves it as it was
    # Then the bundle holds that network
    assert rc == 0 and "placeholder" in capsys.readouterr().out
    scorer = ReferenceScorer(tmp_path / "b")
    with torch.no_grad():
        assert torch.allclose(scorer.low_module(x), _pooled(net, x), rtol=1e-4,
                              atol=1e-4)
    doc = verify_bundle(tmp_path / "b")
    assert doc["branches"]["lowlevel"]["input"]["crops"] == 4
    assert "ckpt.tar (sha256 " in doc["trained_on"]["notes"]
    # and the source bundle's VL branch and head, which gives the score until fit
    source = ReferenceScorer(VL_BUNDLE)
    img = _image(2)
    got, want = scorer.features([img]), source.features([img])
    assert got["lowlevel"].shape == (1, 4096)
    assert torch.allclose(got["vision_language"], want["vision_language"], atol=1e-6)
    assert sorted(scorer.heads) == ["lowlevel", "vision_language"]
    assert scorer.output == "vision_language"
    assert scorer.score([img]) == pytest.approx(source.head("vision_language", want))


def test_reiqa_checkpoints_convert_to_one_module_of_both_encoders(nets, x, tmp_path):
    # Given Re-IQA checkpoints whose momentum copies hold the other network's weights
    quality, content = nets
    torch.save(_reiqa_checkpoint(quality, content), tmp_path / "quality_aware_r50.pth")
    torch.save(_reiqa_checkpoint(content, quality), tmp_path / "content_aware_r50.pth")
    # When both are converted
    # (the optimiser's floats need full unpickling on torch 1.13)
    q = CI.read_checkpoint(tmp_path / "quality_aware_r50.pth", allow_pickle=True)
    c = CI.read_checkpoint(tmp_path / "content_aware_r50.pth", allow_pickle=True)
    path, _, _ = CI.convert_reiqa(q, c, tmp_path / "b", crop_size=CROP)
    # Then per crop: the quality encoder on [0,1] pixels, then the content encoder on
    # ImageNet-normalised pixels (the official demos' inputs)
    mean = torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1)
    std = torch.tensor(IMAGENET_STD).view(1, 3, 1, 1)
    want = torch.cat([_pooled(quality, x), _pooled(content, (x - mean) / std)], 1)
    scorer = ReferenceScorer(path)  # loads lowlevel.pt as written
    with torch.no_grad():
        assert torch.allclose(scorer.low_module(x), want, rtol=1e-4, atol=1e-4)
    assert scorer.features([_image(1)])["lowlevel"].shape == (1, 8192)
    doc = verify_bundle(path)
    assert doc["branches"]["lowlevel"]["feature_dim"] == 4096
    reg = json.loads((path / "regressor.json").read_text())
    assert len(reg["heads"]["combined"]["weights"]) == 8192


def test_missing_trunk_keys_give_one_line_naming_them(nets, tmp_path):
    # Given a CONTRIQUE state dict that lost layer4's last block's conv3 and bn3
    state = _contrique_state(nets[0])
    lost = ("encoder.7.2.conv3", "encoder.7.2.bn3")
    for k in [k for k in state if k.startswith(lost)]:
        del state[k]
    # When it is converted, then one line names the expected layout and what is missing
    with pytest.raises(CI.CheckpointError) as err:
        CI.convert_contrique(state, tmp_path / "b", crop_size=CROP, source="ckpt.tar")
    msg = str(err.value)
    assert "\n" not in msg
    assert msg.startswith("ckpt.tar: expected ResNet-50 keys under 'encoder.'")
    assert "+2 more" in msg  # bn3.weight, conv3.weight; num_batches_tracked is spared
    assert "313 of 318, missing 5 (layer4.2.bn3.bias, layer4.2.bn3.running_mean" in msg
    assert not (tmp_path / "b").exists()


def test_other_networks_and_files_are_rejected_in_one_line(tmp_path):
    # Given a ResNet-18 encoder, a ResNet-50 with a wrong shape, files of other kinds
    r18 = {"module.encoder." + k: v for k, v in resnet18().state_dict().items()}
    wide = {"encoder." + k: v for k, v in _random_resnet50(2).state_dict().items()}
    wide["encoder.conv1.weight"] = torch.zeros(64, 3, 3, 3)
    (tmp_path / "notes.txt").write_text("not a checkpoint")
    # Then each gives one line
    with pytest.raises(CI.CheckpointError,
                       match=r"153 of 318, missing 165 \(layer1\.0\.bn3\.bias"):
        CI.resnet50_trunk_state(CI.unwrap_state_dict({"model": r18}), "r18.pth")
    with pytest.raises(CI.CheckpointError, match="does not fit ResNet-50: .*conv1"):
        CI.load_resnet50(wide, "wide.pth")
    with pytest.raises(CI.CheckpointError, match="not a PyTorch checkpoint"):
        CI.read_checkpoint(tmp_path / "notes.txt")
    torch.save({"model": {"w": torch.zeros(1)}, "opt": argparse.Namespace(lr=0.1)},
               tmp_path / "opt.pth")
    with pytest.raises(CI.CheckpointError, match="refused .*pass --allow-pickle"):
        CI.read_checkpoint(tmp_path / "opt.pth")
    assert list(CI.read_checkpoint(tmp_path / "opt.pth", allow_pickle=True)) == ["w"]
    with pytest.raises(CI.CheckpointError, match="expected a state dict"):
        CI.unwrap_state_dict({"epoch": 3, "optimizer": {}}, "x.pth")
    assert CI.main(["reiqa", "--quality", str(tmp_path / "none.pth"),
                    "--out", str(tmp_path / "b")]) == 2
