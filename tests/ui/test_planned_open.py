"""The guide opens an event staff planned for today in one tap: its kind, place and audience
come from the plan, and the record is the contract's event record as for any event opened
here. The button fits at both screen sizes, among targets a glove can hit."""

import dataclasses
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QWidget

from contract.planned import PlannedEvent
from contract.records import Audience, EventKind
from kiosk.domain.hours import OSLO
from kiosk.ui.main_window import MainWindow
from tests.helpers.guide import rows
from tests.helpers.layout import problems, settle, touched_edges
from tests.helpers.targets import target_problems

TAP = Qt.MouseButton.LeftButton
NOW = datetime(2026, 11, 26, 16, 40, tzinfo=OSLO)  # a Thursday, before the workshop
SIZES = [(1280, 800), (1024, 600)]


def plan(kind: EventKind, day: int, start: int, end: int, **kw: object) -> PlannedEvent:
    values: dict[str, object] = {"place": "", "audience": Audience.PUBLIC, "id": f"{kind}-{day}"}
    values.update(kw)
    return PlannedEvent(
        kind=kind,
        starts_at=datetime(2026, 11, day, start, 0, tzinfo=OSLO),
        ends_at=datetime(2026, 11, day, end, 0, tzinfo=OSLO),
        **values,  # type: ignore[arg-type]
    )


def publish(window: MainWindow, *events: PlannedEvent) -> None:
    window.model.publish_hours(dataclasses.replace(window.model.hours, planned=events))


def open_events(qtbot, window: MainWindow):
    qtbot.mouseClick(window.events_button, TAP)
    assert window.stack.currentWidget() is window.events
    return window.events


def test_todays_planned_event_opens_in_one_tap(qtbot, window: MainWindow) -> None:
    window.wall_clock.pin(NOW)
    workshop = plan(EventKind.WOOD_WORKSHOP, 26, 17, 19, place="Verkstedet",
                    audience=Audience.INTERNAL)  # fmt: skip
    publish(
        window,
        plan(EventKind.MARKET, 27, 11, 15),
        workshop,
        plan(EventKind.CLOTHES_SWAP, 26, 12, 14),
    )  # fmt: skip  (the swap is over)
    events = open_events(qtbot, window)
    assert events.start_prompt.text() == "Planlagt i dag: Treverksted 17–19"
    assert events.place.placeholderText() == "Verkstedet (planlagt)"
    tile = events.kinds.tiles["wood_workshop"]
    marked = [k for k, t in events.kinds.tiles.items() if t.property("planned")]
    assert marked == ["wood_workshop"]

    qtbot.mouseClick(tile, TAP)  # the one tap
    qtbot.waitUntil(lambda: not events._saving)
    assert events.pages.currentIndex() == 1
    assert events.title.text() == "Treverksted, startet 16:40 · Verkstedet"

    qtbot.mouseClick(events.close_button, TAP)
    with qtbot.waitSignal(events.record_saved):
        qtbot.mouseClick(events.confirm_close_button, TAP)
    (event,) = rows(window, "event")
    # Prefilled from the plan, not from the kind's default (public for a wood workshop).
    assert (event.kind, event.place, event.audience) == ("wood_workshop", "Verkstedet", "internal")
    assert event.starts_at == NOW  # opened live: it started when the guide tapped


def test_another_kind_or_the_guides_choices_win(qtbot, window: MainWindow) -> None:
    """The plan fills only what the guide left as it was, and only for its own kind."""
    window.wall_clock.pin(NOW)
    publish(window, plan(EventKind.WOOD_WORKSHOP, 26, 17, 19, place="Verkstedet",
                         audience=Audience.INTERNAL))  # fmt: skip
    events = open_events(qtbot, window)
    qtbot.mouseClick(events.kinds.tiles["market"], TAP)
    qtbot.waitUntil(lambda: not events._saving)
    assert events.title.text() == "Marked, startet 16:40"  # no planned place for a market
    qtbot.mouseClick(events.close_button, TAP)
    with qtbot.waitSignal(events.record_saved):
        qtbot.mouseClick(events.confirm_close_button, TAP)
    qtbot.mouseClick(events.place, TAP)
    qtbot.keyClicks(events.place, "Haugerud skole")
    qtbot.mouseClick(events.audience.tiles["public"], TAP)
    qtbot.mouseClick(events.kinds.tiles["wood_workshop"], TAP)
    qtbot.waitUntil(lambda: not events._saving)
    qtbot.mouseClick(events.close_button, TAP)
    with qtbot.waitSignal(events.record_saved):
        qtbot.mouseClick(events.confirm_close_button, TAP)
    market, workshop = rows(window, "event")
    assert (market.place, market.audience) == (None, "public")
    assert (workshop.place, workshop.audience) == ("Haugerud skole", "public")


def test_no_plan_for_today_and_a_sync_brings_one(qtbot, window: MainWindow) -> None:
    window.wall_clock.pin(NOW)
    publish(window, plan(EventKind.MARKET, 27, 11, 15))  # tomorrow
    events = open_events(qtbot, window)
    assert events.start_prompt.text() == "Start et arrangement:"
    assert not any(t.property("planned") for t in events.kinds.tiles.values())
    before = [t.geometry() for t in events.kinds.tiles.values()]
    # A schedule published while the screen is open shows at once (the model's one signal),
    # and moves no tile.
    publish(window, plan(EventKind.BIKE_WORKSHOP, 26, 17, 19))
    assert events.start_prompt.text() == "Planlagt i dag: Sykkelverksted 17–19"
    assert events.kinds.tiles["bike_workshop"].property("planned")
    settle(window)
    assert [t.geometry() for t in events.kinds.tiles.values()] == before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_plan_fits_among_targets(qtbot, window: MainWindow, size) -> None:
    window.wall_clock.pin(NOW)
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().height() == size[1])
    events = open_events(qtbot, window)
    settle(window)
    # The side's totals are measured by their own tests; here the event side, where the
    # plan shows.
    before = problems(events.pages) + target_problems(window)
    # The longest kind, and minutes: the longest prompt the plan can make.
    publish(window, PlannedEvent(id="t", kind=EventKind.TEXTILE_REPAIR, place="Haugerud skole",
                                 starts_at=datetime(2026, 11, 26, 17, 30, tzinfo=OSLO),
                                 ends_at=datetime(2026, 11, 26, 19, 45, tzinfo=OSLO),
                                 audience=Audience.PUBLIC))  # fmt: skip
    settle(window)
    found = problems(events.pages) + target_problems(window)
    for widget in events.pages.findChildren(QWidget):
        if widget.isVisible() and isinstance(widget, QAbstractButton):
            found += [f"{widget.text()!r}: ink on {e}" for e in touched_edges(widget)]
    assert events.start_prompt.text() == "Planlagt i dag: Tekstilreparasjon 17:30–19:45"
    assert found == before == [], found
