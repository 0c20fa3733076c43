"""``contract.times.to_storage`` writes the very text the strftime form it replaced wrote, so rows
written before and after compare equal, in SQL and in ``refuse_contradictions``."""

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contract.times import to_storage as sqlite_time

OSLO = ZoneInfo("Europe/Oslo")


def strftime_form(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


EDGES = [
    datetime(2026, 11, 26, 10, 0, 0, 0, tzinfo=UTC),  # microsecond 0: isoformat would drop it
    datetime(2026, 11, 26, 10, 0, 0, 1, tzinfo=UTC),
    datetime(2026, 11, 26, 23, 59, 59, 999_999, tzinfo=UTC),
    datetime(2000, 1, 1, tzinfo=UTC),  # the contract's first instant
    datetime(2099, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),  # and its last
    datetime(2000, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1))),  # 1999 in UTC
    datetime(2026, 3, 1, 0, 0, tzinfo=timezone(timedelta(hours=-23, minutes=-59))),
    datetime(2026, 3, 1, 0, 0, tzinfo=timezone(timedelta(hours=5, minutes=30, seconds=7))),
    datetime(2028, 2, 29, 23, 0, tzinfo=timezone(timedelta(hours=-2))),  # into 1 March UTC
    datetime(2026, 10, 25, 2, 30, tzinfo=OSLO, fold=0),  # the hour Oslo has twice
    datetime(2026, 10, 25, 2, 30, tzinfo=OSLO, fold=1),
    datetime(2026, 3, 29, 2, 30, tzinfo=OSLO),  # the hour Oslo skips
    datetime(1000, 1, 2, tzinfo=UTC),  # 4-digit years are padded alike; below 1000 strftime
    datetime(9999, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),  # does not pad (off-contract)
]


@pytest.mark.parametrize("moment", EDGES, ids=lambda m: m.isoformat())
def test_the_same_text_on_the_edges(moment: datetime) -> None:
    assert sqlite_time(moment) == strftime_form(moment)


@given(
    st.datetimes(
        min_value=datetime(1000, 1, 2),
        max_value=datetime(9999, 12, 30),
        timezones=st.one_of(
            st.just(UTC),
            st.timezones(),
            st.builds(
                timezone, st.timedeltas(-timedelta(hours=23, minutes=59), timedelta(hours=23))
            ),
        ),
    )
)
def test_the_same_text_for_any_aware_moment(moment: datetime) -> None:
    assert sqlite_time(moment) == strftime_form(moment)
