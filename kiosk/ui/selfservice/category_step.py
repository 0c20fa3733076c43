"""Step 1: choose a reuse category from large pictogram tiles; names in the resident's language."""

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from kiosk.domain.catalogue import Catalogue
from kiosk.domain.kinds import Direction, Kind
from kiosk.ui.languages import Languages
from kiosk.ui.selfservice.widgets import PictoButton, StepBar, Translated, compact

COLUMNS = 3


class CategoryStep(Translated):
    category_chosen = Signal(str)
    back_requested = Signal()

    def __init__(self, catalogue: Catalogue, languages: Languages, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("categoryStep")
        self._catalogue = catalogue
        self._languages = languages
        self.direction = Direction.IN
        self.bar = StepBar("leave")
        self.bar.back_clicked.connect(self.back_requested)
        self.tiles: dict[str, PictoButton] = {}
        self._grid = QGridLayout()
        self._grid.setSpacing(12)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 0, 16, 16)
        layout.setSpacing(8)
        layout.addWidget(self.bar)
        layout.addLayout(self._grid, 1)
        languages.language_changed.connect(self.retranslate)
        self.show_catalogue(catalogue)

    def show_catalogue(self, catalogue: Catalogue) -> None:
        """Rebuild the tiles: retired categories go, new ones come, at once."""
        self._catalogue = catalogue
        for tile in self.tiles.values():
            self._grid.removeWidget(tile)
            tile.deleteLater()
        self.tiles = {}
        for index, category in enumerate(catalogue.active(Kind.REUSE)):
            tile = PictoButton(category.icon, icon_px=self._icon_px(), object_name="reuseTile")
            tile.clicked.connect(lambda _=False, c=category.code: self.category_chosen.emit(c))
            self.tiles[category.code] = tile
            self._grid.addWidget(tile, index // COLUMNS, index % COLUMNS)
        self.retranslate()

    def _icon_px(self) -> int:
        return 40 if compact(self) else 72

    def resizeEvent(self, event: QResizeEvent) -> None:
        for tile in self.tiles.values():
            tile.set_icon_px(self._icon_px())
        super().resizeEvent(event)

    def set_direction(self, direction: Direction) -> None:
        self.direction = Direction(direction)
        self.bar.set_icon("leave" if self.direction == Direction.IN else "take")
        self.retranslate()

    def retranslate(self) -> None:
        if self.direction == Direction.IN:
            self.bar.title.setText(self.tr("Hva legger du igjen?"))
        else:
            self.bar.title.setText(self.tr("Hva tar du med deg?"))
        language = self._languages.current
        for code, tile in self.tiles.items():
            category = self._catalogue.get(code)
            if category is not None:  # the tiles are drawn from this catalogue
                tile.setText(category.name(language))
