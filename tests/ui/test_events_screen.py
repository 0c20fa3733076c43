"""The guide's events and material-flow screens, clicked as a guide would, on a real store:
open an event with one tap, count people, log repairs in two taps each, close; a flow."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton

from kiosk.db.deposits import register_deposit
from kiosk.ui.main_window import MainWindow
from tests.helpers.guide import rows
from tests.helpers.layout import ink_problems, problems, settle

TAP = Qt.MouseButton.LeftButton


def open_events(qtbot, window: MainWindow):
    qtbot.mouseClick(window.events_button, TAP)
    assert window.stack.currentWidget() is window.events
    return window.events


def tap_and_wait(qtbot, screen, button: QAbstractButton) -> None:
    """Tap, then wait until the store's lane has committed and called back."""
    qtbot.mouseClick(button, TAP)
    qtbot.waitUntil(lambda: not screen._saving)


def test_an_event_with_participants_and_three_repairs(qtbot, window: MainWindow) -> None:
    events = open_events(qtbot, window)
    assert events.pages.currentIndex() == 0  # nothing open: the kind tiles
    qtbot.mouseClick(events.place, TAP)
    qtbot.keyClicks(events.place, "  Haugerud skole ")
    tap_and_wait(qtbot, events, events.kinds.tiles["bike_workshop"])
    assert events.pages.currentIndex() == 1
    assert "Sykkelverksted" in events.title.text()
    assert events.title.text().endswith("· Haugerud skole")
    assert events.place.text() == ""  # the next event starts without it
    for _ in range(3):
        tap_and_wait(qtbot, events, events.plus["participants"])
    tap_and_wait(qtbot, events, events.minus["participants"])
    tap_and_wait(qtbot, events, events.plus["visitors"])
    assert events.counts["participants"].text() == "2"
    assert events.counts["visitors"].text() == "1"

    for outcome in ("fixed", "fixed", "end_of_life"):  # two taps each
        qtbot.mouseClick(events.repair_items.tiles["bicycle"], TAP)
        with qtbot.waitSignal(events.record_saved):
            qtbot.mouseClick(events.outcomes.tiles[outcome], TAP)
    assert events.outcomes.tiles["fixed"].text() == "Reparert\n2 stk"
    assert events.outcomes.tiles["end_of_life"].text() == "Ikke reparerbar\n1 stk"
    assert events.repair_items.chosen() is None  # the next repair starts with its category

    qtbot.mouseClick(events.close_button, TAP)
    assert rows(window, "event") == []  # the first tap asks the kg and for a second tap
    assert events.pages.currentIndex() == 2
    for key in ("4", "2", ",", "5"):
        qtbot.mouseClick(events.reuse_pad.keys[key], TAP)
    with qtbot.waitSignal(events.record_saved):
        qtbot.mouseClick(events.confirm_close_button, TAP)
    (event,) = rows(window, "event")
    assert (event.kind, event.participants, event.visitors) == ("bike_workshop", 2, 1)
    assert (event.place, event.reuse_g) == ("Haugerud skole", 42_500)
    repairs = rows(window, "repair")
    assert [(r.item_category, r.outcome, r.event_id) for r in repairs] == [
        ("bicycle", "fixed", event.id),
        ("bicycle", "fixed", event.id),
        ("bicycle", "end_of_life", event.id),
    ]
    assert events.pages.currentIndex() == 0
    assert "2 deltakere, 42,5 kg til ombruk" in events.feedback.text()
    assert events.totals.text_of("events", "today") == "1"
    assert events.totals.text_of("participants", "year") == "2"
    assert all(r.sync_state == "pending" for r in [event, *repairs])


def test_minus_is_off_at_zero_and_an_open_event_survives_leaving(qtbot, window: MainWindow) -> None:
    events = open_events(qtbot, window)
    tap_and_wait(qtbot, events, events.kinds.tiles["clothes_swap"])
    assert not events.minus["participants"].isEnabled()
    tap_and_wait(qtbot, events, events.plus["visitors"])
    qtbot.mouseClick(events.back, TAP)
    assert window.stack.currentWidget() is window.guide
    qtbot.mouseClick(window.events_button, TAP)
    assert events.pages.currentIndex() == 1 and events.counts["visitors"].text() == "1"


def test_a_material_flow_with_kg_source_and_note(qtbot, window: MainWindow) -> None:
    events = open_events(qtbot, window)
    qtbot.mouseClick(events.flow_button, TAP)
    flow = events.flow
    assert events.stack.currentWidget() is flow
    qtbot.mouseClick(flow.flows.tiles["business_waste"], TAP)
    qtbot.mouseClick(flow.sources.tiles["other_agency"], TAP)
    for key in "800":
        qtbot.mouseClick(flow.numpad.keys[key], TAP)
    qtbot.keyClicks(flow.note, "Møbler fra Bymiljøetaten")
    with qtbot.waitSignal(events.record_saved):
        qtbot.mouseClick(flow.save_button, TAP)
    (saved,) = rows(window, "material_flow")
    assert (saved.flow, saved.source, saved.weight_g) == ("business_waste", "other_agency", 800_000)
    assert saved.note == "Møbler fra Bymiljøetaten" and saved.event_id is None
    assert events.stack.currentIndex() == 0
    assert "800 kg" in events.feedback.text()


def test_a_flow_without_its_kind_is_refused_in_words(qtbot, window: MainWindow) -> None:
    events = open_events(qtbot, window)
    qtbot.mouseClick(events.flow_button, TAP)
    flow = events.flow
    qtbot.mouseClick(flow.numpad.keys["5"], TAP)
    qtbot.mouseClick(flow.save_button, TAP)
    assert "Velg hva det var" in flow.feedback.text()
    qtbot.mouseClick(flow.flows.tiles["activity_reuse"], TAP)
    qtbot.mouseClick(flow.sources.tiles["activity"], TAP)
    flow.numpad.clear()
    qtbot.mouseClick(flow.save_button, TAP)  # no weight
    assert flow.feedback.text() and not flow._saving
    assert rows(window, "material_flow") == []


@pytest.mark.parametrize("size", [(1280, 800), (1024, 600)])
def test_every_target_is_64_px_12_px_apart_and_on_screen(
    qtbot, window: MainWindow, size: tuple[int, int]
) -> None:
    # A busy year in the totals beside: its figures must not push anything off a small screen.
    register_deposit(store=window.store, category="wood", weight_g=150_000)
    window.resize(*size)
    events = open_events(qtbot, window)
    tap_and_wait(qtbot, events, events.kinds.tiles["bike_workshop"])
    qtbot.mouseClick(events.repair_items.tiles["bicycle"], TAP)
    qtbot.waitUntil(lambda: window.size().width() == size[0])
    assert (window.width(), window.height()) == size  # nothing forced the window larger
    screen_rect = window.rect()
    pages = [(events.stack.widget(0), page) for page in (1, 2, 0)]  # running, closing, start
    for screen, page in [*pages, (events.flow, None)]:
        events.stack.setCurrentWidget(screen)
        if page is not None:
            events.pages.setCurrentIndex(page)
            qtbot.waitUntil(events.pages.widget(page).isVisible)
        qtbot.waitUntil(screen.isVisible)
        buttons = [b for b in screen.findChildren(QAbstractButton) if b.isVisible()]
        assert buttons
        for button in buttons:
            assert button.width() >= 64 and button.height() >= 64, button.text()
        rects = [b.rect().translated(b.mapTo(window, b.rect().topLeft())) for b in buttons]
        for button, rect in zip(buttons, rects, strict=True):
            assert screen_rect.contains(rect), (button.text(), rect, size)
        for i, a in enumerate(rects):
            for j, b in enumerate(rects[i + 1 :], start=i + 1):
                apart = not a.adjusted(-11, -11, 11, 11).intersects(b)
                assert apart, (buttons[i].text(), a, buttons[j].text(), b)


def test_undo_last_reverses_a_mistapped_repair(qtbot, window: MainWindow) -> None:
    events = open_events(qtbot, window)
    assert not events.undo_button.isEnabled()
    tap_and_wait(qtbot, events, events.kinds.tiles["textile_repair"])
    qtbot.mouseClick(events.repair_items.tiles["textile"], TAP)
    with qtbot.waitSignal(events.record_saved):
        qtbot.mouseClick(events.outcomes.tiles["end_of_life"], TAP)
    assert events.outcomes.tiles["end_of_life"].text() == "Ikke reparerbar\n1 stk"
    with qtbot.waitSignal(events.record_saved):
        qtbot.mouseClick(events.undo_button, TAP)
    original, reversal = rows(window, "repair")
    assert reversal.reverses == original.id and reversal.outcome == "end_of_life"
    assert events.outcomes.tiles["end_of_life"].text() == "Ikke reparerbar\n0 stk"
    assert not events.undo_button.isEnabled()  # a reversal is not undone again


def test_closing_can_go_back_and_nothing_typed_is_no_reuse(qtbot, window: MainWindow) -> None:
    events = open_events(qtbot, window)
    tap_and_wait(qtbot, events, events.kinds.tiles["clothes_swap"])
    qtbot.mouseClick(events.close_button, TAP)
    qtbot.mouseClick(events.reuse_pad.keys["7"], TAP)
    qtbot.mouseClick(events.keep_open_button, TAP)  # not yet: the swap goes on
    assert events.pages.currentIndex() == 1 and rows(window, "event") == []
    tap_and_wait(qtbot, events, events.plus["visitors"])

    qtbot.mouseClick(events.close_button, TAP)
    assert events.reuse_pad.text() == ""  # the 7 from before is not kept
    with qtbot.waitSignal(events.record_saved):
        qtbot.mouseClick(events.confirm_close_button, TAP)
    (event,) = rows(window, "event")
    assert (event.place, event.visitors, event.reuse_g) == (None, 1, 0)
    assert events.pages.currentIndex() == 0


def test_a_busy_years_totals_leave_every_word_whole_at_1024(qtbot, window: MainWindow) -> None:
    """Real figures beside the tiles (12,4 t this year): the totals once took the tiles' room
    ("Kan repareres", "Ikke reparerbar" cut), cut their own row names, and the closing
    question ran past its column's edge."""
    for _ in range(62):
        register_deposit(store=window.store, category="wood", weight_g=199_999)
    window.resize(1024, 600)
    events = open_events(qtbot, window)
    qtbot.waitUntil(lambda: window.size().width() == 1024)
    tap_and_wait(qtbot, events, events.kinds.tiles["bike_workshop"])
    settle(window)
    assert events.totals.text_of("recycled", "year") == "12\xa0399,9 kg"
    assert ink_problems(events) == [] and problems(events) == []
    qtbot.mouseClick(events.close_button, TAP)
    settle(window)
    assert ink_problems(events) == [] and problems(events) == []
