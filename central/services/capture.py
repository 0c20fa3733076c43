"""Registered against weighed: per station, fraction and period, the kg the kiosk registered
and the kg the weighbridge weighed, and the capture rate (registered ÷ weighed).

A period is the span between two pickups of a fraction at a station: the contents of a
container belong to the pickup that emptied it. A period runs from the previous pickup's
``weighed_at`` (exclusive) to this pickup's (inclusive); a fraction's first pickup has no
previous one, so its period starts with the records. Of two pickups of a fraction at one
moment the one with the smaller id (ids are UUIDv7: the one registered first) takes the
period and the other's is empty. Registered kg are the deposits left in (direction ``in``)
of the fraction's categories, without flagged-clock records, net of reversals: a reversal
counts with the record it reverses (``contract.effect.REVERSAL_RULE``: at that record's
moment, so in its period), one whose original central does not hold yet not at all. A year's
view clips each period at Oslo midnight on 1 January: registered kg fall where they were
registered, and the weighed kg are split in proportion to them (by elapsed time when
nothing was registered; a first period, without a start, then weighs in its pickup's year).
See docs/pickups.md.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, Subquery, func, literal, select
from sqlalchemy.orm import Session

from central.models import ACTIVITY_TABLES, UTCDateTime
from central.services.capture_sums import Span, period_sums
from central.services.catalogue import category_kinds
from central.services.pickups import categories_of, live
from contract.limits import TIME_MIN
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
    """Every period with a pickup in ``year`` (Oslo), clipped to the year as the module says,
    of one station or (``station_id`` None) of all in one pass.

    One statement for the periods that touch the year (each pickup with the one before it,
    ``lag`` in SQL), then their registered grams from the daily rollup and the raw records
    of the days a period begins or ends inside (``capture_sums``)."""
    low, high = year_bounds(year)
    each = spans(station_id=station_id)
    found = session.execute(
        select(
            each.c.station_id,
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
        .order_by(each.c.station_id, each.c.fraction, each.c.weighed_at, each.c.id)
    ).all()
    kinds = category_kinds(session=session)
    # Pickups at the same moment: the first empties the container, the next finds nothing
    # (a span with start == end counts nothing).
    wanted = [
        Span(str(s), tuple(categories_of(str(f), kinds)), start, end)
        for s, f, start, end, _t, _w in found
    ]
    sums = period_sums(session, wanted, low=low, high=high)
    out = []
    for (station, fraction, start, end, ticket, weighed), summed in zip(found, sums, strict=True):
        registered_whole = sum(summed.whole.values())
        registered_part = sum(summed.part.values())
        share_weighed: int | None = None
        if isinstance(weighed, int):
            share_weighed = _share(
                weighed, registered_part, registered_whole, start, end, low, high
            )
        out.append(
            Period(
                str(station),
                str(fraction),
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
    start: datetime | None,
    end: datetime,
    low: datetime,
    high: datetime,
) -> int:
    """The weighed grams belonging to the year's part of a period (the year-end split). A
    period without a start (a fraction's first pickup) and nothing registered has no elapsed
    time to split by: it weighs in the year of its pickup."""
    if start is not None and start >= low and end <= high:
        return weighed
    if whole > 0:
        return round(weighed * part / whole)
    if start is None:
        return weighed if end <= high else 0
    span = (end - start).total_seconds()
    inside = (min(end, high) - max(start, low)).total_seconds()
    return round(weighed * inside / span) if span > 0 else weighed


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
