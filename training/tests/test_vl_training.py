"""Pairs carry consistent captions and targets; losses reward matching pairs."""

import math
import random

import numpy as np
import torch

from qm_training import captions as C
from qm_training import tokenizer as T
from qm_training import vl_data as V
from qm_training.vl_losses import (
    ladder_rank_loss,
    multi_positive_infonce,
    positives,
    prompt_pair_loss,
)
from qm_training.data import load_splits


def test_mean_shift_direction_is_read_from_the_image():
    img = np.full((32, 32, 3), 0.5, dtype=np.float32)
    seen = set()
    for seed in range(12):
        out, dirs = V.apply(img, [("mean_shift", 3)], seed)
        assert dirs[0] == (1 if out.mean() > 0.5 else -1)
        seen.add(dirs[0])
    assert seen == {1, -1}
    assert V.apply(img, [("jpeg", 2)], 0)[1] == [None]


def test_signature_ignores_order_and_keeps_direction():
    a = V.signature([("jpeg", 2), ("mean_shift", 3)], [None, 1])
    b = V.signature([("mean_shift", 3), ("jpeg", 2)], [1, None])
    c = V.signature([("mean_shift", 3), ("jpeg", 2)], [-1, None])
    assert a == b != c and V.signature([], []) == "pristine"


def test_targets_mark_only_hit_attributes():
    q, att = V.targets([("white_noise", 5)])
    assert math.isclose(q, 1 / 6)
    assert math.isclose(float(att[V.ATTRIBUTE_INDEX["noise"]]), 1 / 6, rel_tol=1e-6)
    assert int(torch.isnan(att).sum()) == len(C.ATTRIBUTES) - 1


def test_cache_resumes_and_pairs_resize_views(tmp_path):
    photos = load_splits("configs/splits.yml")["train"][:2]
    cfg = {"size": 48, "p_pristine": 0.2, "p_two": 0.3,
           "cache": {"views": 2, "size": 64}}
    first = V.build_cache(photos, cfg, 1, tmp_path / "c.pt", target=2, budget_s=60)
    again = V.build_cache(photos, cfg, 1, tmp_path / "c.pt", target=3, budget_s=60)
    assert first["next"] == 2 and again["next"] == 3
    assert again["images"].shape == (6, 3, 64, 64)
    assert torch.equal(again["images"][:4], first["images"])
    tok = T.caption_tokenizer()
    ds = V.CachedPairs(again, tok, seed=5, size=48)
    item = ds[7]
    assert item["image"].shape == (3, 48, 48)
    assert item["key"] == V.signature(again["specs"][1], again["directions"][1])
    assert T.unknown_words([item["text"]], tok) == []


def test_ladders_hold_five_levels_of_one_region_and_resume(tmp_path):
    photos = load_splits("configs/splits.yml")["train"][:2]
    cfg = {"size": 48, "ladders": {"max_side": 96,
                                   "type_weights": {"gaussian_blur": 1e6}}}
    first = V.build_ladders(photos, cfg, 1, tmp_path / "l.pt", target=2, budget_s=60)
    again = V.build_ladders(photos, cfg, 1, tmp_path / "l.pt", target=3, budget_s=60)
    assert again["images"].shape == (3, 5, 3, 48, 48)
    assert torch.equal(again["images"][:2], first["images"])
    assert again["types"] == ["gaussian_blur"] * 3
    # one region, blurred more at each level: detail falls level by level
    x = again["images"][0].float()
    detail = (x[..., 1:] - x[..., :-1]).abs().mean(dim=(1, 2, 3))
    assert torch.all(detail[1:] < detail[:-1]), detail
    ds = V.Ladders(again, seed=2, pair_order=("quality",) + C.ATTRIBUTES)
    item = ds[4]
    assert item["images"].shape == (5, 3, 48, 48)
    assert ("quality",) + C.ATTRIBUTES == ("quality", "sharpness", "noise", "exposure",
                                           "colour", "blockiness")
    assert int(item["pair"]) == 1  # sharpness
    cfg["ladders"]["type_weights"] = {"no_such_type": 2}
    try:
        V.build_ladders(photos, cfg, 1, tmp_path / "m.pt", target=1, budget_s=60)
        raise AssertionError("an unknown type was accepted")
    except ValueError as e:
        assert "no_such_type" in str(e)


def test_ladder_rank_loss_rewards_the_milder_level_scoring_higher():
    ordered = torch.tensor([[4.0, 2.0, 0.0, -2.0, -4.0]])
    assert ladder_rank_loss(ordered) < 0.15
    assert ladder_rank_loss(ordered.flip(1)) > 3.0
    one_swap = torch.tensor([[4.0, 2.0, -2.0, 0.0, -4.0]])
    assert ladder_rank_loss(ordered) < ladder_rank_loss(one_swap) < ladder_rank_loss(
        ordered.flip(1))


def test_epoch_indices_resume_the_same_stream():
    it = V.epoch_indices(5, 3, 0)
    full = [next(it) for _ in range(12)]
    it = V.epoch_indices(5, 3, 7)
    assert [next(it) for _ in range(5)] == full[7:12]
    assert sorted(i % 5 for i in full[:5]) == list(range(5))


def test_infonce_prefers_matching_pairs_and_counts_shared_captions():
    pos = positives(["a", "b", "a", "c"])
    assert pos.tolist()[0] == [1.0, 0.0, 1.0, 0.0]
    emb = torch.nn.functional.normalize(torch.randn(4, 8), dim=1)
    aligned = multi_positive_infonce(10 * emb @ emb.T, torch.eye(4))
    shuffled = multi_positive_infonce(10 * emb @ emb.flip(0).T, torch.eye(4))
    assert aligned < shuffled


def test_prompt_pair_loss_skips_missing_targets():
    logits = torch.tensor([[2.0, -1.0], [0.0, 3.0]])
    target = torch.tensor([[1.0, float("nan")], [float("nan"), 0.0]])
    want = torch.nn.functional.binary_cross_entropy_with_logits(
        torch.tensor([2.0, 3.0]), torch.tensor([1.0, 0.0]))
    assert torch.isclose(prompt_pair_loss(logits, target), want)
    assert prompt_pair_loss(logits, torch.full((2, 2), float("nan"))) == 0


def test_captions_of_cached_items_vary_with_index():
    rng = random.Random(0)
    texts = {C.caption([("jpeg", 4)], rng) for _ in range(20)}
    assert len(texts) > 5


def test_quality_statistics_respond_to_noise_blur_and_darkness():
    from qm_training.archs.clip_arch import QualityStatistics
    from qm_training.bundle import CLIP_MEAN, CLIP_STD
    from qm_training import distortions as D

    yy, xx = np.mgrid[0:96, 0:96] / 96.0
    base = np.stack([0.5 + 0.3 * np.sin(12 * xx + c) * np.cos(9 * yy)
                     for c in range(3)], -1).astype(np.float32)
    versions = [base, D.distort(base, "white_noise", 4, 1),
                D.distort(base, "gaussian_blur", 5, 1), D.distort(base, "darken", 4, 1)]
    x = torch.stack([V.to_input(V.resize_square(v, 96)) for v in versions])
    f = QualityStatistics(CLIP_MEAN, CLIP_STD)(x)
    assert f.shape == (4, QualityStatistics.SIZE) and bool(torch.isfinite(f).all())
    lap = 11  # log Laplacian energy of the full-scale luma
    assert f[1, lap] > f[0, lap] > f[2, lap]
    assert f[3, 24] < f[0, 24]  # mean luma


def test_refit_lowers_the_prompt_pair_losses(tmp_path):
    from qm_training.archs import build_arch
    from qm_training.vl_refit import refit_projection

    photos = load_splits("configs/splits.yml")["train"][:3]
    cfg = {"size": 32, "p_pristine": 0.2, "p_two": 0.0, "cache": {"views": 2}}
    cache = V.build_cache(photos, cfg, 3, tmp_path / "c.pt", target=12, budget_s=120)
    tok = T.caption_tokenizer()
    torch.manual_seed(0)
    model = build_arch("qmclip", variant="qmclip_xs", vocab_size=tok["vocab_size"])
    pairs = V.CachedPairs(cache, tok, seed=1, size=32)
    order = ("quality",) + C.ATTRIBUTES
    before = refit_projection(model, pairs, tok, order, steps=1, lr=0.0)
    after = refit_projection(model, pairs, tok, order, steps=60, lr=0.05)
    assert after["quality"] + after["attr"] < before["quality"] + before["attr"]
