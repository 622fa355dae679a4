"""Runs :mod:`qm_training.reference_scores`: the Java parity test
(``ReferenceParityTest``) starts this file by path, as ``/usr/bin/python3
training/reference_scores.py``."""

from qm_training.reference_scores import main

if __name__ == "__main__":
    raise SystemExit(main())
