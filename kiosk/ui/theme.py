"""The look: the QSS theme and the pictograms, both read from assets/."""

from functools import cache

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

import assets


def apply(app: QApplication) -> None:
    app.setStyleSheet(assets.theme_qss())


@cache
def icon(name: str) -> QIcon:
    """The pictogram ``name`` (an SVG in assets/icons), cached: tiles share icons."""
    return QIcon(assets.icon_file(name))


def restyle(widget: QWidget) -> None:
    """Re-apply the theme after a dynamic property changed; Qt does not do it by itself."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)
