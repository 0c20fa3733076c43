"""Category tiles with pictograms, one section at a time behind large segmented tabs.

Avfall (recycling and residual), Farlig avfall and Ombruk: each section fits without
scrolling at 1280x800 and at 1024x600, so one tap on a tab reaches any tile. While "Ut"
(a reuse item handed out) is on, the reuse tiles say so and every other tile is disabled.
"""

from enum import StrEnum

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
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
from kiosk.domain.kinds import Kind
from kiosk.ui import theme
from kiosk.ui.languages import staff_name
from kiosk.ui.qtypes import layout_of, parent_of, with_name
from kiosk.ui.touch import GAP

SCROLL_GAP_PX = GAP_PX = GAP
TILE_MIN_WIDTH = 250  # room for a 40 px pictogram and the longest name's longest word at 18pt


class Section(StrEnum):
    WASTE = "waste"
    HAZARDOUS = "hazardous"
    REUSE = "reuse"


SECTION_KINDS: dict[Section, tuple[Kind, ...]] = {
    Section.WASTE: (Kind.RECYCLING, Kind.RESIDUAL),
    Section.HAZARDOUS: (Kind.HAZARDOUS,),
    Section.REUSE: (Kind.REUSE,),
}


def section_of(kind: Kind) -> Section:
    return next(section for section, kinds in SECTION_KINDS.items() if kind in kinds)


class SteadyLabel(QLabel):
    """A tile's wrapping name, as tall as the tallest of ``texts`` in bold would be: the
    name turns bold when chosen and becomes "Ut: name" while "Ut" is on, and a second line
    then made the tile taller and moved every tile under it (a field run at 1280x800: the
    reuse tiles 6 and 12 px lower once "Ut" was tapped)."""

    def __init__(self, text: str, texts: list[str]) -> None:
        super().__init__(text, wordWrap=True)
        self._texts = texts
        self._longest_word = 0  # px in bold at the theme's size, measured once polished

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A word longer than the tile is wide cannot wrap ("Kjøkkenutstyr" in a 1024 px
        screen's narrow column), so the name then takes the theme's narrow size."""
        super().resizeEvent(event)
        if not self._longest_word:
            if self.property("fit") == "narrow":
                return
            bold = QFont(self.font())
            bold.setBold(True)
            words = (word for text in self._texts for word in text.split())
            self._longest_word = max(QFontMetrics(bold).horizontalAdvance(w) for w in words)
        narrow = self._longest_word > self.contentsRect().width()
        if narrow != (self.property("fit") == "narrow"):
            self.setProperty("fit", "narrow" if narrow else None)
            theme.restyle(self)
            # Its height for its width changed with its font: the tile's layout caches it.
            tile = parent_of(self)
            layout_of(tile).invalidate()
            tile.updateGeometry()

    def heightForWidth(self, width: int) -> int:
        margins = self.contentsMargins()
        inner = width - margins.left() - margins.right() - 2 * self.margin()
        bold = QFont(self.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        flags = int(self.alignment()) | int(Qt.TextFlag.TextWordWrap)
        tallest = max(
            metrics.boundingRect(QRect(0, 0, max(1, inner), 100_000), flags, text).height()
            for text in self._texts
        )
        frame = margins.top() + margins.bottom() + 2 * self.margin()
        return max(super().heightForWidth(width), tallest + frame)


class Tile(QPushButton):
    """A big checkable button: pictogram and a name that may wrap onto two lines."""

    def __init__(self, category: Category, icon_px: int = 40):
        super().__init__()
        self.setObjectName("tile")
        self.setCheckable(True)
        self.setProperty("kind", category.kind.value)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.code = category.code
        self.kind = category.kind
        self.name = staff_name(category)
        picture = QLabel()
        picture.setPixmap(theme.icon(category.icon).pixmap(QSize(icon_px, icon_px)))
        # Every text the tile can show, so its height holds whichever it shows.
        texts = [self.name]
        if category.kind == Kind.REUSE:
            texts.append(self.out_text())
        self.label = with_name(SteadyLabel(self.name, texts), "tileLabel")
        for child in (picture, self.label):
            # The button, not its labels, must receive the tap.
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 6, 2)
        layout.setSpacing(8)
        layout.addWidget(picture)
        layout.addWidget(self.label, 1)
        self.setAccessibleName(self.name)
        self.toggled.connect(self._show_checked)

    def _show_checked(self, checked: bool) -> None:
        # QSS cannot select a child by its parent's :checked state, so mirror it.
        self.label.setProperty("checked", checked)
        theme.restyle(self.label)

    def out_text(self) -> str:
        return self.tr("Ut: %1").replace("%1", self.name)

    def show_direction(self, out: bool) -> None:
        """A reuse tile while "Ut" is on: recoloured, and its name says "Ut" in words."""
        self.setProperty("direction", "out" if out else "in")
        self.label.setProperty("direction", "out" if out else "in")
        self.label.setText(self.out_text() if out else self.name)
        self.setAccessibleName(self.label.text())
        theme.restyle(self)
        theme.restyle(self.label)


class CategoryGrid(QWidget):
    """The section tabs over one section's tiles, in as many columns as fit."""

    category_chosen = Signal(str)
    section_shown = Signal(str)  # a Section's value

    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None):
        super().__init__(parent)
        self._out = False
        self._section = Section.WASTE
        self._group = QButtonGroup(self)
        self._group.buttonClicked.connect(self._tile_clicked)
        self.tiles: dict[str, Tile] = {}
        self._by_section: dict[Section, list[Tile]] = {section: [] for section in Section}
        self.tabs: dict[Section, QPushButton] = {}
        self._tab_group = QButtonGroup(self)
        self.tab_row = QHBoxLayout()  # the tabs, and room at its end for the guide's "More"
        self.tab_row.setSpacing(GAP_PX)
        for section in Section:
            tab = with_name(QPushButton(self._title(section)), "section")
            tab.setCheckable(True)
            tab.setProperty("kind", SECTION_KINDS[section][0].value)
            tab.setMinimumHeight(64)
            tab.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            tab.clicked.connect(lambda _=False, s=section: self.show_section(s))
            self._tab_group.addButton(tab)
            self.tabs[section] = tab
            self.tab_row.addWidget(tab, 1)
        self.area = with_name(QScrollArea(), "tileArea")
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        QScroller.grabGesture(self.area.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        # Where a section still scrolls (the first-run PIN warning at 600 px) the bar is a
        # glove's target too: 64 px wide and 12 px clear of the tiles.
        self.area.verticalScrollBar().setObjectName("tileScroll")
        self.area.setViewportMargins(0, 0, SCROLL_GAP_PX, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(GAP_PX)
        layout.addLayout(self.tab_row)
        layout.addWidget(self.area, 1)
        self.pages: dict[Section, QWidget] = {}
        self.notes: dict[Section, QLabel] = {}
        self._grids: dict[Section, tuple[QGridLayout, list[QWidget]]] = {}
        self._leading: QWidget | None = None
        self._columns = 3
        self.show_catalogue(catalogue)
        self.show_section(Section.WASTE)

    def _title(self, section: Section) -> str:
        if section is Section.WASTE:
            return self.tr("Avfall")
        if section is Section.HAZARDOUS:
            return self.tr("Farlig avfall")
        return self.tr("Ombruk")

    def set_reuse_leader(self, widget: QWidget) -> None:
        """Put ``widget`` (the "Ut" toggle) in the first cell of the reuse section."""
        self._leading = widget
        self._rebuild_grids()

    def show_catalogue(self, catalogue: Catalogue) -> None:
        """Rebuild the tiles from ``catalogue``: retired ones go, new ones come. A chosen
        category that is still active stays chosen."""
        chosen = self.chosen()
        for tile in self.tiles.values():
            self._group.removeButton(tile)
        self.tiles = {}
        self._by_section = {section: [] for section in Section}
        for kind in (Kind.RECYCLING, Kind.RESIDUAL, Kind.HAZARDOUS, Kind.REUSE):
            for category in catalogue.active(kind):
                tile = Tile(category)
                self._group.addButton(tile)
                self.tiles[tile.code] = tile
                self._by_section[section_of(kind)].append(tile)
        self._rebuild_grids()
        if chosen in self.tiles:
            self.tiles[chosen].setChecked(True)
        self.set_out(self._out)

    def _rebuild_grids(self) -> None:
        body = with_name(QWidget(), "tileBody")
        outer = QVBoxLayout(body)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.pages, self.notes, self._grids = {}, {}, {}
        for section in Section:
            page = with_name(QWidget(), "sectionPage")
            column = QVBoxLayout(page)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(GAP_PX)
            note = with_name(QLabel(wordWrap=True), "sectionNote")
            note.hide()
            column.addWidget(note)
            grid = QGridLayout()
            grid.setSpacing(GAP_PX)
            column.addLayout(grid)
            column.addStretch(1)
            cells: list[QWidget] = list(self._by_section[section])
            if section is Section.REUSE and self._leading is not None:
                cells.insert(0, self._leading)
            self.pages[section], self.notes[section] = page, note
            self._grids[section] = (grid, cells)
            page.setVisible(section is self._section)
            outer.addWidget(page)
        columns, self._columns = self._columns, 0
        self._reflow(columns)  # moves the kept tiles into the new body
        self.area.setWidget(body)  # deletes the previous body and the retired tiles

    def resizeEvent(self, event: QResizeEvent) -> None:
        width = event.size().width() - SCROLL_GAP_PX
        self._reflow(max(2, width // TILE_MIN_WIDTH))
        super().resizeEvent(event)

    def _reflow(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        for grid, cells in self._grids.values():
            for index, cell in enumerate(cells):
                grid.addWidget(cell, index // columns, index % columns)
            for column in range(max(columns, grid.columnCount())):
                grid.setColumnStretch(column, 1 if column < columns else 0)

    def section(self) -> Section:
        return self._section

    def show_section(self, section: Section) -> None:
        """Show one section's tiles, its tab marked as the current one."""
        self._section = section
        self.tabs[section].setChecked(True)
        for each, page in self.pages.items():
            page.setVisible(each is section)
        self.area.verticalScrollBar().setValue(0)
        self.section_shown.emit(section.value)

    def _tile_clicked(self, button: QAbstractButton) -> None:
        if isinstance(button, Tile):
            self.category_chosen.emit(button.code)

    def set_out(self, out: bool) -> None:
        """ "Ut" on: the reuse section in front, its tiles marked out, the rest disabled and
        a line on their sections saying why. A chosen tile that cannot go out is let go."""
        self._out = out
        for tile in self.tiles.values():
            reuse = tile.kind == Kind.REUSE
            if reuse:
                tile.show_direction(out)
            elif out and tile.isChecked():
                self.clear()
            tile.setEnabled(reuse or not out)
        for section, note in self.notes.items():
            note.setText(self.tr("Ut er på: bare ombruk kan leveres ut. Slå av «Ut» under Ombruk."))
            note.setVisible(out and section is not Section.REUSE)
        for section, tab in self.tabs.items():
            tab.setProperty("blocked", out and section is not Section.REUSE)
            theme.restyle(tab)
        if out:
            self.show_section(Section.REUSE)

    def chosen(self) -> str | None:
        tile = self._group.checkedButton()
        return tile.code if isinstance(tile, Tile) else None

    def clear(self) -> None:
        # An exclusive group never lets the last checked button go; lift that for a moment.
        self._group.setExclusive(False)
        for tile in self.tiles.values():
            tile.setChecked(False)
        self._group.setExclusive(True)
