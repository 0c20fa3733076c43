"""Today's window in Oslo time, including the two days a year that are not 24 hours long."""

from datetime import UTC, datetime, timedelta

import pytest

from kiosk.db.deposits import local_day_bounds, register_deposit, todays_deposits
from kiosk.db.store import Store


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "start", "end", "hours"),
    [
        pytest.param(utc(2026, 3, 29, 12), utc(2026, 3, 28, 23), utc(2026, 3, 29, 22), 23,
                     id="spring-forward"),
        pytest.param(utc(2026, 3, 28, 23), utc(2026, 3, 28, 23), utc(2026, 3, 29, 22), 23,
                     id="spring-forward-first-instant"),
        pytest.param(utc(2026, 3, 29, 21, 59, 59), utc(2026, 3, 28, 23), utc(2026, 3, 29, 22),
                     23, id="spring-forward-last-second"),
        pytest.param(utc(2026, 3, 30, 12), utc(2026, 3, 29, 22), utc(2026, 3, 30, 22), 24,
                     id="day-after-spring"),
        pytest.param(utc(2026, 10, 25, 12), utc(2026, 10, 24, 22), utc(2026, 10, 25, 23), 25,
                     id="fall-back"),
        pytest.param(utc(2026, 10, 25, 0, 30), utc(2026, 10, 24, 22), utc(2026, 10, 25, 23),
                     25, id="fall-back-first-02:30"),
        pytest.param(utc(2026, 10, 25, 1, 30), utc(2026, 10, 24, 22), utc(2026, 10, 25, 23),
                     25, id="fall-back-second-02:30"),
        pytest.param(utc(2026, 10, 25, 22, 59, 59), utc(2026, 10, 24, 22), utc(2026, 10, 25, 23),
                     25, id="fall-back-last-second"),
        pytest.param(utc(2026, 10, 24, 21, 59), utc(2026, 10, 23, 22), utc(2026, 10, 24, 22),
                     24, id="day-before-fall-back"),
    ],
)  # fmt: skip
def test_local_day_bounds(now: datetime, start: datetime, end: datetime, hours: int) -> None:
    got = local_day_bounds(now)
    assert got == (start, end)
    assert got[1] - got[0] == timedelta(hours=hours)
    assert all(b.utcoffset() == timedelta(0) for b in got)


def test_todays_deposits_on_the_long_autumn_day(store: Store) -> None:
    eve = register_deposit(store=store, category="wood", weight_g=1, now=utc(2026, 10, 24, 21, 30))
    early = register_deposit(store=store, category="wood", weight_g=2, now=utc(2026, 10, 24, 22))
    late = register_deposit(store=store, category="wood", weight_g=3, now=utc(2026, 10, 25, 22, 59))
    after = register_deposit(store=store, category="wood", weight_g=4, now=utc(2026, 10, 25, 23))

    shown = {d.id for d in todays_deposits(store=store, now=utc(2026, 10, 25, 12))}

    assert shown == {early.id, late.id}
    assert eve.id not in shown and after.id not in shown
