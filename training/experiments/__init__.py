"""One-off experiments on the training side; none of them builds a shipped bundle.

Run from ``training/`` as modules, e.g. ``/usr/bin/python3 -m
experiments.heads_on_features heldout``; they import :mod:`qm_training` and the
measurements they made are dated in ``docs/evaluation/history.md``.
"""
