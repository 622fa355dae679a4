"""The controlled held-out test: pristine photos x distortion types x levels 1..5.

A set is every photo of a split, pristine (level 0) plus each registered distortion at
each level, seeded ``photo index * 1000 + type index * 10 + level`` (+ 500000 for the
held-out split, so its random patterns differ from training's). Images are rounded to
8 bits, as a decoded upload would be. Scores are judged by Spearman's rank correlation
with ``-level``: a good quality score falls as the level rises.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Dict, Iterator, List, Sequence

import numpy as np
from PIL import Image
from scipy import stats

from . import distortions as D
from .data import read_rgb

HELDOUT_SEED_OFFSET = 500_000


def version_seed(photo: int, type_index: int, level: int, offset: int = 0) -> int:
    """Returns the distortion seed of one version: ``offset + photo * 1000 + type * 10 +
    level`` (``photo`` and ``type_index`` index the full photo list and
    :data:`D.NAMES`)."""
    return offset + photo * 1000 + type_index * 10 + level


@dataclass
class Sample:
    photo: int
    kind: str  # distortion name, or "pristine"
    level: int


def iter_set(photos: Sequence[str], seed_offset: int = 0,
             kinds: Sequence[str] | None = None,
             indices: Sequence[int] | None = None) -> Iterator[tuple]:
    """Yields ``(photo index, [(Sample, PIL image)])`` per photo, pristine first.

    ``indices`` picks a subset of ``photos``; seeds follow the index in the full list,
    so a subset's images are the same as in the full set.
    """
    kinds = list(kinds or D.NAMES)
    for p in (range(len(photos)) if indices is None else indices):
        ref = read_rgb(photos[p])
        ref_f = ref.astype(np.float32) / 255.0
        items = [(Sample(p, "pristine", 0), Image.fromarray(ref))]
        for name in kinds:
            t = D.NAMES.index(name)
            for level in range(1, D.LEVELS + 1):
                img = D.distort(
                    ref_f, name, level, version_seed(p, t, level, seed_offset)
                )
                items.append((Sample(p, name, level),
                              Image.fromarray((img * 255.0 + 0.5).astype(np.uint8))))
        yield p, items


def score_set(photos: Sequence[str], score_fn: Callable[[List[Image.Image]], object],
              seed_offset: int = 0, kinds=None, indices=None, log=print) -> tuple:
    """Returns ``(samples, values)``. ``score_fn`` maps a list of images to an array
    (scores ``[n]`` or features ``[n, d]``) or to a dict of such arrays; values are
    concatenated alike."""
    samples, values = [], []
    for p, items in iter_set(photos, seed_offset, kinds, indices):
        samples.extend(s for s, _ in items)
        values.append(score_fn([im for _, im in items]))
        log(f"  photo {p} done ({len(samples)} images)")
    if isinstance(values[0], dict):
        return samples, {k: np.concatenate([np.asarray(v[k]) for v in values])
                         for k in values[0]}
    return samples, np.concatenate([np.asarray(v) for v in values])


def srcc(a, b) -> float:
    r = stats.spearmanr(a, b).correlation
    return float(0.0 if np.isnan(r) else r)


def report(samples: Sequence[Sample], scores: np.ndarray, higher_better: bool = True,
           boot: int = 200, seed: int = 0) -> Dict:
    """Returns pooled and per-type SRCC of score against -level (levels 1..5).

    ``pooled_srcc``: all distorted images of all photos and types together.
    ``per_type_srcc``: per type, all photos together. ``within_photo_srcc``: per type,
    the mean over photos of the SRCC of that photo's five levels (content held fixed).
    ``pooled_ci95``: bootstrap over photos.
    """
    s = np.asarray(scores, dtype=np.float64) * (1.0 if higher_better else -1.0)
    kind = np.array([x.kind for x in samples])
    level = np.array([x.level for x in samples])
    photo = np.array([x.photo for x in samples])
    dist = level > 0
    out = {"pooled_srcc": srcc(s[dist], -level[dist]), "per_type_srcc": {},
           "within_photo_srcc": {}}
    for name in [k for k in dict.fromkeys(kind) if k != "pristine"]:
        m = kind == name
        out["per_type_srcc"][name] = srcc(s[m], -level[m])
        per_photo = [srcc(s[m & (photo == p)], -level[m & (photo == p)])
                     for p in np.unique(photo[m])]
        out["within_photo_srcc"][name] = float(np.mean(per_photo))
    pristine = kind == "pristine"
    if pristine.any():
        lv = np.where(pristine | dist, level, 0)
        out["pooled_srcc_with_pristine"] = srcc(s, -lv)
    photos = np.unique(photo)
    rng = np.random.default_rng(seed)
    boots = [out["pooled_srcc"]]
    for _ in range(boot):
        pick = rng.choice(photos, size=len(photos), replace=True)
        idx = np.concatenate([np.flatnonzero(dist & (photo == p)) for p in pick])
        boots.append(srcc(s[idx], -level[idx]))
    out["pooled_ci95"] = [float(np.percentile(boots, 2.5)),
                          float(np.percentile(boots, 97.5))]
    out["mean_per_type_srcc"] = float(np.mean(list(out["per_type_srcc"].values())))
    out["mean_within_photo_srcc"] = float(
        np.mean(list(out["within_photo_srcc"].values())))
    return out
