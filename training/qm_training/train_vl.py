"""Trains the vision-language branch on synthesised (distorted crop, caption) pairs.

Symmetric image-text InfoNCE plus GRepQ's prompt-pair objective (quality and the five
attribute pairs), on the training photos of ``configs/splits.yml`` only. With a cache
(CPU configs) the run ends by refitting the image projection on frozen features
(:mod:`qm_training.vl_refit`). With ``ladders`` in the config each step also ranks the
five levels of one distorted region (:func:`qm_training.vl_data.build_ladders`,
RankNet loss on the type's attribute pair and on the quality pair). Checkpoints go
to ``runs/<name>/ckpt.pt`` (full, resumable) and ``runs/<name>/weights.pt`` (model
only, float16, for export); a run started again with the same config resumes.

    cd training
    /usr/bin/python3 -m qm_training.train_vl \\
        --config configs/qmclip/qmclip_cpu_captions.yml
    /usr/bin/python3 -m qm_training.train_vl \\
        --config configs/qmclip/qmclip_cpu_captions.yml \\
        --time-budget-min 3 --threads 1          # smoke run
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from pathlib import Path

import torch
from scipy import stats

from qm_training import tokenizer as T
from qm_training.archs.clip_arch import MAX_PAIR_SCALE
from qm_training.captions import DEFAULT_PROMPTS, PAIR_ORDER
from qm_training.checkpoints import build_vl_model, load_config
from qm_training.data import TRAINING_DIR, load_splits
from qm_training.vl_data import (
    CachedPairs,
    CaptionPairs,
    Ladders,
    build_cache,
    build_ladders,
    epoch_indices,
)
from qm_training.vl_refit import refit_projection
from qm_training.vl_losses import (
    ladder_rank_loss,
    multi_positive_infonce,
    pair_logits,
    positives,
    prompt_pair_loss,
)


def make_optimizer(model, optim: dict):
    """AdamW; the text tower's rate is ``text_lr_mult`` times the image tower's, so
    the prompt directions that the image side learns to read move slowly."""
    text = [p for n, p in model.named_parameters() if n.startswith("text.")]
    rest = [p for n, p in model.named_parameters() if not n.startswith("text.")]
    mult = float(optim.get("text_lr_mult", 1.0))
    return torch.optim.AdamW([{"params": rest, "lr_mult": 1.0},
                              {"params": text, "lr_mult": mult}],
                             lr=optim["lr"], weight_decay=float(optim["weight_decay"]))


def lr_at(step: int, optim: dict) -> float:
    warm, total = int(optim["warmup_steps"]), int(optim["max_steps"])
    if step < warm:
        return optim["lr"] * (step + 1) / warm
    t = min(1.0, (step - warm) / max(1, total - warm))
    return optim["lr"] * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * t)))


def save(run_dir: Path, model, opt, step: int, cfg: dict, tokenizer: dict) -> None:
    state = {"model": model.state_dict(), "opt": opt.state_dict(), "step": step,
             "config": cfg, "tokenizer": tokenizer}
    tmp = run_dir / "ckpt.pt.tmp"
    torch.save(state, tmp)
    os.replace(tmp, run_dir / "ckpt.pt")
    half = {k: v.half() if v.is_floating_point() else v
            for k, v in model.state_dict().items()}
    torch.save({"model": half, "step": step, "config": cfg, "tokenizer": tokenizer},
               run_dir / "weights.pt.tmp")
    os.replace(run_dir / "weights.pt.tmp", run_dir / "weights.pt")


def make_loader(cfg: dict, photos: list, tokenizer: dict, start: int, run_dir: Path):
    """Returns the loader of captioned views of training ``photos`` from step ``start``.

    With ``data.cache`` the distorted views are built first (resumable, own time
    budget) and reused over epochs with fresh captions; else every item is new.
    """
    data, optim = cfg["data"], cfg["optim"]
    bs = int(optim["batch_size"])
    seed = int(cfg["seed"])
    if data.get("cache"):
        cc = data["cache"]
        cache_file = (
            TRAINING_DIR / cc["file"] if cc.get("file") else run_dir / "cache.pt"
        )
        cache = build_cache(photos, data, seed, cache_file,
                            int(cc["distorted_photos"]), float(cc["budget_min"]) * 60)
        ds = CachedPairs(cache, tokenizer, seed, int(data["size"]))
        print(f"cache: {cache['next']} distorted photos, {len(ds)} views", flush=True)
        sampler = epoch_indices(len(ds), seed, start * bs)
    else:
        ds = CaptionPairs(photos, data, tokenizer, seed)
        sampler = range(start * bs, int(optim["max_steps"]) * bs)
    workers = int(data.get("workers", 0))
    extra = {"persistent_workers": True, "prefetch_factor": 4} if workers else {}
    return torch.utils.data.DataLoader(
        ds, batch_size=bs, sampler=sampler, num_workers=workers, drop_last=True,
        worker_init_fn=lambda _: torch.set_num_threads(1), **extra)


def make_ladder_loader(cfg: dict, photos: list, start: int, run_dir: Path):
    """Returns the loader of level ladders (``ladders`` in the config) of training
    ``photos`` from step ``start``, or None without them; the ladders are built first
    (resumable, own time budget)."""
    lc = cfg.get("ladders")
    if not lc:
        return None
    data = dict(cfg["data"], ladders=lc)
    ladders = build_ladders(photos, data, int(cfg["seed"]), run_dir / "ladders.pt",
                            int(lc["count"]), float(lc["budget_min"]) * 60)
    ds = Ladders(ladders, int(cfg["seed"]), PAIR_ORDER)
    kinds = {t: ladders["types"].count(t) for t in sorted(set(ladders["types"]))}
    print(f"ladders: {len(ds)} ({', '.join(f'{k} {v}' for k, v in kinds.items())})",
          flush=True)
    bs = int(lc["batch_size"])
    return torch.utils.data.DataLoader(ds, batch_size=bs, drop_last=True,
                                       sampler=epoch_indices(len(ds), int(cfg["seed"]),
                                                             start * bs))


def prompt_ids(tokenizer: dict, device) -> torch.Tensor:
    texts = [t for k in PAIR_ORDER for t in DEFAULT_PROMPTS[k]]
    return T.encode(texts, tokenizer).to(device)


def train_step(model, batch, prompts, loss_cfg, device, amp, ladder=None):
    images = batch["image"].to(device, non_blocking=True)
    ids = batch["ids"].to(device, non_blocking=True)
    n = images.shape[0]
    if ladder is not None:
        # one forward pass with the caption batch: a batch of 8 regions x 5 levels alone
        # would give the batch norms statistics of its own, which the model could read
        views = ladder["images"].to(device)
        b, levels = views.shape[:2]
        images = torch.cat([images, views.flatten(0, 1)])
    with torch.autocast(device.type, dtype=torch.bfloat16, enabled=amp):
        img, txt = model(images, ids)
        pe = model.encode_text(prompts)
    img, txt, pe = img.float(), txt.float(), pe.float()
    img, ladder_img = img[:n], img[n:]
    scale = model.scale()
    nce = multi_positive_infonce(scale * img @ txt.T, positives(batch["key"], device))
    # As GRepQ, the prompt-pair objectives train the image side only: through the
    # text side they would first pull each pair's two prompts together (a logit of 0
    # is the cheapest answer while the image features are still uninformative).
    pe = pe.detach()
    logits = pair_logits(img, pe[0::2], pe[1::2], model.pair_scale())
    q = batch["quality"].to(device)
    att = batch["attributes"].to(device)
    lq = prompt_pair_loss(logits[:, 0], q)
    la = prompt_pair_loss(logits[:, 1:], att)
    loss = loss_cfg.get("nce_weight", 1.0) * nce + loss_cfg["quality_weight"] * lq \
        + loss_cfg["attribute_weight"] * la
    extra = {}
    if ladder is not None:
        # the levels of one region in order, on the type's attribute pair and on quality
        lg = pair_logits(ladder_img, pe[0::2], pe[1::2], model.pair_scale())
        lg = lg.view(b, levels, -1)
        att_lg = lg.gather(
            2, ladder["pair"].to(device).view(b, 1, 1).expand(b, levels, 1)
        )
        lr_att = ladder_rank_loss(att_lg[..., 0])
        lr_q = ladder_rank_loss(lg[..., 0])
        loss = loss + loss_cfg.get("ladder_weight", 1.0) * (lr_att + lr_q)
        extra = {"rank_att": lr_att.item(), "rank_q": lr_q.item()}
    rho = stats.spearmanr(logits[:, 0].detach().cpu().numpy(), q.cpu().numpy())[0]
    return loss, {"nce": nce.item(), "quality": lq.item(), "attr": la.item(),
                  "scale": scale.item(), "pair_scale": model.pair_scale().item(),
                  "srcc_q": float(rho), **extra}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--run-dir", type=Path, help="default: runs/<config name>")
    parser.add_argument("--time-budget-min", type=float)
    parser.add_argument("--threads", type=int)
    parser.add_argument("--max-steps", type=int, help="override optim.max_steps")
    parser.add_argument("--cache-budget-min", type=float,
                        help="override data.cache.budget_min")
    parser.add_argument("--init", type=Path, help="start from a weights.pt / ckpt.pt")
    parser.add_argument(
        "--cache-only",
        action="store_true",
        help="build the cache (and ladders) and stop: another run may still "
        "be training, or the --init weights may not exist yet",
    )
    args = parser.parse_args(argv)
    cfg = load_config(args.config)
    run = cfg["run"]
    if args.cache_budget_min is not None and cfg["data"].get("cache"):
        cfg["data"]["cache"]["budget_min"] = args.cache_budget_min
    if args.max_steps:
        cfg["optim"]["max_steps"] = args.max_steps
    budget = args.time_budget_min or float(run["time_budget_min"])
    torch.set_num_threads(args.threads or int(run.get("threads", 2)))
    want = run.get("device", "auto")
    device = torch.device("cuda" if want == "auto" and torch.cuda.is_available()
                          else "cpu" if want == "auto" else want)
    amp = device.type == "cuda"
    run_dir = args.run_dir or TRAINING_DIR / "runs" / cfg["name"]
    run_dir.mkdir(parents=True, exist_ok=True)

    tokenizer = T.caption_tokenizer(int(cfg["tokenizer"]["context_length"]))
    torch.manual_seed(int(cfg["seed"]))
    model = build_vl_model(cfg, tokenizer).to(device)
    opt = make_optimizer(model, cfg["optim"])
    step = 0
    ckpt = run_dir / "ckpt.pt"
    if ckpt.exists():
        state = torch.load(ckpt, map_location=device)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["opt"])
        step, tokenizer = int(state["step"]), state["tokenizer"]
        print(f"resumed {ckpt} at step {step}", flush=True)
    elif args.init and not args.cache_only:
        state = torch.load(args.init, map_location=device)
        model.load_state_dict({k: v.float() if v.is_floating_point() else v
                               for k, v in state["model"].items()})
        print(f"initialised from {args.init} (step {state.get('step')})", flush=True)
    total = int(cfg["optim"]["max_steps"])
    if step >= total:
        print(f"already at step {step} of {total}; nothing to do")
        return 0
    photos = load_splits(cfg["splits"], cfg.get("data_root"))["train"]
    loader = make_loader(cfg, photos, tokenizer, step, run_dir)
    ladder_loader = make_ladder_loader(cfg, photos, step, run_dir)
    if args.cache_only:
        return 0
    ladder_iter = iter(ladder_loader) if ladder_loader is not None else None
    prompts = prompt_ids(tokenizer, device)
    params = sum(p.numel() for p in model.parameters()) / 1e6
    print(f"{cfg['name']}: {params:.2f}M parameters, {len(photos)} training photos, "
          f"device {device}, steps {step}..{total}, budget {budget} min", flush=True)

    start = last_ckpt = time.time()  # the budget counts training, not the cache
    model.train()
    if cfg["optim"].get("freeze_batchnorm"):
        # a fine-tune keeps the running statistics the model was trained and exported
        # with
        for m in model.modules():
            if isinstance(m, torch.nn.modules.batchnorm._BatchNorm):
                m.eval()
    log_every = int(run.get("log_every_steps", 10))
    for batch in loader:
        for g in opt.param_groups:
            g["lr"] = lr_at(step, cfg["optim"]) * g["lr_mult"]
        ladder = next(ladder_iter) if ladder_iter is not None else None
        loss, parts = train_step(
            model, batch, prompts, cfg["loss"], device, amp, ladder
        )
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        with torch.no_grad():
            model.logit_scale.clamp_(0.0, math.log(100.0))
            model.pair_logit_scale.clamp_(0.0, math.log(MAX_PAIR_SCALE))
        step += 1
        now = time.time()
        if step % log_every == 0 or step == total:
            rate = (now - start) / 60.0
            print(f"step {step}/{total} loss {loss.item():.3f} "
                  + " ".join(f"{k} {v:.3f}" for k, v in parts.items())
                  + f" lr {opt.param_groups[0]['lr']:.2e} {rate:.1f} min", flush=True)
        out_of_time = now - start > budget * 60
        if now - last_ckpt > float(run["checkpoint_every_min"]) * 60 or out_of_time \
                or step == total:
            save(run_dir, model, opt, step, cfg, tokenizer)
            last_ckpt = now
        if out_of_time:
            print(f"time budget of {budget} min reached at step {step}", flush=True)
            break
        if step >= total:
            break
    save(run_dir, model, opt, step, cfg, tokenizer)
    print(f"saved {run_dir / 'ckpt.pt'} at step {step}", flush=True)
    refit = cfg.get("refit", {})
    if int(refit.get("steps", 0)) > 0 and isinstance(loader.dataset, CachedPairs):
        t0 = time.time()
        model.cpu()
        losses = refit_projection(model, loader.dataset, tokenizer, PAIR_ORDER,
                                  steps=int(refit["steps"]), lr=float(refit["lr"]),
                                  nce_weight=float(refit["nce_weight"]),
                                  max_views=int(refit.get("max_views", 4000)))
        save(run_dir, model, opt, step, cfg, tokenizer)
        print(f"refitted the projection on {len(loader.dataset)} views in "
              f"{(time.time() - t0) / 60:.1f} min: "
              + " ".join(f"{k} {v:.3f}" for k, v in losses.items()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
