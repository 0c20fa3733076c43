"""Net grams left in per pickup period, from the daily rollup (``capture_days``) for the whole
Oslo days inside a period and from the raw records only for the days a period begins or ends
inside (and the year's two midnights), so a station-year reads a few days' records.

A period is (``start``, ``end``]; ``start`` None is from the first records. A record counts
under the reversal rule (``contract.effect.REVERSAL_RULE``): a reversal on the fields of
the record it reverses, one whose original is not held not at all; left in (direction
``in``) with a sound clock. The rollup keeps exactly those sums per day (central.services.rollup).

One statement sums both per period in SQL, so what comes back is a few rows per period
however many records and days lie behind them: each period's whole days by one range of the
rollup's key, each raw station-day's records by one range of (station, recorded_at), each
record with its reversal through the ``reverses`` index, joined to the periods that day bounds.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    Date,
    FromClause,
    Integer,
    Select,
    String,
    and_,
    case,
    cast,
    column,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from central.db import without_jit
from central.models import CaptureDay, Record, UTCDateTime
from central.services.rollup import ESTIMATE, IN, oslo_day
from contract.times import OSLO, to_storage

CAPTURE = CaptureDay.__table__
RECORDS = Record.__table__
UNDO = RECORDS.alias("undo")

# What a period's grams are broken down by: (category, estimated, catalogue version).
Detail = tuple[str, bool, int]
# A piece of a span and one of its categories, as the statement takes it: (piece, station,
# category, first and last whole day, the day it begins inside (None: none, or the day it
# ends), the day it ends, after, upto); days and moments as the dialect's text.
Piece = tuple[int, str, str, str, str, str | None, str, str | None, str]


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

    Each span is cut at ``low`` and ``high`` into pieces, each wholly inside the year or
    outside it (a record at midnight itself belongs to the year before, its Oslo day to the
    year after). A piece's grams are its whole days' in the rollup and, on the day it begins
    and the day it ends, its records'. Spans may overlap: each is summed on its own."""
    out = [Sums({}, {}) for _ in spans]
    postgres = session.get_bind().dialect.name == "postgresql"
    # The tables go in as JSON text: each moment and day converted once (a pickup's moment
    # ends one period and begins the next).
    to_text = datetime.isoformat if postgres else to_storage
    days: dict[tuple[int, int, int, int], date] = {}
    texts: dict[date, str] = {}
    stamps: dict[datetime, str] = {}

    def stamp(at: datetime) -> str:
        iso = stamps.get(at)
        if iso is None:
            iso = stamps[at] = to_text(at)
        return iso

    def day_of(at: datetime) -> tuple[date, str]:
        day = oslo_day(at, days)
        iso = texts.get(day)
        if iso is None:
            iso = texts[day] = day.isoformat()
        return day, iso

    cuts = [t for t in (low, high) if t is not None]
    pieces: list[tuple[int, bool]] = []  # (span, inside the year)
    rows: list[Piece] = []
    for n, s in enumerate(spans):
        if not s.categories or (s.start is not None and s.start >= s.end):
            continue  # an empty span: the second of two pickups at one moment
        inner = [t for t in cuts if (s.start is None or s.start < t) and t < s.end]
        for a, b in zip([s.start, *inner], [*inner, s.end], strict=True):
            k = len(pieces)
            year = low is not None and high is not None and a is not None and low <= a
            pieces.append((n, year and high is not None and b <= high))
            last, last_text = day_of(b)
            after, upto = None if a is None else stamp(a), stamp(b)
            begin, first_text = "0001-01-01", None
            if a is not None:
                first, iso = day_of(a)
                begin = (first + timedelta(days=1)).isoformat()
                first_text = iso if first != last else None
            end = (last - timedelta(days=1)).isoformat()
            rows += [
                (k, s.station_id, code, begin, end, first_text, last_text, after, upto)
                for code in s.categories
            ]
    if not pieces:
        return out
    for k, category, estimated, version, grams, _items in _run(session, _sums(rows, postgres)):
        if not grams:
            continue
        n, inside = pieces[k]
        detail = (str(category), bool(estimated), int(version))
        sums = out[n]
        sums.whole[detail] = sums.whole.get(detail, 0) + int(grams)
        if inside:
            sums.part[detail] = sums.part.get(detail, 0) + int(grams)
    return out


def from_records(session: Session, span: Span) -> dict[Detail, tuple[int, int]]:
    """Grams and items (deposits net of reversals) of one span, read day by day from the
    records by the same statement ``period_sums`` sums with (the rollup keeps no net count):
    the hazardous hand-over's, one cabinet period at a time. A span from the first records
    begins on the station's first day."""
    start = span.start
    if start is None:
        r = RECORDS.c
        start = session.scalar(
            select(func.min(r.recorded_at)).where(r.station_id == span.station_id)
        )
        if start is None:
            return {}
        start -= timedelta(microseconds=1)  # the first record is inside (start, end]
    if not span.categories or start >= span.end:
        return {}
    postgres = session.get_bind().dialect.name == "postgresql"
    stamp = datetime.isoformat if postgres else to_storage
    days: dict[tuple[int, int, int, int], date] = {}
    first, last = oslo_day(start, days), oslo_day(span.end, days)
    each_day = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    after = None if span.start is None else stamp(span.start)
    # One piece per day and category, each with no whole day (first after last).
    rows: list[Piece] = [
        (0, span.station_id, code, "9999-12-31", "0001-01-01", None, day.isoformat(), after,
         stamp(span.end))
        for code in span.categories
        for day in each_day
    ]  # fmt: skip
    out: dict[Detail, tuple[int, int]] = {}
    for _k, category, estimated, version, grams, items in _run(session, _sums(rows, postgres)):
        if grams or items:
            out[(str(category), bool(estimated), int(version))] = (int(grams), int(items))
    return out


def _run(session: Session, statement: Select[Any]) -> Sequence[Any]:
    """The statement's rows, on PostgreSQL without JIT compilation: the planner takes each
    JSON table for 100 rows and each station-day's read for a day's records of every
    category, so even a one-station view crosses ``jit_above_cost`` and spent 100-400 ms
    compiling a statement that runs in a few (bench/pickups.py at 1 M)."""
    with without_jit(session.connection()):
        return session.execute(statement).all()


def _table(
    name: str,
    columns: Sequence[tuple[str, TypeEngine[Any]]],
    rows: Sequence[Sequence[Any]],
    *,
    postgres: bool,
) -> FromClause:
    """``rows`` (JSON values: days and moments as the dialect's text) as a table in the
    statement, bound as one JSON parameter (PostgreSQL's ``json_to_recordset``, SQLite's
    ``json_each``): thousands of rows as parameters or OR-ed terms cost more to send and
    plan than to run."""
    names = [n for n, _t in columns]
    if postgres:
        doc = json.dumps([dict(zip(names, row, strict=True)) for row in rows])
        found = func.json_to_recordset(cast(literal(doc, String), JSON))
        typed = (column(n, t) for n, t in columns)
        return found.table_valued(*typed, name=name).render_derived(with_types=True)
    each = func.json_each(json.dumps(rows)).table_valued("value", name=f"{name}_json")
    picked = (func.json_extract(each.c.value, f"$[{i}]").label(n) for i, n in enumerate(names))
    return select(*picked).select_from(each).subquery(name)


def _sums(pieces: list[Piece], postgres: bool) -> Select[Any]:
    """(piece, category, estimated, version, grams, items) per piece: its whole days from the
    rollup (items not kept there: 0), and the records of the day it ends and the day it begins
    inside (if another). Each such station-day is read once, every category at once, each
    record with its reversal (``-`` its grams and one item, on the record's fields) and a
    reversal itself never (it counts with the record it reverses, where that one is read)."""
    stamp = datetime.isoformat if postgres else to_storage
    # A CTE, so PostgreSQL parses the JSON once for the three reads of it.
    listed = _table(
        "pieces",
        [("k", Integer()), ("station_id", String()), ("category", String()), ("first", Date()),
         ("last", Date()), ("start_day", Date()), ("end_day", Date()), ("after", UTCDateTime()),
         ("upto", UTCDateTime())],
        pieces,
        postgres=postgres,
    )  # fmt: skip
    p = select(listed).cte("p")
    on = sorted({(row[1], day) for row in pieces for day in (row[5], row[6]) if day is not None})
    bounds = []
    for station, iso in on:
        day = date.fromisoformat(iso)
        bounds.append((station, iso, stamp(midnight(day)), stamp(midnight(day + timedelta(1)))))
    d = _table(
        "d",
        [("station_id", String()), ("day", Date()), ("lo", UTCDateTime()), ("hi", UTCDateTime())],
        bounds,
        postgres=postgres,
    )

    c = CAPTURE.c
    inside = (c.station_id == p.c.station_id, c.category == p.c.category,
              c.day >= p.c.first, c.day <= p.c.last)  # fmt: skip
    if postgres:
        # One index range of the rollup's key per piece: PostgreSQL, not knowing the
        # table's rows, otherwise hashed on (station, category) and filtered every day
        # against every piece.
        each = (
            select(c.estimated, c.catalog_version, func.sum(c.net_g).label("grams"))
            .where(*inside)
            .group_by(c.estimated, c.catalog_version)
            .lateral("rolled")
        )
        rolled = select(p.c.k, p.c.category, *each.c, literal(0).label("counted"))
        rolled = rolled.select_from(p.join(each, true())).where(p.c.first <= p.c.last)
    else:  # SQLite reads the index per row of ``p`` by itself
        rolled = select(
            p.c.k, p.c.category, c.estimated, c.catalog_version, c.net_g.label("grams"),
            literal(0).label("counted"),
        ).where(*inside)  # fmt: skip

    r = RECORDS.c
    grams = case((r.reverses.is_(None), r.weight_g), else_=0) - func.coalesce(UNDO.c.weight_g, 0)
    items = case((r.reverses.is_(None), 1), else_=0) - case((UNDO.c.id.is_(None), 0), else_=1)
    found = (
        select(
            r.category,
            r.recorded_at,
            (r.weight_source == ESTIMATE).label("estimated"),
            r.catalog_version,
            grams.label("grams"),
            items.label("counted"),
        )
        .select_from(RECORDS.outerjoin(UNDO, UNDO.c.reverses == r.id))
        .where(
            r.station_id == d.c.station_id,
            r.recorded_at >= d.c.lo,
            r.recorded_at < d.c.hi,
            r.category.in_(sorted({row[2] for row in pieces})),
            r.direction == IN,
            r.clock_flag.is_(None),
            r.reverses.is_(None) | UNDO.c.id.is_not(None),
        )
    )
    if postgres:
        # Per station-day one index range of (station, recorded_at), before the pieces are
        # joined: PostgreSQL, not knowing the tables' rows, otherwise hashed the stations
        # and read the whole records table, or joined the pieces first and read each day
        # once per piece. OFFSET 0 keeps it from pulling either subquery up into the join.
        each = found.offset(0).lateral("found")
        read = select(d.c.station_id, d.c.day, *each.c).select_from(d.join(each, true()))
        got = read.offset(0).cte("got")
    else:  # SQLite reads the index per row of ``d`` by itself
        got = found.add_columns(d.c.station_id, d.c.day).cte("got")

    def records_of(day: ColumnElement[Any]) -> Select[Any]:
        on_day = and_(
            p.c.station_id == got.c.station_id,
            p.c.category == got.c.category,
            day == got.c.day,
            or_(p.c.after.is_(None), got.c.recorded_at > p.c.after),
            got.c.recorded_at <= p.c.upto,
        )
        picked = (p.c.k, got.c.category, got.c.estimated, got.c.catalog_version, got.c.grams,
                  got.c.counted)  # fmt: skip
        return select(*picked).select_from(got.join(p, on_day))

    every = union_all(rolled, records_of(p.c.end_day), records_of(p.c.start_day)).subquery("all")
    keys = (every.c.k, every.c.category, every.c.estimated, every.c.catalog_version)
    sums = (func.sum(every.c.grams), func.sum(every.c.counted))
    return select(*keys, *sums).group_by(*keys)
