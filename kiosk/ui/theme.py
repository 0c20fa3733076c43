"""The look: the QSS theme and the pictograms, both read from assets/."""

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

import assets


def apply(app: QApplication) -> None:
    app.setStyleSheet(assets.theme_qss())


@cache
def icon(name: str) -> QIcon:
    """The pictogram ``name`` (an SVG in assets/icons), cached: tiles share icons."""
    path = assets.icon_file(name)
    # A category central added after this release has no pictogram here: its tile shows only
    # its name rather than failing to load a file.
    return QIcon(path) if Path(path).is_file() else QIcon()


def restyle(widget: QWidget) -> None:
    """Re-apply the theme after a dynamic property changed; Qt does not do it by itself."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)
