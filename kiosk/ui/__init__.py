"""Qt Widgets screens; the only package that imports PySide6."""
