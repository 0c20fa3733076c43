"""Seasons recur each year by day and month unless a year is given: a winter season spans New
Year, DST is Oslo's as before, older dated documents mean what they meant, and a kiosk that
reads only dated seasons is sent the occurrences it will evaluate."""

from datetime import date, datetime, time, timedelta

import pytest

from contract.hours import (
    LOOKAHEAD_DAYS,
    OSLO,
    hours_problems,
    older_format,
    parse_hours,
)

WINTER = {"name": "Vinter", "from": "11-01", "to": "03-31", "weekly": {"thu": ["12:00-15:00"]}}
DOC = {
    "version": 4,
    "weekly": {"thu": ["11:00-18:00"], "sun": ["10:00-14:00"]},
    "seasons": [WINTER],
}
HOURS = parse_hours(DOC)
THU_WINTER = ((time(12), time(15)),)
THU_BASE = ((time(11), time(18)),)


@pytest.mark.parametrize(
    ("day", "spans"),
    [
        (date(2026, 10, 29), THU_BASE),  # the Thursday before it starts
        (date(2026, 11, 5), THU_WINTER),
        (date(2026, 12, 31), THU_WINTER),  # across New Year
        (date(2027, 3, 25), THU_WINTER),
        (date(2027, 4, 1), THU_BASE),  # the day after it ends
        (date(2031, 1, 2), THU_WINTER),  # and every year after, with no year given
        (date(2099, 11, 5), THU_WINTER),
    ],
)
def test_a_recurring_season_spans_new_year_every_year(day: date, spans: tuple) -> None:
    assert day.weekday() == 3
    assert HOURS.spans_on(day) == spans


def test_a_dated_season_still_means_that_year_only() -> None:
    dated = parse_hours({**DOC, "seasons": [{**WINTER, "from": "2026-11-01", "to": "2027-03-31"}]})
    assert dated.spans_on(date(2026, 11, 5)) == THU_WINTER
    assert dated.spans_on(date(2027, 11, 4)) == THU_BASE  # the next winter is not it


def test_the_autumn_clock_change_inside_a_recurring_season_is_oslo_time() -> None:
    # Sunday 25 October 2026 the clocks go back; a season from 10-01 covers it every year.
    autumn = parse_hours(
        {**DOC, "seasons": [{**WINTER, "from": "10-01", "weekly": {"sun": ["01:00-04:00"]}}]}
    )
    status = autumn.status(datetime(2026, 10, 25, 0, 30, tzinfo=OSLO))
    assert status.next_open == datetime(2026, 10, 25, 1, 0, tzinfo=OSLO)
    assert status.next_open is not None
    until = autumn.status(status.next_open).until
    assert until is not None
    # 01:00 to 04:00 wall clock that night is four hours: the hour 02-03 happens twice.
    assert until - status.next_open == timedelta(hours=4)


def test_29_february_is_a_recurring_day_and_a_common_year_still_ends_with_february() -> None:
    leap = parse_hours({**DOC, "seasons": [{**WINTER, "from": "02-29", "to": "03-10"}]})
    assert leap.season_on(date(2028, 2, 29)) is not None
    assert leap.season_on(date(2027, 2, 28)) is None
    assert leap.season_on(date(2027, 3, 1)) is not None


@pytest.mark.parametrize(
    ("seasons", "field", "words"),
    [
        ([{**WINTER, "from": "13-01"}], "seasons[0].from", "MM-DD"),
        ([{**WINTER, "to": "02-30"}], "seasons[0].to", "MM-DD"),
        ([{**WINTER, "to": "2027-03-31"}], "seasons[0].to", "year exactly when"),
        ([WINTER, {**WINTER, "from": "03-31", "to": "04-30"}], "seasons[1].from", "overlaps"),
        ([WINTER, {**WINTER, "from": "2030-01-10", "to": "2030-01-11"}], "seasons[1].from",
         "overlaps"),
        ([{**WINTER, "from": "2030-04-01", "to": "2030-10-31"}, WINTER], "", ""),
        ([{**WINTER, "from": "04-01", "to": "10-31"}, WINTER], "", ""),
    ],
)  # fmt: skip
def test_recurring_days_are_checked_naming_the_field(seasons: list, field: str, words: str) -> None:
    problems = hours_problems({**DOC, "seasons": seasons})
    if not field:
        assert problems == []
    else:
        assert [(f, m) for f, m in problems if words in m] == [(field, problems[0][1])]


def test_an_older_kiosk_is_sent_dated_seasons_that_evaluate_alike() -> None:
    today = date(2026, 12, 7)
    older = older_format(DOC, today)
    # The previous release reads a season's days as full dates only (YYYY-MM-DD).
    assert all(len(s[k]) == 10 for s in older["seasons"] for k in ("from", "to"))
    assert hours_problems(older) == []
    assert [(s["from"], s["to"]) for s in older["seasons"]] == [
        ("2026-11-01", "2027-03-31"),
        ("2027-11-01", "2028-03-31"),
    ]
    dated = parse_hours(older)
    for n in range(-1, LOOKAHEAD_DAYS + 2):
        day = today + timedelta(days=n)
        assert dated.spans_on(day) == HOURS.spans_on(day), day


def test_an_older_kiosk_keeps_within_its_season_limit_soonest_first() -> None:
    days = [(m, "01", "10") for m in range(1, 13)] + [(m, "15", "25") for m in range(1, 9)]
    seasons = [
        {"name": f"S{m}.{a}", "from": f"{m:02d}-{a}", "to": f"{m:02d}-{b}", "weekly": {}}
        for m, a, b in days
    ]  # 20 seasons: the most a document has, and 22 occurrences in the look-ahead
    older = older_format({**DOC, "seasons": seasons}, date(2026, 12, 7))
    assert hours_problems(older) == []
    froms = [s["from"] for s in older["seasons"]]
    assert len(froms) == 20 and froms == sorted(froms) and froms[0] == "2026-12-01"
