"""The contrastive and severity losses, the encoder's export contract, the split and the
crop grid."""

from pathlib import Path

import numpy as np
import pytest
import torch
from torch.nn import functional as F

from qm_training import data, losses
from qm_training.archs import ARCH_REGISTRY, build_arch
from qm_training.reference import crop_origins


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


def test_severity_target_is_the_level_of_each_class_shared_across_types():
    # class 0 pristine; then type-major blocks of 5 levels, as PatchBatches labels them
    labels = torch.tensor([0, 1, 5, 6, 10, 5 * 25 + 3])
    assert losses.class_levels(labels, 5).tolist() == [0, 1, 5, 1, 5, 3]
    exact = torch.tensor([0.0, 0.2, 1.0, 0.2, 1.0, 0.6])
    assert losses.severity_loss(exact, labels, 5).item() == pytest.approx(0.0, abs=1e-7)
    # one severity scale: reading level 5 of the second type as level 1 costs
    swapped = exact.clone()
    swapped[4] = 0.2
    assert losses.severity_loss(swapped, labels, 5).item() == pytest.approx(0.64 / 6)


@pytest.mark.parametrize(
    "name", sorted(n for n in ARCH_REGISTRY if n.startswith("contrique"))
)
def test_encoder_maps_any_crop_size_to_feature_dim_and_traces(name):
    model = build_arch(name).eval()
    enc = model.encoder
    for size in (64, 96):
        assert enc(torch.zeros(2, 3, size, size)).shape == (2, enc.feature_dim)
    traced = torch.jit.trace(enc, torch.rand(1, 3, 64, 64))
    x = torch.rand(3, 3, 80, 80)
    torch.testing.assert_close(traced(x), enc(x))
    assert model(x).norm(dim=1).sub(1).abs().max() < 1e-5


def test_splits_are_disjoint_and_hold_out_live1_and_cbsd68():
    try:
        splits = data.load_splits("configs/splits.yml")
    except FileNotFoundError:
        pytest.skip("shared/data/pristine is not present")
    held = set(splits["heldout"]) | set(splits["heldout_cbsd68"])
    assert not set(splits["train"]) & held
    assert all("/live1/" in p for p in splits["heldout"])
    assert all("/cbsd68/" in p for p in splits["heldout_cbsd68"])
    assert not any("/cbsd68/" in p or "/live1/" in p for p in splits["train"])
    assert len(splits["train"]) == 175 and len(splits["heldout"]) == 29
    assert len(splits["heldout_cbsd68"]) == 68


def test_every_photo_list_of_a_split_file_is_expanded_and_kept_apart(tmp_path):
    try:
        splits = data.load_splits("configs/splits_vl_apart.yml")
    except FileNotFoundError:
        pytest.skip("shared/data/pristine is not present")
    assert len(splits["train"]) == 30 and len(splits["apart"]) == 12
    assert not set(splits["apart"]) & (set(splits["train"]) | set(splits["heldout"]))
    assert all(Path(p).is_file() for p in splits["apart"])
    overlapping = tmp_path / "s.yml"
    overlapping.write_text(f"data_root: {splits['data_root']}\n"
                           "train: [kodak24/*.png]\napart: [kodak24/kodim01.png]\n"
                           "heldout: [live1/*.png]\n")
    with pytest.raises(ValueError, match="both train and apart"):
        data.load_splits(overlapping)


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


def test_patch_batches_never_draw_excluded_kinds():
    from qm_training import augment as A

    rng = np.random.default_rng(0)
    photos = [(rng.random((160, 200, 3)) * 255).astype(np.uint8)]
    cfg = {"region": 64, "patch": 32, "classes_per_batch": 20, "per_class": 1,
           "generator": "augment", "reencode": 0.0}
    names = [k.name for k in A.KINDS]
    kept = names[:4]
    cfg["exclude_kinds"] = names[4:]
    ds = data.PatchBatches(photos, cfg, seed=1, length=3)
    seen = {int(c) for step in range(3) for c in ds[step][1]}
    # pristine and the kept kinds' classes (1 + index * 5 + level - 1), nothing else
    assert seen == set(range(0, 1 + len(kept) * 5))
    with pytest.raises(ValueError, match="no_such_kind"):
        data.PatchBatches(photos, {**cfg, "exclude_kinds": ["no_such_kind"]}, 1, 1)


def test_patch_batches_shrink_after_distorting_keeps_shapes_and_stream():
    rng = np.random.default_rng(0)
    photos = [(rng.random((300, 320, 3)) * 255).astype(np.uint8)]
    cfg = {"region": 64, "patch": 32, "classes_per_batch": 6, "per_class": 2,
           "generator": "augment", "reencode": 0.5}
    plain = data.PatchBatches(photos, cfg, seed=5, length=2)
    shrunk = data.PatchBatches(photos, {**cfg, "shrink_after": [1.0, 2.0, 2.0]}, 5, 2)
    views, labels, quality = shrunk[1]
    assert views.shape == (24, 3, 32, 32) and views.dtype == torch.float32
    assert ((quality > -1) & (quality <= 1)).all()
    # the same classes as without the option (drawn first), other pixels
    torch.testing.assert_close(labels, plain[1][1])
    assert not torch.equal(views, plain[1][0])
    with pytest.raises(ValueError, match="shrink_after"):
        data.PatchBatches(photos, {**cfg, "shrink_after": [0.5, 0.8, 2.0]}, 1, 1)
    with pytest.raises(ValueError, match="shrink_after"):
        data.PatchBatches(photos, {"region": 64, "patch": 32, "classes_per_batch": 2,
                                   "per_class": 1, "shrink_after": [0.5, 1, 2]}, 1, 1)


def _tiny_splits(tmp_path):
    """A split file over two random 96 px training photos and one held-out photo."""
    import yaml
    from PIL import Image

    rng = np.random.default_rng(0)
    for split, n in (("train", 2), ("heldout", 1)):
        (tmp_path / split).mkdir()
        for i in range(n):
            Image.fromarray((rng.random((96, 96, 3)) * 255).astype(np.uint8)).save(
                tmp_path / split / f"{i}.png")
    splits = tmp_path / "splits.yml"
    splits.write_text(
        yaml.safe_dump(
            {
                "data_root": str(tmp_path),
                "train": ["train/*.png"],
                "heldout": ["heldout/*.png"],
            }
        )
    )
    return splits


def _tiny_config(tmp_path, splits, name, steps, optim=None, **extra):
    """Writes a config for a few CPU steps on :func:`_tiny_splits`; returns its path."""
    import yaml

    cfg = {"name": name, "arch": "contrique_r10_w32", "splits": str(splits), "seed": 1,
           "data": {"region": 64, "patch": 32, "classes_per_batch": 4, "per_class": 2,
                    "workers": 0},
           "loss": {"temperature": 0.1}, **extra,
           "optim": {"lr": 1e-3, "weight_decay": 0.0, "warmup_steps": 1,
                     "max_steps": steps, **(optim or {})},
           "run": {"time_budget_min": 5, "checkpoint_every_min": 5,
                   "log_every_steps": 1}}
    path = tmp_path / f"{name}.yml"
    path.write_text(yaml.safe_dump(cfg))
    return str(path)


def test_training_starts_from_a_checkpoint_and_keeps_the_severity_readout(tmp_path):
    import shutil

    from qm_training import train_contrique

    splits = _tiny_splits(tmp_path)
    names = [f"pytest-{tmp_path.name}-{k}" for k in ("base", "severity")]

    def config(name, steps, **extra):
        return _tiny_config(tmp_path, splits, name, steps, **extra)

    runs = train_contrique.TRAINING_DIR / "runs"
    try:
        base = config(names[0], 2)
        assert train_contrique.main(["--config", base, "--threads", "1"]) == 0
        start = torch.load(runs / names[0] / "last.pt")
        sev = config(names[1], 2, init_from=str(runs / names[0] / "last.pt"),
                     loss={"temperature": 0.1, "severity_weight": 5.0})
        assert train_contrique.main(["--config", sev, "--threads", "1"]) == 0
        first = torch.load(runs / names[1] / "last.pt")
        log = (runs / names[1] / "train.log").read_text()
        # starts from the other run's weights, trains the read-out beside the encoder
        assert f"from {runs / names[0] / 'last.pt'} (step 2)" in log
        assert "severity-mse" in log
        assert first["step"] == 2 and "severity_readout" in first
        # and keeps what it started from, so an export names both runs
        from qm_training import provenance

        assert first["config"]["init_from_run"] == {
            "name": names[0], "step": 2, "notes": provenance.run_notes(start)}
        notes = provenance.run_notes(first)
        assert notes.startswith(
            f"started from run {names[0]} at step 2 (multi-positive"
        )
        assert "32 px patches; 2 steps" in notes and "severity read-out" in notes
        assert notes.endswith("in this run") and not provenance.trained_on_scratch(
            first
        )
        assert provenance.trained_on_scratch(start)
        fresh = build_arch("contrique_r10_w32").state_dict()
        key = "encoder.stem.0.weight"
        assert (first["model"][key] - start["model"][key]).abs().max() < \
            (first["model"][key] - fresh[key]).abs().max()
        # a second call resumes (same read-out) and runs on to the new step budget
        sev_more = config(names[1], 3, init_from=str(runs / names[0] / "last.pt"),
                          loss={"temperature": 0.1, "severity_weight": 5.0})
        assert train_contrique.main(["--config", sev_more, "--threads", "1"]) == 0
        assert "resumed from" in (runs / names[1] / "train.log").read_text()
        assert torch.load(runs / names[1] / "last.pt")["step"] == 3
    finally:
        for name in names:
            shutil.rmtree(runs / name, ignore_errors=True)


def _trained_like(model: torch.nn.Module, seed: int = 3) -> torch.nn.Module:
    """``model`` with batch norms that are not the identity, as after training."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                n = m.num_features
                m.weight.copy_(0.5 + torch.rand(n, generator=g))
                m.bias.copy_(torch.randn(n, generator=g) * 0.2)
                m.running_mean.copy_(torch.randn(n, generator=g) * 0.3)
                m.running_var.copy_(0.5 + torch.rand(n, generator=g))
    return model


def test_encoder_recovered_from_a_frozen_bundle_file_matches_it_and_trains():
    from qm_training import recover
    from qm_training.bundle import export_module

    torch.manual_seed(0)
    trained = _trained_like(build_arch("contrique_r10_w32")).encoder.eval()
    sample = torch.randn(48, 3, 32, 32)
    frozen = export_module(trained, sample[:2])
    assert len(recover.folded_convolutions(frozen)) == 12

    target = build_arch("contrique_r10_w32")
    diff, _scale = recover.load_folded(target.encoder, frozen, sample)
    other = torch.randn(4, 3, 40, 40)
    with torch.no_grad():
        assert diff < 1e-4
        assert torch.allclose(target.encoder.eval()(other), trained(other), atol=1e-4)
        # in training mode the batch's own statistics replace the measured ones: close
        # on the batch the statistics came from, not equal to a fresh network
        train_out = target.encoder.train()(sample)
        fresh = build_arch("contrique_r10_w32").encoder.train()(sample)
        ref = trained(sample)
    assert (train_out - ref).abs().mean() < 0.05 * ref.abs().mean()
    assert (fresh - ref).abs().mean() > 0.3 * ref.abs().mean()
    # and it is a trainable module: gradients reach the first convolution
    target.encoder.train()(sample).sum().backward()
    assert target.encoder.stem[0].weight.grad.abs().sum() > 0


def test_recovery_refuses_a_module_of_another_architecture(tmp_path):
    from qm_training import recover
    from qm_training.bundle import export_module

    sample = torch.randn(4, 3, 32, 32)
    frozen = export_module(build_arch("contrique_r18_w32").encoder, sample[:1])
    path = tmp_path / "lowlevel.pt"
    frozen.save(str(path))
    assert recover.is_torchscript(path) and not recover.is_torchscript(tmp_path)
    with pytest.raises(ValueError, match="convolutions"):
        recover.load_bundle_encoder(
            tmp_path,
            build_arch("contrique_r10_w32").encoder,
            sample,
            log=lambda _m: None,
        )


def test_training_starts_from_a_bundle_and_trains_the_new_head_alone_first(tmp_path):
    import shutil

    from qm_training import train_contrique
    from qm_training import provenance, recover
    from qm_training.bundle import (
        LowLevelBranch,
        RidgeHead,
        export_module,
        write_bundle,
    )

    encoder = _trained_like(build_arch("contrique_r10_w32")).encoder.eval()
    frozen = export_module(encoder, torch.zeros(1, 3, 32, 32))
    head = RidgeHead(["lowlevel"], [0.0] * 256, [1.0] * 256, [0.0] * 256, 50.0)
    bundle = write_bundle(
        tmp_path / "bundle",
        "tiny",
        "7",
        lowlevel=LowLevelBranch(
            frozen, {"crop_size": 32, "crops": 1, "scales": [1.0]}, 256
        ),
        heads={"combined": head},
        metadata={
            "trained_on": {
                "encoders": {"notes": "n" + provenance.EPOCH_NOTE + " Ridge head ..."}
            }
        },
    )
    splits = _tiny_splits(tmp_path)
    name = f"pytest-{tmp_path.name}-bundle"
    runs = train_contrique.TRAINING_DIR / "runs"
    key = "encoder.stem.0.weight"
    folded = recover.folded_convolutions(frozen)[0][0]
    try:
        cfg = _tiny_config(tmp_path, splits, name, 2, optim={"head_only_steps": 2},
                           init_from=str(bundle))
        assert train_contrique.main(["--config", cfg, "--threads", "1"]) == 0
        head_only = torch.load(runs / name / "last.pt")
        log = (runs / name / "train.log").read_text()
        assert "encoder recovered from" in log and "from the bundle encoder" in log
        assert head_only["config"]["init_from_bundle"] == {
            "name": "tiny", "version": "7", "encoder_notes": "n"}
        # the encoder is the bundle's and stays so while the new head trains alone ...
        assert torch.equal(head_only["model"][key], folded)
        # ... then trains: the same run resumed past head_only_steps moves it
        cfg = _tiny_config(tmp_path, splits, name, 3, optim={"head_only_steps": 2},
                           init_from=str(bundle))
        assert train_contrique.main(["--config", cfg, "--threads", "1"]) == 0
        assert not torch.equal(
            torch.load(runs / name / "last.pt")["model"][key], folded
        )
    finally:
        shutil.rmtree(runs / name, ignore_errors=True)


def test_export_metadata_names_the_runs_photo_sets_and_generator():
    from qm_training import augment as A
    from qm_training import distortions as D
    from qm_training import export_default as E

    paths = ["/d/kodak24/a.png", "/d/kodak24/b.png", "/d/urban100/c.png"]
    assert E.photo_sets(paths) == "3 pristine photos: kodak24 (2), urban100 (1)"
    registry = E.distortions_text({}, len(D.NAMES), D.NUM_CLASSES)
    assert f"{len(D.NAMES)} synthetic types" in registry
    drawn = E.distortions_text(
        {"generator": "augment", "reencode": 0.5}, len(A.KINDS), 9)
    assert f"{len(A.KINDS) - len(D.NAMES)} alternate implementations" in drawn
    assert "50% JPEG re-encoded" in drawn
