"""A bundle's frozen image tower is cut at its projection, refitted and put back."""

import json

import pytest
import torch
import yaml
from torch import nn
from torch.nn import functional as F

from qm_training import captions as C
from qm_training import vl_data as V
from qm_training import vl_surgery as S
from qm_training.bundle import export_module, verify_bundle
from qm_training.data import load_splits
from qm_training.reference import ReferenceScorer
from qm_training.vl_losses import prompt_pair_loss
from qm_training.vl_refit import attribute_weights
from tests.tiny_bundles import (
    SIZE,
    lowlevel_bundle,
    random_image,
    vl_branch,
    vl_donor_bundle,
)


def test_split_tower_gives_the_towers_output_and_rebuilds_with_a_new_projection(
    tmp_path,
):
    _, _, branch = vl_branch()
    tower = branch.image_module
    split = S.split_image_tower(tower)
    features = split.features_fn()
    x = torch.randn(3, 3, SIZE, SIZE)
    with torch.no_grad():
        h = features(x)
        assert torch.allclose(
            F.normalize(F.linear(h, split.weight, split.bias), dim=-1),
            tower(x),
            atol=1e-6,
        )
        same = S.with_projection(split, split.weight, split.bias, SIZE)
        assert torch.allclose(same(x), tower(x), atol=1e-6)
        w2 = split.weight + 0.1 * torch.randn_like(split.weight)
        rebuilt = S.with_projection(split, w2, split.bias, SIZE)
        torch.jit.save(rebuilt, str(tmp_path / "t.pt"))
        loaded = torch.jit.load(str(tmp_path / "t.pt"))
        want = F.normalize(F.linear(h, w2, split.bias), dim=-1)
        assert torch.allclose(loaded(x), want, atol=1e-6)
        assert not torch.allclose(loaded(x), tower(x), atol=1e-3)
        # the runtime feeds crops of other sizes too
        y = torch.randn(2, 3, SIZE + 16, SIZE + 16)
        assert torch.allclose(S.split_image_tower(loaded).features_fn()(y), features(y),
                              atol=1e-6)


def test_split_refuses_a_tower_without_a_final_projection():
    class NoProjection(nn.Module):
        def forward(self, x):
            return F.normalize(x.mean((2, 3)), dim=-1)

    class ProjectionThenMore(nn.Module):
        def __init__(self):
            super().__init__()
            self.proj = nn.Linear(3, 4)

        def forward(self, x):
            return F.normalize(self.proj(x.mean((2, 3))), dim=-1) * 2.0

    for module in (NoProjection(), ProjectionThenMore()):
        frozen = export_module(module, torch.zeros(1, 3, 8, 8))
        with pytest.raises(ValueError):
            S.split_image_tower(frozen)


def test_type_weights_weigh_the_attribute_their_type_sets():
    specs = [
        [("jitter", 2)],
        [("gaussian_blur", 1)],
        [],
        [("jitter", 1), ("mean_shift+", 3)],
    ]
    w = attribute_weights(specs, {"jitter": 3.0})
    block = C.ATTRIBUTES.index("blockiness")
    assert w[0, block] == 3.0 and w[3, block] == 3.0
    assert float(w.sum()) == w.numel() + 2 * 2.0
    with pytest.raises(ValueError, match="unknown distortion types"):
        attribute_weights(specs, {"jiter": 3.0})


def test_weighted_prompt_pair_loss_is_the_weighted_mean_of_the_kept_entries():
    logits = torch.tensor([[2.0, -1.0], [0.5, 3.0]])
    target = torch.tensor([[1.0, float("nan")], [0.0, 0.5]])
    ones = torch.ones_like(target)
    assert torch.isclose(
        prompt_pair_loss(logits, target, ones), prompt_pair_loss(logits, target)
    )
    only_last = torch.tensor([[0.0, 1.0], [0.0, 1.0]])
    assert torch.isclose(prompt_pair_loss(logits, target, only_last),
                         F.binary_cross_entropy_with_logits(logits[1, 1], target[1, 1]))


def test_export_vl_refit_changes_the_projection_only(tmp_path):
    from qm_training import export_vl

    donor = vl_donor_bundle(tmp_path)
    photos = load_splits("configs/splits.yml")["train"][:3]
    cache_cfg = {"size": 32, "p_pristine": 0.2, "p_two": 0.0, "cache": {"views": 2}}
    V.build_cache(photos, cache_cfg, 3, tmp_path / "c.pt", target=10, budget_s=120)
    cfg = {"cache": str(tmp_path / "c.pt"), "size": SIZE, "seed": 1,
           "refit": {"steps": 30, "lr": 0.05, "nce_weight": 0.2, "nce_scale": 20.0,
                     "max_views": 16, "seed": 0, "type_weights": {"jitter": 3}}}
    (tmp_path / "r.yml").write_text(yaml.safe_dump(cfg))
    with pytest.raises(SystemExit):  # a refit needs a branch taken from a bundle
        export_vl.main(["--weights", str(tmp_path / "w.pt"),
                        "--refit", str(tmp_path / "r.yml"),
                        "--out", str(tmp_path / "o"), "--fit-items", "0"])
    target = lowlevel_bundle(tmp_path / "low2", {"description": "new"})
    assert export_vl.main(["--from-bundle", str(donor),
                           "--refit", str(tmp_path / "r.yml"), "--into", str(target),
                           "--out", str(tmp_path / "out"), "--fit-items", "0"]) == 0
    out = tmp_path / "out"
    doc = verify_bundle(out)
    assert doc["trained_on"]["vision_language"]["steps"] == 7
    assert "projection refitted" in doc["trained_on"]["vision_language"]["refit"]
    assert doc["branches"]["vision_language"]["logit_scale"] != pytest.approx(
        verify_bundle(donor)["branches"]["vision_language"]["logit_scale"])
    # same encoder up to the projection, another projection, same prompts
    old = S.split_image_tower(torch.jit.load(str(donor / "vl_image.pt")))
    new = S.split_image_tower(torch.jit.load(str(out / "vl_image.pt")))
    x = torch.randn(2, 3, SIZE, SIZE)
    with torch.no_grad():
        assert torch.equal(new.features_fn()(x), old.features_fn()(x))
    assert not torch.allclose(new.weight, old.weight)
    assert (
        json.loads((out / "prompts.json").read_text())["quality"]["positive"]
        == "a good photo."
    )
    img = [random_image(5)]
    a = ReferenceScorer(out).features(img)["vision_language"]
    b = ReferenceScorer(donor).features(img)["vision_language"]
    assert a.shape == b.shape and not torch.allclose(a, b)
