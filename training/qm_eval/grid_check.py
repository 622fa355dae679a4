"""Prints, per family, the mean PSNR to the pristine photo at each level of the
independent generator and how many photos break the fall of PSNR with level.

    cd training && nice -n 10 /usr/bin/python3 -m qm_eval.grid_check --sets cbsd68,live1

PSNR is a check that the levels are ordered, not a quality model: brightness, contrast
and colour levels move many pixels a little and so show low PSNR while still looking
mild.
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from . import distortions as E
from . import photos as P


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return float(10 * np.log10(255.0**2 / mse)) if mse > 0 else float("inf")


def photo_psnr(job) -> dict[str, list[float]]:
    """Returns {family: PSNR at levels 1..5} for one photo (the report's seeds)."""
    path, resolution = Path(job[0]), job[1]
    img = P.load(path, resolution)
    return {
        fam: [
            psnr(img, E.distort(img, fam, lv, E.version_seed(path.stem, fam)))
            for lv in E.LEVELS
        ]
        for fam in E.FAMILIES
    }


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sets", default="cbsd68,live1")
    p.add_argument("--resolution", default=P.STORED)
    p.add_argument("--photos", type=int, default=0)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--data-root", type=Path)
    p.add_argument("--json", type=Path, help="also write the figures here")
    args = p.parse_args(argv)
    from qm_training.data import resolve_data_root

    root = args.data_root or resolve_data_root("shared/data/pristine")
    jobs = [
        (str(ph), P.parse_resolution(args.resolution))
        for s in args.sets.split(",")
        for ph in P.list_photos(root, s.strip(), args.photos or None)
    ]
    with ProcessPoolExecutor(max(1, args.workers)) as pool:
        per_photo = list(pool.map(photo_psnr, jobs))
    out = {}
    print(
        f"{len(jobs)} photos at {args.resolution}: mean PSNR (dB) at levels 1..5, "
        "photos where PSNR does not fall at every step"
    )
    for fam in E.FAMILIES:
        values = np.array([r[fam] for r in per_photo])
        broken = int(sum(not all(a > b for a, b in zip(v, v[1:])) for v in values))
        out[fam] = {
            "mean_psnr": values.mean(axis=0).round(2).tolist(),
            "not_falling": broken,
        }
        print(
            f"{fam:22s} "
            + " ".join(f"{x:6.2f}" for x in out[fam]["mean_psnr"])
            + f"   {broken}"
        )
    if args.json:
        args.json.write_text(
            json.dumps(
                {"photos": len(jobs), "resolution": args.resolution, "families": out},
                indent=1,
            )
            + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
