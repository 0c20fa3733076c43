"""Registered against weighed: per station, fraction and period, the kg the kiosk registered
and the kg the weighbridge weighed, and the capture rate (registered ÷ weighed).

A period is the span between two pickups of a fraction at a station: the contents of a
container belong to the pickup that emptied it. A period runs from the previous pickup's
``weighed_at`` (exclusive) to this pickup's (inclusive); a fraction's first pickup has no
previous one, so its period starts with the records. Registered kg are the deposits left in
(direction ``in``) of the fraction's categories, net of reversals, without flagged-clock
records. A year's view clips each period at Oslo midnight on 1 January: registered kg fall
where they were registered, and the weighed kg are split in proportion to them (by elapsed
time when nothing was registered). See docs/pickups.md.
"""

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from central.models import ACTIVITY_TABLES, Record
from central.services.catalogue import category_kinds
from central.services.pickups import categories_of
from contract.limits import TIME_MIN
from contract.records import Direction

OSLO = ZoneInfo("Europe/Oslo")
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


def live_pickups(session: Session, station_id: str | None) -> list[dict[str, object]]:
    """The station's (or every station's) pickups, neither reversals nor reversed, in time order."""
    t = _PICKUPS
    undo = t.alias("undo")
    reversed_ = select(undo.c.id).where(undo.c.reverses == t.c.id).exists()
    query = select(
        t.c.station_id, t.c.fraction, t.c.weighed_at, t.c.ticket_no, t.c.net_weight_g
    ).where(t.c.reverses.is_(None), ~reversed_)
    if station_id is not None:
        query = query.where(t.c.station_id == station_id)
    rows = session.execute(query.order_by(t.c.station_id, t.c.fraction, t.c.weighed_at))
    return [dict(r._mapping) for r in rows]


def periods(session: Session, *, station_id: str | None, year: int) -> list[Period]:
    """Every period with a pickup in ``year`` (Oslo), clipped to the year as the module says.

    Across stations (``station_id`` None), one statement per station: each stays small."""
    if station_id is None:
        stations = sorted({str(p["station_id"]) for p in live_pickups(session, None)})
        return [p for s in stations for p in periods(session, station_id=s, year=year)]
    low, high = year_bounds(year)
    kinds = category_kinds(session=session)
    by_key: dict[tuple[str, str], list[dict[str, object]]] = defaultdict(list)
    for p in live_pickups(session, station_id):
        by_key[(str(p["station_id"]), str(p["fraction"]))].append(p)
    # (key, fraction, category, start, end) spans: each period whole, and its part in the year.
    spans: list[tuple[int, str, str, datetime, datetime]] = []
    found: list[tuple[str, str, datetime | None, datetime, dict[str, object], int, int]] = []
    for (station, fraction), items in by_key.items():
        previous: datetime | None = None
        for item in items:
            end = item["weighed_at"]
            assert isinstance(end, datetime)
            start = previous
            previous = end
            whole_start = start or TIME_MIN
            if end <= low or whole_start >= high:
                continue  # no part of it in this year
            clip_start, clip_end = max(whole_start, low), min(end, high)
            whole, part = len(spans), len(spans) + 1
            for category in categories_of(fraction, kinds):
                spans.append((whole, fraction, category, whole_start, end))
                spans.append((part, fraction, category, clip_start, clip_end))
            found.append((station, fraction, start, end, item, whole, part))
    sums = _registered(session, station_id, spans)
    out = []
    for station, fraction, start, end, item, whole, part in found:
        registered_whole, registered_part = sums.get(whole, 0), sums.get(part, 0)
        weighed = item["net_weight_g"]
        share_weighed: int | None = None
        if isinstance(weighed, int):
            share_weighed = _share(
                weighed, registered_part, registered_whole, start or TIME_MIN, end, low, high
            )
        out.append(
            Period(
                station,
                fraction,
                max(start, low) if start is not None else None,
                min(end, high),
                item["ticket_no"] if isinstance(item["ticket_no"], str) else None,
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
    session: Session, station_id: str, spans: list[tuple[int, str, str, datetime, datetime]]
) -> dict[int, int]:
    """Net grams left in per span: one range read of the station's raw records, each record
    put in its spans by bisection (spans of one category do not overlap, except a whole
    period and its part in the year, kept in two lists)."""
    if not spans:
        return {}
    r = Record.__table__
    sign = case((r.c.reverses.is_(None), r.c.weight_g), else_=-r.c.weight_g)
    station = station_id
    categories = sorted({s[2] for s in spans})
    query = select(r.c.category, r.c.recorded_at, sign).where(
        r.c.station_id == station,
        r.c.category.in_(categories),
        r.c.recorded_at > min(s[3] for s in spans),
        r.c.recorded_at <= max(s[4] for s in spans),
        r.c.direction == Direction.IN.value,
        r.c.clock_flag.is_(None),
    )
    # Per category and list (even keys: whole periods, odd: parts): ends sorted, with starts.
    lists: dict[tuple[str, int, str], list[tuple[datetime, datetime, int]]] = defaultdict(list)
    # Keyed by fraction too: a category in two fractions (alone, and in a mixed group)
    # counts in each one's periods.
    for key, fraction, category, lo, hi in spans:
        lists[(category, key % 2, fraction)].append((hi, lo, key))
    ends = {}
    for name, items in lists.items():
        items.sort()
        ends[name] = [hi for hi, _lo, _k in items]
    sums: dict[int, int] = defaultdict(int)
    by_category: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for name in lists:
        by_category[name[0]].append(name)
    for category, at, grams in session.execute(query):
        for name in by_category.get(category, ()):
            index = bisect_left(ends.get(name, ()), at)
            found = lists.get(name)
            if found and index < len(found):
                hi, lo, key = found[index]
                if lo < at <= hi:
                    sums[key] += int(grams)
    return sums


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
