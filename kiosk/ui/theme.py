"""The look: the QSS theme and the pictograms, both read from assets/."""

import itertools
import math
import re
from functools import cache
from pathlib import Path

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPalette, QTextLayout
from PySide6.QtWidgets import QApplication, QProxyStyle, QWidget

import assets

# Fonts for the languages whose script needs its own first. The theme's own list puts Noto
# Nastaliq Urdu right after Noto Sans, so Urdu is read in Nastaliq (its readers find Naskh
# foreign); Arabic leads with its Naskh font. Latin letters in either fall to Noto Sans.
# Each script keeps one list: Qt caches a font's fallbacks by its first family, so two lists
# sharing a first family would keep whichever script's fallback they met first.
SCRIPT_FONTS: dict[str, str] = {
    "ar": '"Noto Sans Arabic", "Noto Sans", "DejaVu Sans", sans-serif',
    "ur": '"Noto Nastaliq Urdu", "Noto Sans", "DejaVu Sans", sans-serif',
}
# Each language's name on its button, in its own script's font whatever the screen's
# language (Urdu's is the theme's own list, restated for when the screen is in Arabic).
NAME_FONTS: dict[str, str] = SCRIPT_FONTS


# Scripts whose ink reaches beyond the line box their font reports: Nastaliq's letters rise
# above its ascent and its descenders fall below its descent, so a label sized by the font's
# metrics loses their tops and dots. Their labels get the overflow back as padding,
# measured from these letters' real outlines (``ink_overflow_em``).
INK_SAMPLES: dict[str, str] = {
    "ur": "ا آ ب پ ت ٹ ث ج چ ح خ د ڈ ذ ر ڑ ز ژ س ش ص ض ط ظ ع غ ف ق ک گ ل م ن ں و ہ ھ ء ی ے "
    "کتنی چیزیں؟ کیا یہ درست ہے؟ جی ہاں، درج کریں شکریہ! کھلونے کپڑے الیکٹرانکس "
    "کوششیں دوبارہ 0123456789 ۰۱۲۳۴۵۶۷۸۹ PIN gjpqy",
}
# Labels that hold words whose ink reaches further than the sample's: "seconds" cascades
# down in a countdown; the thank-you lines start with a tall alef madda ("آج"); the opening
# line's ids carry their own padding, which outweighs the sheet's QLabel padding.
DEEP_INK: dict[str, dict[str, str]] = {
    "ur": {
        "#stillThereText, #pinStatus": "سیکنڈ",
        "#thanksText": "آج: کلو چھوڑی لیے",
        '#openingText, #openingText[compact="true"]': "ابھی بند کھلا ہے، تک کل کو بجے کھلے گا",
    }
}

# Nastaliq's lines are about half again as tall as Naskh's at the same size: Urdu text is
# set a step smaller so the same words fit the same screens (its letters stay as legible).
SCRIPT_SCALE: dict[str, float] = {"ur": 0.7}


class WidgetDirection(QProxyStyle):
    """Text Qt's style paints (a button's) is set in the direction of the widget it is
    painted on. A Qt 6 painter takes the application's direction instead, so at an Arabic
    or Urdu station the staff screens' left-to-right tiles set their "text-align: left"
    words against the right edge. Labels already align by their own direction."""

    def drawItemText(
        self,
        painter: QPainter,
        rect: QRect,
        flags: int,
        palette: QPalette | Qt.GlobalColor | QColor,
        enabled: bool,
        text: str,
        /,
        textRole: QPalette.ColorRole = QPalette.ColorRole.NoRole,
    ) -> None:
        device = painter.device()
        before = painter.layoutDirection()
        if isinstance(device, QWidget):
            painter.setLayoutDirection(device.layoutDirection())
        super().drawItemText(painter, rect, flags, palette, enabled, text, textRole)
        painter.setLayoutDirection(before)


@cache
def widget_direction() -> WidgetDirection:
    """The one WidgetDirection, for the buttons whose words the theme aligns ("text-align"):
    set on them alone, as under the whole application every widget's every style call went
    through Python and a screen took 30 % longer to paint (bench/style_paint.py)."""
    return WidgetDirection()


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
    if language in INK_SAMPLES:
        top, bottom, side = ink_overflow_em(SCRIPT_FONTS[language], INK_SAMPLES[language])
        top_base = top
        rules.append(f"QLabel {{ padding: {top}em {side}em {bottom}em {side}em; }}")
        for selectors, words in DEEP_INK.get(language, {}).items():
            deep = ink_overflow_em(SCRIPT_FONTS[language], f"{INK_SAMPLES[language]} {words}")
            top = max(deep[0], 2 * top_base)  # a line that opens with a tall letter
            rules.append(f"{selectors} {{ padding-top: {top}em; padding-bottom: {deep[1]}em; }}")
    return "\n".join(rules)


@cache
def ink_overflow_em(families: str, sample: str) -> tuple[float, float, float]:
    """How far ``sample``'s ink rises above its lines, falls below them and runs past the
    ends of its words in ``families``, in em (rounded up to a hundredth): the outlines of
    the glyphs as laid out, not the ascent, descent and advance the font reports."""
    above = below = beside = 0.0
    for word, bold in itertools.product(sample.split(), (False, True)):
        font = QFont()
        font.setFamilies([f.strip().strip('"') for f in families.split(",")])
        font.setPixelSize(100)
        font.setBold(bold)
        layout = QTextLayout(word, font)
        layout.beginLayout()
        line = layout.createLine()
        layout.endLayout()
        ink = QPainterPath()
        for run in layout.glyphRuns():
            raw = run.rawFont()
            for glyph, at in zip(run.glyphIndexes(), run.positions(), strict=True):
                ink.addPath(raw.pathForGlyph(glyph).translated(at))
        box = ink.boundingRect()
        above = max(above, -box.top())
        below = max(below, box.bottom() - line.height())
        beside = max(beside, -box.left(), box.right() - line.naturalTextWidth())
    return math.ceil(above) / 100, math.ceil(below) / 100, math.ceil(beside) / 100


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
