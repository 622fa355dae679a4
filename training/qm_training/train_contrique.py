"""Trains the CONTRIQUE-style low-level encoder; checkpoints resume on restart.

    cd training
    /usr/bin/python3 -m qm_training.train_contrique \
        --config configs/contrique/contrique_r10_w32_kadid.yml

Checkpoints go to ``runs/<name>/last.pt`` (every few minutes and at the end); running
the same command again resumes from it. The log is printed and appended to
``runs/<name>/train.log``. A run whose config names ``init_from`` starts from another
run's checkpoint or from a bundle's encoder (a bundle folder or its ``lowlevel.pt``; see
:mod:`qm_training.recover`: its projection head is new, so ``optim.head_only_steps``
trains the head alone first) instead of random weights. ``loss.severity_weight``
adds :func:`qm_training.losses.severity_loss` through a linear read-out of the encoder
features (kept in the checkpoint, not exported).
"""

from __future__ import annotations

import argparse
import math
import os
import time
from pathlib import Path

# Idle OpenMP threads sleep instead of spinning: on a shared CPU that burns our share.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from qm_training import data, losses, provenance, recover  # noqa: E402
from qm_training import distortions as D  # noqa: E402
from qm_training.archs import build_arch  # noqa: E402
from qm_training.checkpoints import load_config  # noqa: E402
from qm_training.data import TRAINING_DIR  # noqa: E402


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--config", required=True, help="YAML run configuration")
    p.add_argument("--data-root", help="folder holding kodak24/, mcmaster/, live1/")
    p.add_argument("--time-budget-min", type=float, help="override run.time_budget_min")
    p.add_argument("--threads", type=int, default=2, help="torch CPU threads")
    return p.parse_args(argv)


def lr_at(step: int, optim_cfg: dict, time_frac: float = 0.0) -> float:
    """Linear warm-up then cosine decay to 2% of the peak.

    Progress is the larger of ``step / max_steps`` and ``time_frac`` (training time
    over the time budget), so on a shared, slower CPU the schedule still ends when the
    budget does.
    """
    peak, warm = optim_cfg["lr"], optim_cfg["warmup_steps"]
    total = optim_cfg["max_steps"]
    if step < warm:
        return peak * (step + 1) / warm
    t = min(1.0, max((step - warm) / max(1, total - warm), time_frac))
    return peak * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * t)))


class Logger:
    """Prints a line and appends it to the run's log file."""

    def __init__(self, path: Path):
        self.path = path

    def __call__(self, msg: str) -> None:
        line = f"{time.strftime('%H:%M:%S')} {msg}"
        print(line, flush=True)
        with self.path.open("a") as f:
            f.write(line + "\n")


def save_checkpoint(path: Path, model, opt, step: int, cfg: dict, train_s: float,
                    readout=None):
    tmp = path.with_suffix(".tmp")
    state = {
        "model": model.state_dict(),
        "optimizer": opt.state_dict(),
        "step": step,
        "config": cfg,
        "train_seconds": train_s,
    }
    if readout is not None:
        state["severity_readout"] = readout.state_dict()
    torch.save(state, tmp)
    tmp.replace(path)


def main(argv=None) -> int:
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    cfg = load_config(args.config)
    run_dir = TRAINING_DIR / "runs" / cfg["name"]
    run_dir.mkdir(parents=True, exist_ok=True)
    log = Logger(run_dir / "train.log")
    splits = data.load_splits(cfg["splits"], args.data_root)
    optim_cfg, run_cfg, loss_cfg = cfg["optim"], cfg["run"], cfg["loss"]

    model = build_arch(cfg["arch"])
    severity_weight = float(loss_cfg.get("severity_weight", 0.0))
    readout = torch.nn.Linear(model.encoder.feature_dim, 1)
    params = list(model.parameters()) + (
        list(readout.parameters()) if severity_weight else []
    )
    opt = torch.optim.AdamW(
        params, lr=optim_cfg["lr"], weight_decay=optim_cfg["weight_decay"]
    )
    ckpt_path = run_dir / "last.pt"
    step, train_s = 0, 0.0
    if ckpt_path.exists():
        ckpt = torch.load(ckpt_path, map_location="cpu")
        model.load_state_dict(ckpt["model"])
        if "severity_readout" in ckpt:
            readout.load_state_dict(ckpt["severity_readout"])
        opt.load_state_dict(ckpt["optimizer"])
        step, train_s = ckpt["step"], ckpt.get("train_seconds", 0.0)
        # where the run started is known only to its first process: keep it
        for key in ("init_from_bundle", "init_from_run"):
            if key in ckpt["config"]:
                cfg[key] = ckpt["config"][key]
        log(f"resumed from {ckpt_path} at step {step} ({train_s / 60:.1f} min trained)")
    elif cfg.get("init_from"):
        source = TRAINING_DIR / cfg["init_from"]
        if source.is_dir() or recover.is_torchscript(source):
            sample = data.PatchBatches(splits["train"], cfg["data"], cfg["seed"] + 1, 8)
            views = torch.cat([sample[i][0] for i in range(len(sample))])
            recover.load_bundle_encoder(source, model.encoder, views, log)
            cfg["init_from_bundle"] = recover.bundle_identity(source)
            log(f"new run {cfg['name']} from the bundle encoder {cfg['init_from']}")
        else:
            init = torch.load(source, map_location="cpu")
            model.load_state_dict(init["model"])
            cfg["init_from_run"] = provenance.parent_run(init)
            log(f"new run {cfg['name']} from {cfg['init_from']} (step {init['step']})")
    else:
        log(f"new run {cfg['name']}: {cfg['arch']}, "
            f"{len(splits['train'])} train photos")

    total = optim_cfg["max_steps"]
    dataset = data.PatchBatches(splits["train"], cfg["data"], cfg["seed"], total)
    workers = int(cfg["data"].get("workers", 1))
    loader = torch.utils.data.DataLoader(
        dataset,
        batch_size=None,
        sampler=range(step, total),
        num_workers=workers,
        **({"prefetch_factor": 4, "worker_init_fn": lambda _: torch.set_num_threads(1)}
           if workers else {}),
    )
    budget_s = 60 * (args.time_budget_min or run_cfg["time_budget_min"])
    start = last_ckpt = time.time()
    seen_train_s = train_s
    model.train()
    head_only = int(optim_cfg.get("head_only_steps", 0))
    avg_loss = avg_acc = avg_sev = None
    for views, labels, quality in loader:
        lr = lr_at(step, optim_cfg, train_s / budget_s)
        for group in opt.param_groups:
            group["lr"] = lr
        train_encoder = step >= head_only  # else the new projection head trains alone
        with torch.set_grad_enabled(train_encoder):
            h = model.encoder.train(train_encoder)(views)
        z = F.normalize(model.head(h), dim=1)
        loss = losses.multi_positive_nt_xent(
            z,
            labels,
            quality,
            temperature=loss_cfg["temperature"],
            weight_floor=loss_cfg.get("negative_weight_floor", 0.0),
            weight_scale=loss_cfg.get("negative_weight_scale", 0.15),
        )
        if severity_weight:
            severity = losses.severity_loss(readout(h)[:, 0], labels, D.LEVELS)
            loss = loss + severity_weight * severity
            avg_sev = (
                severity.item()
                if avg_sev is None
                else 0.9 * avg_sev + 0.1 * severity.item()
            )
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        step += 1
        acc = losses.neighbour_accuracy(z.detach(), labels)
        value = loss.item()
        avg_loss = value if avg_loss is None else 0.9 * avg_loss + 0.1 * value
        avg_acc = acc if avg_acc is None else 0.9 * avg_acc + 0.1 * acc
        now = time.time()
        train_s = seen_train_s + (now - start)
        if step % run_cfg["log_every_steps"] == 0:
            log(
                f"step {step}/{total} loss {avg_loss:.4f} nn-acc {avg_acc:.3f} "
                + (f"severity-mse {avg_sev:.4f} " if avg_sev is not None else "")
                + f"lr {lr:.2e} {train_s / 60:.1f} min"
            )
        done = step >= total or train_s >= budget_s
        if done or now - last_ckpt >= 60 * run_cfg["checkpoint_every_min"]:
            save_checkpoint(ckpt_path, model, opt, step, cfg, train_s,
                            readout if severity_weight else None)
            last_ckpt = now
            log(f"checkpoint step {step} -> {ckpt_path}")
        if done:
            break
    log(f"stopped at step {step}/{total} after {train_s / 60:.1f} min of training")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
