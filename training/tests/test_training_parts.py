"""The contrastive loss, the encoder's export contract, the split and the crop grid."""

import numpy as np
import pytest
import torch
from torch.nn import functional as F

from qm_training import data, losses
from qm_training.archs import ARCH_REGISTRY, build_arch
from qm_training.features import crop_origins


def test_loss_is_lower_when_same_class_patches_are_closer():
    torch.manual_seed(0)
    labels = torch.tensor([0, 0, 1, 1, 2, 2])
    centres = F.normalize(torch.randn(3, 16), dim=1)
    clustered = F.normalize(centres[labels] + 0.05 * torch.randn(6, 16), dim=1)
    scattered = F.normalize(torch.randn(6, 16), dim=1)
    assert losses.multi_positive_nt_xent(clustered, labels) < \
        losses.multi_positive_nt_xent(scattered, labels)
    assert losses.neighbour_accuracy(clustered, labels) == 1.0


def test_quality_weights_push_similar_quality_negatives_less():
    torch.manual_seed(1)
    z = F.normalize(torch.randn(8, 16), dim=1)
    labels = torch.tensor([0, 0, 1, 1, 2, 2, 3, 3])
    same_quality = torch.full((8,), 0.8)
    plain = losses.multi_positive_nt_xent(z, labels)
    weighted = losses.multi_positive_nt_xent(z, labels, same_quality, weight_floor=0.3)
    # Equal quality: every negative weighs the floor, so the denominators shrink.
    assert weighted < plain


@pytest.mark.parametrize("name", sorted(n for n in ARCH_REGISTRY if n.startswith("contrique")))
def test_encoder_maps_any_crop_size_to_feature_dim_and_traces(name):
    model = build_arch(name).eval()
    enc = model.encoder
    for size in (64, 96):
        assert enc(torch.zeros(2, 3, size, size)).shape == (2, enc.feature_dim)
    traced = torch.jit.trace(enc, torch.rand(1, 3, 64, 64))
    x = torch.rand(3, 3, 80, 80)
    torch.testing.assert_close(traced(x), enc(x))
    assert model(x).norm(dim=1).sub(1).abs().max() < 1e-5


def test_splits_are_disjoint_and_hold_out_live1():
    try:
        splits = data.load_splits("configs/splits.yml")
    except FileNotFoundError:
        pytest.skip("shared/data/pristine is not present")
    assert not set(splits["train"]) & set(splits["heldout"])
    assert all("/live1/" in p for p in splits["heldout"])
    assert len(splits["train"]) == 42 and len(splits["heldout"]) == 29


def test_crop_grid_follows_the_bundle_spec():
    assert crop_origins(200, 100, 50, 1) == [(75, 25)]
    assert crop_origins(200, 100, 50, 5) == [(25, 0), (125, 0), (25, 50), (125, 50),
                                             (75, 25)]
    # Clamped inside when a crop would cross the border.
    assert all(0 <= x <= 100 and y == 0 for x, y in crop_origins(200, 100, 100, 4))


def test_patch_batches_are_deterministic_per_step_with_positives():
    rng = np.random.default_rng(0)
    photos = [(rng.random((160, 200, 3)) * 255).astype(np.uint8) for _ in range(3)]
    cfg = {"region": 64, "patch": 32, "classes_per_batch": 4, "per_class": 2}
    ds = data.PatchBatches(photos, cfg, seed=3, length=5)
    views, labels, quality = ds[2]
    again = ds[2]
    assert views.shape == (16, 3, 32, 32) and labels.shape == (16,)
    torch.testing.assert_close(views, again[0])
    assert (labels[:8] == labels[8:]).all() and len(set(labels.tolist())) == 4
    assert ((quality > -1) & (quality <= 1)).all()
