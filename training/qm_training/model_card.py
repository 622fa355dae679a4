"""Writes docs/model-card.md from a bundle's manifest and its held-out report.

    cd training
    /usr/bin/python3 -m qm_training.model_card --bundle ../models/default \\
        --report ../docs/evaluation/heldout-report.json --out ../docs/model-card.md

The prose is ``templates/model-card.md``; the figures come from the bundle
(``bundle.json``, ``regressor.json``), its training labels (photo counts per set) and
the report of :mod:`qm_eval.report` (summary table from
:func:`qm_eval.render.summary_table`, failure modes from its per-type and pristine
figures), so the card cannot drift from the bundle it describes.
``training/build_default.sh`` runs it.
"""

from __future__ import annotations

import argparse
import collections
import csv
import functools
import json
import math
from pathlib import Path
from string import Template

from qm_eval import render

#: a slice's name in the card's bullets and the README's table
_name = functools.partial(render.slice_name, short=True)

TEMPLATE = Path(__file__).parent / "templates" / "model-card.md"

#: the bar of issue 29 for CBSD68 with the independent generator, at both resolutions
BAR = {"pooled_srcc": 0.85, "mean_within_photo_srcc": 0.93, "types_share": 14 / 16}


def _training_photos(labels: Path) -> str:
    """Returns 'N photos (set a, set b ...), M images' from a labels.csv whose image
    paths start with the photo set's folder."""
    with open(labels, encoding="utf-8") as f:
        rows = [r["image"].split("/") for r in csv.DictReader(f)]
    photos = collections.defaultdict(set)
    for parts in rows:
        photos[parts[0]].add(parts[1] if len(parts) > 2 else parts[-1])
    sets = ", ".join(f"{k} {len(v)}" for k, v in sorted(photos.items()))
    return f"{sum(len(v) for v in photos.values())} photos ({sets}); {len(rows)} images"


def failure_modes(report: dict) -> list[str]:
    """Returns one Markdown bullet per slice where ours loses types to a baseline or
    puts pristine photos below the threshold."""
    ours, others = report["models"][0], report["models"][1:]
    out = []
    for s in report["slices"]:
        r = s["results"]
        lost = []
        for t, v in r[ours]["per_type_srcc"].items():
            best = max(
                ((r[m]["per_type_srcc"].get(t), m) for m in others),
                key=lambda x: -math.inf if x[0] is None else x[0],
                default=(None, None),
            )
            if best[0] is not None and v is not None and best[0] > v:
                lost.append(f"{t} ({v:.2f} vs {best[1]} {best[0]:.2f})")
        if lost:
            out.append(f"- **{_name(s)}**: a classic beats it on " + ", ".join(lost))
        pr = r[ours].get("pristine", {})
        if pr.get("below"):
            names = ", ".join(pr.get("below_photos", []))
            out.append(
                f"- **{_name(s)}**: {pr['below']} of {pr['n']} pristine photos"
                f" score below {report['threshold']:g} ({names})"
            )
        share = r[ours]["level1_above_pristine"]["share"]
        if share is not None and share > 0.25:
            out.append(
                f"- **{_name(s)}**: {share:.0%} of level-1 versions score above"
                " their own pristine photo (mild distortions are not resolved)"
            )
    return out or ["- none found on the held-out report's slices"]


def bars(report: dict) -> str:
    """Returns a line per CBSD68 independent-generator slice: the bar met or not."""
    ours = report["models"][0]
    lines = [
        "Against the bar set for this model (CBSD68, independent generator: pooled"
        " >= 0.85, mean within photo >= 0.93, >= 14 of 16 types above both classics,"
        " no pristine photo below the threshold):",
        "",
    ]
    found = False
    for s in report["slices"]:
        if s["set"] != "cbsd68" or s["generator"] != "independent":
            continue
        found = True
        o, cmp = s["results"][ours], s["comparison"] or {}
        checks = [
            ("pooled", o["pooled_srcc"], o["pooled_srcc"] >= BAR["pooled_srcc"]),
            (
                "within photo",
                o["mean_within_photo_srcc"],
                o["mean_within_photo_srcc"] >= BAR["mean_within_photo_srcc"],
            ),
        ]
        wins = cmp.get("types_beating_all_baselines", 0)
        n = cmp.get("types", 0) or 1
        below = o.get("pristine", {}).get("below", 0)
        parts = [f"{k} {v:.3f} ({'met' if ok else 'not met'})" for k, v, ok in checks]
        met = wins / n >= BAR["types_share"]
        parts.append(f"types {wins}/{n} ({'met' if met else 'not met'})")
        parts.append(f"pristine below {below} ({'met' if below == 0 else 'not met'})")
        lines.append(f"- {_name(s)}: " + "; ".join(parts))
    return "\n".join(lines) if found else ""


README_START = "<!-- model-figures: written by qm_training.model_card -->"
README_END = "<!-- /model-figures -->"


def compact_table(report: dict) -> list[str]:
    """Returns a short Markdown table of the report: per slice pooled SRCC (ours and
    each baseline), mean within photo, types won and pristine photos below threshold."""
    ours, others = report["models"][0], report["models"][1:]
    vs = " / ".join(["ours", *others])
    out = [
        f"| held-out slice | pooled SRCC ({vs}) | within photo | types won "
        f"| pristine < {report['threshold']:g} |",
        "|---|---|---|---|---|",
    ]
    for s in report["slices"]:
        r, cmp = s["results"], s["comparison"] or {}
        pooled = " / ".join(
            "n/a" if r[m]["pooled_srcc"] is None else f"{r[m]['pooled_srcc']:.3f}"
            for m in report["models"]
        )
        pr = r[ours].get("pristine", {})
        won = f"{cmp.get('types_beating_all_baselines', '-')} / {cmp.get('types', '-')}"
        out.append(
            f"| {_name(s)} | {pooled} | {r[ours]['mean_within_photo_srcc']:.3f} "
            f"| {won} "
            f"| {pr.get('below', 'n/a')} of {pr.get('n', 0)} |"
        )
    return out


def update_readme(readme: Path, manifest: dict, report: dict) -> None:
    """Replaces the README's block between the model-figures markers."""
    text = readme.read_text(encoding="utf-8")
    if README_START not in text or README_END not in text:
        raise SystemExit(f"{readme}: no {README_START} ... {README_END} block")
    block = "\n".join(
        [
            README_START,
            f"Shipped model ({manifest['name']} {manifest['version']}), on photos it"
            " never saw (`" + report["command"] + "`; more in"
            " [docs/model-card.md](docs/model-card.md)):",
            "",
            *compact_table(report),
            README_END,
        ]
    )
    head, rest = text.split(README_START, 1)
    readme.write_text(head + block + rest.split(README_END, 1)[1], encoding="utf-8")


def _figure(value) -> str:
    return "not measured" if value is None else f"{value:.3f}"


def write(
    bundle: Path,
    report_path: Path,
    out: Path,
    labels: Path | None = None,
    readme: Path | None = None,
) -> str:
    manifest = json.loads((bundle / "bundle.json").read_text())
    regressor = json.loads((bundle / "regressor.json").read_text())
    report = json.loads(report_path.read_text())
    low = manifest["branches"]["lowlevel"]["input"]
    trained = manifest.get("trained_on", {})
    metrics = manifest.get("metrics", {})
    enc = trained.get("encoders", {})
    threshold = report["threshold"]
    labels = labels or Path(trained.get("labels", ""))
    head_images = (
        _training_photos(labels) if labels.is_file() else trained.get("images", "?")
    )
    text = Template(TEMPLATE.read_text()).substitute(
        name=manifest["name"],
        version=manifest["version"],
        max_side=low.get("max_side", "no limit: as decoded"),
        crops=low["crops"],
        crop_size=low["crop_size"],
        scales=", ".join(f"{s:g}" for s in low["scales"]),
        output_head=regressor.get("output", "combined"),
        cv_photos=_figure(metrics.get("fit_cv_srcc")),
        cv_unseen_types=_figure(metrics.get("fit_cv_srcc_unseen_types")),
        # the encoder's part of the note (a refitted bundle keeps it from its source)
        encoder_images=enc.get("images", "?").split(";")[0].removeprefix("encoder: "),
        encoder_distortions=enc.get("distortions", "?"),
        head_images=head_images,
        head_distortions=trained.get(
            "distortions", "qm_training.augment (see training/README.md)"
        ),
        threshold=f"{threshold:g}",
        threshold_level=f"{(100 - threshold) / 20:g}",
        report_command=report["command"],
        summary_table="\n".join(render.summary_table(report)),
        bars=bars(report),
        failure_modes="\n".join(failure_modes(report)),
    )
    out.write_text(text)
    if readme:
        update_readme(readme, manifest, report)
    return text


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bundle", type=Path, required=True)
    p.add_argument("--report", type=Path, required=True, help="qm_eval.report's JSON")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument(
        "--labels", type=Path, help="the heads' labels.csv (default: the bundle's)"
    )
    p.add_argument(
        "--readme", type=Path, help="README whose model-figures block to write"
    )
    args = p.parse_args(argv)
    write(args.bundle, args.report, args.out, args.labels, args.readme)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
