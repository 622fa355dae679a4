"""Renders the held-out report (a dict from qm_eval.report) as Markdown and a PNG."""

from __future__ import annotations

import math


def jsonable(value):
    """Returns ``value`` with every NaN replaced by None (JSON has no NaN)."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def _f(x, digits: int = 3) -> str:
    return (
        "n/a"
        if x is None or (isinstance(x, float) and math.isnan(x))
        else f"{x:.{digits}f}"
    )


def slice_name(s: dict, short: bool = False) -> str:
    """``cbsd68, long side 1024 px, independent generator`` (``short``: ``cbsd68 1024
    px, independent generator``: the README's table, the model card's bullets)."""
    if s["resolution"] == "stored":
        res = "as stored"
    else:
        res = f"{s['resolution']} px" if short else f"long side {s['resolution']} px"
    return (f"{s['set']} {res}" if short else f"{s['set']}, {res}") + (
        f", {s['generator']} generator"
    )


def markdown(report: dict, png_name: str) -> str:
    """Returns the report as Markdown: a summary row per slice, then per-type tables."""
    models = report["models"]
    ours, others = models[0], models[1:]
    lines = [
        f"# Held-out report: {ours}",
        "",
        f"Ours = `{ours}` (cache key `{report['bundle_key']}`). "
        f"Written by `{report['command']}`. SRCC is Spearman's rho of each model's "
        "quality (score; NIQE and BRISQUE negated, lower is better there) against "
        "-level, the pristine photo at level 0; exact definitions in "
        "[independent-generator.md](independent-generator.md#report-definitions).",
        "",
        *summary_table(report),
    ]
    lines += ["", f"![per-type SRCC]({png_name})", ""]
    for s in report["slices"]:
        lines += _per_type(s, models, ours, others)
    lines += _timing(report)
    return "\n".join(lines) + "\n"


def summary_table(report: dict) -> list[str]:
    """Returns the Markdown lines of the summary table: one row per slice."""
    models = report["models"]
    ours, others = models[0], models[1:]
    vs = " / ".join(["ours", *others])
    t = report["threshold"]
    lines = [
        f"| slice | photos | images | pooled ({vs}) | mean per type ({vs}) | "
        f"within photo ({vs}) | within photo and type ({vs}) | "
        f"types ours > {' and '.join(others) or '-'} | "
        f"pristine ours: min / q1 / median / q3 / max | pristine < {t:g} | "
        f"level 1 above its pristine ({vs}) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in report["slices"]:
        r = s["results"]
        o = r[ours]
        pr = o.get("pristine", {})
        cmp = s["comparison"]
        lines.append(
            f"| {slice_name(s)} | {o['photos']} | {o['images']} | "
            + " / ".join(_f(r[m]["pooled_srcc"]) for m in models)
            + " | "
            + " / ".join(_f(r[m]["mean_per_type_srcc"]) for m in models)
            + " | "
            + " / ".join(_f(r[m]["mean_within_photo_srcc"]) for m in models)
            + " | "
            + " / ".join(_f(r[m]["mean_within_photo_type_srcc"]) for m in models)
            + " | "
            + (f"{cmp['types_beating_all_baselines']} / {cmp['types']}" if cmp else "-")
            + " | "
            + " / ".join(_f(pr.get(k), 1) for k in ("min", "q1", "median", "q3", "max"))
            + f" | {pr.get('below', 'n/a')} of {pr.get('n', 0)} | "
            + " / ".join(_f(r[m]["level1_above_pristine"]["share"], 2) for m in models)
            + " |"
        )
    return lines


def _per_type(s: dict, models, ours, others) -> list[str]:
    r = s["results"]
    o = r[ours]
    wins = (s["comparison"] or {}).get("beats_all_per_type", {})
    out = [
        f"## {slice_name(s)}",
        "",
        f"Labels: `{s['labels']}` (under the report's work folder).",
        "",
    ]
    unscored = [
        f"{n} {r[m]['unscored']}"
        for n, m in zip(["ours", *others], models)
        if r[m].get("unscored")
    ]
    if unscored:
        out += [
            f"Images without a score (NaN; left out of every figure): "
            f"{', '.join(unscored)}.",
            "",
        ]
    below = o.get("pristine", {}).get("below_photos")
    if below:
        out += [f"Pristine photos below the threshold: {', '.join(below)}.", ""]
    out += [
        "| type | ours | " + " | ".join(others) + " | ours best |",
        "|---" * (len(models) + 2) + "|",
    ]
    for t, v in o["per_type_srcc"].items():
        cells = [_f(v)] + [_f(r[m]["per_type_srcc"].get(t)) for m in others]
        out.append(
            f"| {t} | " + " | ".join(cells) + f" | {'yes' if wins.get(t) else 'no'} |"
        )
    return out + [""]


def _timing(report: dict) -> list[str]:
    names = ["ours", *report["models"][1:]]
    out = [
        "## Time",
        "",
        "Wall and CPU (user + system) seconds of what this run did; plan with CPU time "
        "on a shared machine. Cached scores cost nothing and are not counted.",
        "",
        "| slice | writing images: wall / CPU s | "
        + " | ".join(f"{n}: images scored now, wall / CPU s per image" for n in names)
        + " |",
        "|---" * (len(names) + 2) + "|",
    ]
    for s in report["slices"]:
        tm = s["timing"]
        cells = []
        for m in report["models"]:
            n = tm[m]["images"]
            per = [tm[m][k] / n if n else None for k in ("seconds", "cpu_seconds")]
            cells.append(f"{n}, {_f(per[0], 2)} / {_f(per[1], 2)}" if n else "0")
        out.append(
            f"| {s['key']} | {tm['generate_seconds']:.0f} / "
            f"{tm['generate_cpu_seconds']:.0f} | " + " | ".join(cells) + " |"
        )
    return out + [""]


def plot(report: dict, path) -> None:
    """Writes bars of per-type SRCC, one panel per slice, one bar colour per model."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    slices, models = report["slices"], report["models"]
    fig, axes = plt.subplots(
        len(slices), 1, figsize=(12, 3.2 * len(slices)), squeeze=False
    )
    width = 0.8 / len(models)
    for ax, s in zip(axes[:, 0], slices):
        types = list(s["results"][models[0]]["per_type_srcc"])
        x = np.arange(len(types))
        for i, m in enumerate(models):
            per = s["results"][m]["per_type_srcc"]
            v = [per.get(t) for t in types]
            v = [np.nan if a is None else a for a in v]
            ax.bar(
                x + (i - (len(models) - 1) / 2) * width,
                v,
                width,
                label=f"ours ({m})" if i == 0 else m,
            )
        ax.set_xticks(
            x, [t.replace("_", " ") for t in types], rotation=40, ha="right", fontsize=7
        )
        low = np.nanmin(
            [
                s["results"][m]["per_type_srcc"].get(t) or 0
                for m in models
                for t in types
            ]
            + [0.0]
        )
        ax.set_ylim(min(-0.2, np.floor(low * 5) / 5), 1.0)
        ax.axhline(0, color="black", linewidth=0.5)
        ax.set_ylabel("SRCC per type")
        ax.set_title(slice_name(s), fontsize=9)
        ax.grid(axis="y", alpha=0.3)
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper center", ncol=len(models), fontsize=8)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.3 / (3.2 * len(slices))))
    fig.savefig(path, dpi=90)
    plt.close(fig)
