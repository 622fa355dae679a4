"""How far the shipped low-level features could go on a held-out slice: a
diagnostic, never a model to ship.

For a held-out slice whose features ``qm_training.feature_cache`` wrote (e.g. the
independent generator's CBSD68 versions under ``runs/qm-eval/sets``), prints pooled and
within-photo SRCC against level, pristine photos included as the held-out report counts
them, for:

- ``shipped``: the bundle's low-level head on the cached features (reproduces the
  report);
- ``types aligned``: the shipped scores with each type's score -> level curve replaced
  by the best straight line fitted on that slice (per type, photo-grouped CV): what a
  perfect alignment of the types' scales would give, the content left as it is;
- ``ceiling``: a ridge head fitted on the slice's own levels, photo-grouped 5-fold CV:
  the most a linear head on these features could reach if its labels were that
  generator's levels.

The last two fit on held-out photos, so they only say whether the features or the
labels limit the score; nothing from them may be shipped or used to choose a model.

    cd training
    /usr/bin/python3 -m experiments.feature_ceiling ../models/default \\
        runs/qm-eval/sets/cbsd68-stored-independent \\
        runs/feats/heldout/cbsd68-stored-independent
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import torch

from experiments.kind_bias import measures
from qm_training import feature_cache as fc
from qm_training.reference import ReferenceScorer


def shipped(bundle: Path, low: np.ndarray) -> np.ndarray:
    """The bundle's low-level head on cached low-level features."""
    head = ReferenceScorer(bundle).head("lowlevel", {"lowlevel": torch.from_numpy(low)})
    return np.asarray(head)


def aligned(score, level, photo, kind) -> np.ndarray:
    """Per type, the score mapped by a least-squares line of level on score (out of
    fold); the pristine photos by the line of all distorted versions (no type)."""
    out, f = np.zeros(len(score)), fc.folds(photo)
    for t in np.unique(kind):
        same = kind == t if t != "pristine" else np.ones(len(kind), bool)
        for k in range(5):
            fit_rows = same & (level > 0) & (f != k)
            slope, icpt = np.polyfit(score[fit_rows], level[fit_rows], 1)
            rows = (kind == t) & (f == k)
            out[rows] = -(icpt + slope * score[rows])
    return out


def main(argv) -> int:
    bundle, root, feats = Path(argv[0]), Path(argv[1]), Path(argv[2])
    d = fc.load(feats, root)
    level, photo, kind = d["level"], d["photo"], d["type"]
    ours = shipped(bundle, d["low"])
    rows = {"shipped": ours, "types aligned": aligned(ours, level, photo, kind)}
    rows["ceiling"] = fc.cv(d["low"], fc.target(d), d["w"], photo)[1]
    print(f"{root.name}: {len(level)} images of {len(np.unique(photo))} photos")
    for name, s in rows.items():
        pooled, inside = measures(s, fc.target(d), photo, kind)[:2]
        print(f"  {name:14s} pooled {pooled:.3f}  within photo {inside:.3f}")
    pr = ours[level == 0]
    print(
        f"  shipped pristine min {pr.min():.1f} median {np.median(pr):.1f}, "
        f"{(pr < 30).sum()} of {len(pr)} below 30; lowest: "
        + ", ".join(f"{p} {v:.1f}" for v, p in sorted(zip(pr, photo[level == 0]))[:2])
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
