"""Tests of the Python reference scorer and the benchmark loop on the test bundle."""

from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from qm_training.bench_torchscript import measure, percentile
from qm_training.reference import ReferenceScorer, crop_origins, resize

ROOT = Path(__file__).resolve().parents[1]

BUNDLE = ROOT.parent / "stream-app/src/test/resources/bundles/tiny-both"
torch.set_num_threads(2)


def _image(w, h, seed=0):
    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 256, (h, w, 3), dtype=np.uint8), "RGB")


def test_should_place_quadrant_crops_as_the_java_crop_grid():
    # Same corners as Java's CropGridTest / PreprocessingTest
    assert crop_origins(640, 480, 224, 4) == [(48, 8), (368, 8), (48, 248), (368, 248)]
    assert crop_origins(224, 224, 224, 5) == [(0, 0)] * 5
    # 3 x 3 cell centres, as PreprocessingTest (same double rounding: 768 * (1/6) - 64)
    nine = crop_origins(768, 512, 128, 9)
    assert (nine[0], nine[1], nine[4], nine[8]) == (
        (64, 21),
        (320, 21),
        (320, 192),
        (576, 362),
    )
    for bad in (0, 2, 3, 6, 81):
        with pytest.raises(ValueError, match="square number"):
            crop_origins(768, 512, 128, bad)


def test_should_resize_with_pillow_bilinear():
    img = _image(97, 61)
    assert np.array_equal(np.asarray(resize(img, 48, 30)),
                          np.asarray(img.resize((48, 30), Image.BILINEAR)))


def test_should_give_finite_scores_and_features_of_both_branches():
    # Given the random test bundle and images of different sizes
    scorer = ReferenceScorer(BUNDLE)
    results = scorer.results([_image(320, 240), _image(100, 80, 1)])
    # Then each result has a 0-100 score, three branch scores and 32*2 + 64 features
    for r in results:
        assert 0 <= r["score"] <= 100
        assert set(r["branch_scores"]) == {"lowlevel", "vision_language", "zero_shot"}
        assert len(r["features"]) == 128 and np.isfinite(r["features"]).all()


def test_should_measure_throughput_and_latency_percentiles():
    scorer = ReferenceScorer(BUNDLE)
    r = measure(scorer, [_image(256, 256)], batch=2, warmup=0, min_batches=2,
                min_seconds=0.0)
    assert r["batch"] == 2 and r["batches"] >= 2 and r["images_per_second"] > 0
    assert percentile([5, 1, 3, 2, 4], 50) == 3 and percentile([5, 1, 3, 2, 4], 99) == 5
