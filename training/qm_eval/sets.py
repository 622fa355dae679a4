"""Writes one slice of the held-out report: a photo set x a resolution x a generator.

A slice lives in ``<work>/sets/<set>-<resolution>-<generator>/``: one folder per photo
holding ``pristine_0.png`` and ``<type>_<level>.png`` (the layout of make_heldout.py), a
``labels.csv`` for ``./quality-monitor evaluate --lower-better`` (image, label = level
with the pristine photo at 0, group = type or ``pristine``) covering the photos asked
for, and ``manifest.csv``: every image ever written there with its label, group, photo
and the SHA-256 of its decoded pixels, so that scores can be cached by image content and
images deleted (``prune``) and written again later byte for byte.

The ``independent`` generator is ``qm_eval.distortions``; the ``training`` generator is
the training work's own, reached only through its entry point
``training/make_heldout.py`` (all its types unless ``types`` names some). Either
distorts the same pristine pixels: the stored photo, or the photo resampled with Lanczos
to the asked long side first.

``generator.txt`` holds a digest of the generator's source files (for ``training``:
make_heldout.py and the two modules it names, hashed as bytes, not read): when the code
changes, the slice's images are deleted and written again, and scores cached for the old
images are simply not found (the cache is by pixels).
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from . import distortions as E
from . import photos as P

GENERATORS = ("independent", "training")
TRAINING_DIR = Path(__file__).resolve().parents[1]
PRISTINE = "pristine"
SOURCES = {
    "independent": ["qm_eval/distortions.py", "qm_eval/photos.py"],
    "training": [
        "qm_training/make_heldout.py",
        "qm_training/distortions.py",
        "qm_training/heldout.py",
        "qm_eval/photos.py",
    ],
}


def generator_digest(generator: str) -> str:
    """Returns a SHA-256 over the bytes of the generator's source files."""
    digest = hashlib.sha256()
    for rel in SOURCES[generator]:
        digest.update(rel.encode() + b"\0" + (TRAINING_DIR / rel).read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class Slice:
    """One photo set at one resolution through one generator."""

    set_name: str
    resolution: str
    generator: str

    @property
    def key(self) -> str:
        return f"{self.set_name}-{self.resolution}-{self.generator}"


@dataclass(frozen=True)
class Item:
    """One labelled image of a slice: ``image`` is relative to the slice folder."""

    image: str
    level: int
    group: str
    photo: str
    sha256: str


def slice_dir(work: Path, s: Slice) -> Path:
    return work / "sets" / s.key


def build(
    s: Slice,
    photos: list[Path],
    work: Path,
    *,
    workers: int = 1,
    ensure_files: bool = False,
    types: str | None = None,
    log=print,
) -> list[Item]:
    """Returns the slice's items for ``photos``, writing what is missing.

    Images already in the manifest are not written again unless ``ensure_files`` is set
    and their file is gone (after ``prune``); labels.csv is rewritten for exactly these
    photos.
    """
    out = slice_dir(work, s)
    stamp, code = out / "generator.txt", generator_digest(s.generator)
    if out.exists() and (not stamp.exists() or stamp.read_text().strip() != code):
        log(f"{s.key}: generator code changed, writing the slice again")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    stamp.write_text(code + "\n")
    manifest = _read_manifest(out)
    wanted = {p.stem for p in photos}
    have = {r["photo"] for r in manifest.values()}
    known_rows = [r for r in manifest.values() if r["photo"] in wanted]
    files_gone = any(not (out / r["image"]).exists() for r in known_rows)
    if not wanted <= have or (ensure_files and files_gone):
        if s.generator == "independent":
            rows = _write_independent(s, photos, out, workers, log)
        else:
            rows = _write_training(s, photos, work, out, types, log)
        manifest = _update_manifest(out, manifest, rows)
    items = [
        Item(r["image"], int(r["label"]), r["group"], r["photo"], r["sha256"])
        for r in manifest.values()
        if r["photo"] in wanted
    ]
    items.sort(key=lambda it: (it.photo, it.group != PRISTINE, it.group, it.level))
    with open(out / "labels.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["image", "label", "group"])
        w.writerows([it.image, it.level, it.group] for it in items)
    return items


def prune(work: Path, s: Slice, items: list[Item]) -> int:
    """Deletes the image files of ``items`` (manifest rows stay); returns how many."""
    n = 0
    for it in items:
        path = slice_dir(work, s) / it.image
        if path.exists():
            path.unlink()
            n += 1
    return n


# --- the independent generator ------------------------------------------------------


def _write_independent(s: Slice, photos, out: Path, workers: int, log) -> list[dict]:
    jobs = [(str(p), s.resolution, str(out)) for p in photos]
    rows: list[dict] = []
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            for done in pool.map(_independent_photo, jobs):
                rows.extend(done)
                log(f"{s.key}: {len(rows)} images")
    else:
        for job in jobs:
            rows.extend(_independent_photo(job))
            log(f"{s.key}: {len(rows)} images")
    return rows


def _independent_photo(job) -> list[dict]:
    """Writes one photo's pristine and 16 x 5 versions where missing; returns rows."""
    path, resolution, out = Path(job[0]), job[1], Path(job[2])
    stem = path.stem
    img = None
    rows = [(f"{stem}/{PRISTINE}_0.png", 0, PRISTINE)]
    rows += [
        (f"{stem}/{fam}_{lv}.png", lv, fam) for fam in E.FAMILIES for lv in E.LEVELS
    ]
    for image, level, group in rows:
        target = out / image
        if target.exists():
            continue
        if img is None:
            img = P.load(path, resolution)
        version = (
            img
            if level == 0
            else E.distort(img, group, level, E.version_seed(stem, group))
        )
        _save_png(version, target)
    return [{"image": i, "label": lv, "group": g, "photo": stem} for i, lv, g in rows]


def _save_png(img, target: Path) -> None:
    # written under a temporary name first: an interrupted run leaves no half file that
    # a rerun would take as done
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    Image.fromarray(img).save(tmp, format="PNG")
    os.replace(tmp, target)


# --- the training generator, through make_heldout.py ---------------------------------


def _write_training(s: Slice, photos, work: Path, out: Path, types, log) -> list[dict]:
    root = _pristine_root(s, photos, work)
    cmd = [
        sys.executable,
        "-m",
        "qm_training.make_heldout",
        "--out",
        str(out),
        "--data-root",
        str(root),
        "--photos",
        f"{s.set_name}/*.png",
        "--with-pristine",
    ]
    if types:
        cmd += ["--types", types]
    log(f"{s.key}: {' '.join(cmd[1:])}")
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=TRAINING_DIR)
    with open(out / "labels.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [
        {
            "image": r["image"],
            "label": int(float(r["label"])),
            "group": r["group"],
            "photo": r["image"].split("/")[0],
        }
        for r in rows
    ]


def _pristine_root(s: Slice, photos, work: Path) -> Path:
    """Returns a data root whose ``<set>/`` holds exactly ``photos`` (as PNG), in the
    same sorted order, so make_heldout.py's per-photo seeds match a run over the whole
    set's first photos: links to the stored files, or Lanczos-resampled copies."""
    root = work / "roots" / f"{s.set_name}-{s.resolution}-first{len(photos)}"
    folder = root / s.set_name
    folder.mkdir(parents=True, exist_ok=True)
    for p in photos:
        link = folder / f"{p.stem}.png"
        if s.resolution == P.STORED and p.suffix.lower() == ".png":
            target = p.resolve()
        else:
            # written each time: cheap, and never stale after a change of photos.py
            target = work / "pristine" / s.resolution / s.set_name / f"{p.stem}.png"
            _save_png(P.load(p, s.resolution), target)
        if not link.is_symlink():
            link.symlink_to(target.resolve())
    return root


# --- manifest: image -> label, group, photo, content hash -----------------------------


def pixel_digest(path: Path) -> str:
    """Returns the SHA-256 of the decoded image (mode, size, pixels): the same pixels
    written by two PNG encoders (the pristine photo of both generators) share one
    cached score."""
    with Image.open(path) as im:
        head = f"{im.mode}|{im.size[0]}x{im.size[1]}|".encode()
        return hashlib.sha256(head + im.tobytes()).hexdigest()


FIELDS = ["image", "label", "group", "photo", "size", "mtime_ns", "sha256"]


def _read_manifest(out: Path) -> dict[str, dict]:
    path = out / "manifest.csv"
    if not path.exists():
        return {}
    with open(path, newline="", encoding="utf-8") as f:
        return {r["image"]: r for r in csv.DictReader(f)}


def _update_manifest(out: Path, manifest: dict, rows: list[dict]) -> dict:
    """Adds ``rows`` with their pixels' SHA-256 (kept when size and mtime agree)."""
    for r in rows:
        st = (out / r["image"]).stat()
        old = manifest.get(r["image"])
        if (
            old
            and int(old["size"]) == st.st_size
            and int(old["mtime_ns"]) == st.st_mtime_ns
        ):
            continue
        digest = pixel_digest(out / r["image"])
        manifest[r["image"]] = {
            **{k: str(v) for k, v in r.items()},
            "size": str(st.st_size),
            "mtime_ns": str(st.st_mtime_ns),
            "sha256": digest,
        }
    tmp = out / "manifest.csv.part"
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(manifest[k] for k in sorted(manifest))
    os.replace(tmp, out / "manifest.csv")
    return manifest
