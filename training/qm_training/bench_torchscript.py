"""The Python side of ``quality-monitor bench model``: same bundle and images, in torch.

Loads a bundle with :class:`qm_training.reference.ReferenceScorer` and the images of a
folder (decoded before timing), prints ``{"ready": ...}``, then for each batch size read
from stdin (one per line) scores batches cycling through the images (warm-up first) and
prints one JSON line: batch, images_per_second, p50_ms, p99_ms, batches. The Java
benchmark drives it this way so that both runtimes are measured in turn, under the
same machine load.

    cd training && /usr/bin/python3 -m qm_training.bench_torchscript \
        --bundle ../models/default --images /tmp/bench-images --threads 2 < sizes.txt

``training/bench_torchscript.py`` runs the same (the Java side starts that file by
path).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

import torch
from PIL import Image


from qm_training.reference import ReferenceScorer


def percentile(values, p):
    """Returns the nearest-rank percentile, as the Java side computes it."""
    s = sorted(values)
    rank = math.ceil(p / 100.0 * len(s))
    return s[max(0, min(len(s) - 1, rank - 1))]


def measure(scorer, images, batch, warmup, min_batches, min_seconds) -> dict:
    """Returns throughput and batch latency of ``scorer.score`` at one batch size."""
    nxt = 0

    def take():
        nonlocal nxt
        out = [images[(nxt + i) % len(images)] for i in range(batch)]
        nxt += batch
        return out

    for _ in range(warmup):
        scorer.score(take())
    latencies = []
    start = time.perf_counter()
    elapsed = 0.0
    while len(latencies) < min_batches or elapsed < min_seconds:
        b = take()
        t = time.perf_counter()
        scorer.score(b)
        latencies.append(time.perf_counter() - t)
        elapsed = time.perf_counter() - start
    return {"batch": batch,
            "images_per_second": len(latencies) * batch / elapsed,
            "p50_ms": percentile(latencies, 50) * 1000,
            "p99_ms": percentile(latencies, 99) * 1000,
            "batches": len(latencies)}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bundle", required=True, type=Path)
    p.add_argument("--images", required=True, type=Path)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--pass-max-views", type=int, default=0,
                   help="crops per forward pass, as the Java runtime's "
                   "model.pass.max.views (0: all at once)")
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--min-batches", type=int, default=5)
    p.add_argument("--min-seconds", type=float, default=3.0)
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    scorer = ReferenceScorer(args.bundle, args.pass_max_views or None)
    files = sorted(f for f in args.images.iterdir() if f.suffix.lower() == ".png")
    images = [Image.open(f).convert("RGB") for f in files]
    if not images:
        print(json.dumps({"error": f"no .png images in {args.images}"}), flush=True)
        return 2
    ready = {"ready": True, "torch": torch.__version__, "images": len(images)}
    print(json.dumps(ready), flush=True)
    with torch.no_grad():
        for line in sys.stdin:
            line = line.strip()
            if not line or line == "quit":
                break
            result = measure(scorer, images, int(line), args.warmup, args.min_batches,
                             args.min_seconds)
            print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
