"""The look: the QSS theme and the pictograms, both read from assets/."""

import re
from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

import assets

# Fonts for the languages whose script needs its own first. The theme's own list puts Noto
# Nastaliq Urdu right after Noto Sans, so Urdu is read in Nastaliq (its readers find Naskh
# foreign); Arabic leads with its Naskh font. Latin letters in either fall to Noto Sans.
# Each script keeps one list: Qt caches a font's fallbacks by its first family, so two lists
# sharing a first family would keep whichever script's fallback they met first.
SCRIPT_FONTS: dict[str, str] = {
    "ar": '"Noto Sans Arabic", "Noto Sans", "DejaVu Sans", sans-serif',
}


# Nastaliq's lines are about half again as tall as Naskh's at the same size: Urdu text is
# set a step smaller so the same words fit the same screens (its letters stay as legible).
SCRIPT_SCALE: dict[str, float] = {"ur": 0.85}


def stylesheet(language: str = "") -> str:
    """The theme, with the font families of ``language``'s script first."""
    qss = assets.theme_qss()
    scale = SCRIPT_SCALE.get(language)
    if scale:
        qss = re.sub(
            r"font-size:\s*(\d+)pt", lambda m: f"font-size: {round(int(m[1]) * scale)}pt", qss
        )
    if language in SCRIPT_FONTS:
        qss += f"\n* {{ font-family: {SCRIPT_FONTS[language]}; }}\n"
    return qss


def apply(app: QApplication, language: str = "") -> None:
    qss = stylesheet(language)
    if app.styleSheet() != qss:  # re-polishing every widget is not free: only on a change
        app.setStyleSheet(qss)


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
