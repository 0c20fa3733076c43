"""Bundled files: theme, icons, default catalogue, translations."""
