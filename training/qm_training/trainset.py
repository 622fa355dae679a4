"""Writes the training photos' drawn versions (:mod:`qm_training.augment`) with a labels.csv.

    /usr/bin/python3 -m qm_training.trainset --out runs/trainset-aug --versions 24

For every photo of the split's ``train`` list: the photo as it is (severity 0) and
``--versions`` drawn versions, seeded ``SEED_BASE + photo index * 1000 + version``, under
``<set>/<photo stem>/`` (so ``fit --cv-by-folder`` and the feature cache group by photo).
A version re-encoded as JPEG is written as that JPEG file, byte for byte; the others as PNG.
``labels.csv`` has ``image,label,group,weight``: label = severity (0 = as shot ... 5 = severe;
higher is WORSE: fit with ``--lower-better``), group = what was applied (``pristine``, a kind,
or ``kind+kind``), weight = ``--pristine-weight`` for severity 0, else 1. Photos already
written are skipped, so an interrupted run resumes (``trainset.json`` records the versions
and scale range, and a run that would mix other draws into the folder stops); the weight
column is written afresh every run, so a new ``--pristine-weight`` needs no new versions.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing as mp
from pathlib import Path

import numpy as np
from PIL import Image

from . import augment, data

SEED_BASE = 7_000_000
TRAINING_DIR = Path(__file__).resolve().parents[1]


def _rows_file(folder: Path) -> Path:
    return folder / "rows.csv"


def write_photo(job) -> list:
    """Writes one photo's versions; returns their label rows (image relative to the set)."""
    index, path, out, versions, pristine_weight, scale_range = job
    stem = Path(path).stem
    folder = out / Path(path).parent.name / stem
    done = _rows_file(folder)
    if done.exists():
        with open(done, newline="") as f:
            return list(csv.reader(f))
    folder.mkdir(parents=True, exist_ok=True)
    photo = data.read_rgb(path)
    rel = f"{Path(path).parent.name}/{stem}"
    Image.fromarray(photo).save(folder / "v00.png")
    rows = [_weighted([f"{rel}/v00.png", "0", "pristine"], pristine_weight)]
    for v in range(1, versions + 1):
        ver = augment.draw(photo, SEED_BASE + index * 1000 + v, scale_range)
        if ver.jpeg is not None:
            name = f"v{v:02d}.jpg"
            (folder / name).write_bytes(ver.jpeg)
        else:
            name = f"v{v:02d}.png"
            Image.fromarray((ver.image * 255.0 + 0.5).astype(np.uint8)).save(folder / name)
        rows.append(_weighted([f"{rel}/{name}", f"{ver.severity:.4f}", ver.group],
                              pristine_weight))
    with open(done, "w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return rows


def _weighted(row: list, pristine_weight: float) -> list:
    """``row`` (image, label, group[, weight]) with the weight of its severity."""
    return [*row[:3], str(pristine_weight) if float(row[1]) == 0 else "1"]


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--splits", default="configs/splits.yml")
    p.add_argument("--data-root", help="folder holding the photo sets")
    p.add_argument("--versions", type=int, default=24, help="drawn versions per photo")
    p.add_argument("--pristine-weight", type=float, default=8.0,
                   help="row weight of the severity-0 versions in the heads' fit "
                        "(experiments.pristine_weight)")
    p.add_argument("--scale-range", default=",".join(map(str, augment.SCALE_RANGE)),
                   help="LOW,HIGH: the factor each version's photo is resized by before "
                        "it is distorted, drawn uniformly (above 1 enlarges it)")
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args(argv)
    try:
        low, high = (float(x) for x in args.scale_range.split(","))
    except ValueError:
        p.error(f"--scale-range: LOW,HIGH expected, got {args.scale_range!r}")
    if not 0 < low <= high:
        p.error(f"--scale-range: 0 < LOW <= HIGH expected, got {args.scale_range!r}")
    photos = data.load_splits(args.splits, args.data_root)["train"]
    out = Path(args.out)
    if not out.is_absolute():
        out = (TRAINING_DIR / out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    drawn = {"versions": args.versions, "scale_range": [low, high]}
    recorded = out / "trainset.json"
    if recorded.exists() and json.loads(recorded.read_text()) != drawn:
        p.error(f"{out} holds versions drawn with {recorded.read_text().strip()}, not "
                f"{json.dumps(drawn)}: resuming would mix them; choose another --out")
    recorded.write_text(json.dumps(drawn) + "\n")
    jobs = [(i, path, out, args.versions, args.pristine_weight, (low, high))
            for i, path in enumerate(photos)]
    rows = []
    with mp.Pool(args.workers) as pool:
        for k, photo_rows in enumerate(pool.imap(write_photo, jobs), 1):
            rows.extend(_weighted(r, args.pristine_weight) for r in photo_rows)
            if k % 10 == 0 or k == len(jobs):
                print(f"{k}/{len(jobs)} photos, {len(rows)} images", flush=True)
    with open(out / "labels.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["image", "label", "group", "weight"])
        w.writerows(rows)
    print(f"wrote {len(rows)} rows to {out / 'labels.csv'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
