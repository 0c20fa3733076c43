"""The guide hands out a reuse item: "Ut" is a mode the guide sees on the tiles and in the
step line, works tapped before or after the tile, disables every tile that cannot go out
(saying why), and turns itself off after each registration."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from kiosk.db.models import Deposit
from kiosk.ui.category_grid import Section
from kiosk.ui.main_window import MainWindow

TAP = Qt.MouseButton.LeftButton


def saved(window: MainWindow) -> list[tuple[str, str]]:
    with window.store.read() as conn:
        rows = conn.execute(select(Deposit.category, Deposit.direction).order_by(Deposit.seq))
        return [tuple(r) for r in rows]


def show_section(qtbot, window: MainWindow, section: Section) -> None:
    """Tap a section's tab, as a guide does to reach its tiles."""
    grid = window.guide.grid
    qtbot.mouseClick(grid.tabs[section], TAP)
    assert grid.pages[section].isVisible()


def save(qtbot, window: MainWindow, keys: str) -> None:
    guide = window.guide
    for key in keys:
        qtbot.mouseClick(guide.numpad.keys[key], TAP)
    with qtbot.waitSignal(guide.deposit_saved):
        qtbot.mouseClick(guide.confirm_button, TAP)


def register(qtbot, window: MainWindow, category: str, keys: str, *, out: bool = False) -> None:
    guide = window.guide
    qtbot.mouseClick(guide.grid.tiles[category], TAP)
    if out:
        qtbot.mouseClick(guide.handout, TAP)
    save(qtbot, window, keys)


def test_ut_then_tile_saves_out_and_the_mode_shows_everywhere(qtbot, window: MainWindow) -> None:
    guide, grid = window.guide, window.guide.grid
    show_section(qtbot, window, Section.REUSE)
    qtbot.mouseClick(guide.handout, TAP)  # Ut first, as a guide handing a thing over
    assert guide.handout.isChecked() and "på" in guide.handout.text()
    assert guide.chosen.property("state") == "out" and "Ut" in guide.chosen.text()
    assert grid.tiles["clothes"].label.text() == "Ut: Klær"  # the tiles say the direction
    assert grid.tiles["clothes"].property("direction") == "out"
    assert not grid.tiles["wood"].isEnabled() and not grid.tiles["batteries"].isEnabled()
    show_section(qtbot, window, Section.WASTE)  # why the waste tiles do not answer
    note = grid.notes[Section.WASTE]
    assert note.isVisible() and "bare ombruk" in note.text()
    qtbot.mouseClick(grid.tiles["wood"], TAP)
    assert grid.chosen() is None  # a disabled tile is not chosen
    show_section(qtbot, window, Section.REUSE)
    qtbot.mouseClick(grid.tiles["clothes"], TAP)
    assert guide.chosen.text() == "↑ Ut: Klær"
    save(qtbot, window, "3")
    assert saved(window) == [("clothes", "out")]
    assert "Lagret ut" in guide.chosen.text()
    assert "Ut: Klær" in guide.today.list.item(0).text()  # the row says it in words
    assert not guide.handout.isChecked()  # off after the registration
    assert grid.tiles["clothes"].label.text() == "Klær" and grid.tiles["wood"].isEnabled()


def test_tile_then_ut_saves_out(qtbot, window: MainWindow) -> None:
    guide, grid = window.guide, window.guide.grid
    show_section(qtbot, window, Section.REUSE)
    qtbot.mouseClick(grid.tiles["toys"], TAP)
    assert guide.chosen.text() == "Leker"
    qtbot.mouseClick(guide.handout, TAP)
    assert grid.chosen() == "toys"  # kept: a reuse item can go out
    assert guide.chosen.text() == "↑ Ut: Leker" and guide.chosen.property("state") == "out"
    save(qtbot, window, "2")
    register(qtbot, window, "toys", "1")  # the next one is "in" again, three taps
    assert saved(window) == [("toys", "out"), ("toys", "in")]


def test_ut_lets_go_of_a_tile_that_cannot_go_out(qtbot, window: MainWindow) -> None:
    guide, grid = window.guide, window.guide.grid
    qtbot.mouseClick(grid.tiles["wood"], TAP)
    show_section(qtbot, window, Section.REUSE)
    qtbot.mouseClick(guide.handout, TAP)
    assert grid.chosen() is None and not grid.tiles["wood"].isEnabled()
    assert guide.chosen.text().startswith("↑ Ut")
    qtbot.mouseClick(guide.handout, TAP)  # off again: everything answers, the step is "in"
    assert grid.tiles["wood"].isEnabled() and grid.tiles["toys"].label.text() == "Leker"
    assert guide.chosen.property("state") == "title"
    qtbot.mouseClick(grid.tabs[Section.WASTE], TAP)
    register(qtbot, window, "wood", "4")
    assert saved(window) == [("wood", "in")]


@pytest.mark.parametrize("size", [(1280, 800), (1024, 600)])
def test_on_and_off_look_different(qtbot, window: MainWindow, size) -> None:
    """Planted against the old toggle: on and off differ in fill, not only a border."""
    window.resize(*size)
    guide = window.guide
    show_section(qtbot, window, Section.REUSE)
    QApplication.processEvents()
    off = guide.handout.grab().toImage()
    qtbot.mouseClick(guide.handout, TAP)
    QApplication.processEvents()
    on = guide.handout.grab().toImage()
    middle = (on.width() // 8, on.height() // 2)  # inside, clear of the text and border
    a, b = off.pixelColor(*middle), on.pixelColor(*middle)
    assert abs(a.lightness() - b.lightness()) > 100, (a.name(), b.name())
