"""Ridge heads on the drawn training versions (qm_training.augment), photo-grouped CV.

    cd training
    /usr/bin/python3 -m experiments.heads_aug runs/feats/aug-ms512 runs/trainset-aug

Compares feature sets (low-level alone, low-level + BRISQUE statistics) and prints, out
of fold: pooled SRCC against severity (pristine included), mean within-photo SRCC,
per-family SRCC, and the pristine score distribution (share below the alert threshold
30).
"""

import sys
from pathlib import Path

import numpy as np
from scipy import stats

from qm_training import augment as A
from qm_training import feature_cache as fc


def report(name, pred, d):
    sev = d["level"]
    pooled = stats.spearmanr(pred, -sev).correlation
    within = [stats.spearmanr(pred[d["photo"] == p], -sev[d["photo"] == p]).correlation
              for p in np.unique(d["photo"])]
    fam = {}
    for g in np.unique(d["type"]):
        k = g.split("+")[0]
        family = "pristine" if k == "pristine" else A.BY_NAME[k].family
        fam.setdefault(family, []).append(g)
    per = {}
    for f, groups in sorted(fam.items()):
        if f == "pristine":
            continue
        m = np.isin(d["type"], groups) | (sev == 0)
        per[f] = stats.spearmanr(pred[m], -sev[m]).correlation
    pr = np.clip(pred[sev == 0], 0, 100)
    print(f"{name:28s} pooled {pooled:.3f} within {np.nanmean(within):.3f} "
          f"pristine min {pr.min():.1f} p10 {np.percentile(pr, 10):.1f} "
          f"median {np.median(pr):.1f} below30 {np.mean(pr < 30):.3f}")
    print("   " + " ".join(f"{f} {v:.3f}" for f, v in per.items()))


def main(argv):
    d = fc.load(Path(argv[0]), Path(argv[1]))
    y, w, photo = fc.target(d), d["w"], d["photo"]
    sets = {"low": d["low"]}
    if d["nss"].shape[1]:
        nss = np.nan_to_num(d["nss"])
        sets["low+nss"] = np.concatenate([d["low"], nss], 1)
        sets["nss"] = nss
    for name, x in sets.items():
        alpha, pred = fc.cv(x, y, w, photo)
        report(f"{name} (alpha {alpha})", pred, d)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
