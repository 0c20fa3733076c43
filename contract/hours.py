"""A station's opening hours as central publishes them: the document, its rules, and evaluation.

Weekly pattern, named seasons (recurring each year by day and month, or dated to one year),
and dated exceptions (holiday, closed day, changed hours). Times are Europe/Oslo wall-clock;
both programs evaluate the same way.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from itertools import pairwise
from typing import Any

from contract.fields import INT_MAX
from contract.planned import PlannedEvent
from contract.times import OSLO as OSLO  # declared once, in the time codec

# The document's format: 2 added seasons that recur each year ("from": "11-01"). A kiosk that
# does not say it reads format 2 is sent the recurring seasons as dated ones (older_format).
HOURS_FORMAT = 2
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
NAME_MAX = 80
NOTE_MAX = 200
MAX_SEASONS = 20
MAX_EXCEPTIONS = 400
# How far ahead "next opening" looks: a station closed for longer has no next opening.
LOOKAHEAD_DAYS = 400

Span = tuple[time, time]
Week = tuple[tuple[Span, ...], ...]  # per weekday, 0 = Monday
MonthDay = tuple[int, int]  # (month, day) of a season that recurs every year
# Recurring days are checked and compared within a leap year, so 29 February is a day.
_LEAP_YEAR = 2000


class OutsideHours(StrEnum):
    """What the kiosk does outside opening hours: a station setting pushed with the hours."""

    CLOSED = "closed"  # the resident screens say closed and when it next opens
    USABLE = "usable"  # a self-service station stays usable


class ExceptionReason(StrEnum):
    HOLIDAY = "holiday"  # a public holiday: closed
    CLOSED = "closed"  # closed that day for another reason (the note says which)
    CHANGED = "changed"  # open that day, with the hours given


class HoursError(ValueError):
    """An hours document that breaks the rules; the message names the field."""


@dataclass(frozen=True, slots=True)
class Season:
    """``first``..``last`` inclusive: dates (that year only), or (month, day) pairs, every
    year; a recurring season whose last day comes before its first spans New Year."""

    name: str
    first: date | MonthDay
    last: date | MonthDay
    week: Week

    @property
    def recurs(self) -> bool:
        return not isinstance(self.first, date)

    def covers(self, day: date) -> bool:
        first, last = self.first, self.last
        if isinstance(first, date) and isinstance(last, date):
            return first <= day <= last
        assert not isinstance(first, date) and not isinstance(last, date)
        md = (day.month, day.day)
        return first <= md <= last if first <= last else (md >= first or md <= last)


@dataclass(frozen=True, slots=True)
class DayException:
    day: date
    reason: ExceptionReason
    note: str
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Status:
    """Open now until ``until``; or closed, opening next at ``next_open`` (None: not within
    the look-ahead). ``reason`` is the exception that closes today, if one does."""

    is_open: bool
    until: datetime | None = None
    next_open: datetime | None = None
    reason: ExceptionReason | None = None


@dataclass(frozen=True, slots=True)
class StationHours:
    week: Week
    seasons: tuple[Season, ...] = ()
    exceptions: tuple[DayException, ...] = ()
    outside_hours: OutsideHours = OutsideHours.CLOSED
    version: int = 0
    # The events staff planned (contract.planned), sent with the hours: one document, one
    # version, one road to the kiosk's screens.
    planned: tuple[PlannedEvent, ...] = ()

    @classmethod
    def parse(cls, spec: Mapping[str, str]) -> "StationHours":
        """A plain weekly pattern from {"mon": "11:00-16:00", "tue": "", ...} (the kiosk's
        settings file); a missing or empty day is closed. ValueError names a bad day."""
        unknown = set(spec) - set(WEEKDAYS)
        if unknown:
            raise HoursError(f"unknown weekday(s) {sorted(unknown)}; use {', '.join(WEEKDAYS)}")
        doc = {"weekly": {d: [spec[d]] if (spec.get(d) or "").strip() else [] for d in spec}}
        problems = _weekly_problems("weekly", doc["weekly"])
        if problems:
            raise HoursError(f"{problems[0][0]}: {problems[0][1]}")
        # A kiosk's own file never closes its screens: only central's published hours do.
        return cls(week=_week(doc["weekly"]), outside_hours=OutsideHours.USABLE)

    def spans_on(self, day: date) -> tuple[Span, ...]:
        """One Oslo calendar day's opening spans: its exception, else its season, else weekly."""
        for exc in self.exceptions:
            if exc.day == day:
                return exc.spans
        return self.week_on(day)[day.weekday()]

    def week_on(self, day: date) -> Week:
        """The weekly pattern in force on ``day`` (its season's, or the base pattern)."""
        season = self.season_on(day)
        return self.week if season is None else season.week

    def season_on(self, day: date) -> Season | None:
        return next((s for s in self.seasons if s.covers(day)), None)

    def exception_on(self, day: date) -> DayException | None:
        return next((e for e in self.exceptions if e.day == day), None)

    def opening_day_seconds(self, start: datetime, end: datetime) -> float:
        """How much of [start, end) falls on Oslo days the station opens at all (a day with
        any span): the clock a silent kiosk is judged by, so closed days do not count."""
        total = 0.0
        day = start.astimezone(OSLO).date()
        last = end.astimezone(OSLO).date()
        while day <= last:
            if self.spans_on(day):
                a = max(_at(day, time(0)), start.astimezone(UTC))
                b = min(_at(day + timedelta(days=1), time(0)), end.astimezone(UTC))
                total += max(0.0, (b - a).total_seconds())
            day += timedelta(days=1)
        return total

    def is_open(self, at: datetime) -> bool:
        return self.status(at).is_open

    def status(self, at: datetime) -> Status:
        """Open now and until when, or closed now and when it next opens (Europe/Oslo)."""
        at = at.astimezone(UTC)
        today = at.astimezone(OSLO).date()
        exc = self.exception_on(today)
        reason = exc.reason if exc is not None and not exc.spans else None
        # Look back a day so a span is judged with its own day's date (never spans midnight).
        start_day = today - timedelta(days=1)
        for offset in range(LOOKAHEAD_DAYS + 2):
            day = start_day + timedelta(days=offset)
            for opens, closes in self.spans_on(day):
                a, b = _at(day, opens), _at(day, closes)
                if a <= at < b:
                    return Status(True, until=b)
                if a > at:
                    return Status(False, next_open=a, reason=reason)
        return Status(False, reason=reason)


def span_hours(span: Span) -> range:
    """The wall-clock hours (0..23) any part of which a span covers: 11:30-12:15 is 11 and 12.
    The console's heat map frames these cells."""
    opens, closes = span
    last = closes.hour if closes.minute or closes.second or closes.microsecond else closes.hour - 1
    return range(opens.hour, last + 1)


def _at(day: date, wall: time) -> datetime:
    # zoneinfo resolves a wall time that the spring change skips forward, and the autumn
    # change's repeated hour to its first occurrence (fold=0).
    return datetime.combine(day, wall, tzinfo=OSLO).astimezone(UTC)


def _span(text: str) -> Span:
    start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
    return start, end


def _week(weekly: Mapping[str, list[str]]) -> Week:
    return tuple(tuple(sorted(_span(s) for s in weekly.get(day) or ())) for day in WEEKDAYS)


def _spans_problems(where: str, spans: Any) -> list[tuple[str, str]]:
    if not isinstance(spans, list) or len(spans) > 4:
        return [(where, "must be a list of at most 4 spans like '11:00-16:00'")]
    parsed: list[Span] = []
    for i, text in enumerate(spans):
        try:
            if not isinstance(text, str) or len(text) > 20:
                raise ValueError
            start, end = _span(text)
        except ValueError:
            return [(f"{where}[{i}]", "must be 'HH:MM-HH:MM'")]
        if start.second or end.second or start.microsecond or end.microsecond:
            return [(f"{where}[{i}]", "must be 'HH:MM-HH:MM'")]
        if end <= start:
            return [(f"{where}[{i}]", f"closes {end:%H:%M}, not after it opens {start:%H:%M}")]
        parsed.append((start, end))
    parsed.sort()
    for (_, end), (start, _) in pairwise(parsed):
        if start < end:
            return [(where, "spans overlap")]
    return []


def _weekly_problems(where: str, weekly: Any) -> list[tuple[str, str]]:
    if not isinstance(weekly, dict):
        return [(where, f"must map weekdays ({', '.join(WEEKDAYS)}) to lists of spans")]
    problems = [(f"{where}.{k}", "is not a weekday") for k in weekly if k not in WEEKDAYS]
    for day in WEEKDAYS:
        if day in weekly:
            problems += _spans_problems(f"{where}.{day}", weekly[day])
    return problems


def _date(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        return None
    return parsed if 2000 <= parsed.year <= 2099 else None


def _month_day(value: Any) -> MonthDay | None:
    """``MM-DD`` of a season that recurs every year; 02-29 is a day (in leap years only)."""
    if not isinstance(value, str) or len(value) != 5:
        return None
    try:
        parsed = date.fromisoformat(f"{_LEAP_YEAR}-{value}")
    except ValueError:
        return None
    return parsed.month, parsed.day


def _season_day(value: Any) -> date | MonthDay | None:
    return _month_day(value) or _date(value)


_YEAR: tuple[MonthDay, ...] = tuple(
    (d.month, d.day) for d in (date(_LEAP_YEAR, 1, 1) + timedelta(days=n) for n in range(366))
)


def _month_days(season: Season) -> frozenset[MonthDay]:
    """The (month, day)s a season touches: every day of the year it recurs on, or the days of
    its dated range (all of them once it lasts a year)."""
    if isinstance(season.first, date) and isinstance(season.last, date):
        span = min((season.last - season.first).days, 365)
        dated = (season.first + timedelta(days=n) for n in range(span + 1))
        return frozenset((d.month, d.day) for d in dated)
    first, last = season.first, season.last
    assert not isinstance(first, date) and not isinstance(last, date)
    if first <= last:
        return frozenset(md for md in _YEAR if first <= md <= last)
    return frozenset(md for md in _YEAR if md >= first or md <= last)


def _overlap(a: Season, b: Season, days: dict[int, frozenset[MonthDay]]) -> bool:
    """Whether two seasons share a day in any year (``days``: each season's, by id, computed
    once: comparing day by day cost a third of a second for 20 recurring seasons)."""
    if isinstance(a.first, date) and isinstance(b.first, date):
        assert isinstance(a.last, date) and isinstance(b.last, date)
        return a.first <= b.last and b.first <= a.last
    for season in (a, b):
        if id(season) not in days:
            days[id(season)] = _month_days(season)
    return not days[id(a)].isdisjoint(days[id(b)])


def _text_ok(value: Any, limit: int, *, required: bool) -> bool:
    return (
        isinstance(value, str)
        and len(value) <= limit
        and "\x00" not in value
        and (bool(value.strip()) or not required)
    )


DAY_OR_DATE = "must be a day MM-DD (every year) or a date YYYY-MM-DD in 2000..2099"


def hours_problems(doc: Any) -> list[tuple[str, str]]:
    """Every (field, message) wrong with an hours document; empty when it is valid."""
    if not isinstance(doc, dict):
        return [("hours", "must be an object")]
    problems: list[tuple[str, str]] = []
    known = {"version", "station_id", "outside_hours", "weekly", "seasons", "exceptions"}
    problems += [(k, "is not a known field") for k in doc if k not in known]
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or not 0 <= version <= INT_MAX:
        problems.append(("version", f"must be an integer within 0..{INT_MAX}"))
    if "station_id" in doc and not _text_ok(doc["station_id"], NAME_MAX, required=True):
        problems.append(("station_id", f"must be a string of 1..{NAME_MAX} characters"))
    if doc.get("outside_hours", OutsideHours.CLOSED) not in tuple(OutsideHours):
        problems.append(("outside_hours", f"must be one of {', '.join(OutsideHours)}"))
    problems += _weekly_problems("weekly", doc.get("weekly"))
    seasons = doc.get("seasons", [])
    if not isinstance(seasons, list) or len(seasons) > MAX_SEASONS:
        problems.append(("seasons", f"must be a list of at most {MAX_SEASONS} seasons"))
        seasons = []
    parsed: list[tuple[Season, int]] = []
    for i, season in enumerate(seasons):
        where = f"seasons[{i}]"
        if not isinstance(season, dict):
            problems.append((where, "must be an object"))
            continue
        if not _text_ok(season.get("name"), NAME_MAX, required=True):
            problems.append((f"{where}.name", f"must be a string of 1..{NAME_MAX} characters"))
        first, last = _season_day(season.get("from")), _season_day(season.get("to"))
        if first is None:
            problems.append((f"{where}.from", DAY_OR_DATE))
        if last is None:
            problems.append((f"{where}.to", DAY_OR_DATE))
        if first and last:
            if isinstance(first, date) != isinstance(last, date):
                problems.append((f"{where}.to", "gives a year exactly when from does"))
            elif isinstance(first, date) and isinstance(last, date) and last < first:
                problems.append((f"{where}.to", "is before its from date"))
            else:
                # A recurring season's last day may come before its first: it spans New Year.
                parsed.append((Season("", first, last, ()), i))
        problems += _weekly_problems(f"{where}.weekly", season.get("weekly"))
    days: dict[int, frozenset[MonthDay]] = {}
    for j, (later, i) in enumerate(parsed):
        if any(_overlap(earlier, later, days) for earlier, _ in parsed[:j]):
            problems.append((f"seasons[{i}].from", "overlaps another season"))
    exceptions = doc.get("exceptions", [])
    if not isinstance(exceptions, list) or len(exceptions) > MAX_EXCEPTIONS:
        problems.append(("exceptions", f"must be a list of at most {MAX_EXCEPTIONS} days"))
        exceptions = []
    seen: set[date] = set()
    for i, exc in enumerate(exceptions):
        where = f"exceptions[{i}]"
        if not isinstance(exc, dict):
            problems.append((where, "must be an object"))
            continue
        day = _date(exc.get("date"))
        if day is None:
            problems.append((f"{where}.date", "must be a date YYYY-MM-DD in 2000..2099"))
        elif day in seen:
            problems.append((f"{where}.date", f"{day} appears twice"))
        else:
            seen.add(day)
        reason = exc.get("reason")
        if reason not in tuple(ExceptionReason):
            problems.append((f"{where}.reason", f"must be one of {', '.join(ExceptionReason)}"))
        if not _text_ok(exc.get("note", ""), NOTE_MAX, required=False):
            problems.append((f"{where}.note", f"must be a string of at most {NOTE_MAX} characters"))
        spans = exc.get("hours", [])
        span_problems = _spans_problems(f"{where}.hours", spans)
        problems += span_problems
        if not span_problems and (reason == ExceptionReason.CHANGED) != bool(spans):
            problems.append((f"{where}.hours", "are given exactly when the reason is 'changed'"))
    return problems


def check_hours(doc: Any) -> dict[str, Any]:
    """``doc`` unchanged when valid; otherwise HoursError naming the first bad field."""
    problems = hours_problems(doc)
    if problems:
        field, message = problems[0]
        raise HoursError(f"{field}: {message}")
    checked: dict[str, Any] = doc
    return checked


def _checked_day(value: str) -> date | MonthDay:
    day = _season_day(value)
    assert day is not None  # check_hours refused the document otherwise
    return day


def parse_hours(doc: Any) -> StationHours:
    """The evaluable hours of a valid document; HoursError naming the field otherwise."""
    check_hours(doc)
    seasons = tuple(
        Season(s["name"], _checked_day(s["from"]), _checked_day(s["to"]), _week(s["weekly"]))
        for s in doc.get("seasons", [])
    )
    exceptions = tuple(
        DayException(
            date.fromisoformat(e["date"]),
            ExceptionReason(e["reason"]),
            e.get("note", ""),
            tuple(sorted(_span(s) for s in e.get("hours", []))),
        )
        for e in doc.get("exceptions", [])
    )
    return StationHours(
        week=_week(doc["weekly"]),
        seasons=seasons,
        exceptions=exceptions,
        outside_hours=OutsideHours(doc.get("outside_hours", OutsideHours.CLOSED)),
        version=doc["version"],
    )


def _on(year: int, month_day: MonthDay, *, first: bool) -> date:
    """A recurring day in ``year``; 29 February of a common year is 1 March as a first day,
    28 February as a last day (so the season covers what ``Season.covers`` says)."""
    month, day = month_day
    if (month, day) == (2, 29) and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        return date(year, 3, 1) if first else date(year, 2, 28)
    return date(year, month, day)


def older_format(doc: dict[str, Any], today: date) -> dict[str, Any]:
    """A valid document in format 1, for a kiosk that reads only dated seasons: each recurring
    season becomes its dated occurrences from the day before ``today`` to the look-ahead's end
    (what such a kiosk evaluates), soonest first within ``MAX_SEASONS``. Beyond that window an
    older kiosk falls back to the weekly pattern until it is sent the document again."""
    start, end = today - timedelta(days=1), today + timedelta(days=LOOKAHEAD_DAYS + 1)
    seasons: list[dict[str, Any]] = []
    for season in doc.get("seasons", []):
        first, last = _season_day(season["from"]), _season_day(season["to"])
        if isinstance(first, date) and isinstance(last, date):
            spans = [(first, last)]
        else:
            assert first is not None and last is not None and not isinstance(first, date)
            assert not isinstance(last, date)
            wraps = last < first
            spans = [
                (_on(y, first, first=True), _on(y + 1 if wraps else y, last, first=False))
                for y in range(start.year - 1, end.year + 1)
            ]
        seasons += [
            {**season, "from": a.isoformat(), "to": b.isoformat()}
            for a, b in spans
            if a <= end and b >= start and a.year >= 2000 and b.year <= 2099
        ]
    seasons.sort(key=lambda s: str(s["from"]))
    return {**doc, "seasons": seasons[:MAX_SEASONS]}
