"""Quality captions of synthetically distorted photos, for vision-language training.

A caption says in words what was done to an image: which distortion, how strongly
(an adverb or adjective chosen by level) and, for exposure shifts, in which direction.
Each attribute has several phrasings and each call draws one at random, so the text
encoder learns words, not class ids. One distortion or a composition of two is
described; a pristine image gets a "sharp, clean photo" style caption.

Every distortion type of :mod:`qm_training.distortions` belongs to one of five
attributes (:data:`TYPE_ATTRIBUTE`), each scored zero-shot by an antonym prompt pair
(:data:`DEFAULT_PROMPTS`); the quality pair is GRepQ's "a good photo." / "a bad photo.".

    rng = random.Random(0)
    caption([("gaussian_blur", 2)], rng)        # 'a somewhat blurry photo'
    caption([("darken", 4), ("white_noise", 3)], rng)
    # 'an underexposed photo with clear noise'
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

LEVELS = 5
ATTRIBUTES = ("sharpness", "noise", "exposure", "colour", "blockiness")
#: The prompt pairs a training run reads, in order: quality, then ``ATTRIBUTES``.
PAIR_ORDER = ("quality",) + ATTRIBUTES

#: Zero-shot prompt pairs shipped in prompts.json: quality plus one antonym pair per
#: attribute (positive = good side).
DEFAULT_PROMPTS: Dict[str, Tuple[str, str]] = {
    "quality": ("a good photo.", "a bad photo."),
    "sharpness": ("a sharp photo.", "a blurry photo."),
    "noise": ("a clean photo.", "a noisy photo."),
    "exposure": ("a well-exposed photo.", "a badly exposed photo."),
    "colour": ("a photo with natural colours.", "a photo with washed-out colours."),
    "blockiness": ("a smooth photo.", "a blocky photo."),
    # Zero-shot only: not an attribute target in training (ATTRIBUTES). Chosen among 13
    # pairs on the training photos' oversharpened and contrast-reduced versions
    # (within-photo rank 0.99 there); scores the sharpness & contrast family, which the
    # quality pair ranked poorly.
    "contrast": ("a photo with natural contrast.", "a flat, low-contrast photo."),
}

#: Severity words by level (index 0 = level 1): adverbs before an adjective ...
ADVERBS = (
    ("slightly", "a bit", "mildly", "barely"),
    ("somewhat", "noticeably", "a little too"),
    ("moderately", "clearly", "fairly", "quite"),
    ("very", "strongly", "heavily", "badly"),
    ("extremely", "severely", "terribly", "completely"),
)
#: ... and adjectives before a noun.
INTENSITIES = (
    ("slight", "faint", "mild", "barely visible"),
    ("some", "noticeable", "light"),
    ("moderate", "clear", "visible", "medium"),
    ("strong", "heavy", "lots of", "obvious"),
    ("extreme", "severe", "massive", "overwhelming"),
)
#: General quality words by level, mixed into some captions (GRepQ's good/bad axis).
QUALITY_WORDS = (
    ("a decent", "a fairly good", "an acceptable"),
    ("a mediocre", "a so-so", "an imperfect"),
    ("a poor", "a bad", "a flawed"),
    ("a very bad", "a poor-quality", "a low-quality"),
    ("a terrible", "an awful", "a very low-quality", "a ruined"),
)
PRISTINE_CAPTIONS = (
    "a sharp, clean photo",
    "a good photo",
    "a high-quality photo",
    "a pristine photo",
    "a perfect photo",
    "an undistorted photo",
    "a sharp photo",
    "a clean photo",
    "a well-exposed photo",
    "a photo with natural colours",
    "a smooth photo without artifacts",
    "a clean, sharp, well-exposed photo",
    "a high-quality photo with natural colours",
    "an excellent photo",
    "a crisp, detailed photo",
)
NOUNS = ("photo", "photo", "photo", "image", "picture", "photograph")


@dataclass(frozen=True)
class Wording:
    """How one distortion type is described: adjectives and noun phrases."""

    attribute: str
    adjectives: Tuple[str, ...]
    nouns: Tuple[str, ...]


def _w(attribute: str, adjectives: Sequence[str], nouns: Sequence[str]) -> Wording:
    return Wording(attribute, tuple(adjectives), tuple(nouns))


#: Wording of every type; ``mean_shift`` is split by direction (``+`` brighter, ``-``).
WORDINGS: Dict[str, Wording] = {
    "gaussian_blur": _w("sharpness", ["blurry", "blurred", "soft", "unsharp"],
                        ["blur"]),
    "lens_blur": _w("sharpness", ["out-of-focus", "defocused", "blurry"],
                    ["defocus blur", "lens blur", "blur"]),
    "motion_blur": _w("sharpness", ["motion-blurred", "shaky", "blurry"],
                      ["motion blur", "camera shake", "blur"]),
    "color_diffusion": _w("colour", ["colour-smeared", "washed-out"],
                          ["colour bleeding", "smeared colours", "washed-out colours"]),
    "color_shift": _w("colour", ["colour-shifted", "misregistered"],
                      ["colour fringing", "misaligned colours",
                       "chromatic aberration"]),
    "color_quantization": _w("colour", ["posterized", "colour-banded"],
                             ["colour banding", "posterized colours",
                              "too few colours"]),
    "color_desaturation": _w("colour", ["washed-out", "faded", "desaturated", "dull"],
                             ["faded colours", "washed-out colours", "muted colours"]),
    "color_oversaturation": _w("colour", ["oversaturated", "garish", "overly vivid"],
                               ["oversaturated colours", "unnatural colours"]),
    "jpeg": _w("blockiness", ["jpeg-compressed", "blocky", "compressed"],
               ["jpeg artifacts", "blocking artifacts", "compression artifacts"]),
    "jpeg2000": _w("blockiness", ["jpeg2000-compressed", "compressed", "smeared"],
                   ["ringing artifacts", "compression artifacts",
                    "jpeg2000 artifacts"]),
    "webp": _w("blockiness", ["webp-compressed", "compressed", "blocky"],
               ["webp artifacts", "compression artifacts", "blocking artifacts"]),
    "white_noise": _w("noise", ["noisy", "grainy"], ["noise", "grain", "sensor noise"]),
    "white_noise_color": _w("noise", ["noisy", "colour-noisy"],
                            ["colour noise", "chroma noise", "noise"]),
    "impulse_noise": _w("noise", ["speckled", "noisy"],
                        ["salt-and-pepper noise", "impulse noise", "speckles"]),
    "multiplicative_noise": _w("noise", ["grainy", "noisy", "speckled"],
                               ["speckle noise", "grain", "noise"]),
    "denoising_artifacts": _w("noise", ["over-smoothed", "blotchy", "noisy"],
                              ["denoising artifacts", "blotches", "residual noise"]),
    "brighten": _w("exposure", ["overexposed", "bright", "blown-out"],
                   ["overexposure", "blown highlights"]),
    "darken": _w("exposure", ["underexposed", "dark", "dim"],
                 ["underexposure", "crushed shadows"]),
    "mean_shift+": _w("exposure", ["overexposed", "bright", "brightened"],
                      ["overexposure", "a brightness shift"]),
    "mean_shift-": _w("exposure", ["underexposed", "dark", "darkened"],
                      ["underexposure", "a darkness shift"]),
    "jitter": _w("blockiness", ["jittery", "jagged", "scrambled"],
                 ["pixel jitter", "jagged edges", "artifacts"]),
    "non_eccentricity_patch": _w("blockiness", ["patchy", "glitchy"],
                                 ["misplaced patches", "patch artifacts", "artifacts"]),
    "pixelate": _w("blockiness", ["pixelated", "blocky"],
                   ["pixelation", "large pixels", "blocks"]),
    "quantization": _w("blockiness", ["banded", "posterized", "blocky"],
                       ["banding", "contouring", "quantization artifacts"]),
    "color_block": _w("blockiness", ["glitchy", "blocky"],
                      ["coloured blocks", "block artifacts", "artifacts"]),
    "high_sharpen": _w("blockiness", ["oversharpened", "harsh"],
                       ["halos", "oversharpening", "artifacts"]),
    "contrast_change": _w("colour", ["flat", "low-contrast", "washed-out"],
                          ["low contrast", "flat contrast", "washed-out colours"]),
}

#: Attribute whose antonym pair scores each type (``mean_shift`` without direction).
TYPE_ATTRIBUTE: Dict[str, str] = {
    name.rstrip("+-"): w.attribute for name, w in WORDINGS.items()
}
#: Attribute that scores each KADID family in the held-out evaluation.
FAMILY_ATTRIBUTE: Dict[str, str] = {
    "blur": "sharpness",
    "noise": "noise",
    "brightness": "exposure",
    "color": "colour",
    "compression": "blockiness",
    "spatial": "blockiness",
    "sharpness_contrast": "contrast",
}

Spec = Tuple[str, int]  # (distortion type, level 1..5)


def wording(name: str, direction: Optional[int] = None) -> Wording:
    """Returns the wording of type ``name``; ``mean_shift`` needs direction +1/-1."""
    if name == "mean_shift":
        if direction not in (1, -1):
            raise ValueError("mean_shift needs direction +1 (brighter) or -1 (darker)")
        name = "mean_shift+" if direction > 0 else "mean_shift-"
    if name not in WORDINGS:
        raise KeyError(f"no wording for distortion {name!r}")
    return WORDINGS[name]


def article(word: str) -> str:
    """Returns 'an' before a vowel sound, else 'a'."""
    return "an" if word[:1] in "aeiou" else "a"


def _level(level: int) -> int:
    if not 1 <= level <= LEVELS:
        raise ValueError(f"level must be in 1..{LEVELS}, got {level}")
    return level - 1


def adjective_phrase(w: Wording, level: int, rng: random.Random) -> str:
    """Returns e.g. 'slightly blurry'; level 3 sometimes drops the adverb."""
    idx = _level(level)
    adj = rng.choice(w.adjectives)
    if idx == 2 and rng.random() < 0.25:
        return adj
    return f"{rng.choice(ADVERBS[idx])} {adj}"


def noun_phrase(w: Wording, level: int, rng: random.Random) -> str:
    """Returns e.g. 'strong noise'."""
    noun = rng.choice(w.nouns)
    if noun.startswith("a "):  # 'a brightness shift' -> 'a strong brightness shift'
        return f"a {rng.choice(INTENSITIES[_level(level)])} {noun[2:]}"
    return f"{rng.choice(INTENSITIES[_level(level)])} {noun}"


def _with_article(phrase: str) -> str:
    return f"{article(phrase)} {phrase}"


def _single(w: Wording, level: int, rng: random.Random) -> str:
    noun = rng.choice(NOUNS)
    form = rng.randrange(4)
    if form == 0:
        return _with_article(f"{adjective_phrase(w, level, rng)} {noun}")
    if form == 1:
        return _with_article(f"{noun} with {noun_phrase(w, level, rng)}")
    if form == 2:
        return _with_article(f"{noun} that is {adjective_phrase(w, level, rng)}")
    quality = rng.choice(QUALITY_WORDS[_level(level)])
    return f"{quality} {noun} with {noun_phrase(w, level, rng)}"


def _double(a: Tuple[Wording, int], b: Tuple[Wording, int], rng: random.Random) -> str:
    noun = rng.choice(NOUNS)
    (wa, la), (wb, lb) = a, b
    form = rng.randrange(4)
    if form == 0:
        first = adjective_phrase(wa, la, rng)
        return _with_article(f"{first} {noun} with {noun_phrase(wb, lb, rng)}")
    if form == 1:
        first, second = adjective_phrase(wa, la, rng), adjective_phrase(wb, lb, rng)
        return _with_article(f"{first}, {second} {noun}")
    if form == 2:
        first = adjective_phrase(wa, la, rng)
        return _with_article(
            f"{first} {noun} that is also {adjective_phrase(wb, lb, rng)}")
    return _with_article(f"{noun} with {noun_phrase(wa, la, rng)} "
                         f"and {noun_phrase(wb, lb, rng)}")


def caption(specs: Sequence[Spec], rng: random.Random,
            directions: Optional[Sequence[Optional[int]]] = None) -> str:
    """Returns one caption of an image distorted by ``specs`` (0, 1 or 2 of them).

    ``specs`` are ``(type, level)`` pairs; ``directions`` gives, per spec, +1/-1 for
    ``mean_shift`` (None elsewhere). An empty ``specs`` describes a pristine image.
    """
    directions = list(directions) if directions is not None else [None] * len(specs)
    if len(directions) != len(specs):
        raise ValueError("directions must match specs")
    parts = [(wording(n, d), lvl) for (n, lvl), d in zip(specs, directions)]
    for _, lvl in parts:
        _level(lvl)
    if not parts:
        return rng.choice(PRISTINE_CAPTIONS)
    if len(parts) == 1:
        return _single(parts[0][0], parts[0][1], rng)
    if len(parts) == 2:
        if rng.random() < 0.5:
            parts.reverse()
        return _double(parts[0], parts[1], rng)
    raise ValueError(f"at most two distortions per caption, got {len(parts)}")


def quality_target(specs: Sequence[Spec]) -> float:
    """Returns the quality proxy in [0, 1] of an image: 1 pristine, lower per level.

    Each distortion keeps ``1 - level / 6`` of the quality; two multiply.
    """
    q = 1.0
    for _, level in specs:
        q *= 1.0 - (_level(level) + 1) / (LEVELS + 1)
    return q


def attribute_targets(specs: Sequence[Spec]) -> Dict[str, float]:
    """Returns, per attribute, the wanted probability of its positive prompt.

    A pristine image is 1 on every attribute; an attribute hit by a distortion of level
    ``l`` gets ``1 - l / 6``; attributes a distorted image leaves alone are omitted
    (other distortions may still affect them, e.g. contrast and exposure).
    """
    if not specs:
        return {a: 1.0 for a in ATTRIBUTES}
    out: Dict[str, float] = {}
    for name, level in specs:
        att = TYPE_ATTRIBUTE[name]
        out[att] = min(out.get(att, 1.0), 1.0 - (_level(level) + 1) / (LEVELS + 1))
    return out


def vocabulary() -> List[str]:
    """Returns every text the generator can emit a word of, and the prompts."""
    texts: List[str] = list(PRISTINE_CAPTIONS) + list(NOUNS)
    for group in (ADVERBS, INTENSITIES, QUALITY_WORDS):
        for words in group:
            texts.extend(words)
    for w in WORDINGS.values():
        texts.extend(w.adjectives + w.nouns)
    for pos, neg in DEFAULT_PROMPTS.values():
        texts.extend([pos, neg])
    texts.extend(["a", "an", "with", "that", "is", "also", "and", "of", "photo",
                  "good", "bad", "without", "artifacts"])
    return texts
