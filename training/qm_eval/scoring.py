"""Returns per-image scores by a model, scoring through ``./quality-monitor evaluate``
only the images whose content no earlier run scored with the same model.

The cache is ``<work>/scores/<model key>.csv`` (sha256,score), appended after every
chunk, so an interrupted run loses at most one chunk. A bundle's key is its name,
version and a digest of its files (``bundle.json`` without its ``metrics``, which a
build writes after measuring): a refitted or retrained bundle is scored afresh even
under the same version. The baselines (``niqe``, ``brisque``: lower is better) are keyed
by name.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import resource
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

BASELINES = ("niqe", "brisque")
REPO_DIR = Path(__file__).resolve().parents[2]


def cpu_seconds(who) -> float:
    """Returns the user + system CPU seconds of ``who`` (a ``resource.RUSAGE_*``)."""
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


class NaNScore(Exception):
    """Raised when evaluate stops because a model gave an image no number."""


@dataclass(frozen=True)
class Model:
    """A model as ``evaluate --model`` takes it, with its cache key and orientation."""

    arg: str
    key: str
    label: str
    lower_better: bool


def model(arg: str) -> Model:
    """Returns the model for a baseline name or a bundle folder."""
    if arg in BASELINES:
        return Model(arg, arg, arg.upper(), True)
    folder = Path(arg).resolve()
    meta_path = folder / "bundle.json"
    if not meta_path.is_file():
        raise FileNotFoundError(f"no bundle.json in {folder}")
    meta = json.loads(meta_path.read_text())
    meta.pop("metrics", None)
    digest = hashlib.sha256(json.dumps(meta, sort_keys=True).encode())
    for f in sorted(folder.iterdir()):
        if f.is_file() and f.name != "bundle.json":
            digest.update(f.name.encode())
            digest.update(f.read_bytes())
    label = f"{meta.get('name', folder.name)} {meta.get('version', '')}".strip()
    key = f"{label.replace(' ', '-')}-{digest.hexdigest()[:12]}"
    return Model(str(folder), key, label, bool(meta.get("lower_better", False)))


class ScoreCache:
    """Scores of one model by image SHA-256, backed by an append-only CSV."""

    def __init__(self, work: Path, m: Model):
        self.path = work / "scores" / f"{m.key}.csv"
        self.scores: dict[str, float] = {}
        if self.path.exists():
            with open(self.path, newline="", encoding="utf-8") as f:
                for row in csv.reader(f):
                    if len(row) == 2 and row[0] != "sha256":
                        self.scores[row[0]] = float(row[1])

    def missing(self, hashes) -> list[str]:
        return sorted({h for h in hashes if h not in self.scores})

    def add(self, new: dict[str, float]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fresh = not self.path.exists()
        with open(self.path, "a", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            if fresh:
                w.writerow(["sha256", "score"])
            w.writerows([h, repr(v)] for h, v in new.items())
        self.scores.update(new)


@dataclass
class Scoring:
    """Scores images with ``./quality-monitor evaluate --scores`` in chunks."""

    work: Path
    app: Path = REPO_DIR / "quality-monitor"
    chunk: int = 400
    threads: int = 2
    log: object = print

    def fill(self, m: Model, cache: ScoreCache, todo: dict[str, Path]) -> dict:
        """Scores every ``todo`` image (sha256 -> absolute path) missing from ``cache``;
        returns {"images": n, "seconds": wall, "cpu_seconds": cpu} for what was scored
        now (cpu: user + system time of the evaluate processes, whatever else runs)."""
        missing = cache.missing(todo)
        t0, c0 = time.time(), cpu_seconds(resource.RUSAGE_CHILDREN)
        for start in range(0, len(missing), self.chunk):
            part = missing[start : start + self.chunk]
            cache.add(self._score(m, {h: todo[h] for h in part}))
            done = start + len(part)
            rate = done / max(1e-9, time.time() - t0)
            self.log(f"{m.label}: {done}/{len(missing)} scored ({rate:.2f} img/s)")
        return {
            "images": len(missing),
            "seconds": round(time.time() - t0, 1),
            "cpu_seconds": round(cpu_seconds(resource.RUSAGE_CHILDREN) - c0, 1),
        }

    def _score(self, m: Model, part: dict[str, Path]) -> dict[str, float]:
        """Returns the scores of ``part``; an image the model gives no number (NIQE on a
        flat image: evaluate stops at a NaN) is found by halving the chunk and kept as
        NaN, so that it is reported as unscored and not tried again."""
        try:
            return self._evaluate(m, part)
        except NaNScore:
            if len(part) == 1:
                self.log(f"{m.label}: no score for {next(iter(part.values()))}")
                return {h: math.nan for h in part}
            keys = list(part)
            half = len(keys) // 2
            return {
                **self._score(m, {h: part[h] for h in keys[:half]}),
                **self._score(m, {h: part[h] for h in keys[half:]}),
            }

    def _evaluate(self, m: Model, part: dict[str, Path]) -> dict[str, float]:
        tmp = self.work / "scores" / "tmp"
        tmp.mkdir(parents=True, exist_ok=True)
        labels, out = tmp / "labels.csv", tmp / "scores.csv"
        root = self.work.resolve()
        # the label is only a row number here: evaluate needs one, the table is not used
        rel = {h: p.resolve().relative_to(root).as_posix() for h, p in part.items()}
        with open(labels, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["image", "label"])
            w.writerows([rel[h], i] for i, h in enumerate(part))
        out.unlink(missing_ok=True)
        cmd = [
            str(self.app),
            "evaluate",
            "--images",
            str(root),
            "--labels",
            str(labels),
            "--model",
            m.arg,
            "--bootstrap",
            "0",
            "--scores",
            str(out),
            "--set",
            f"model.threads={self.threads}",
        ]
        res = subprocess.run(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        if res.returncode != 0 and "NaN is not allowed" in res.stderr:
            raise NaNScore()
        if res.returncode != 0:
            raise RuntimeError(
                f"evaluate failed ({res.returncode}): {res.stderr.strip()[-500:]}"
            )
        by_path = {}
        with open(out, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                by_path[row["image"]] = float(list(row.values())[-1])
        return {h: by_path[rel[h]] for h in part}
