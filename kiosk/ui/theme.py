"""The look: the QSS theme and the pictograms, both read from kiosk/assets."""

from functools import cache
from importlib import resources

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

ASSETS = resources.files("kiosk.assets")


def apply(app: QApplication) -> None:
    app.setStyleSheet(ASSETS.joinpath("theme.qss").read_text("utf-8"))


@cache
def icon(name: str) -> QIcon:
    """The pictogram ``name`` (an SVG in kiosk/assets/icons), cached: tiles share icons."""
    # One segment per joinpath: in the PyInstaller bundle ASSETS is a MultiplexedPath, whose
    # joinpath takes a single name on Python 3.11 (kiosk --self-test from the bundle caught it).
    return QIcon(str(ASSETS.joinpath("icons").joinpath(f"{name}.svg")))


def restyle(widget: QWidget) -> None:
    """Re-apply the theme after a dynamic property changed; Qt does not do it by itself."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)
