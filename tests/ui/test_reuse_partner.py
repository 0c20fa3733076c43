"""Issue 20: reuse items the guide sends on to a reuse partner, in two taps from the guide's
screen (open, the kg, save), stored as a material flow naming the partner; the events panel
then shows reuse from the station and an event's reuse kg apart."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from sqlalchemy import select

from contract.effect import Measure
from kiosk.db.activities import send_to_reuse_partner
from kiosk.db.deposits import register_deposit
from kiosk.db.records import RECORD_TABLES
from kiosk.domain.kinds import Channel, Direction
from kiosk.domain.sizes import Size
from kiosk.ui.main_window import MainWindow
from tests.helpers.guide import guide_registers
from tests.ui.test_selfservice import run_flow

TAP = Qt.MouseButton.LeftButton


def flows(window: MainWindow) -> list:
    table = RECORD_TABLES["material_flow"]
    with window.store.read() as conn:
        return list(conn.execute(select(table).order_by(table.c.seq)))


def send_on(qtbot, window: MainWindow, kg: str) -> None:
    qtbot.mouseClick(window.partner_button, TAP)  # 1
    flow = window.events.flow
    assert window.events.stack.currentWidget() is flow
    for key in kg:
        qtbot.mouseClick(flow.numpad.keys[key], TAP)
    with qtbot.waitSignal(flow.record_saved):
        qtbot.mouseClick(flow.save_button, TAP)  # 2


def test_two_taps_send_items_on_to_fretex_and_undo_takes_them_back(
    qtbot, window: MainWindow
) -> None:
    assert window.stack.currentWidget() is window.guide
    send_on(qtbot, window, "12")
    (sent,) = flows(window)
    assert (sent.flow, sent.source, sent.note, sent.weight_g) == (
        "reuse_partner",
        "station",
        "Fretex",
        12_000,
    )
    assert sent.sync_state == "pending"  # a material flow syncs like any record
    events = window.events
    assert "Fretex" in events.feedback.text()
    assert events.totals.text_of("reused", "today") == "12,0 kg"
    assert events.totals.text_of("left_for_reuse", "today") == "0,0 kg"

    with qtbot.waitSignal(events.record_saved):
        qtbot.mouseClick(events.undo_button, TAP)
    original, reversal = flows(window)
    assert reversal.reverses == original.id
    assert events.totals.text_of("reused", "today") == "0,0 kg"


def test_no_weight_saves_nothing_and_says_so(qtbot, window: MainWindow) -> None:
    qtbot.mouseClick(window.partner_button, TAP)
    flow = window.events.flow
    qtbot.mouseClick(flow.save_button, TAP)
    assert flow.feedback.text() != ""
    assert flows(window) == []


def test_without_a_partner_chosen_nothing_is_saved(qtbot, window: MainWindow) -> None:
    qtbot.mouseClick(window.partner_button, TAP)
    flow = window.events.flow
    assert flow.partners.chosen() == "Fretex"  # the only partner is chosen already
    flow.partners.clear()
    qtbot.mouseClick(flow.numpad.keys["5"], TAP)
    qtbot.mouseClick(flow.save_button, TAP)
    assert "ombrukspartneren" in flow.feedback.text()
    assert flows(window) == []
    qtbot.mouseClick(flow.partners.tiles["Fretex"], TAP)
    with qtbot.waitSignal(flow.record_saved):
        qtbot.mouseClick(flow.save_button, TAP)
    assert [f.note for f in flows(window)] == ["Fretex"]


def test_the_events_panel_shows_an_events_reuse_kg(qtbot, window: MainWindow) -> None:
    qtbot.mouseClick(window.events_button, TAP)
    events = window.events
    qtbot.mouseClick(events.kinds.tiles["bike_workshop"], TAP)
    qtbot.waitUntil(lambda: events.current is not None)
    qtbot.mouseClick(events.close_button, TAP)
    qtbot.mouseClick(events.reuse_pad.keys["8"], TAP)
    with qtbot.waitSignal(events.record_saved):
        qtbot.mouseClick(events.confirm_close_button, TAP)
    assert events.totals.text_of("activity_reuse", "today") == "8,0 kg"
    assert events.totals.text_of("reused", "today") == "0,0 kg"


def test_the_guides_totals_keep_both_reuse_figures_apart(qtbot, window: MainWindow) -> None:
    guide = window.guide
    guide_registers(qtbot, window, "clothes", "3")  # left at the station
    qtbot.mouseClick(guide.grid.tiles["clothes"], TAP)
    qtbot.mouseClick(guide.handout, TAP)  # handed out: reuse from the station
    for key in "2":
        qtbot.mouseClick(guide.numpad.keys[key], TAP)
    with qtbot.waitSignal(guide.deposit_saved):
        qtbot.mouseClick(guide.confirm_button, TAP)
    titles = [label.text() for label in guide.totals.findChildren(QLabel, "kindTitle")]
    assert "Levert til ombruk" in titles and "Ombruk fra stasjonen" in titles
    assert "Ombruk" not in titles  # no figure adding the two
    assert guide.totals.values[Measure.LEFT_FOR_REUSE].text() == "3,0 kg"
    assert guide.totals.values[Measure.REUSED].text() == "2,0 kg"

    send_on(qtbot, window, "12")  # sent on to Fretex: reuse from the station too
    qtbot.mouseClick(window.events.back, TAP)
    assert window.stack.currentWidget() is guide
    assert guide.totals.values[Measure.LEFT_FOR_REUSE].text() == "3,0 kg"
    assert guide.totals.values[Measure.REUSED].text() == "14,0 kg"


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("nb", "I dag på stasjonen: 1,5 kg levert til ombruk, 14,0 kg ombruk fra stasjonen."),
        ("en", "Today at this station: 1.5 kg left for reuse, 14.0 kg reused from the station."),
    ],
)
def test_the_thank_you_screen_shows_both_reuse_figures(
    qtbot, kiosk: MainWindow, language: str, words: str
) -> None:
    now = kiosk.wall_clock()
    clothes = {"category": "clothes", "weight_g": 2000, "channel": Channel.GUIDE}
    register_deposit(store=kiosk.store, direction=Direction.OUT, now=now, **clothes)
    send_to_reuse_partner(store=kiosk.store, partner="Fretex", weight_g=12_000, now=now)
    run_flow(qtbot, kiosk, language, "in", "books_media", 3, Size.MEDIUM)
    assert kiosk.flow.thanks.today.text() == words
