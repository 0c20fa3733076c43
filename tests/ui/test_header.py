"""The header's sync line: counts, the oldest record's age, the last sync, amber after 48 h."""

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.domain.hours import PILOT_HOURS, OpeningHours
from kiosk.sync.outbox import SyncOverview
from kiosk.ui.header import Header


@pytest.fixture
def header(qtbot) -> Header:
    widget = Header("Trosterud", OpeningHours.parse(PILOT_HOURS))
    qtbot.addWidget(widget)
    return widget


def overview(*, pending: int, oldest_hours: float | None, synced_hours: float | None):
    now = datetime.now(UTC)
    oldest = None if oldest_hours is None else now - timedelta(hours=oldest_hours)
    synced = None if synced_hours is None else now - timedelta(hours=synced_hours)
    return SyncOverview(pending, 0, oldest, None, synced)


@pytest.mark.parametrize(("hours", "warn", "age"), [(47.5, False, "47 t"), (49, True, "2 døgn")])
def test_amber_when_the_oldest_unsynced_record_is_older_than_48_hours(
    header: Header, hours: float, warn: bool, age: str
) -> None:
    header.show_sync(overview(pending=12, oldest_hours=hours, synced_hours=hours + 1))
    text = header.sync_state.text()
    assert f"Ikke synkronisert: 12 · eldste {age}" in text
    assert "Sist synkronisert" in text
    assert header.sync_state.property("warn") is warn


def test_all_synced_shows_zero_and_the_last_sync(header: Header) -> None:
    header.show_sync(overview(pending=0, oldest_hours=None, synced_hours=0.1))
    first, second = header.sync_state.text().split("\n")
    assert first == "Ikke synkronisert: 0"
    assert second.startswith("Sist synkronisert ")
    assert header.sync_state.property("warn") is False


def test_a_running_sync_says_so(header: Header) -> None:
    header.show_sync(overview(pending=3, oldest_hours=1, synced_hours=None), syncing=True)
    assert header.sync_state.text().endswith("Synkroniserer …")


def test_records_in_quarantine_are_counted_in_the_header(header: Header) -> None:
    now = datetime.now(UTC)
    header.show_sync(SyncOverview(0, 2, None, None, now))
    _, second = header.sync_state.text().split("\n")
    assert second.startswith("Sist synkronisert") and second.endswith(" · 2 i karantene")
    header.show_sync(SyncOverview(0, 0, None, None, now))
    assert "karantene" not in header.sync_state.text()  # shown only when there are some


def test_a_revoked_kiosk_says_enrol_again(header: Header) -> None:
    now = datetime.now(UTC)
    header.show_sync(SyncOverview(3, 0, now, None, now, revoked=True), syncing=False)
    _, second = header.sync_state.text().split("\n")
    assert second == "Tilbakekalt: meld inn på nytt"


def test_a_kiosk_central_does_not_know_says_enrol_again(header: Header) -> None:
    # Central restored from a dump made before this kiosk enrolled: its token is unknown.
    now = datetime.now(UTC)
    header.show_sync(SyncOverview(3, 1, now, None, now, unknown=True))
    _, second = header.sync_state.text().split("\n")
    assert second == "Ukjent for sentralen: meld inn på nytt"


# The pilot's hours: Mon, Wed, Fri 11-16, Thu 11-18; Tue, Sat, Sun closed.
@pytest.mark.parametrize(
    ("when", "text", "is_open"),
    [
        (datetime(2026, 11, 23, 12, 0), "Åpen\ntil 16:00", True),  # Monday
        (datetime(2026, 11, 26, 17, 59), "Åpen\ntil 18:00", True),  # Thursday's long day
        (datetime(2026, 11, 23, 9, 30), "Stengt\nåpner 11:00", False),  # before opening today
        (datetime(2026, 11, 23, 16, 0), "Stengt\nåpner ons 11:00", False),  # Tuesday is shut
        (datetime(2026, 11, 27, 18, 0), "Stengt\nåpner man 11:00", False),  # over the weekend
    ],
)
def test_the_open_state_says_until_when_or_when_it_opens(
    header: Header, when: datetime, text: str, is_open: bool
) -> None:
    from kiosk.domain.hours import OSLO

    header.tick(when.replace(tzinfo=OSLO))
    assert header.open_state.text() == text
    assert header.open_state.property("open") is is_open
    assert header.open_state.accessibleName() == text.replace("\n", " · ")


def test_the_open_state_follows_hours_central_pushed(header: Header) -> None:
    from contract.hours import parse_hours

    monday_noon = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    header.tick(monday_noon)
    assert header.open_state.text() == "Åpen\ntil 16:00"
    header.set_hours(parse_hours({"version": 2, "weekly": {"mon": ["12:00-14:00"]}}))
    header.tick(monday_noon)  # 13:00 in Oslo
    assert header.open_state.text() == "Åpen\ntil 14:00"
    header.tick(monday_noon + timedelta(hours=2))
    assert header.open_state.text() == "Stengt\nåpner man 12:00"


def test_offline_since_carries_its_date_once_the_day_has_changed() -> None:
    from kiosk.domain.hours import OSLO

    now = datetime(2026, 11, 27, 0, 0, 30, tzinfo=OSLO)
    header = Header("Trosterud", OpeningHours.parse(PILOT_HOURS), wall_clock=lambda: now)
    header.show_sync(SyncOverview(1, 0, now, None, None))
    header.show_offline(datetime(2026, 11, 27, 0, 0, 10, tzinfo=OSLO))
    assert header.sync_state.text().endswith("Frakoblet siden 00:00")
    header.show_offline(datetime(2026, 11, 26, 23, 59, 50, tzinfo=OSLO))  # yesterday
    assert header.sync_state.text().endswith("Frakoblet siden 26.11. 23:59")


@pytest.mark.parametrize("size", [(1024, 600), (1280, 800)])
def test_quarantined_records_stay_readable_at_1024x600(qtbot, window, size) -> None:
    from PySide6.QtWidgets import QApplication

    from tests.ui.test_guide_layout import LATE_AFTERNOON, settle

    # An open afternoon, pinned: at the real time the open state's width (and so this
    # test's outcome) changed with the day of the week.
    window.wall_clock.pin(LATE_AFTERNOON)
    header = window.guide.header
    header.tick()
    settle(qtbot, window, size)
    now = header.wall_clock()
    header.show_sync(SyncOverview(123456, 2, now - timedelta(hours=30), None, now))
    QApplication.processEvents()
    assert header.height() == 76  # the fixed layout holds
    shown = header.sync_state.shown_lines()
    # The count is painted whole in either form, never elided away.
    assert "2 i karantene" in shown[1], shown
    assert header.sync_state.text().split("\n")[1].endswith(" · 2 i karantene")


# A closed day, as the guide sees the header after closing: the opening line at its widest.
MONDAY_EVENING = datetime(2026, 11, 23, 16, 30)  # "Stengt / åpner ons 11:00"
CHRISTMAS_EVE = datetime(2026, 12, 18, 16, 30)  # a closed season: "Stengt / åpner 06.01. 11:00"
CHRISTMAS_CLOSED = {
    "version": 3,
    "weekly": {day: [span] if span else [] for day, span in PILOT_HOURS.items()},
    "seasons": [{"name": "Jul", "from": "2026-12-19", "to": "2027-01-05", "weekly": {}}],
}
# Oslo's longest district's name, beside the pilot's.
STATIONS = ["Minigjenbruksstasjon Trosterud", "Minigjenbruksstasjon Søndre Nordstrand"]


@pytest.fixture(params=STATIONS)
def named_window(request, qtbot, tmp_path):
    from kiosk.settings import Settings
    from tests.ui.conftest import _kiosk, unlock_guide

    built = _kiosk(qtbot, tmp_path, None, Settings(station_name=request.param))
    window = next(built)
    unlock_guide(qtbot, window)
    yield window
    next(built, None)


@pytest.mark.parametrize("moment", [MONDAY_EVENING, CHRISTMAS_EVE], ids=["weekday", "date"])
@pytest.mark.parametrize("size", [(1280, 800), (1024, 600)])
def test_the_guide_reads_both_counts_whole_on_a_closed_day(
    qtbot, named_window, size, moment
) -> None:
    """The station name gives way first, then the sync text's times: the count waiting with
    its age and the count in quarantine are painted whole at both sizes. The header is a
    staff screen, Bokmål in every station language (docs/translations.md), so one language."""
    from contract.hours import parse_hours
    from kiosk.domain.hours import OSLO
    from tests.ui.test_guide_layout import rect_in, settle

    window = named_window
    window.wall_clock.pin(moment.replace(tzinfo=OSLO))
    header = window.guide.header
    header.set_hours(parse_hours(CHRISTMAS_CLOSED))
    settle(qtbot, window, size)
    now = header.wall_clock()
    buttons = (window.guide.technician_button, window.lock_button)
    before = [rect_in(button, window) for button in buttons]
    # The longest a busy station's header gets: four digits waiting for 12 days, offline
    # since, and a dozen records set aside.
    header.show_sync(SyncOverview(1234, 12, now - timedelta(days=12), None, None))
    header.show_offline(now - timedelta(days=12, hours=1))
    QApplication.processEvents()
    assert header.open_state.text().startswith("Stengt\nåpner ")
    assert header.open_state.width() >= header.open_state.sizeHint().width()
    first, second = header.sync_state.shown_lines()
    assert first in ("Ikke synkronisert: 1234 · eldste 12 døgn", "1234 venter · 12 døgn"), first
    assert second.startswith("12 i karantene"), second
    assert header.height() == 76
    assert [rect_in(button, window) for button in buttons] == before  # nothing moved
    for button in buttons:
        assert button.width() >= button.sizeHint().width(), button.text()
        assert rect_in(button, window).right() < size[0]
