"""Runs :mod:`qm_training.bench_torchscript`: ``quality-monitor bench model`` starts
this file by path (``/usr/bin/python3 training/bench_torchscript.py``, BenchOptions)."""

from qm_training.bench_torchscript import main

if __name__ == "__main__":
    raise SystemExit(main())
