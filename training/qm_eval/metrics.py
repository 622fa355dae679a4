"""Returns the held-out report's figures for one model's scores on one slice.

Definitions (docs/evaluation/independent-generator.md repeats them):

- quality ``q`` = the score, negated for a lower-is-better model (NIQE, BRISQUE); every
  SRCC is Spearman's rho (average ranks for ties) of ``q`` against ``-level``, the
  pristine photo at level 0, so that higher is better for every model;
- pooled: over every image of the slice, pristine photos included;
- per type: over the type's images, levels 1..5 of every photo (as ``evaluate``'s group
  rows); mean per type: their unweighted mean;
- within photo: for each photo, over its pristine photo and all its distorted versions
  (levels 0..5, many ties), then the unweighted mean over photos;
- within photo and type: for each photo and type, over the pristine photo and the type's
  five versions (6 images), then the unweighted mean over all (photo, type) pairs;
- level 1 above pristine: the share of level-1 versions whose ``q`` is strictly higher
  than their own pristine photo's;
- an image the model gives no number (NaN) is left out of every figure and counted as
  ``unscored`` (a version whose pristine photo is unscored is left out of level 1 above
  pristine and of within photo and type);
- pristine distribution: raw scores of the pristine photos (min, quartiles, max) and how
  many fall strictly below the alert threshold.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from scipy import stats


@dataclass(frozen=True)
class Row:
    """One image's score: its photo, type (``pristine`` at level 0) and level."""

    photo: str
    group: str
    level: int
    score: float


def srcc(q, levels) -> float:
    """Returns Spearman's rho of quality ``q`` against ``-levels`` (nan if flat)."""
    q, lv = np.asarray(q, float), np.asarray(levels, float)
    if len(q) < 2 or np.ptp(q) == 0 or np.ptp(lv) == 0:
        return math.nan
    return float(stats.spearmanr(q, -lv).correlation)


def _mean(values) -> float:
    v = [x for x in values if not math.isnan(x)]
    return float(np.mean(v)) if v else math.nan


def summarise(
    rows: list[Row], lower_better: bool, threshold: float | None = None
) -> dict:
    """Returns every figure of the module docstring for one model on one slice."""
    sign = -1.0 if lower_better else 1.0
    unscored = [r for r in rows if math.isnan(r.score)]
    rows = [r for r in rows if not math.isnan(r.score)]
    q = {id(r): sign * r.score for r in rows}
    pristine = {r.photo: r for r in rows if r.level == 0}
    by_type, by_photo = defaultdict(list), defaultdict(list)
    for r in rows:
        by_photo[r.photo].append(r)
        if r.level > 0:
            by_type[r.group].append(r)

    def rho(rs):
        return srcc([q[id(r)] for r in rs], [r.level for r in rs])

    per_type = {t: rho(rs) for t, rs in sorted(by_type.items())}
    within = [rho(rs) for rs in by_photo.values()]
    within_type = [
        rho([pristine[r.photo], *rs])
        for t, rs_all in by_type.items()
        for rs in _split_by_photo(rs_all)
        if rs[0].photo in pristine
    ]
    level1 = [r for r in rows if r.level == 1 and r.photo in pristine]
    above = sum(q[id(r)] > q[id(pristine[r.photo])] for r in level1)
    out = {
        "images": len(rows),
        "unscored": len(unscored),
        "photos": len(by_photo),
        "pooled_srcc": rho(rows),
        "per_type_srcc": per_type,
        "mean_per_type_srcc": _mean(per_type.values()),
        "mean_within_photo_srcc": _mean(within),
        "mean_within_photo_type_srcc": _mean(within_type),
        "level1_above_pristine": {
            "count": int(above),
            "of": len(level1),
            "share": above / len(level1) if level1 else math.nan,
        },
    }
    scores = np.array([r.score for r in pristine.values()])
    if len(scores):
        qs = np.quantile(scores, [0, 0.25, 0.5, 0.75, 1])
        out["pristine"] = {
            "n": len(scores),
            "min": qs[0],
            "q1": qs[1],
            "median": qs[2],
            "q3": qs[3],
            "max": qs[4],
        }
        if threshold is not None:
            low = sorted(
                (r.score, p) for p, r in pristine.items() if r.score < threshold
            )
            out["pristine"].update(
                threshold=threshold, below=len(low), below_photos=[p for _, p in low]
            )
    return out


def _split_by_photo(rows: list[Row]) -> list[list[Row]]:
    groups = defaultdict(list)
    for r in rows:
        groups[r.photo].append(r)
    return list(groups.values())


def compare(ours: dict, baselines: dict[str, dict]) -> dict:
    """Returns per type whether ours beats every baseline, and in how many types."""
    wins = {}
    for t, mine in ours["per_type_srcc"].items():
        others = [b["per_type_srcc"].get(t, math.nan) for b in baselines.values()]
        wins[t] = bool(
            not math.isnan(mine) and all(math.isnan(o) or mine > o for o in others)
        )
    return {
        "types_beating_all_baselines": sum(wins.values()),
        "types": len(wins),
        "beats_all_per_type": wins,
    }
