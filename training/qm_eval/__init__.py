"""Evaluation-only tools: an independent distortion generator and the held-out report.

Nothing here may be used to train or select a model; ``qm_training`` never imports it.
"""
