"""The attract screen names the next public planned event in the resident's language, with the
day and time in that language's locale (Western digits), fits at both screen sizes in every
language without eliding or ink touching an edge, and moves nothing when one arrives."""

import dataclasses
from datetime import datetime

import pytest

from contract.planned import PlannedEvent
from contract.records import Audience, EventKind
from kiosk.domain.hours import OSLO
from kiosk.ui.languages import LANGUAGES
from kiosk.ui.main_window import MainWindow
from tests.helpers.digits import mixed_digits
from tests.helpers.layout import ink_problems, problems, settle
from tests.helpers.resident_walk import OPEN_MOMENT, set_clock, tap

SIZES = [(1280, 800), (1024, 600)]
THURSDAY = datetime(2026, 11, 26, 12, 0, tzinfo=OSLO)


def planned(
    kind: EventKind = EventKind.BIKE_WORKSHOP,
    start: datetime = datetime(2026, 11, 27, 17, 0, tzinfo=OSLO),
    hours: int = 2,
    place: str = "",
    audience: Audience = Audience.PUBLIC,
    ident: str = "a",
) -> PlannedEvent:
    return PlannedEvent(
        id=ident,
        kind=kind,
        starts_at=start,
        ends_at=start.replace(hour=start.hour + hours),
        place=place,
        audience=audience,
    )


def publish(kiosk: MainWindow, *events: PlannedEvent) -> None:
    kiosk.model.publish_hours(dataclasses.replace(kiosk.model.hours, planned=events))


def line(kiosk: MainWindow) -> str:
    return kiosk.attract.planned.label.text()


# Friday 27 November 2026, 17-19, seen on Thursday the 26th: "tomorrow"; on Monday the 23rd:
# the weekday, in each language's own words.
WORDS = {
    "nb": ("Sykkelverksted i morgen 17–19", "Sykkelverksted fredag 17–19"),
    "en": ("Bike workshop, tomorrow 17–19", "Bike workshop, Friday 17–19"),
    "pl": ("Warsztat rowerowy: jutro 17–19", "Warsztat rowerowy: piątek 17–19"),
    "ar": ("ورشة إصلاح الدراجات، غدًا 17–19", "ورشة إصلاح الدراجات، الجمعة 17–19"),
    "ur": ("سائیکل ورکشاپ، کل 17–19", "سائیکل ورکشاپ، جمعہ 17–19"),
    "so": ("Dayactirka baaskiilada, berri 17–19", "Dayactirka baaskiilada, Jimco 17–19"),
}


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_the_next_public_event_in_every_language(qtbot, kiosk: MainWindow, language: str) -> None:
    if language != kiosk.languages.current:
        tap(kiosk.attract.switcher.buttons[language])
    publish(kiosk, planned())
    set_clock(kiosk, THURSDAY)
    tomorrow, weekday = WORDS[language]
    assert line(kiosk) == tomorrow
    set_clock(kiosk, datetime(2026, 11, 23, 12, 0, tzinfo=OSLO))  # Monday
    assert line(kiosk) == weekday
    assert not mixed_digits(line(kiosk))


def test_only_public_events_and_only_until_they_end(qtbot, kiosk: MainWindow) -> None:
    course = planned(EventKind.COURSE, audience=Audience.INTERNAL, ident="c",
                     start=datetime(2026, 11, 26, 13, 0, tzinfo=OSLO))  # fmt: skip
    swap = planned(EventKind.CLOTHES_SWAP, ident="s",
                   start=datetime(2026, 11, 26, 15, 30, tzinfo=OSLO))  # fmt: skip
    publish(kiosk, planned(), course, swap)
    set_clock(kiosk, THURSDAY)
    assert line(kiosk) == "Klesbytte i dag 15:30–17:30"  # the internal course is not shown
    set_clock(kiosk, datetime(2026, 11, 26, 17, 30, tzinfo=OSLO))  # the swap is over
    assert line(kiosk) == "Sykkelverksted i morgen 17–19"
    set_clock(kiosk, datetime(2026, 11, 27, 19, 0, tzinfo=OSLO))
    assert line(kiosk) == " " and kiosk.attract.planned.label.accessibleName() == ""


def test_a_planned_event_arriving_moves_nothing(qtbot, kiosk: MainWindow) -> None:
    for size in SIZES:
        kiosk.resize(*size)
        qtbot.waitUntil(lambda size=size: kiosk.size().width() == size[0])
        publish(kiosk)
        set_clock(kiosk, OPEN_MOMENT)
        settle(kiosk)
        attract = kiosk.attract
        targets = [attract.leave, attract.take, *attract.switcher.buttons.values()]
        before = [t.geometry() for t in targets]
        publish(kiosk, planned(place="Verkstedet"))
        settle(kiosk)
        # The place when it fits the line, as here; never cut (the fit test below).
        assert line(kiosk).endswith("· Verkstedet")
        assert [t.geometry() for t in targets] == before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("language", list(LANGUAGES))
def test_the_line_fits_without_eliding(qtbot, kiosk: MainWindow, language: str, size) -> None:
    """The longest forms: the longest kind, a date, minutes; with a place when it fits."""
    kiosk.resize(*size)
    qtbot.waitUntil(lambda: kiosk.size().width() == size[0])
    if language != kiosk.languages.current:
        tap(kiosk.attract.switcher.buttons[language])
    far = datetime(2026, 12, 17, 17, 30, tzinfo=OSLO)
    found = {}
    for kind in EventKind:
        publish(kiosk, planned(kind, start=far, place="Verkstedet bak containeren, 2. etasje"))
        set_clock(kiosk, OPEN_MOMENT)
        settle(kiosk)
        text = line(kiosk)
        assert "…" not in text and "17:30–19:30" in text
        trouble = problems(kiosk.attract) + ink_problems(kiosk.attract.planned)
        if trouble:
            found[kind.value] = [text, *trouble]
    assert not found, found
