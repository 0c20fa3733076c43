"""Nothing moves under the finger: the language row keeps its order whatever the language,
and an event's counters keep their place and size as the count grows a digit. Real taps
through the window and real rendering."""

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.ui.main_window import MainWindow
from kiosk.ui.tap_guard import GUARD_MS
from tests.helpers.layout import ink_rect


def _on_window(window: MainWindow, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def tap_at(window: MainWindow, point: QPoint) -> None:
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, point, GUARD_MS)  # fmt: skip


@pytest.mark.parametrize("language", ["ar", "ur"])
def test_a_second_tap_on_a_language_keeps_it(qtbot, kiosk: MainWindow, language: str) -> None:
    """The field run: tapping العربية twice ended in English, اردو twice in Somali."""
    buttons = kiosk.attract.switcher.buttons
    before = {code: _on_window(kiosk, button) for code, button in buttons.items()}
    spot = before[language].center()
    tap_at(kiosk, spot)
    assert kiosk.languages.current == language
    qtbot.waitUntil(lambda: kiosk.layoutDirection() == Qt.LayoutDirection.RightToLeft)
    tap_at(kiosk, spot)  # the same finger, again
    assert kiosk.languages.current == language
    after = {code: _on_window(kiosk, button) for code, button in buttons.items()}
    assert after == before


def _open_event(qtbot, window: MainWindow):
    qtbot.mouseClick(window.events_button, Qt.MouseButton.LeftButton)
    events = window.events
    qtbot.mouseClick(events.kinds.tiles["clothes_swap"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: events.current is not None)
    return events


def _count_to(qtbot, events, counter: str, value: int) -> None:
    while int(events.counts[counter].text()) < value:
        qtbot.mouseClick(events.plus[counter], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not events._saving)


def test_the_counters_hold_still_from_9_to_10(qtbot, window: MainWindow) -> None:
    window.resize(1024, 600)
    events = _open_event(qtbot, window)
    _count_to(qtbot, events, "participants", 9)
    keys = [*events.minus.values(), *events.plus.values()]
    before = [_on_window(window, key) for key in keys]
    _count_to(qtbot, events, "participants", 10)
    qtbot.wait(20)  # a relayout, had the label grown, is posted
    assert [_on_window(window, key) for key in keys] == before
    assert all(key.width() >= 64 for key in keys)


def test_the_minus_is_drawn_like_the_plus(qtbot, window: MainWindow) -> None:
    events = _open_event(qtbot, window)
    _count_to(qtbot, events, "participants", 1)  # the minus is enabled, so drawn as the plus
    minus, plus = events.minus["participants"], events.plus["participants"]
    assert minus.size() == plus.size()
    bar, cross = ink_rect(minus), ink_rect(plus)
    # A real minus sign: the plus's crossbar, at its height and about its width.
    assert abs(bar.center().y() - cross.center().y()) <= 1, (bar, cross)
    assert abs(bar.width() - cross.width()) <= 2, (bar, cross)
    assert bar.height() < cross.height() / 3


def test_a_held_plus_waits_past_a_slow_tap_and_counts_at_a_stoppable_pace(
    qtbot, kiosk: MainWindow
) -> None:
    """The field run: 1 at 0.3 s, 2 at 0.5 s, 6 at 1 s; a slow gloved press miscounted."""
    qtbot.mouseClick(kiosk.attract.leave, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.flow.categories.tiles["books_media"], Qt.MouseButton.LeftButton)
    for key in (kiosk.flow.amount.plus, kiosk.flow.amount.minus):
        assert key.autoRepeatDelay() >= 600  # a tap held half a second is still one step
        assert key.autoRepeatInterval() >= 250  # at most four a second: each one seen


def test_an_outcome_before_an_item_says_what_comes_first(qtbot, window: MainWindow) -> None:
    events = _open_event(qtbot, window)
    shown = {label.text() for label in events.findChildren(QLabel) if label.isVisible()}
    assert {"Hva ble reparert?", "Hvordan gikk det?"} <= shown  # each row of tiles is named
    before = window.events.feedback.text()
    qtbot.mouseClick(events.outcomes.tiles["fixed"], Qt.MouseButton.LeftButton)
    assert events.feedback.text() == "Velg først hva som ble reparert." != before
    assert events.outcomes.chosen() is None and not events._saving  # nothing written
    qtbot.mouseClick(events.repair_items.tiles["bicycle"], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(events.record_saved):
        qtbot.mouseClick(events.outcomes.tiles["fixed"], Qt.MouseButton.LeftButton)


@pytest.mark.parametrize("size", [(1280, 800), (1024, 600)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_tiles_hold_still_when_ut_or_a_tile_is_tapped(qtbot, window: MainWindow, size) -> None:
    """The field run: tapping "Ut" at 1280x800 made three reuse names wrap ("Ut: Bøker og
    medier") and moved the tiles under them 6 and 12 px down; a chosen name turns bold."""
    from kiosk.ui.category_grid import Section
    from tests.helpers.layout import settle

    window.resize(*size)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == size)
    guide = window.guide
    guide.grid.show_section(Section.REUSE)
    settle(window)
    view = _on_window(window, guide.grid.area.viewport())
    shown = [guide.handout, *(t for t in guide.grid.tiles.values() if t.isVisible())]
    # What a finger reaches without scrolling (the first-run PIN warning takes a row at 600).
    tiles = [tile for tile in shown if view.contains(_on_window(window, tile))]
    assert len(tiles) >= 7, len(tiles)
    before = [_on_window(window, tile) for tile in tiles]
    tap_at(window, before[0].center())  # "Ut"
    settle(window)
    assert guide.handout.isChecked()
    assert [_on_window(window, tile) for tile in tiles] == before
    for tile in tiles[1:]:  # each name chosen, in bold
        tap_at(window, _on_window(window, tile).center())
        settle(window)
        assert tile.isChecked()
        assert [_on_window(window, t) for t in tiles] == before, tile.name


@pytest.mark.parametrize("size", [(1280, 800), (1024, 600)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_tile_name_reads_whole(qtbot, window: MainWindow, size) -> None:
    """A field drive at 1024x600: "Kjøkkenutstyr", one word wider than its tile, lost its
    last letters (the first-run PIN warning's scrollbar narrows the tiles), "Ut" on or off."""
    from kiosk.ui.category_grid import Section
    from tests.helpers.layout import clipped_text, settle, touched_edges

    window.resize(*size)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == size)
    guide = window.guide
    for section in Section:
        guide.grid.show_section(section)
        for out in (False, True) if section is Section.REUSE else (False,):
            if guide.handout.isChecked() != out:
                guide.handout.click()
            settle(window)
            for tile in guide.grid.tiles.values():
                if tile.isVisible() and tile.isEnabled():
                    assert clipped_text(tile.label) is None, (section, out)
                    assert touched_edges(tile.label) == [], (tile.label.text(), out)
