"""Big buttons and tile rows for the guide's events and material-flow screens.

Every target is at least 64 px and 12 px apart, so a guide in gloves hits what they aim at.
"""

from collections.abc import Callable, Iterable

from PySide6.QtWidgets import QButtonGroup, QGridLayout, QPushButton, QSizePolicy, QWidget

from kiosk.ui.qtypes import with_name

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
