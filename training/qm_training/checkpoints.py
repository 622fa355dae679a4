"""A training run's YAML config and its checkpoints, read back for evaluation and
export.

``train_contrique`` checkpoints hold the low-level encoder (``config``, ``model``,
``step``); ``train_vl`` checkpoints and weights hold the dual encoder with its config
and tokenizer.
"""

from __future__ import annotations

from pathlib import Path

import torch
import yaml

from . import tokenizer as T
from .archs import build_arch
from .data import TRAINING_DIR


def load_config(path) -> dict:
    """Reads a run config; a relative path not found from the working folder is read
    from ``training/`` (``configs/...`` works from either)."""
    path = Path(path)
    if not path.is_absolute() and not path.exists():
        path = TRAINING_DIR / path
    return yaml.safe_load(path.read_text())


def load_encoder(path):
    """Returns (low-level encoder in eval mode, checkpoint dict) of a train_contrique
    checkpoint."""
    ckpt = torch.load(path, map_location="cpu")
    model = build_arch(ckpt["config"]["arch"])
    model.load_state_dict(ckpt["model"])
    return model.encoder.eval(), ckpt


def build_vl_model(cfg: dict, tokenizer: dict):
    """Builds the dual encoder a train_vl config names, sized for ``tokenizer``."""
    return build_arch(cfg.get("arch", "qmclip"), variant=cfg["variant"],
                      vocab_size=T.vocab_size(tokenizer),
                      context_length=int(tokenizer["context_length"]))


def load_vl_model(weights: Path):
    """Returns (model in eval mode, config, tokenizer, step) from weights/ckpt.pt."""
    state = torch.load(weights, map_location="cpu")
    cfg, tokenizer = state["config"], state["tokenizer"]
    model = build_vl_model(cfg, tokenizer)
    model.load_state_dict({k: v.float() if v.is_floating_point() else v
                           for k, v in state["model"].items()})
    return model.eval(), cfg, tokenizer, int(state.get("step", 0))
