"""Returns a held-out set's pristine photos, as stored or resampled to a long side."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

# sets a report may use: held out from every training run (configs/splits.yml and the
# data README); a training set here would flatter the model
HELDOUT_SETS = ("cbsd68", "live1")
STORED = "stored"


def list_photos(data_root: Path, set_name: str, first: int | None = None) -> list[Path]:
    """Returns the set's photos sorted by name, only the first ``first`` when given."""
    if set_name not in HELDOUT_SETS:
        raise ValueError(
            f"set {set_name!r} is not a held-out set ({', '.join(HELDOUT_SETS)})"
        )
    folder = data_root / set_name
    photos = sorted(
        p for p in folder.glob("*") if p.suffix.lower() in (".png", ".tif", ".tiff")
    )
    if not photos:
        raise FileNotFoundError(f"no photos in {folder}")
    return photos[:first] if first else photos


def parse_resolution(text: str) -> str:
    """Returns ``stored`` or a long side in px as text; raises on anything else."""
    if text == STORED or (text.isdigit() and 64 <= int(text) <= 8192):
        return text
    raise ValueError(
        f"resolution must be 'stored' or a long side in px (64..8192), got {text!r}"
    )


def load(path: Path, resolution: str) -> np.ndarray:
    """Returns the photo as uint8 RGB, resampled with Lanczos so its long side is
    ``resolution`` px (before any distortion) unless it is ``stored``."""
    with Image.open(path) as im:
        im = im.convert("RGB")
        if resolution != STORED:
            long_side = int(resolution)
            w, h = im.size
            scale = long_side / max(w, h)
            size = (max(1, round(w * scale)), max(1, round(h * scale)))
            if size != im.size:
                im = im.resize(size, Image.Resampling.LANCZOS)
        return np.asarray(im)
