"""A guide in gloves reaches the whole catalogue without scrolling: one tap on a large
section tab (Avfall / Farlig avfall / Ombruk) shows every tile of that section whole and
at least 64 px, at 1280x800 and at 1024x600, in "Ut" mode too."""

import pytest
from PySide6.QtCore import QPoint, QRect, Qt

from kiosk.ui.category_grid import Section
from kiosk.ui.main_window import MainWindow
from tests.helpers.layout import ink_problems, problems, settle
from tests.helpers.targets import MIN_PX, target_problems

TAP = Qt.MouseButton.LeftButton
SIZES = [(1280, 800), (1024, 600)]


def on_window(widget, window) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def unreached(window: MainWindow, section: Section) -> list[str]:
    """The tiles of ``section`` a guide cannot tap as the screen stands (empty: all)."""
    grid = window.guide.grid
    area = grid.area
    shown = on_window(area.viewport(), window)
    found = []
    if area.verticalScrollBar().maximum() > 0:
        found.append(f"{section}: scrolls by {area.verticalScrollBar().maximum()} px")
    cells = [tile for tile in grid.tiles.values() if tile.parentWidget() is grid.pages[section]]
    if section is Section.REUSE:
        cells.append(window.guide.handout)
    assert cells, section
    for cell in cells:
        rect = on_window(cell, window)
        if not cell.isVisible() or not shown.contains(rect):
            found.append(f"{cell.accessibleName()} at {rect.getRect()} is not whole on screen")
        if rect.width() < MIN_PX or rect.height() < MIN_PX:
            found.append(f"{cell.accessibleName()} is {rect.width()}x{rect.height()} px")
    return found


@pytest.mark.parametrize("out", [False, True], ids=["in", "out"])
@pytest.mark.parametrize("size", SIZES)
def test_every_tile_is_one_tab_away_and_whole(qtbot, window: MainWindow, size, out) -> None:
    guide = window.guide
    guide.show_pin_warning(False)  # as after `kiosk set-pin`
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().height() == size[1])
    settle(window)
    if size == (1024, 600):
        assert guide.more_button.isVisible() and not guide.action_bar.isVisible()
    if out:
        qtbot.mouseClick(guide.grid.tabs[Section.REUSE], TAP)
        qtbot.mouseClick(guide.handout, TAP)
    reached: set[str] = set()
    for section, tab in guide.grid.tabs.items():
        qtbot.mouseClick(tab, TAP)
        settle(window)
        assert unreached(window, section) == []
        assert target_problems(guide) == [], section
        assert problems(guide.grid) == [], section
        reached |= {code for code, tile in guide.grid.tiles.items() if tile.isVisible()}
    assert reached == set(guide.grid.tiles)  # the whole catalogue, section by section


def test_at_1280_the_pin_warning_and_the_actions_leave_the_tiles_whole(
    qtbot, window: MainWindow
) -> None:
    guide = window.guide
    assert guide.pin_warning.isVisible()  # the first-run PIN, as the fixture starts
    settle(window)
    assert guide.action_bar.isVisible() and not guide.more_button.isVisible()
    for section, tab in guide.grid.tabs.items():
        qtbot.mouseClick(tab, TAP)
        settle(window)
        assert unreached(window, section) == []


def test_the_check_sees_a_tile_below_the_fold(qtbot, window: MainWindow) -> None:
    """Planted: a screen too short for the reuse section must be reported, not passed."""
    guide = window.guide
    window.resize(1024, 600)
    qtbot.waitUntil(lambda: window.size().height() == 600)
    qtbot.mouseClick(guide.more_button, TAP)  # the actions row back: less room
    qtbot.mouseClick(guide.grid.tabs[Section.REUSE], TAP)
    settle(window)
    found = unreached(window, Section.REUSE)
    assert any("scrolls" in line for line in found), found


def test_more_shows_the_rare_actions_and_an_action_folds_them(qtbot, window: MainWindow) -> None:
    guide = window.guide
    window.resize(1024, 600)
    qtbot.waitUntil(lambda: guide.more_button.isVisible())
    assert not window.events_button.isVisible()
    qtbot.mouseClick(guide.more_button, TAP)
    settle(window)
    assert window.events_button.isVisible() and window.partner_button.isVisible()
    assert target_problems(guide) == []
    # Each word whole inside its button's padding: in one row "Til ombrukspartner" was
    # squeezed until its ink touched its frame; the buttons take a second row instead.
    assert ink_problems(guide.action_bar) == []
    assert window.partner_button.width() >= window.partner_button.sizeHint().width()
    qtbot.mouseClick(guide.more_button, TAP)
    assert not window.events_button.isVisible()
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.events_button.isVisible())
    assert not guide.more_button.isVisible()
