"""Every resident screen, in every language, at the kiosk's two screen sizes: nothing clipped,
nothing overlapping (measured with font metrics), no text's ink touching the edge of its
label or button (rendered), all by tests/helpers/layout.py."""

from datetime import datetime

import pytest
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.domain.hours import OSLO, PILOT_HOURS, OpeningHours, parse_hours
from kiosk.ui.languages import LANGUAGES
from kiosk.ui.main_window import MainWindow
from tests.helpers.layout import ink_problems, problems, settle
from tests.helpers.resident_walk import OPEN_MOMENT, set_clock, tap, walk

SIZES = [(1280, 800), (1024, 600)]

# Closed on a holiday, next open more than a week ahead: the longest opening line there is.
_FAR = {
    "version": 2,
    "station_id": "trosterud",
    "weekly": {},
    "exceptions": [
        {"date": "2026-12-24", "reason": "holiday"},
        {"date": "2027-01-20", "reason": "changed", "hours": ["10:00-14:00"]},
    ],
}
CHRISTMAS_EVE = datetime(2026, 12, 24, 12, 0, tzinfo=OSLO)
# Every state of the attract screen's opening line: (hours in force, the moment).
BANNER_STATES: dict[str, tuple[OpeningHours, datetime]] = {
    "open": (OpeningHours.parse(PILOT_HOURS), OPEN_MOMENT),
    "closed": (OpeningHours.parse(PILOT_HOURS), datetime(2026, 11, 27, 17, 0, tzinfo=OSLO)),
    "holiday_far": (parse_hours(_FAR | {"outside_hours": "usable"}), CHRISTMAS_EVE),
    "closed_to_residents": (parse_hours(_FAR | {"outside_hours": "closed"}), CHRISTMAS_EVE),
}


def _fit(qtbot, kiosk: MainWindow, size: tuple[int, int]) -> None:
    kiosk.resize(*size)
    qtbot.waitUntil(lambda: kiosk.size().width() == size[0])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_resident_screen_fits(qtbot, kiosk, language: str, size) -> None:
    _fit(qtbot, kiosk, size)
    set_clock(kiosk, OPEN_MOMENT)  # the attract screen's other states: the test below
    found = {}
    for stop in walk(kiosk, language):
        trouble = problems(stop.screen) + ink_problems(stop.screen)
        if stop.name.startswith("pin"):
            trouble = [p for p in trouble if not p.startswith(PIN_KEY)]  # see the test below
        if trouble:
            found[stop.name] = trouble
    assert not found, found


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("language", list(LANGUAGES))
def test_the_attract_screen_fits_open_and_closed(qtbot, kiosk, language: str, size) -> None:
    """The opening line is longest when closed; it must never take the choices' room."""
    _fit(qtbot, kiosk, size)
    if language != kiosk.languages.current:
        tap(kiosk.attract.switcher.buttons[language])
    found = {}
    for state, (hours, moment) in BANNER_STATES.items():
        kiosk.model.publish_hours(hours)
        set_clock(kiosk, moment)
        settle(kiosk)
        trouble = problems(kiosk.attract)
        if trouble:
            found[state] = [kiosk.attract.opening.label.text(), *trouble]
    assert not found, found


PIN_KEY = "QPushButton#pinKey"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_pin_keys_fit(qtbot, kiosk, size) -> None:
    _fit(qtbot, kiosk, size)
    for stop in walk(kiosk, "nb"):
        if stop.name.startswith("pin"):
            assert [p for p in problems(stop.screen) if p.startswith(PIN_KEY)] == []


def test_the_layout_check_catches_a_clipped_label_and_an_overlap(qtbot) -> None:
    """Planted faults: a long text in a fixed small label, and two widgets put on each other."""
    window = QWidget()  # without a layout: the root's size hints stay inside it
    qtbot.addWidget(window)
    window.resize(600, 400)
    root = QWidget(window)
    root.setGeometry(0, 0, 600, 400)
    layout = QVBoxLayout(root)
    fits = QLabel("Takk!")
    clipped = QLabel("Avfall og farlig avfall registreres ikke her", wordWrap=True)
    clipped.setFixedSize(120, 30)
    layout.addWidget(fits)
    layout.addWidget(clipped)
    with qtbot.waitExposed(window):  # a call alone returns a context and waits for nothing
        window.show()
    assert any("Avfall" in p and "needs" in p for p in problems(root))
    clipped.setFixedSize(380, 200)  # the same text with room: no problem
    qtbot.waitUntil(lambda: problems(root) == [])  # once laid out again
    on_top = QLabel("Neste", root)
    on_top.setGeometry(fits.geometry())
    on_top.show()
    assert any("overlaps" in p for p in problems(root))
