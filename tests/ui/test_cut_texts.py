"""The guide-side and resident texts issue 27 found cut, checked as rendered: their metrics
(tests/helpers/layout.problems) and their ink (touched_edges), at 1024x600 and 1280x800."""

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel, QStyleOptionViewItem

from kiosk.db.deposits import register_deposit
from kiosk.domain.kinds import Channel
from kiosk.sync.outbox import SyncOverview
from kiosk.ui.main_window import MainWindow
from kiosk.ui.today_list import ROW_ROLE
from tests.helpers.layout import clipped_text, settle, touched_edges
from tests.ui.test_guide_layout import LATE_AFTERNOON

TAP = Qt.MouseButton.LeftButton
SIZES = [(1280, 800), (1024, 600)]


def resize(qtbot, window: MainWindow, size: tuple[int, int]) -> None:
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().height() == size[1])
    settle(window)


@pytest.mark.parametrize("size", SIZES)
def test_event_counters_read_whole(qtbot, window: MainWindow, size) -> None:
    resize(qtbot, window, size)
    if not window.events_button.isVisible():  # behind "Mer" on a 600 px screen
        qtbot.mouseClick(window.guide.more_button, TAP)
    qtbot.mouseClick(window.events_button, TAP)
    events = window.events
    settle(window)
    qtbot.mouseClick(events.kinds.tiles["bike_workshop"], TAP)
    qtbot.waitUntil(lambda: events.counts["participants"].isVisible())
    settle(window)
    for counter, value in events.counts.items():  # "Deltake 0", "Besøke 0"
        name = value.parentWidget().findChildren(type(value))
        labels = [label for label in name if label.text() in {"Deltakere", "Besøkende"}]
        assert labels, counter
        for label in [*labels, value]:
            assert clipped_text(label) is None, label.text()
            assert touched_edges(label) == [], label.text()


@pytest.mark.parametrize("size", SIZES)
def test_event_kind_tiles_read_whole(qtbot, window: MainWindow, size) -> None:
    resize(qtbot, window, size)
    if not window.events_button.isVisible():  # behind "Mer" on a 600 px screen
        qtbot.mouseClick(window.guide.more_button, TAP)
    qtbot.mouseClick(window.events_button, TAP)
    settle(window)
    events = window.events
    for tile in [*events.kinds.tiles.values(), *events.audience.tiles.values()]:
        assert touched_edges(tile) == [], tile.text()  # "Sykkelverkste", "Tekstilreparasjo"
        assert tile.width() >= tile.sizeHint().width(), tile.text()


@pytest.mark.parametrize("size", SIZES)
def test_a_resident_row_keeps_its_name_and_the_header_its_count(
    qtbot, window: MainWindow, size
) -> None:
    resize(qtbot, window, size)
    window.wall_clock.pin(LATE_AFTERNOON)
    # The header shows the pinned moment now, not the real one until its next tick: on a
    # real Monday evening "Stengt, åpner ons 11:00" took the width this test is about.
    window.guide.header.tick()
    register_deposit(
        store=window.store,
        category="kitchenware",
        weight_g=12_300,  # "12,3 kg": a big resident delivery
        channel=Channel.SELF_SERVICE,
        now=LATE_AFTERNOON - timedelta(minutes=2),
    )
    guide = window.guide
    guide.refresh()
    settle(window)
    listed = guide.today.list
    item = listed.item(0)
    option = QStyleOptionViewItem()
    option.initFrom(listed.viewport())
    option.rect = listed.visualItemRect(item)
    option.font = listed.font()
    option.fontMetrics = QFontMetrics(listed.font())
    row = item.data(ROW_ROLE)
    parts = listed.itemDelegate().layout(option, row)  # "Kjøkkenut…"
    assert row.name == "Kjøkkenutstyr" and row.tag
    assert option.fontMetrics.horizontalAdvance(row.name) <= parts.name.width()
    # "45 venter · 11 …": the count and the age stay whole, only the last word may give way.
    guide.header.show_sync(SyncOverview(45, 0, LATE_AFTERNOON - timedelta(minutes=11), None, None))
    QApplication.processEvents()
    first = guide.header.sync_state.shown_lines()[0]
    assert first.startswith("45 venter · 11 min") or first.startswith("Ikke synkronisert: 45")
    assert "…" not in first, first


@pytest.mark.parametrize("size", SIZES)
def test_plus_ten_and_soomaali_clear_their_buttons(qtbot, kiosk: MainWindow, size) -> None:
    resize(qtbot, kiosk, size)
    soomaali = kiosk.attract.switcher.buttons["so"]
    assert touched_edges(soomaali) == [], soomaali.text()
    qtbot.mouseClick(kiosk.attract.leave, TAP)
    flow = kiosk.flow
    assert flow is not None
    category = next(iter(flow.categories.tiles.values()))
    qtbot.mouseClick(category, TAP)
    qtbot.waitUntil(flow.amount.plus_ten.isVisible)
    settle(kiosk)
    assert touched_edges(flow.amount.plus_ten) == [], "+10"


def test_the_guides_totals_titles_keep_their_ink_inside(qtbot, window: MainWindow) -> None:
    """bench/real_window.py's ink census found the bold "k" of "Levert til ombruk" on its
    label's right edge at 1280x800 (the totals are hidden at 1024x600)."""
    resize(qtbot, window, (1280, 800))
    titles = [
        label
        for label in window.guide.totals.findChildren(QLabel)
        if label.objectName() == "kindTitle"
    ]
    assert len(titles) == 5  # the three kinds, left for reuse, reused from the station
    for label in titles:
        assert touched_edges(label) == [], label.text()


@pytest.mark.parametrize("size", SIZES)
def test_the_kg_entry_reads_whole(qtbot, window: MainWindow, size) -> None:
    """ "Registrer kg ombruk": at 1024x600 the save button beside the keys left the tiles 384 px
    and cut "Næringsavfall ombrukt/redesignet" (seen in its screenshot)."""
    resize(qtbot, window, size)
    if not window.events_button.isVisible():  # behind "Mer" on a 600 px screen
        qtbot.mouseClick(window.guide.more_button, TAP)
    qtbot.mouseClick(window.events_button, TAP)
    qtbot.mouseClick(window.events.flow_button, TAP)
    flow = window.events.flow
    settle(window)
    assert window.events.stack.currentWidget() is flow
    for tile in [*flow.flows.tiles.values(), *flow.sources.tiles.values()]:
        assert tile.width() >= tile.sizeHint().width(), tile.text()
        assert touched_edges(tile) == [], tile.text()
    metrics = QFontMetrics(flow.note.font())
    assert metrics.horizontalAdvance(flow.note.placeholderText()) < flow.note.width()
