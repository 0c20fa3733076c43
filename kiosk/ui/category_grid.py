"""Category tiles with pictograms, grouped by kind; one tap chooses a category."""

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.catalogue import Catalogue, Category
from kiosk.domain.errors import QT_TRANSLATE_NOOP
from kiosk.domain.kinds import Kind
from kiosk.ui import theme
from kiosk.ui.qtypes import with_name

KIND_TITLES = {
    Kind.RECYCLING: QT_TRANSLATE_NOOP("kinds", "Materialgjenvinning"),
    Kind.HAZARDOUS: QT_TRANSLATE_NOOP("kinds", "Farlig avfall"),
    Kind.RESIDUAL: QT_TRANSLATE_NOOP("kinds", "Energigjenvinning"),
    Kind.REUSE: QT_TRANSLATE_NOOP("kinds", "Ombruk"),
}
SCROLL_GAP_PX = 12
TILE_MIN_WIDTH = 250  # room for a 40 px pictogram and the longest name's longest word at 18pt


class Tile(QPushButton):
    """A big checkable button: pictogram and a name that may wrap onto two lines."""

    def __init__(self, category: Category, language: str, icon_px: int = 40):
        super().__init__()
        self.setObjectName("tile")
        self.setCheckable(True)
        self.setProperty("kind", category.kind.value)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.code = category.code
        picture = QLabel()
        picture.setPixmap(theme.icon(category.icon).pixmap(QSize(icon_px, icon_px)))
        self.label = with_name(QLabel(category.name(language), wordWrap=True), "tileLabel")
        for child in (picture, self.label):
            # The button, not its labels, must receive the tap.
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 6, 2)
        layout.setSpacing(8)
        layout.addWidget(picture)
        layout.addWidget(self.label, 1)
        self.setAccessibleName(category.name(language))
        self.toggled.connect(self._show_checked)

    def _show_checked(self, checked: bool) -> None:
        # QSS cannot select a child by its parent's :checked state, so mirror it.
        self.label.setProperty("checked", checked)
        theme.restyle(self.label)


class CategoryGrid(QScrollArea):
    """All active categories by kind, in as many columns as fit; scrolls only on small screens."""

    category_chosen = Signal(str)

    def __init__(self, catalogue: Catalogue, language: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        # Where the tiles scroll (a 600 px screen) the bar is a glove's target too: 64 px
        # wide and 12 px clear of the tiles, not a 14 px strip touching them.
        self.verticalScrollBar().setObjectName("tileScroll")
        self.setViewportMargins(0, 0, SCROLL_GAP_PX, 0)
        self._language = language
        self._group = QButtonGroup(self)
        self._group.buttonClicked.connect(lambda tile: self.category_chosen.emit(tile.code))
        self.tiles: dict[str, Tile] = {}
        self._grids: list[tuple[QGridLayout, list[Tile]]] = []
        self._columns = 3
        self.show_catalogue(catalogue)

    def show_catalogue(self, catalogue: Catalogue) -> None:
        """Rebuild the tiles from ``catalogue``: retired ones go, new ones come. A chosen
        category that is still active stays chosen."""
        chosen = self.chosen()
        for tile in self.tiles.values():
            self._group.removeButton(tile)
        self.tiles = {}
        self._grids = []
        language = self._language
        body = QWidget()
        outer = QVBoxLayout(body)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        for kind in Kind:
            categories = catalogue.active(kind)
            if not categories:
                continue
            title = with_name(QLabel(self.tr(KIND_TITLES[kind])), "kindTitle")
            title.setProperty("kind", kind.value)
            outer.addWidget(title)
            grid = QGridLayout()
            grid.setSpacing(12)  # a gloved finger between two tiles
            tiles = [Tile(category, language) for category in categories]
            for tile in tiles:
                self._group.addButton(tile)
                self.tiles[tile.code] = tile
            self._grids.append((grid, tiles))
            outer.addLayout(grid, len(tiles))
        self.setWidget(body)  # deletes the previous body and its tiles
        columns, self._columns = self._columns, 0
        self._reflow(columns)
        if chosen in self.tiles:
            self.tiles[chosen].setChecked(True)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._reflow(max(2, event.size().width() // TILE_MIN_WIDTH))
        super().resizeEvent(event)

    def _reflow(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        for grid, tiles in self._grids:
            for index, tile in enumerate(tiles):
                grid.addWidget(tile, index // columns, index % columns)
            for column in range(max(columns, grid.columnCount())):
                grid.setColumnStretch(column, 1 if column < columns else 0)

    def chosen(self) -> str | None:
        tile = self._group.checkedButton()
        return tile.code if isinstance(tile, Tile) else None

    def clear(self) -> None:
        # An exclusive group never lets the last checked button go; lift that for a moment.
        self._group.setExclusive(False)
        for tile in self.tiles.values():
            tile.setChecked(False)
        self._group.setExclusive(True)
