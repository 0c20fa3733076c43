"""The look: the QSS theme and the pictograms, both read from assets/."""

import re
from functools import cache
from pathlib import Path

from PySide6.QtCore import QEvent
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
# Each language's name on its button, in its own script's font whatever the screen's
# language (Urdu's is the theme's own list, restated for when the screen is in Arabic).
NAME_FONTS: dict[str, str] = {
    **SCRIPT_FONTS,
    "ur": '"Noto Sans", "Noto Nastaliq Urdu", "DejaVu Sans", sans-serif',
}


# Nastaliq's lines are about half again as tall as Naskh's at the same size: Urdu text is
# set a step smaller so the same words fit the same screens (its letters stay as legible).
SCRIPT_SCALE: dict[str, float] = {"ur": 0.85}


def apply(app: QApplication) -> None:
    app.setStyleSheet(assets.theme_qss())


def script_overrides(language: str) -> str:
    """A style sheet for the resident's screens that sets ``language``'s script over the
    theme; empty for Latin-script languages.

    It goes on those screens, not on the application: restyling only them takes a tenth of
    the time, so a tap on a language answers at once. A widget's own sheet wins over the
    application's whatever the selectors, so every font size of the theme is restated.
    """
    rules = []
    scale = SCRIPT_SCALE.get(language)
    if scale:
        qss = re.sub(r"/\*.*?\*/", "", assets.theme_qss(), flags=re.DOTALL)
        for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", qss):
            size = re.search(r"font-size:\s*(\d+)pt", body)
            if size:
                rules.append(
                    f"{selectors.strip()} {{ font-size: {round(int(size[1]) * scale)}pt; }}"
                )
    if language in SCRIPT_FONTS:
        rules.append(f"* {{ font-family: {SCRIPT_FONTS[language]}; }}")
    return "\n".join(rules)


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
    # A frame (a QLabel too) keeps the border and padding it measured at the last style
    # change: without this event it lays out with the old padding and paints with the new.
    QApplication.sendEvent(widget, QEvent(QEvent.Type.StyleChange))
