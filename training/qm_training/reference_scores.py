"""Scores image files with the Python reference of a bundle; prints JSON to stdout.

Used by the Java parity test: the same TorchScript and preprocessing in torch, so that
Java's scores can be checked against an independent implementation.

    cd training
    /usr/bin/python3 -m qm_training.reference_scores --bundle DIR a.png b.png

``training/reference_scores.py`` runs the same (the Java parity test starts that file).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import torch
from PIL import Image


from qm_training.reference import ReferenceScorer


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bundle", required=True, type=Path)
    p.add_argument("files", nargs="+", type=Path)
    args = p.parse_args(argv)
    torch.set_num_threads(2)
    scorer = ReferenceScorer(args.bundle)
    images = [Image.open(f).convert("RGB") for f in args.files]
    results = scorer.results(images)
    for f, r in zip(args.files, results):
        r["file"] = str(f)
    json.dump(results, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
