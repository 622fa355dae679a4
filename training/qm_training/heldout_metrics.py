"""Writes the held-out figures of an `evaluate` table into a bundle's metrics.

Reads the ``all`` rows of the Markdown table that ``./quality-monitor evaluate
--branches`` wrote (the bundle, each of its branches, the baselines) and stores their
pooled SRCC in ``bundle.json`` ``metrics`` (``bundle.json`` is not among the checksummed
files): ``heldout_pooled_srcc`` with its 95% interval for the bundle's own row (the head
that gives the score, ``output`` in regressor.json), and ``heldout_pooled_srcc_<head or
model>`` for every row. ``--vl-eval`` adds the zero-shot attribute figures of
``qm_training.eval_vl``'s JSON (``heldout_vl_attribute_within_photo_srcc_<family>``),
measured on the same VL weights.

    cd training && /usr/bin/python3 -m qm_training.heldout_metrics --bundle BUNDLE \
        --table heldout.md [--vl-eval runs/qmclip_cpu_captions/eval.json]

``--report`` (a :mod:`qm_eval.report` JSON) adds every slice's pooled, per-type and
within-photo SRCC, types won and pristine photos below the threshold.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROW = re.compile(r"(-?[0-9.]+) \[(-?[0-9.]+), (-?[0-9.]+)\]")


def _slug(name: str) -> str:
    """Returns ``name`` as a metric key part: runs of other characters than a-z and 0-9
    become one underscore, none at the ends."""
    return re.sub(r"[^a-z0-9]+", "_", name).strip("_")


def pooled_rows(table: str) -> dict:
    """Returns {model row name: [srcc, low, high]} of the ``all`` rows."""
    rows = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) > 3 and cells[1] == "all":
            m = ROW.match(cells[3])
            if m:
                rows[cells[0]] = [float(v) for v in m.groups()]
    return rows


def add_metrics(bundle: Path, table: str, note: str | None = None,
                vl_eval: dict | None = None) -> list:
    """Writes the metrics into ``bundle/bundle.json``; returns [srcc, low, high] of the
    score."""
    doc = json.loads((bundle / "bundle.json").read_text(encoding="utf-8"))
    output = json.loads((bundle / "regressor.json").read_text(encoding="utf-8"))[
        "output"
    ]
    name = doc["name"]
    rows = pooled_rows(table)
    own = rows[name]  # the bundle's own row is its score, i.e. the output head
    metrics = doc.setdefault("metrics", {})
    metrics["heldout_pooled_srcc"] = own[0]
    metrics["heldout_pooled_srcc_ci95_low"] = own[1]
    metrics["heldout_pooled_srcc_ci95_high"] = own[2]
    for key, r in rows.items():
        tag = key.replace(name, "").replace("(negated)", "").lower()
        tag = _slug(tag) or output
        metrics[f"heldout_pooled_srcc_{tag}"] = r[0]
    for family, r in (vl_eval or {}).get("families", {}).items():
        within = r["attribute_srcc"]["within"]
        metrics[f"heldout_vl_attribute_within_photo_srcc_{family}"] = within
    if note:
        doc.setdefault("trained_on", {})["heldout_test"] = note
    (bundle / "bundle.json").write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return own


def add_report_metrics(bundle: Path, report: dict) -> dict:
    """Writes the figures of a :mod:`qm_eval.report` JSON into ``bundle/bundle.json``
    (``heldout_<set>_<resolution>_<generator>_<figure>``); returns what it wrote."""
    doc = json.loads((bundle / "bundle.json").read_text(encoding="utf-8"))
    ours = report["models"][0]
    added = {}
    for s in report["slices"]:
        o = s["results"][ours]
        tag = f"heldout_{s['set']}_{s['resolution']}_{s['generator']}"
        added[f"{tag}_pooled_srcc"] = o["pooled_srcc"]
        added[f"{tag}_mean_per_type_srcc"] = o["mean_per_type_srcc"]
        added[f"{tag}_mean_within_photo_srcc"] = o["mean_within_photo_srcc"]
        added[f"{tag}_pristine_below_threshold"] = o.get("pristine", {}).get("below")
        if s.get("comparison"):
            added[f"{tag}_types_beating_baselines"] = s["comparison"][
                "types_beating_all_baselines"
            ]
        for m in report["models"][1:]:
            key = _slug(m.lower())
            added[f"{tag}_pooled_srcc_{key}"] = s["results"][m]["pooled_srcc"]
    doc.setdefault("metrics", {}).update(added)
    (bundle / "bundle.json").write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return added


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bundle", required=True, type=Path)
    p.add_argument("--table", type=Path, help="evaluate --branches's Markdown table")
    p.add_argument("--report", type=Path, help="qm_eval.report's JSON")
    p.add_argument(
        "--note", help="what the held-out test is, for trained_on.heldout_test"
    )
    p.add_argument(
        "--vl-eval", type=Path, help="eval_vl --out JSON of the bundle's VL branch"
    )
    args = p.parse_args(argv)
    if not args.table and not args.report:
        p.error("give --table, --report or both")
    if args.report:
        added = add_report_metrics(
            args.bundle, json.loads(args.report.read_text(encoding="utf-8"))
        )
        print(f"wrote {len(added)} held-out figures of {args.report}")
    if args.table:
        vl = (
            json.loads(args.vl_eval.read_text(encoding="utf-8"))
            if args.vl_eval
            else None
        )
        own = add_metrics(
            args.bundle, args.table.read_text(encoding="utf-8"), args.note, vl
        )
        print(f"held-out pooled SRCC of the score: {own[0]} [{own[1]}, {own[2]}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
