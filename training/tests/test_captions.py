"""Captions vary, name the right attribute words and strengths, and compose."""

import random

import pytest

from qm_training import captions as C
from qm_training import distortions as D
from qm_training import tokenizer as T


def test_every_distortion_type_has_wording_and_attribute():
    for name in D.NAMES:
        assert C.TYPE_ATTRIBUTE[name] in C.ATTRIBUTES, name
    families = {d.family for d in D.REGISTRY.values()}
    assert families <= set(C.FAMILY_ATTRIBUTE)


def test_captions_vary_for_one_distortion():
    rng = random.Random(1)
    texts = {C.caption([("gaussian_blur", 3)], rng) for _ in range(60)}
    assert len(texts) >= 15


@pytest.mark.parametrize("name,words", [
    ("gaussian_blur", {"blurry", "blurred", "soft", "unsharp", "blur"}),
    ("white_noise", {"noisy", "grainy", "noise", "grain"}),
    ("darken", {"underexposed", "dark", "dim", "underexposure", "shadows"}),
    ("jpeg", {"jpeg", "blocky", "compressed", "artifacts"}),
    ("color_desaturation", {"washed", "faded", "desaturated", "dull", "muted"}),
])
def test_caption_mentions_attribute_words(name, words):
    rng = random.Random(2)
    for _ in range(30):
        text = C.caption([(name, 2)], rng)
        assert words & set(T.words(text)), text


def test_strength_words_follow_level():
    rng = random.Random(3)
    mild = set(w for group in (C.ADVERBS[0], C.INTENSITIES[0]) for w in group)
    severe = set(w for group in (C.ADVERBS[4], C.INTENSITIES[4]) for w in group)
    for _ in range(30):
        low = C.caption([("white_noise", 1)], rng)
        high = C.caption([("white_noise", 5)], rng)
        assert any(w in low for w in mild) and not any(w in low for w in severe), low
        assert any(w in high for w in severe) and not any(w in high for w in mild), high


def test_mean_shift_caption_says_direction():
    rng = random.Random(4)
    up = " ".join(C.caption([("mean_shift", 4)], rng, [1]) for _ in range(20))
    down = " ".join(C.caption([("mean_shift", 4)], rng, [-1]) for _ in range(20))
    assert "bright" in up and "dark" not in up
    assert "dark" in down and "bright" not in down
    with pytest.raises(ValueError):
        C.caption([("mean_shift", 4)], rng)


def test_two_distortions_compose_both_attributes():
    rng = random.Random(5)
    for _ in range(40):
        text = C.caption([("darken", 4), ("white_noise", 3)], rng)
        toks = set(T.words(text))
        assert toks & {"underexposed", "dark", "dim", "underexposure", "shadows"}, text
        assert toks & {"noisy", "grainy", "noise", "grain"}, text


def test_pristine_captions_use_good_words_and_articles_agree():
    rng = random.Random(6)
    texts = [C.caption([], rng) for _ in range(40)]
    assert len(set(texts)) >= 8
    for _ in range(200):
        name = rng.choice(D.NAMES)
        text = C.caption([(name, rng.randint(1, 5))], rng, [1])
        first, second = text.split()[:2]
        if first in ("a", "an"):
            assert first == C.article(second), text


def test_targets_fall_with_level_and_compose():
    assert C.quality_target([]) == 1.0
    qs = [C.quality_target([("jpeg", lvl)]) for lvl in range(1, 6)]
    assert qs == sorted(qs, reverse=True)
    assert C.quality_target([("jpeg", 2), ("darken", 2)]) < qs[1]
    att = C.attribute_targets([("lens_blur", 5), ("impulse_noise", 1)])
    assert att["sharpness"] < att["noise"] < 1.0 and "exposure" not in att


def test_bad_levels_and_too_many_distortions_are_rejected():
    rng = random.Random(7)
    with pytest.raises(ValueError):
        C.caption([("jpeg", 6)], rng)
    with pytest.raises(ValueError):
        C.caption([("jpeg", 1), ("darken", 1), ("jitter", 1)], rng)
