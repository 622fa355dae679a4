"""The run configs under configs/: named after their files, chained to existing runs."""

from pathlib import Path

import pytest

from qm_training.archs import ARCH_REGISTRY
from qm_training.archs import clip_arch
from qm_training.checkpoints import load_config
from qm_training.data import TRAINING_DIR

CONFIGS = sorted((TRAINING_DIR / "configs").glob("*/*.yml"))
RUN_CONFIGS = {p: load_config(p) for p in CONFIGS}


def _run_refs(cfg: dict) -> list:
    """The ``runs/<name>/...`` paths a config reads: a start, a cache."""
    refs = [cfg.get("init_from"), cfg.get("cache"),
            cfg.get("data", {}).get("cache", {}).get("file")]
    return [r for r in refs if isinstance(r, str) and r.startswith("runs/")]


def test_there_are_run_configs_of_both_branches():
    folders = {p.parent.name for p in CONFIGS}
    assert {"contrique", "qmclip"} <= folders


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.name)
def test_a_config_is_named_after_its_file_or_continues_the_run_of_another(path):
    stems = {p.stem for p in CONFIGS}
    name = RUN_CONFIGS[path]["name"]
    assert name == path.stem or (name in stems and path.stem.startswith(name + "_"))


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.name)
def test_a_config_reads_only_runs_that_other_configs_write(path):
    names = {cfg["name"] for cfg in RUN_CONFIGS.values()}
    for ref in _run_refs(RUN_CONFIGS[path]):
        assert Path(ref).parts[1] in names, f"{path.name}: {ref}"


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.name)
def test_a_training_config_names_a_registered_architecture_and_a_split_file(path):
    cfg = RUN_CONFIGS[path]
    if "refit" in cfg and "arch" not in cfg:
        return  # a projection refit of a bundle's branch: no architecture of its own
    assert cfg["arch"] in ARCH_REGISTRY
    if cfg["arch"] == "qmclip":
        assert cfg["variant"] in clip_arch.VARIANTS
    assert (TRAINING_DIR / cfg["splits"]).is_file()
