"""Net grams left in per pickup period, from the daily rollup (``capture_days``) for the whole
Oslo days inside a period and from the raw records only for the days a period begins or ends
inside (and the year's two midnights), so a station-year reads a few days' records.

A period is (``start``, ``end``]; ``start`` None is from the first records. A record counts
under the reversal rule (``contract.effect.REVERSAL_RULE``): a reversal on the fields of
the record it reverses, one whose original is not held not at all; left in (direction
``in``) with a sound clock. The rollup keeps exactly those sums per day (central.services.rollup).
"""

import json
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Date,
    DateTime,
    FromClause,
    String,
    case,
    cast,
    func,
    literal,
    select,
    true,
)
from sqlalchemy.orm import Session

from central.models import CaptureDay, Record
from central.services.rollup import ESTIMATE, IN, ORIGINAL, oslo_day
from contract.times import OSLO, to_storage

CAPTURE = CaptureDay.__table__
RECORDS = Record.__table__

# What a period's grams are broken down by: (category, estimated, catalogue version).
Detail = tuple[str, bool, int]


@dataclass(frozen=True)
class Span:
    station_id: str
    categories: tuple[str, ...]  # the fraction's
    start: datetime | None
    end: datetime


@dataclass
class Sums:
    whole: dict[Detail, int]  # the period's grams
    part: dict[Detail, int]  # of them, those in (low, high] (the year), when asked


def midnight(day: date) -> datetime:
    """The UTC moment an Oslo day begins."""
    return datetime.combine(day, time(), tzinfo=OSLO).astimezone(UTC)


def period_sums(
    session: Session,
    spans: Sequence[Span],
    *,
    low: datetime | None = None,
    high: datetime | None = None,
) -> list[Sums]:
    """The grams of each span (in its order), broken down by ``Detail``; with ``low`` and
    ``high`` (Oslo midnights) also the part inside (``low``, ``high``].

    Spans of one station and category set must not overlap (periods between pickups never
    do). Raw days are kept per (station, categories): a day a span begins or ends inside,
    and the days of ``low`` and ``high`` (a record at midnight itself belongs to the year
    before, its Oslo day to the year after). Every other day is whole inside a span or
    outside it, and is read from the rollup."""
    out = [Sums({}, {}) for _ in spans]
    if not spans:
        return out
    edges = [d for d in (low, high) if d is not None]
    # Per (station, categories): its spans in end order, and its raw days.
    groups: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(list)
    for n, s in enumerate(spans):
        if s.categories and (s.start is None or s.start < s.end):
            groups[(s.station_id, s.categories)].append(n)
    raw_days: dict[tuple[str, tuple[str, ...]], set[date]] = {}
    cache: dict[tuple[int, int, int, int], date] = {}
    for key, members in groups.items():
        # Equal ends: the empty span (start == end) was left out above.
        members.sort(key=lambda n: spans[n].end)
        days = {oslo_day(e, cache) for e in edges}
        for n in members:
            s = spans[n]
            days.add(oslo_day(s.end, cache))
            if s.start is not None:
                days.add(oslo_day(s.start, cache))
        raw_days[key] = days
    if not groups:
        return out
    low_day = oslo_day(low, cache) if low is not None else None
    high_day = oslo_day(high, cache) if high is not None else None

    # Which groups each (station, category) feeds.
    feeds: dict[tuple[str, str], list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
    for key in groups:
        for code in key[1]:
            feeds[(key[0], code)].append(key)
    ends: dict[tuple[str, tuple[str, ...]], list[datetime]] = {
        key: [spans[n].end for n in members] for key, members in groups.items()
    }
    end_days = {key: [oslo_day(e, cache) for e in found] for key, found in ends.items()}
    start_days = {
        key: [None if (b := spans[n].start) is None else oslo_day(b, cache) for n in members]
        for key, members in groups.items()
    }

    def add(n: int, detail: Detail, grams: int, inside: bool) -> None:
        sums = out[n]
        sums.whole[detail] = sums.whole.get(detail, 0) + grams
        if inside:
            sums.part[detail] = sums.part.get(detail, 0) + grams

    # The rollup: days before the first raw day in one bucket per key (only spans from the
    # first records reach them), then day by day up to the last raw day.
    first = min(d for days in raw_days.values() for d in days)
    last = max(d for days in raw_days.values() for d in days)
    bucket = first - timedelta(days=1)
    stations = sorted({key[0] for key in groups})
    categories = sorted({code for key in groups for code in key[1]})
    c = CAPTURE.c
    day = case((c.day < literal(first, Date), literal(bucket, Date)), else_=c.day)
    keys = (c.station_id, c.category, day, c.estimated, c.catalog_version)
    rolled = (
        select(*keys, func.sum(c.net_g))
        .where(c.station_id.in_(stations), c.category.in_(categories), c.day <= last)
        .group_by(*keys)
    )
    for station, category, at_day, estimated, version, grams in session.execute(rolled):
        if not grams:
            continue
        detail = (category, estimated, version)
        for key in feeds.get((station, category), ()):
            if at_day in raw_days[key]:
                continue
            found_days = end_days[key]
            i = bisect_right(found_days, at_day)  # the first span ending on a later day
            if i == len(found_days):
                continue
            start_day = start_days[key][i]
            if start_day is not None and start_day >= at_day:
                continue
            inside = low_day is not None and high_day is not None and low_day < at_day < high_day
            add(groups[key][i], detail, int(grams), inside)

    # The raw days.
    for station, category, at, estimated, version, grams in _raw(session, raw_days):
        detail = (category, estimated, version)
        at_day = oslo_day(at, cache)
        for key in feeds.get((station, category), ()):
            if at_day not in raw_days[key]:
                continue
            i = bisect_left(ends[key], at)
            if i == len(ends[key]):
                continue
            n = groups[key][i]
            start = spans[n].start
            if start is not None and start >= at:
                continue
            inside = low is not None and high is not None and low < at <= high
            add(n, detail, grams, inside)
    return out


def _ranges(days: Iterable[date]) -> list[tuple[datetime, datetime]]:
    """Runs of consecutive days as [from, to) in UTC."""
    out: list[tuple[date, date]] = []
    for d in sorted(days):
        if out and out[-1][1] == d:
            out[-1] = (out[-1][0], d + timedelta(days=1))
        else:
            out.append((d, d + timedelta(days=1)))
    return [(midnight(a), midnight(b)) for a, b in out]


def _raw(
    session: Session, raw_days: dict[tuple[str, tuple[str, ...]], set[date]]
) -> list[tuple[str, str, datetime, bool, int, int]]:
    """(station, category, recorded_at, estimated, version, grams) of every record that
    counts on the raw days, a reversal on its original's fields with its grams negative.

    The days go in as one parameter, a list of (station, from, to) joined to the records
    (PostgreSQL's ``unnest`` of arrays, SQLite's ``json_each``): a statement of thousands
    of OR-ed ranges cost more to build than to run."""
    days_of: dict[str, set[date]] = defaultdict(set)
    for (station, _codes), days in raw_days.items():
        days_of[station] |= days
    ranges = [(s, a, b) for s, days in sorted(days_of.items()) for a, b in _ranges(days)]
    codes = sorted({c for _s, cs in raw_days for c in cs})
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:
        w = (
            func.unnest(
                cast([s for s, _a, _b in ranges], ARRAY(String)),
                cast([a for _s, a, _b in ranges], ARRAY(DateTime(timezone=True))),
                cast([b for _s, _a, b in ranges], ARRAY(DateTime(timezone=True))),
            )
            .table_valued("station_id", "lo", "hi", name="w")
            .render_derived()
        )
        bounds: list[ColumnElement[Any]] = [w.c.station_id, w.c.lo, w.c.hi]
    else:
        stored = json.dumps([[s, to_storage(a), to_storage(b)] for s, a, b in ranges])
        w = func.json_each(stored).table_valued("value", name="w")
        bounds = [func.json_extract(w.c.value, f"$[{i}]") for i in range(3)]
    out: list[tuple[str, str, datetime, bool, int, int]] = []
    for table, grams in ((RECORDS, RECORDS.c.weight_g), (ORIGINAL, -RECORDS.c.weight_g)):
        t = table.c
        cols = (t.station_id, t.category, t.recorded_at, t.weight_source, t.catalog_version)
        conditions = [
            t.station_id == bounds[0],
            t.recorded_at >= bounds[1],
            t.recorded_at < bounds[2],
            t.category.in_(codes),
            t.direction == IN,
            t.clock_flag.is_(None),
        ]
        if table is RECORDS:
            base: FromClause = RECORDS
            conditions.append(RECORDS.c.reverses.is_(None))
        else:  # each reversal of a record on those days
            base = ORIGINAL.join(RECORDS, RECORDS.c.reverses == ORIGINAL.c.id)
        found = select(*cols, grams.label("grams")).select_from(base).where(*conditions)
        if postgres:
            # Per range an index scan of (station, recorded_at): PostgreSQL, not knowing the
            # array's ranges, otherwise hashed the stations and read the whole table. OFFSET 0
            # keeps it from pulling the subquery up into that same join.
            each = found.offset(0).lateral("found")
            query = select(each).select_from(w.join(each, true()))
        else:
            query = found.select_from(w)
        for s, category, at, weight_source, version, g in session.execute(query):
            estimated = weight_source == ESTIMATE
            out.append((str(s), str(category), at, estimated, int(version), int(g)))
    return out
