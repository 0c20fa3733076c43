"""The hours document: seasons and exceptions win in order, DST edges, and bad input named."""

from datetime import UTC, date, datetime, time

import pytest

from contract.hours import (
    OSLO,
    ExceptionReason,
    HoursError,
    OutsideHours,
    hours_problems,
    parse_hours,
    span_hours,
)

DOC = {
    "version": 3,
    "station_id": "trosterud",
    "outside_hours": "closed",
    "weekly": {"mon": ["11:00-16:00"], "wed": ["11:00-16:00"], "thu": ["11:00-18:00"]},
    "seasons": [
        {
            "name": "Vinter",
            "from": "2026-12-01",
            "to": "2027-02-28",
            "weekly": {"thu": ["12:00-15:00"]},
        }
    ],
    "exceptions": [
        {"date": "2026-12-24", "reason": "holiday", "note": "Julaften"},
        {"date": "2026-12-30", "reason": "changed", "hours": ["10:00-12:00"]},
    ],
}
HOURS = parse_hours(DOC)


def oslo(*args: int) -> datetime:
    return datetime(*args, tzinfo=OSLO)  # type: ignore[misc]


def test_weekly_pattern_before_the_season() -> None:
    status = HOURS.status(oslo(2026, 11, 26, 12, 0))  # Thursday
    assert status.is_open and status.until == oslo(2026, 11, 26, 18, 0)


def test_closed_now_names_the_next_opening() -> None:
    status = HOURS.status(oslo(2026, 11, 24, 12, 0))  # Tuesday
    assert not status.is_open
    assert status.next_open == oslo(2026, 11, 25, 11, 0)


def test_season_replaces_the_weekly_pattern() -> None:
    status = HOURS.status(oslo(2026, 12, 3, 12, 30))  # Thursday in winter
    assert status.until == oslo(2026, 12, 3, 15, 0)
    # Mondays have no hours in the winter pattern: the next opening is Thursday.
    assert HOURS.status(oslo(2026, 12, 7, 12, 0)).next_open == oslo(2026, 12, 10, 12, 0)
    assert HOURS.week_on(date(2027, 3, 1)) == HOURS.week


def test_exceptions_win_over_season() -> None:
    assert HOURS.status(oslo(2026, 12, 24, 13, 0)).reason is ExceptionReason.HOLIDAY
    changed = HOURS.status(oslo(2026, 12, 30, 11, 0))
    assert changed.is_open and changed.until == oslo(2026, 12, 30, 12, 0)


def test_after_closing_points_to_a_later_day() -> None:
    status = HOURS.status(oslo(2026, 11, 23, 16, 0))  # Monday at closing time
    assert not status.is_open and status.next_open == oslo(2026, 11, 25, 11, 0)


def test_dst_spring_and_autumn_keep_wall_clock_hours() -> None:
    hours = parse_hours({"version": 1, "weekly": {"sun": ["01:00-04:00"]}})
    # 2026-03-29: 02:00 Oslo jumps to 03:00, so the Sunday span lasts two hours.
    spring = hours.status(oslo(2026, 3, 28, 12, 0)).next_open
    assert spring == datetime(2026, 3, 29, 0, 0, tzinfo=UTC)  # 01:00 CET
    assert hours.status(spring).until == datetime(2026, 3, 29, 2, 0, tzinfo=UTC)  # 04:00 CEST
    # 2026-10-25: 03:00 goes back to 02:00, so the span lasts four hours.
    autumn = hours.status(oslo(2026, 10, 24, 12, 0)).next_open
    assert autumn == datetime(2026, 10, 24, 23, 0, tzinfo=UTC)  # 01:00 CEST
    assert hours.status(autumn).until == datetime(2026, 10, 25, 3, 0, tzinfo=UTC)  # 04:00 CET
    assert hours.status(datetime(2026, 10, 25, 2, 30, tzinfo=UTC)).until == datetime(
        2026, 10, 25, 3, 0, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("span", "cells"),
    [(("11:00", "16:00"), [11, 12, 13, 14, 15]), (("11:30", "12:15"), [11, 12]),
     (("00:00", "23:59"), list(range(24))), (("09:00", "09:01"), [9])],
)  # fmt: skip
def test_span_hours_are_the_cells_a_span_touches(span: tuple[str, str], cells: list[int]) -> None:
    assert list(span_hours((time.fromisoformat(span[0]), time.fromisoformat(span[1])))) == cells


def test_never_open_has_no_next_opening() -> None:
    status = parse_hours({"version": 1, "weekly": {}}).status(oslo(2026, 1, 1, 12, 0))
    assert status == type(status)(False)


def test_settings_pattern_parses_and_stays_usable_until_central_says_otherwise() -> None:
    hours = type(HOURS).parse({"mon": "11:00-16:00", "tue": ""})
    assert hours.week[0] == ((time(11), time(16)),) and hours.week[1] == ()
    assert hours.outside_hours is OutsideHours.USABLE
    assert parse_hours({"version": 1, "weekly": {}}).outside_hours is OutsideHours.CLOSED


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"weekly": {"mon": ["16:00-11:00"]}}, "weekly.mon[0]"),
        ({"weekly": {"mon": ["noon"]}}, "weekly.mon[0]"),
        ({"weekly": {"funday": []}}, "weekly.funday"),
        ({"weekly": {"mon": ["10:00-12:00", "11:00-13:00"]}}, "weekly.mon"),
        ({"weekly": []}, "weekly"),
        ({"version": -1}, "version"),
        ({"version": True}, "version"),
        ({"outside_hours": "maybe"}, "outside_hours"),
        ({"extra": 1}, "extra"),
        (
            {"seasons": [{"name": "", "from": "2026-12-01", "to": "2027-01-01", "weekly": {}}]},
            "seasons[0].name",
        ),
        (
            {"seasons": [{"name": "V", "from": "2026-13-01", "to": "2027-01-01", "weekly": {}}]},
            "seasons[0].from",
        ),
        (
            {"seasons": [{"name": "V", "from": "2027-01-02", "to": "2027-01-01", "weekly": {}}]},
            "seasons[0].to",
        ),
        (
            {
                "seasons": [
                    {"name": "A", "from": "2026-12-01", "to": "2027-01-10", "weekly": {}},
                    {"name": "B", "from": "2027-01-10", "to": "2027-02-01", "weekly": {}},
                ]
            },
            "seasons[1].from",
        ),
        ({"exceptions": [{"date": "24.12.2026", "reason": "holiday"}]}, "exceptions[0].date"),
        ({"exceptions": [{"date": "2026-12-24", "reason": "party"}]}, "exceptions[0].reason"),
        ({"exceptions": [{"date": "2026-12-24", "reason": "changed"}]}, "exceptions[0].hours"),
        (
            {"exceptions": [{"date": "2026-12-24", "reason": "closed", "hours": ["10:00-11:00"]}]},
            "exceptions[0].hours",
        ),
        (
            {"exceptions": [{"date": "2026-12-24", "reason": "closed", "note": "x" * 201}]},
            "exceptions[0].note",
        ),
        (
            {
                "exceptions": [
                    {"date": "2026-12-24", "reason": "closed"},
                    {"date": "2026-12-24", "reason": "holiday"},
                ]
            },
            "exceptions[1].date",
        ),
    ],
)
def test_bad_documents_name_the_field(change: dict[str, object], field: str) -> None:
    doc = {**DOC, **change}
    assert [f for f, _ in hours_problems(doc)][:1] == [field]
    with pytest.raises(HoursError, match=field.replace("[", r"\[").replace("]", r"\]")):
        parse_hours(doc)


def test_the_sample_document_is_valid() -> None:
    # The planted faults above must be the only thing wrong: the base document passes.
    assert hours_problems(DOC) == []
    assert hours_problems("nope") == [("hours", "must be an object")]


def test_opening_day_seconds_skip_closed_days() -> None:
    # Friday 12:00 to Tuesday 12:00 (pilot-like week: open Mon, Wed, Thu, Fri): only the rest
    # of Friday (12 h) and all of Monday (24 h) count; the weekend and Tuesday do not.
    hours = type(HOURS).parse({"mon": "11:00-16:00", "wed": "11:00-16:00", "fri": "11:00-16:00"})
    elapsed = hours.opening_day_seconds(oslo(2026, 11, 27, 12, 0), oslo(2026, 12, 1, 12, 0))
    assert elapsed == 36 * 3600
    # The autumn change makes that Sunday 25 hours long; a Sunday opening day counts all 25.
    sunday = type(HOURS).parse({"sun": "11:00-16:00"})
    assert (
        sunday.opening_day_seconds(oslo(2026, 10, 24, 0, 0), oslo(2026, 10, 27, 0, 0)) == 25 * 3600
    )
