from datetime import UTC, datetime

import pytest

from kiosk.domain.hours import PILOT_HOURS, OpeningHours
from kiosk.settings import Settings

HOURS = OpeningHours.parse(PILOT_HOURS)


@pytest.mark.parametrize(
    ("utc", "is_open"),
    [
        (datetime(2026, 11, 23, 10, 0, tzinfo=UTC), True),  # Mon 11:00 Oslo (UTC+1)
        (datetime(2026, 11, 23, 9, 59, tzinfo=UTC), False),  # Mon 10:59
        (datetime(2026, 11, 23, 15, 0, tzinfo=UTC), False),  # Mon 16:00 closes
        (datetime(2026, 11, 24, 12, 0, tzinfo=UTC), False),  # Tuesday: closed
        (datetime(2026, 11, 26, 16, 30, tzinfo=UTC), True),  # Thu 17:30
        (datetime(2026, 6, 25, 15, 30, tzinfo=UTC), True),  # Thu 17:30 in summer time (UTC+2)
        (datetime(2026, 11, 28, 12, 0, tzinfo=UTC), False),  # Saturday
    ],
)
def test_pilot_hours(utc: datetime, is_open: bool) -> None:
    assert HOURS.is_open(utc) is is_open


def test_default_settings_use_the_pilot_hours() -> None:
    assert Settings().hours == HOURS


@pytest.mark.parametrize("spec", [{"mon": "16:00-11:00"}, {"mon": "noon"}, {"funday": "11-12"}])
def test_bad_hours_are_refused(spec: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        OpeningHours.parse(spec)
