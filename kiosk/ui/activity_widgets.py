"""Big buttons, tile rows and the feedback line of the guide's staff forms (events, events
entered afterwards, material flows, pickups).

Every target is at least 64 px and 12 px apart, so a guide in gloves hits what they aim at.
"""

import logging
from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.db.errors import StorageError
from kiosk.domain.errors import ValidationError
from kiosk.ui.i18n import message
from kiosk.ui.qtypes import with_name
from kiosk.ui.theme import restyle, widget_direction
from kiosk.ui.touch import GAP, TARGET

log = logging.getLogger(__name__)

TWO_LINES = 72  # a tile whose name may take two lines of the theme's 18pt


def big_button(
    text: str, name: str, *, checkable: bool = False, square: bool = False
) -> QPushButton:
    button = with_name(QPushButton(text), name)
    button.setCheckable(checkable)
    button.setMinimumSize(TARGET if square else TARGET * 2, TARGET)
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return button


def form_page(
    screen: QWidget,
    top: QLayout,
    left: QWidget | QLayout,
    right: QLayout,
    *,
    shares: tuple[int, int] = (1, 1),
) -> QVBoxLayout:
    """A staff form's page: its top row (title, Back) over two columns, equal unless
    ``shares`` says otherwise, the choices on the left and the entry (keypad, Lagre,
    feedback) on the right. Returns the page's layout, for a row under both columns."""
    body = QHBoxLayout()
    body.setSpacing(GAP * 2)
    if isinstance(left, QWidget):
        body.addWidget(left, shares[0])
    else:
        body.addLayout(left, shares[0])
    body.addLayout(right, shares[1])
    layout = QVBoxLayout(screen)
    layout.setContentsMargins(16, 12, 16, 12)
    layout.setSpacing(GAP)
    layout.addLayout(top)
    layout.addLayout(body, 1)
    return layout


class WrappingTile(QPushButton):
    """A checkable tile whose name may wrap onto a second line, as the guide's category
    tiles do: a QPushButton cuts its one line at its edge, and a long fraction's name
    ("Farlig avfall-skapet") does not fit a third of a 1024 px screen's half."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.setObjectName("tile")
        self.setCheckable(True)
        self.setProperty("lines", "two")  # 72 px high in the theme: two lines of 18pt
        self.setMinimumSize(TARGET * 2, TWO_LINES)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.label = with_name(QLabel(text, wordWrap=True), "tileLabel")
        # A pixel either side: a Latin name in a right-to-left station starts at the left,
        # where a "T" would otherwise put its ink on the edge.
        self.label.setContentsMargins(2, 0, 2, 0)
        # The button, not its label, must receive the tap.
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QHBoxLayout(self)
        # Inside the tile's 10 px coloured edge and its 2 px border, as its text would be.
        layout.setContentsMargins(10, 3, 4, 3)
        layout.addWidget(self.label)
        self.setAccessibleName(text)
        self.toggled.connect(self._show_checked)

    def _show_checked(self, checked: bool) -> None:
        # QSS cannot select a child by its parent's :checked state, so mirror it.
        self.label.setProperty("checked", checked)
        restyle(self.label)


class TileRow(QWidget):
    """Checkable tiles, one chosen at a time; ``on_choice`` gets the chosen tile's code.
    With ``wrap``, a tile's name may take two lines (``WrappingTile``)."""

    def __init__(
        self,
        choices: Iterable[tuple[str, str]],
        on_choice: Callable[[str], None],
        *,
        columns: int = 4,
        wrap: bool = False,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.tiles: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(GAP)
        for index, (code, text) in enumerate(choices):
            tile = WrappingTile(text) if wrap else big_button(text, "tile", checkable=True)
            if not wrap:  # its words set against its left edge, whatever the station's language
                tile.setStyle(widget_direction())
            tile.setProperty("code", code)
            tile.clicked.connect(lambda _=False, c=code: on_choice(c))
            self.group.addButton(tile)
            self.tiles[code] = tile
            grid.addWidget(tile, index // columns, index % columns)

    def chosen(self) -> str | None:
        button = self.group.checkedButton()
        return None if button is None else str(button.property("code"))

    def clear(self) -> None:
        self.group.setExclusive(False)  # an exclusive group will not uncheck its last button
        for tile in self.tiles.values():
            tile.setChecked(False)
        self.group.setExclusive(True)


class FeedbackLine(QLabel):
    """A staff form's one line of feedback: what was saved, or a refusal in the theme's red
    (``#feedback[state="error"]``), so a refusal never looks like a note."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, wordWrap=True)
        self.setObjectName("feedback")

    def say(self, text: str, *, error: bool = False) -> None:
        self.setProperty("state", "error" if error else "")
        restyle(self)
        self.setText(text)

    def failed(
        self, exc: Exception, *, storage_failed: Callable[[StorageError], None], what: str
    ) -> None:
        """A save that failed, said so a person can act on it: the contract's refusal by
        name, the storage's own screen, or "nothing was saved" for anything else (logged)."""
        if isinstance(exc, ValidationError):
            self.say(message(exc), error=True)
        elif isinstance(exc, StorageError):
            storage_failed(exc)
        else:
            log.error("%s failed", what, exc_info=exc)
            self.say(self.tr("Noe gikk galt, og ingenting ble lagret. Prøv igjen."), error=True)
