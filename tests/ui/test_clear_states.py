"""What a guide in gloves must read and reach at a glance: a delivery handed out says so in
words in today's list (an arrow alone read like any other row), and the tile grid's
scrollbar is a target of its own."""

import pytest
from PySide6.QtCore import QPoint, QRect, Qt

from kiosk.ui.category_grid import Section
from kiosk.ui.main_window import MainWindow
from tests.helpers.guide import guide_registers
from tests.helpers.targets import GAP_PX, MIN_PX, gap


def test_a_handed_out_row_says_out_in_words(qtbot, window: MainWindow) -> None:
    guide_registers(qtbot, window, "clothes", "3", out=True)
    guide_registers(qtbot, window, "clothes", "2")
    listed = window.guide.today.list
    out_row, in_row = listed.item(1).text(), listed.item(0).text()
    assert "Ut: Klær" in out_row, out_row
    assert "Ut:" not in in_row, in_row


def test_the_tile_grids_scrollbar_is_a_glove_target_clear_of_the_tiles(
    qtbot, window: MainWindow
) -> None:
    window.resize(1024, 600)
    grid = window.guide.grid
    # Only the first-run PIN warning (two lines at 1024 px) still makes a section scroll.
    assert window.guide.pin_warning.isVisible()
    qtbot.mouseClick(grid.tabs[Section.REUSE], Qt.MouseButton.LeftButton)
    area = grid.area
    bar = area.verticalScrollBar()
    qtbot.waitUntil(bar.isVisible)
    assert bar.width() >= MIN_PX
    at = QRect(bar.mapTo(window, QPoint(0, 0)), bar.size())
    for tile in [t for t in grid.tiles.values() if t.isVisible()]:
        rect = QRect(tile.mapTo(window, QPoint(0, 0)), tile.size())
        if rect.intersects(
            area.viewport().rect().translated(area.viewport().mapTo(window, QPoint(0, 0)))
        ):
            assert gap(rect, at) >= GAP_PX, (tile.code, rect, at)


@pytest.mark.parametrize("size", [(1280, 800), (1024, 600)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_out_prompt_reads_whole(qtbot, window, size) -> None:
    """A field drive: with "Ut" on and no tile chosen, the step line read "↑ Ut: velg det som
    ble levert ut" with its full stop cut at its right edge, at both sizes."""
    from tests.helpers.layout import clipped_text, settle, touched_edges

    window.resize(*size)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == size)
    guide = window.guide
    guide.handout.click()
    settle(window)
    assert guide.chosen.property("state") == "out"
    assert clipped_text(guide.chosen) is None
    assert touched_edges(guide.chosen) == []
