"""Registered against weighed: per station, fraction and period, the kg the kiosk registered
and the kg the weighbridge weighed, and the capture rate (registered ÷ weighed).

A period is the span between two pickups of a fraction at a station: the contents of a
container belong to the pickup that emptied it. A period runs from the previous pickup's
``weighed_at`` (exclusive) to this pickup's (inclusive); a fraction's first pickup has no
previous one, so its period starts with the records. Of two pickups of a fraction at one
moment the one with the smaller id (ids are UUIDv7: the one registered first) takes the
period and the other's is empty. Registered kg are the deposits left in (direction ``in``)
of the fraction's categories, net of reversals, without flagged-clock records. A year's
view clips each period at Oslo midnight on 1 January: registered kg fall where they were
registered, and the weighed kg are split in proportion to them (by elapsed time when
nothing was registered). See docs/pickups.md.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    Subquery,
    and_,
    case,
    cast,
    func,
    literal,
    literal_column,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session

from central.models import ACTIVITY_TABLES, Record, UTCDateTime
from central.services.catalogue import category_kinds
from central.services.pickups import categories_of, live
from contract.limits import TIME_MIN
from contract.records import Direction
from contract.times import OSLO

_PICKUPS = ACTIVITY_TABLES["pickup"]


@dataclass(frozen=True)
class Period:
    station_id: str
    fraction: str
    starts_at: datetime | None  # None: the fraction's first pickup, from the first records
    ends_at: datetime  # the pickup's weighed_at
    ticket_no: str | None
    registered_g: int
    weighed_g: int | None  # None: emptied without a ticket

    @property
    def rate(self) -> Decimal | None:
        """Registered ÷ weighed, or None without a weight."""
        if not self.weighed_g:
            return None
        return Decimal(self.registered_g) / Decimal(self.weighed_g)


def year_bounds(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1, tzinfo=OSLO), datetime(year + 1, 1, 1, tzinfo=OSLO)


def _live(station_id: str | None) -> list[ColumnElement[bool]]:
    """The conditions of a live pickup (neither a reversal nor reversed), at the station."""
    conditions = live()
    return conditions if station_id is None else [*conditions, _PICKUPS.c.station_id == station_id]


def spans(*, station_id: str | None = None, fraction: str | None = None) -> Subquery:
    """Every live pickup with the ``weighed_at`` of the one before it at its station and of
    its fraction (``starts_at``, NULL for the first): the periods, unclipped, as a subquery
    of the given station and fraction (None: all). The learned weights read the same."""
    t = _PICKUPS
    previous = func.lag(t.c.weighed_at, type_=UTCDateTime()).over(
        partition_by=(t.c.station_id, t.c.fraction), order_by=(t.c.weighed_at, t.c.id)
    )
    conditions = _live(station_id)
    if fraction is not None:
        conditions.append(t.c.fraction == fraction)
    return (
        select(
            t.c.id,
            t.c.station_id,
            t.c.fraction,
            previous.label("starts_at"),
            t.c.weighed_at,
            t.c.ticket_no,
            t.c.net_weight_g,
        )
        .where(*conditions)
        .subquery()
    )


def periods(session: Session, *, station_id: str | None, year: int) -> list[Period]:
    """Every period with a pickup in ``year`` (Oslo), clipped to the year as the module says.

    Two statements per station: its periods that touch the year (each pickup with the one
    before it, ``lag`` in SQL), and the registered grams of each, summed in SQL. Across
    stations (``station_id`` None), station by station: each stays small."""
    if station_id is None:
        query = select(_PICKUPS.c.station_id).where(*_live(None)).distinct()
        stations = sorted(str(s) for s in session.scalars(query))
        return [p for s in stations for p in periods(session, station_id=s, year=year)]
    low, high = year_bounds(year)
    each = spans(station_id=station_id)
    found = session.execute(
        select(
            each.c.fraction,
            each.c.starts_at,
            each.c.weighed_at,
            each.c.ticket_no,
            each.c.net_weight_g,
        )
        .where(
            each.c.weighed_at > low,  # no part of it in this year otherwise
            func.coalesce(each.c.starts_at, literal(TIME_MIN, UTCDateTime())) < high,
        )
        .order_by(each.c.fraction, each.c.weighed_at, each.c.id)
    ).all()
    kinds = category_kinds(session=session)
    sums = _registered(
        session,
        station_id,
        [(str(f), start or TIME_MIN, end) for f, start, end, _t, _w in found],
        kinds,
        low,
        high,
    )
    out = []
    for fraction, start, end, ticket, weighed in found:
        whole_start = start or TIME_MIN
        # Pickups at the same moment: the first empties the container, the next finds nothing.
        registered_whole, registered_part = (
            sums.get((fraction, end), (0, 0)) if whole_start < end else (0, 0)
        )
        share_weighed: int | None = None
        if isinstance(weighed, int):
            share_weighed = _share(
                weighed, registered_part, registered_whole, whole_start, end, low, high
            )
        out.append(
            Period(
                station_id,
                fraction,
                max(start, low) if start is not None else None,
                min(end, high),
                ticket if isinstance(ticket, str) else None,
                registered_part,
                share_weighed,
            )
        )
    out.sort(key=lambda p: (p.station_id, p.fraction, p.ends_at))
    return out


def _share(
    weighed: int,
    part: int,
    whole: int,
    start: datetime,
    end: datetime,
    low: datetime,
    high: datetime,
) -> int:
    """The weighed grams belonging to the year's part of a period (the year-end split)."""
    if start >= low and end <= high:
        return weighed
    if whole > 0:
        return round(weighed * part / whole)
    span = (end - start).total_seconds()
    inside = (min(end, high) - max(start, low)).total_seconds()
    return round(weighed * inside / span) if span > 0 else weighed


def _registered(
    session: Session,
    station_id: str,
    found: list[tuple[str, datetime, datetime]],
    kinds: dict[str, str],
    low: datetime,
    high: datetime,
) -> dict[tuple[str, datetime], tuple[int, int]]:
    """Net grams left in per period, by (fraction, the pickup's ``weighed_at``): the whole
    period's and its part in (``low``, ``high``]. ``found`` is the periods wanted, each
    (fraction, start, end).

    One statement: the station's raw records of the periods' range, each as many times as
    fractions hold its category, and the fractions' pickups in one stream; walking it back
    from the latest, a record's pickup is the nearest one at or after it (a running ``min``
    over a window), and the records are summed per pickup. A category in two fractions
    (alone, and in a mixed group) counts in each one's periods. Records after the range's
    pickups, or in a period not wanted, are summed for keys nobody asks for."""
    pairs = sorted({(f, c) for f, _s, _e in found for c in categories_of(f, kinds)})
    held = {f for f, _c in pairs}
    spans = [(s, e) for f, s, e in found if f in held]
    if not pairs or not spans:
        return {}
    first, last = min(s for s, _e in spans), max(e for _s, e in spans)
    # Fractions by number in the statement: sorting and grouping by text cost a collation.
    numbers = {f: n for n, f in enumerate(sorted(held))}
    pairs_of = [
        select(
            literal_column(str(numbers[f]), Integer).label("fraction"),
            cast(literal(c), String).label("category"),
        )
        for f, c in pairs
    ]
    holds = (pairs_of[0] if len(pairs_of) == 1 else union_all(*pairs_of)).cte("holds")
    r = Record.__table__
    t = _PICKUPS
    grams = case((r.c.reverses.is_(None), r.c.weight_g), else_=-r.c.weight_g)
    wanted = (
        r.c.station_id == station_id,
        r.c.category.in_(sorted({c for _f, c in pairs})),
        r.c.recorded_at > first,
        r.c.recorded_at <= last,
        r.c.direction == Direction.IN.value,
        r.c.clock_flag.is_(None),
    )
    if session.get_bind().dialect.name == "sqlite":
        # SQLite, without statistics, joined by running the range read once per fraction;
        # summed per category and moment first (one moment is in one period), it reads once.
        # PostgreSQL reads once either way, and the grouping would only cost it time.
        summed = select(r.c.category, r.c.recorded_at, func.sum(grams).label("grams"))
        read = summed.where(*wanted).group_by(r.c.category, r.c.recorded_at).subquery("read")
    else:
        each = select(r.c.category, r.c.recorded_at, grams.label("grams"))
        read = each.where(*wanted).subquery("read")
    deposits = select(
        holds.c.fraction,
        type_coerce(read.c.recorded_at, UTCDateTime()).label("at"),
        literal_column("0", Integer).label("kind"),
        read.c.grams,
    ).join_from(read, holds, holds.c.category == read.c.category)
    ends = select(
        case(numbers, value=t.c.fraction),
        t.c.weighed_at,
        literal_column("1", Integer),
        literal_column("0", Integer),
    ).where(
        *_live(station_id),
        t.c.fraction.in_(sorted(held)),
        t.c.weighed_at > first,
        t.c.weighed_at <= last,
    )
    marks = union_all(deposits, ends).subquery("marks")
    # Latest first, a pickup before the records of its own moment (a period ends inclusive).
    pickup = func.min(type_coerce(case((marks.c.kind == 1, marks.c.at)), UTCDateTime())).over(
        partition_by=marks.c.fraction,
        order_by=(marks.c.at.desc(), marks.c.kind.desc()),
        rows=(None, 0),
    )
    placed = select(
        marks.c.fraction, marks.c.at, marks.c.kind, marks.c.grams, pickup.label("pickup")
    ).subquery("placed")
    inside = and_(placed.c.at > low, placed.c.at <= high)
    query = (
        select(
            placed.c.fraction,
            type_coerce(placed.c.pickup, UTCDateTime()),
            func.sum(placed.c.grams),
            func.sum(case((inside, placed.c.grams), else_=0)),
        )
        .where(placed.c.kind == 0, placed.c.pickup.is_not(None))
        .group_by(placed.c.fraction, placed.c.pickup)
    )
    fractions = sorted(held)
    return {
        (fractions[f], at): (int(whole or 0), int(part or 0))
        for f, at, whole, part in session.execute(query)
    }


@dataclass(frozen=True)
class Total:
    station_id: str
    fraction: str
    pickups: int
    registered_g: int  # over the periods with a weight only, so the rate compares like with like
    weighed_g: int

    @property
    def rate(self) -> Decimal | None:
        return Decimal(self.registered_g) / Decimal(self.weighed_g) if self.weighed_g else None


def totals(found: list[Period], *, across: bool = False) -> list[Total]:
    """Per station and fraction (or per fraction across stations, ``across``) for the year."""
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for p in found:
        if p.weighed_g is None:
            continue
        key = ("*" if across else p.station_id, p.fraction)
        sums[key][0] += 1
        sums[key][1] += p.registered_g
        sums[key][2] += p.weighed_g
    return [Total(s, f, n, r, w) for (s, f), (n, r, w) in sorted(sums.items())]
