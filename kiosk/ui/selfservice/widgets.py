"""Building blocks shared by the resident screens: pictogram buttons and the step bar.

Every resident button carries a pictogram, so a step reads from its icons alone, and is at
least TOUCH_MIN px in both directions, so a gloved finger finds it.
"""

import functools
import math

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QPixmap, QResizeEvent, QTransform
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui import theme
from kiosk.ui.app_model import AppModel, Changes
from kiosk.ui.qtypes import layout_of, with_name

TOUCH_MIN = 80
# Below this window height (1024x600 screens) pictograms shrink so the words keep their room.
COMPACT_BELOW_PX = 700
# Where a button's words need more of its height, its pictogram gives way, down to this.
ICON_FLOOR_PX = 28
# The coloured strip at the foot of the big tiles (theme.qss: their gradients' last 6 %),
# and the clear space kept between it and the tile's words.
STRIP_SHARE = 0.06
STRIP_GAP_PX = 6


def compact(widget: QWidget) -> bool:
    """Whether ``widget``'s window is a small screen, where pictograms are drawn smaller."""
    return widget.window().height() < COMPACT_BELOW_PX


# Pictograms that point somewhere; they are mirrored when the layout runs right to left.
DIRECTIONAL = frozenset({"back"})


def pixmap(name: str, px: int) -> QPixmap:
    """The pictogram at ``px``, mirrored for a right-to-left layout if it points a way."""
    if name in DIRECTIONAL and QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft:
        return _mirrored(name, px)
    return theme.icon(name).pixmap(QSize(px, px))


@functools.lru_cache(maxsize=64)  # a few pictograms at the few sizes a screen gives them
def _mirrored(name: str, px: int) -> QPixmap:
    # Made once and shown again: a new mirrored copy at every switch to Arabic or Urdu was a
    # new pixmap to Qt, whose pixmap cache kept each one (it holds up to 10 MB), so RSS grew
    # by about 9 KB a switch, 1.9 MB per 1,000 registrations in bench/soak.py's mix.
    return theme.icon(name).pixmap(QSize(px, px)).transformed(QTransform().scale(-1, 1))


class PictoButton(QPushButton):
    """A big button: pictogram, then a label that may wrap. Labels let the tap through."""

    def __init__(
        self,
        icon: str,
        text: str = "",
        *,
        icon_px: int = 64,
        vertical: bool = True,
        object_name: str = "picto",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.icon_name = icon
        self._icon_px = icon_px  # the pictogram's size when there is room for it
        self._shown_px = icon_px  # its size now: smaller where the words need the height
        self._vertical = vertical
        self.setMinimumSize(TOUCH_MIN, TOUCH_MIN)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.picture = with_name(QLabel(alignment=Qt.AlignmentFlag.AlignCenter), "pictoIcon")
        self.label = with_name(QLabel(text, wordWrap=True), "pictoLabel")
        self.label.setAlignment(
            Qt.AlignmentFlag.AlignCenter if vertical else Qt.AlignmentFlag.AlignVCenter
        )
        for child in (self.picture, self.label):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout: QBoxLayout = QVBoxLayout(self) if vertical else QHBoxLayout(self)
        # The bottom margin clears the coloured strip the theme paints at the foot of tiles
        # (set again with the height, as the strip is a share of it).
        layout.setContentsMargins(12, 4 if vertical else 8, 12, 16 if vertical else 8)
        layout.setSpacing(6)
        layout.addWidget(self.picture, 0 if not vertical else 1)
        layout.addWidget(self.label, 1 if not vertical else 0)
        self._show_icon()
        self.setText(text)
        self.toggled.connect(self._show_checked)

    def setText(self, text: str) -> None:
        # The visible text is the label's; the button's own text stays empty so it is not
        # drawn twice, but screen readers and tests still find the name.
        self.label.setText(text)
        self.setAccessibleName(text)
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        # QPushButton sizes itself by its own (empty) text; the labels inside need room.
        return super().sizeHint().expandedTo(layout_of(self).sizeHint())

    def text(self) -> str:
        return self.label.text()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LayoutDirectionChange:
            self._show_icon()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._vertical:
            # Clear of the strip by a gap: Urdu's dots and Latin descenders must not sit on it.
            strip = math.ceil(self.height() * STRIP_SHARE)
            margins = layout_of(self).contentsMargins()
            if margins.bottom() != strip + STRIP_GAP_PX:
                margins.setBottom(strip + STRIP_GAP_PX)
                layout_of(self).setContentsMargins(margins)
        self._fit_icon()

    def set_icon_px(self, px: int) -> None:
        if px != self._icon_px:
            self._icon_px = px
            self._fit_icon()

    def _fit_icon(self) -> None:
        """The pictogram at its size, or smaller where the label would otherwise be cut: a
        long word that wraps (Somali, Arabic) keeps every line, the picture gives way."""
        side = self._icon_px
        if self._vertical:
            layout = layout_of(self)
            margins = layout.contentsMargins()
            words = self.label.heightForWidth(self.width() - margins.left() - margins.right())
            room = self.height() - margins.top() - margins.bottom() - layout.spacing() - words
            side = max(ICON_FLOOR_PX, min(side, room))
        if side != self._shown_px:
            self._shown_px = side
            self._show_icon()

    def _show_icon(self) -> None:
        self.picture.setPixmap(pixmap(self.icon_name, self._shown_px))

    def _show_checked(self, checked: bool) -> None:
        self.label.setProperty("checked", checked)
        theme.restyle(self.label)


class Translated(QWidget):
    """A widget whose texts follow the language: Qt sends LanguageChange when the translator
    is switched, and ``retranslate`` sets every text again."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        raise NotImplementedError


class FollowsHours(Translated):
    """A line read from the hours in force (the opening line, the next planned event): read
    afresh when the model publishes new hours and when the language changes."""

    _model: AppModel | None = None

    def show_model(self, model: AppModel) -> None:
        """Follow the hours the model publishes (central's, after a sync)."""
        self._model = model
        model.changed.connect(self._model_changed)
        self.refresh()

    def _model_changed(self, changes: Changes) -> None:
        if changes.hours:
            self.refresh()

    def retranslate(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError


class StepBar(Translated):
    """Top of every step: a back button, the step's pictogram and its title."""

    back_clicked = Signal()

    def __init__(self, icon: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("stepBar")
        self.back = PictoButton("back", icon_px=40, vertical=False, object_name="back")
        self.back.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.back.clicked.connect(self.back_clicked)
        self.picture = QLabel()
        self.picture.setPixmap(pixmap(icon, 56))
        self.title = with_name(QLabel(wordWrap=True), "stepTitle")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(16)
        layout.addWidget(self.back)
        layout.addWidget(self.picture)
        layout.addWidget(self.title, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.back.setText(self.tr("Tilbake"))

    def set_icon(self, icon: str) -> None:
        self.picture.setPixmap(pixmap(icon, 56))
