"""Caches a bundle's per-image features of a labelled image folder, for experiments on
heads.

For every row of ``ROOT/labels.csv``: the low-level features as the runtime computes
them (``ReferenceScorer``) and the vision-language tower's pooled features before its
projection, per view (``vl_surgery.split_image_tower``; float16), so that projections
and read-outs can be tried without running the encoders again. Resumable: one
``cNNNN.npz`` per 20 images. The low-level features alone (what
``qm_training.train_vl_lit`` reads) come from ``python3 -m qm_training.feature_cache``,
which writes the same files with ``h`` empty.

    cd training
    /usr/bin/python3 -m experiments.cache_features ../models/default \\
        runs/trainset-full runs/feats/train
    VL_ONLY=1 ... (skips the low-level branch, e.g. for another VL encoder)

Used for docs/evaluation/history.md ("The combined head on photos the VL encoder never
saw").
"""

import multiprocessing as mp
import os
import sys
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from qm_training.feature_cache import pending_chunks
from qm_training.reference import ReferenceScorer, vl_views
from qm_training.vl_surgery import split_image_tower

_W = {}


def _init(bundle):
    torch.set_num_threads(1)
    scorer = ReferenceScorer(bundle)
    inp = scorer.vl["input"]
    _W["scorer"] = scorer
    _W["features"] = split_image_tower(
        scorer.vl_module, int(inp.get("crop_size", inp.get("size")))).features_fn()


def _work(task):
    k, paths = task
    s = _W["scorer"]
    imgs = [Image.open(p).convert("RGB") for p in paths]
    with torch.no_grad():
        if os.environ.get("VL_ONLY"):
            low = np.zeros((len(imgs), 0), np.float32)
        else:
            low = s._lowlevel(imgs).numpy().astype(np.float32)
        h = torch.stack([_W["features"](vl_views(i, s.vl["input"])) for i in imgs])
    return k, low, h.numpy().astype(np.float16)


def main(argv) -> int:
    bundle, root, out = argv[0], Path(argv[1]), Path(argv[2])
    workers = int(argv[3]) if len(argv) > 3 else 2
    tasks = pending_chunks(root, out)
    t0 = time.time()
    with mp.get_context("fork").Pool(workers, _init, (bundle,)) as pool:
        for n, (k, low, h) in enumerate(pool.imap_unordered(_work, tasks), 1):
            np.savez(out / f"c{k:04d}.npz", low=low, h=h)
            if n % 5 == 0:
                print(f"{n}/{len(tasks)} chunks {time.time() - t0:.0f}s", flush=True)
    print(f"done {time.time() - t0:.0f}s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
