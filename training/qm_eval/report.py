"""Writes the held-out report: photo sets x generators x resolutions, a bundle against
NIQE and BRISQUE, as Markdown, JSON and a PNG of per-type SRCC.

    cd training
    nice -n 10 /usr/bin/python3 -m qm_eval.report \\
        --docs ../docs/evaluation/heldout-report --photos 3 --sets cbsd68 --workers 2

Images go to ``--work`` (default runs/qm-eval; see qm_eval.sets for the layout, each
slice with a labels.csv for ``./quality-monitor evaluate --lower-better``); per-image
scores are cached there by model and image content (qm_eval.scoring), so a rerun, a
larger ``--photos`` or a new bundle scores only what is missing. Definitions:
qm_eval.metrics. Only the held-out sets (cbsd68, live1) are accepted: never report on a
training photo.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import time
from pathlib import Path

from . import metrics as M
from . import photos as P
from . import render
from . import scoring as S
from . import sets

TRAINING_DIR = Path(__file__).resolve().parents[1]
DEFAULTS = (
    S.REPO_DIR / "stream-app/src/main/resources/quality-monitor-defaults.properties"
)


def alert_threshold(path: Path = DEFAULTS) -> float:
    """Returns ``alerts.threshold`` from the app's defaults file."""
    m = re.search(r"^alerts\.threshold=([0-9.]+)\s*$", path.read_text(), re.MULTILINE)
    if not m:
        raise ValueError(f"no alerts.threshold in {path}")
    return float(m.group(1))


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument(
        "--docs",
        required=True,
        type=Path,
        help="folder for the report's .md, .json and .png",
    )
    p.add_argument(
        "--name", default="heldout-report", help="file name stem (heldout-report)"
    )
    p.add_argument("--sets", default="cbsd68,live1")
    p.add_argument(
        "--resolutions",
        default="stored,1024",
        help="'stored' and/or a long side in px (Lanczos before distortion)",
    )
    p.add_argument("--generators", default="independent,training")
    p.add_argument(
        "--photos", type=int, default=0, help="first N photos of each set (0: all)"
    )
    p.add_argument("--bundle", default=str(S.REPO_DIR / "models" / "default"))
    p.add_argument(
        "--baselines", default="niqe,brisque", help="comma list; '' for none"
    )
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        help="processes writing images; also the model's threads when scoring",
    )
    p.add_argument("--work", type=Path, default=TRAINING_DIR / "runs" / "qm-eval")
    p.add_argument(
        "--data-root",
        type=Path,
        help="default: shared/data/pristine found from training/ upwards",
    )
    p.add_argument("--training-types", help="make_heldout.py --types (default: all)")
    p.add_argument(
        "--threshold", type=float, help="alert threshold (default: the app's)"
    )
    p.add_argument("--chunk", type=int, default=400, help="images per evaluate call")
    p.add_argument(
        "--prune",
        action="store_true",
        help="delete each slice's images once every model has scored them",
    )
    return p.parse_args(argv)


def _slices(args) -> list[sets.Slice]:
    out = []
    for name in _split(args.sets):
        for res in _split(args.resolutions):
            for gen in _split(args.generators):
                if gen not in sets.GENERATORS:
                    raise ValueError(
                        f"generator must be one of {sets.GENERATORS}, got {gen!r}"
                    )
                out.append(sets.Slice(name, P.parse_resolution(res), gen))
    return out


def _split(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


def run(args) -> dict:
    """Builds, scores and measures every slice; returns the report as a dict."""
    from qm_training.data import resolve_data_root

    root = args.data_root or resolve_data_root("shared/data/pristine")
    threshold = args.threshold if args.threshold is not None else alert_threshold()
    models = [S.model(args.bundle)] + [S.model(b) for b in _split(args.baselines)]
    caches = {m.key: S.ScoreCache(args.work, m) for m in models}
    scorer = S.Scoring(
        args.work, chunk=args.chunk, threads=max(1, args.workers), log=_log
    )
    report = {
        "bundle": models[0].label,
        "bundle_key": models[0].key,
        "models": [m.label for m in models],
        "threshold": threshold,
        "command": " ".join(["python3 -m qm_eval.report", *sys.argv[1:]]),
        "slices": [],
    }
    for s in _slices(args):
        photos = P.list_photos(root, s.set_name, args.photos or None)
        timing = {"generate_seconds": 0.0, "generate_cpu_seconds": 0.0}
        items = _build(args, s, photos, timing, ensure_files=False)
        for m in models:
            todo = _todo(args.work, s, items, caches[m.key])
            if any(not p.exists() for p in todo.values()):
                items = _build(args, s, photos, timing, ensure_files=True)
                todo = _todo(args.work, s, items, caches[m.key])
            timing[m.label] = scorer.fill(m, caches[m.key], todo)
        report["slices"].append(_measure(s, items, models, caches, threshold, timing))
        if args.prune:
            _log(f"{s.key}: pruned {sets.prune(args.work, s, items)} images")
    return report


def _build(args, s, photos, timing, ensure_files) -> list:
    """Returns the slice's items, adding the wall and CPU time spent to ``timing``."""
    t0 = time.time()
    c0 = S.cpu_seconds(resource.RUSAGE_SELF) + S.cpu_seconds(resource.RUSAGE_CHILDREN)
    items = sets.build(
        s,
        photos,
        args.work,
        workers=args.workers,
        ensure_files=ensure_files,
        types=args.training_types,
        log=_log,
    )
    c1 = S.cpu_seconds(resource.RUSAGE_SELF) + S.cpu_seconds(resource.RUSAGE_CHILDREN)
    timing["generate_seconds"] = round(timing["generate_seconds"] + time.time() - t0, 1)
    timing["generate_cpu_seconds"] = round(timing["generate_cpu_seconds"] + c1 - c0, 1)
    return items


def _todo(work, s, items, cache) -> dict:
    folder = sets.slice_dir(work, s)
    return {
        it.sha256: folder / it.image for it in items if it.sha256 not in cache.scores
    }


def _measure(s, items, models, caches, threshold, timing) -> dict:
    results = {}
    for i, m in enumerate(models):
        rows = [
            M.Row(it.photo, it.group, it.level, caches[m.key].scores[it.sha256])
            for it in items
        ]
        results[m.label] = M.summarise(
            rows, m.lower_better, threshold if i == 0 else None
        )
    ours = results[models[0].label]
    baselines = {m.label: results[m.label] for m in models[1:]}
    return {
        "set": s.set_name,
        "resolution": s.resolution,
        "generator": s.generator,
        "key": s.key,
        "labels": f"sets/{s.key}/labels.csv",
        "results": results,
        "comparison": M.compare(ours, baselines) if baselines else None,
        "timing": timing,
    }


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        report = run(args)
    except (ValueError, FileNotFoundError, RuntimeError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    args.docs.mkdir(parents=True, exist_ok=True)
    stem = args.docs / args.name
    stem.with_suffix(".json").write_text(
        json.dumps(render.jsonable(report), indent=1, default=float) + "\n"
    )
    stem.with_suffix(".md").write_text(render.markdown(report, stem.name + ".png"))
    render.plot(report, stem.with_suffix(".png"))
    print(f"wrote {stem}.md, .json and .png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
