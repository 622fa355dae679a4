"""quality-monitor training: export of model bundles for the Java runtime."""
