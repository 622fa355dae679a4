"""What a low-level encoder run was trained on, in words: the ``trained_on`` notes of an
exported bundle, and the record a run keeps of the run or bundle it started from, so
that an encoder trained in several runs names all of them."""

from __future__ import annotations

EPOCH_NOTE = "; an epoch here = each (photo, class) pair once."


def parent_run(ckpt: dict) -> dict:
    """The record a run started from checkpoint ``ckpt`` keeps in its config
    (``init_from_run``): that run's name, step and :func:`run_notes`."""
    return {
        "name": ckpt["config"]["name"],
        "step": ckpt["step"],
        "notes": run_notes(ckpt),
    }


def run_notes(ckpt: dict) -> str:
    """How the encoder in ``ckpt`` was trained, its starting point first
    (``init_from_bundle`` or ``init_from_run`` in the checkpoint's config)."""
    cfg = ckpt["config"]
    d = cfg["data"]
    bundle, run = cfg.get("init_from_bundle"), cfg.get("init_from_run")
    if bundle:
        start = (f"started from the encoder of {bundle['name']} {bundle['version']} "
                 f"({bundle['encoder_notes']}), then ")
    elif run:
        start = (f"started from run {run['name']} at step {run['step']} "
                 f"({run['notes']}), then ")
    else:
        start = ""
    severity = float(cfg["loss"].get("severity_weight", 0.0))
    return (
        f"{start}multi-positive NT-Xent (tau {cfg['loss']['temperature']}) with "
        "GRepQ-style SSIM-gap negative weights, two scales, "
        f"{d['patch']} px patches"
        + (f", plus a shared-severity read-out (weight {severity:g}, MSE of a linear "
           "read-out of the features to level / 5)" if severity else "")
        + f"; {ckpt['step']} steps x "
        f"{d['classes_per_batch'] * d['per_class']} regions x 2 scales; "
        f"{ckpt.get('train_seconds', 0) / 60:.0f} CPU minutes (2 shared cores)"
        + (" in this run" if start else "")
    )


def trained_on_scratch(ckpt: dict) -> bool:
    """Whether the run in ``ckpt`` started from random weights."""
    cfg = ckpt["config"]
    return not (cfg.get("init_from_bundle") or cfg.get("init_from_run"))
