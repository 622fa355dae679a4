"""Writes the held-out test set as PNG files with a labels.csv for `evaluate`.

The set follows configs/splits.yml of the training work: every held-out photo (the 29
LIVE1 references, never used in training), every distortion type of
``qm_training.distortions`` at levels 1..5, seeded ``500000 + photo index * 1000 +
type index * 10 + level`` (as ``qm_training.heldout``). Each distortion is applied to
the full photo, which is written at full size: the images are exactly the training
work's held-out images, and the runtime sees whole photos as it sees uploads.
``--crop N`` writes N px centre crops instead (smaller files; with 384 px crops for both
the fit and the test the shipped encoder measured 0.775 pooled SRCC against 0.791 at
full size: the 5 crops per scale then cover only the centre).

labels.csv has ``image,label,group``: label = distortion level (1 = just visible ...
5 = severe; higher is WORSE, so evaluate with ``--lower-better``), group = type.
``--with-pristine`` adds the undistorted crops as level 0, group ``pristine``.

    PYTHONPATH=training /usr/bin/python3 -m qm_training.make_heldout
    ./quality-monitor evaluate --images training/runs/heldout-full \\
        --labels training/runs/heldout-full/labels.csv --lower-better \\
        --model brisque --model niqe --model models/default
"""

from __future__ import annotations

import argparse
import csv
import glob
import sys
from pathlib import Path

import numpy as np
from PIL import Image

from qm_training import distortions as D
from qm_training.data import TRAINING_DIR
from qm_training.heldout import HELDOUT_SEED_OFFSET, version_seed

DEFAULT_PHOTOS = "live1/*.png"


def find_data_root(start: Path) -> Path | None:
    """Returns the first ``shared/data/pristine`` found from ``start`` upwards."""
    for folder in [start, *start.parents]:
        candidate = folder / "shared" / "data" / "pristine"
        if candidate.is_dir():
            return candidate
    return None


def centre_crop(img: np.ndarray, size: int) -> np.ndarray:
    """Returns the centre ``size`` x ``size`` of ``img`` (the whole side if smaller)."""
    if size <= 0:
        return img
    h, w = img.shape[:2]
    top, left = max(0, (h - size) // 2), max(0, (w - size) // 2)
    return img[top:top + size, left:left + size]


def to_uint8(img: np.ndarray) -> np.ndarray:
    return (np.clip(img, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)


def write_set(picked, out: Path, crop: int, kinds, with_pristine: bool) -> int:
    """Writes the images of ``picked`` [(index in the full photo list, path)] and
    labels.csv into ``out``; returns the number of labelled rows."""
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for index, path in picked:
        rows.extend(write_photo(index, path, out, crop, kinds, with_pristine))
        print(f"photo {index} {Path(path).stem}: {len(rows)} images so far", flush=True)
    with open(out / "labels.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["image", "label", "group"])
        w.writerows(rows)
    return len(rows)


def write_photo(p: int, path: str, out: Path, crop: int, kinds, with_pristine: bool):
    """Writes one photo's images; returns their (image, level, type) rows."""
    stem = Path(path).stem
    with Image.open(path) as im:
        ref = np.asarray(im.convert("RGB"), dtype=np.uint8)
    ref_f = ref.astype(np.float32) / 255.0
    rows = []
    if with_pristine:
        name = f"{stem}/pristine_0.png"
        save(centre_crop(ref, crop), out / name)
        rows.append((name, 0, "pristine"))
    for kind in kinds:
        t = D.NAMES.index(kind)
        for level in range(1, D.LEVELS + 1):
            seed = version_seed(p, t, level, HELDOUT_SEED_OFFSET)
            img = to_uint8(D.distort(ref_f, kind, level, seed))
            name = f"{stem}/{kind}_{level}.png"
            save(centre_crop(img, crop), out / name)
            rows.append((name, level, kind))
    return rows


def save(img: np.ndarray, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(img).save(path, optimize=False, compress_level=1)


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=TRAINING_DIR / "runs" / "heldout-full")
    ap.add_argument("--data-root", type=Path, default=None,
                    help="folder holding live1/ (default: shared/data/pristine found "
                         "from training/ upwards)")
    ap.add_argument("--photos", default=DEFAULT_PHOTOS,
                    help=f"glob under the data root (default {DEFAULT_PHOTOS})")
    ap.add_argument("--every", type=int, default=1,
                    help="keep every n-th photo (seeds keep the full-list index)")
    ap.add_argument(
        "--crop",
        type=int,
        default=0,
        help="centre crop side in px after distortion (default 0: full size)",
    )
    ap.add_argument("--types", default=",".join(D.NAMES),
                    help="comma-separated distortion types (default: all 26)")
    ap.add_argument("--with-pristine", action="store_true",
                    help="also write the undistorted crops as level 0")
    return ap.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    root = args.data_root or find_data_root(TRAINING_DIR)
    if root is None or not root.is_dir():
        print("make_heldout: no shared/data/pristine found; pass --data-root",
              file=sys.stderr)
        return 2
    photos = sorted(glob.glob(str(root / args.photos)))
    if not photos:
        print(f"make_heldout: no photos match {root / args.photos}", file=sys.stderr)
        return 2
    kinds = [k.strip() for k in args.types.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in D.REGISTRY]
    if unknown:
        print(f"make_heldout: unknown types {unknown}; known: {', '.join(D.NAMES)}",
              file=sys.stderr)
        return 2
    # Seeds follow the index in the full sorted list, so a subset has the same images.
    picked = [(i, p) for i, p in enumerate(photos) if i % max(1, args.every) == 0]
    n = write_set(picked, args.out, args.crop, kinds, args.with_pristine)
    print(f"wrote {n} labelled images and labels.csv to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
