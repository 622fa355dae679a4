"""Tests of the training package (run from training/: python3 -m pytest tests)."""
