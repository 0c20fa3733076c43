"""Big buttons, tile rows and the feedback line of the guide's staff forms (events, events
entered afterwards, material flows, pickups).

Every target is at least 64 px and 12 px apart, so a guide in gloves hits what they aim at.
"""

import logging
from collections.abc import Callable, Iterable

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
from kiosk.ui.theme import restyle

log = logging.getLogger(__name__)

TARGET = 64
GAP = 12


def big_button(
    text: str, name: str, *, checkable: bool = False, square: bool = False
) -> QPushButton:
    button = with_name(QPushButton(text), name)
    button.setCheckable(checkable)
    button.setMinimumSize(TARGET if square else TARGET * 2, TARGET)
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return button


def form_page(screen: QWidget, top: QLayout, left: QWidget | QLayout, right: QLayout) -> None:
    """A staff form's page: its top row (title, Back) over two equal columns, the choices on
    the left and the entry (keypad, Lagre, feedback) on the right."""
    body = QHBoxLayout()
    body.setSpacing(GAP * 2)
    if isinstance(left, QWidget):
        body.addWidget(left, 1)
    else:
        body.addLayout(left, 1)
    body.addLayout(right, 1)
    layout = QVBoxLayout(screen)
    layout.setContentsMargins(16, 12, 16, 12)
    layout.setSpacing(GAP)
    layout.addLayout(top)
    layout.addLayout(body, 1)


class TileRow(QWidget):
    """Checkable tiles, one chosen at a time; ``on_choice`` gets the chosen tile's code."""

    def __init__(
        self,
        choices: Iterable[tuple[str, str]],
        on_choice: Callable[[str], None],
        *,
        columns: int = 4,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.tiles: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(GAP)
        for index, (code, text) in enumerate(choices):
            tile = big_button(text, "tile", checkable=True)
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
