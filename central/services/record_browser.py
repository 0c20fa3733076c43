"""Records as held, one type at a time, filtered and paged by key (newest first): the
console's submissions table, as ODK Central has it, and the CSV of the same filter.

Keyset paging on (recorded_at, id): a page at any depth reads one index range, never an
OFFSET's skipped rows (migration 0020_records_browser adds the indexes it walks).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnCollection, ColumnElement, Select, Table, select, tuple_
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from central.errors import Invalid, NotFound
from central.models import RECORD_TABLES, Batch, Device
from central.services.spreadsheet import csv_bytes
from contract.times import OSLO

TABLES: dict[str, Table] = RECORD_TABLES
DEPOSIT_ONLY = ("category", "channel", "direction")
PAGE_ROWS = 50
CSV_CHUNK = 2000


@dataclass(frozen=True, slots=True)
class Filters:
    type: str = "deposit"
    station: str | None = None
    device: str | None = None
    category: str | None = None
    channel: str | None = None
    direction: str | None = None
    first: date | None = None
    last: date | None = None
    flagged: bool | None = None  # the kiosk's clock was flagged (or not)
    quarantined: bool | None = None  # from a device that reports records set aside now


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where a page ends: the next page starts after this (recorded_at, id), going older."""

    recorded_at: datetime
    id: str

    def text(self) -> str:
        return f"{self.recorded_at.astimezone(UTC).isoformat()}_{self.id}"

    @staticmethod
    def parse(text: str) -> "Cursor":
        at, _, record_id = text.rpartition("_")
        try:
            moment = datetime.fromisoformat(at)
        except ValueError:
            raise Invalid("invalid_after", f"after: {text[:80]!r} is not a page mark") from None
        if moment.tzinfo is None or not record_id or len(record_id) > 36:
            raise Invalid("invalid_after", f"after: {text[:80]!r} is not a page mark")
        return Cursor(moment.astimezone(UTC), record_id)


def _start(day: date) -> datetime:
    return datetime.combine(day, time(), OSLO).astimezone(UTC)


def _walk(filters: Filters, c: ColumnCollection[str, Any]) -> list[ColumnElement[bool]]:
    """What an index reads: station or device, the period, and a flagged clock (the few
    flagged deposits have a partial index, migration 0004; other types' tables are small)."""
    where = [c[f"{name}_id"] == getattr(filters, name) for name in ("station", "device")
             if getattr(filters, name) is not None]  # fmt: skip
    if filters.flagged:
        where.append(c.clock_flag.is_not(None))
    if filters.first is not None:
        where.append(c.recorded_at >= _start(filters.first))
    if filters.last is not None:
        where.append(c.recorded_at < _start(filters.last + timedelta(days=1)))
    return where


def _sift(filters: Filters, c: ColumnCollection[str, Any]) -> list[ColumnElement[bool]]:
    """What is checked on each row the walk reads: category, channel, direction, an
    unflagged clock and quarantine."""
    where = [c[name] == getattr(filters, name) for name in DEPOSIT_ONLY
             if getattr(filters, name) is not None]  # fmt: skip
    if filters.flagged is False:
        where.append(c.clock_flag.is_(None))
    if filters.quarantined is not None:
        held = select(Device.id).where(Device.quarantined > 0)
        where.append(c.device_id.in_(held) if filters.quarantined else c.device_id.not_in(held))
    return where


def _table(filters: Filters) -> Table:
    """The type's table; Invalid for a filter on a column it does not have."""
    table = TABLES[filters.type]
    for name in DEPOSIT_ONLY:
        if getattr(filters, name) is not None and name not in table.c:
            raise Invalid(f"invalid_{name}", f"{name}: a {filters.type} record has no {name}")
    return table


def filtered(filters: Filters) -> Select[Any]:
    """The whole filter as a query on its type's table."""
    table = _table(filters)
    return select(table).where(*_walk(filters, table.c), *_sift(filters, table.c))


def _newest_first(query: Select[Any], c: ColumnCollection[str, Any]) -> Select[Any]:
    return query.order_by(c.recorded_at.desc(), c.id.desc())


def _after(query: Select[Any], c: ColumnCollection[str, Any], cursor: Cursor) -> Select[Any]:
    # A row comparison, which PostgreSQL reads as one range of the (recorded_at, id) index
    # (an OR of the two cases makes it filter the walk instead: 2-3 times slower deep down).
    return query.where(tuple_(c.recorded_at, c.id) < tuple_(cursor.recorded_at, cursor.id))


@dataclass(frozen=True, slots=True)
class Page:
    """A page of the filter, newest first. ``next`` is where the next page starts (None: the
    filter has nothing older); when the page is not ``full``, it is as far back as this page
    searched (``reach`` rows of the walk) without finding a page of matches."""

    rows: list[Any]
    next: Cursor | None
    full: bool


def page(
    *,
    session: Session,
    filters: Filters,
    after: Cursor | None = None,
    rows: int = PAGE_ROWS,
    reach: int,
) -> Page:
    """One page of the filter, newest first, reading at most ``reach`` rows of the walk
    (station, device, period: an index's range) and sifting them by the rest. A filter that
    matches few of them or none costs the same as one that matches all: it says how far
    back it searched and the next request goes on from there, instead of reading a whole
    station's range to find nothing (3 s at 10 M records, docs/benchmarks.md)."""
    table = _table(filters)
    walk = select(table).where(*_walk(filters, table.c))
    if after is not None:
        walk = _after(walk, table.c, after)
    stretch = _newest_first(walk, table.c).limit(reach).subquery("stretch")
    query = select(stretch).where(*_sift(filters, stretch.c))
    found = list(session.execute(_newest_first(query, stretch.c).limit(rows + 1)))
    if len(found) > rows:
        found = found[:rows]
        return Page(found, Cursor(found[-1].recorded_at, found[-1].id), full=True)
    # Fewer than a page: every match in the stretch is here. Did the stretch end the walk?
    keys = _newest_first(walk.with_only_columns(table.c.recorded_at, table.c.id), table.c)
    end = session.execute(keys.offset(reach - 1).limit(1)).first()
    return Page(found, None if end is None else Cursor(end.recorded_at, end.id), full=False)


def record(*, session: Session, type: str, record_id: str) -> dict[str, Any]:
    """One record with what the page shows beside it: the records it reverses and those that
    reverse it (the chain, oldest first), and the batch it came in."""
    table = TABLES[type]
    row = session.execute(select(table).where(table.c.id == record_id)).first()
    if row is None:
        raise NotFound("unknown_record", f"No {type} record {record_id!r}.")
    chain = [row]
    seen = {row.id}
    back = row  # up: what it reverses, and what that reverses
    while back.reverses and back.reverses not in seen:
        found = session.execute(select(table).where(table.c.id == back.reverses)).first()
        if found is None:
            break
        seen.add(found.id)
        chain.insert(0, found)
        back = found
    forward = row  # down: what reverses it
    while True:
        found = session.execute(
            select(table).where(table.c.reverses == forward.id).order_by(table.c.seq).limit(1)
        ).first()
        if found is None or found.id in seen:
            break
        seen.add(found.id)
        chain.append(found)
        forward = found
    batch = session.get(Batch, row.batch_id)
    return {"record": row, "chain": chain if len(chain) > 1 else [], "batch": batch}


def _cell(value: Any) -> Any:
    """A moment as Oslo wall-clock text; any other value as it is, for csv_bytes's cells."""
    if isinstance(value, datetime):
        local = value.astimezone(OSLO)
        return f"{local.day}.{local.month}.{local.year} {local:%H:%M:%S}"
    return value


def csv_stream(*, engine: Engine, filters: Filters) -> Iterator[bytes]:
    """The whole filter as CSV (spreadsheet.csv_bytes, the Norwegian Excel convention),
    read page by page by key so a large filter never sits in memory; times in Oslo."""
    table = TABLES[filters.type]
    names = [c.name for c in table.c]
    query = filtered(filters)  # refuses a bad filter before the first byte goes out

    def chunks() -> Iterator[bytes]:
        yield csv_bytes([names])
        cursor: Cursor | None = None
        with Session(engine) as session:
            while True:
                q = query if cursor is None else _after(query, table.c, cursor)
                found = list(session.execute(_newest_first(q, table.c).limit(CSV_CHUNK)))
                if not found:
                    return
                yield csv_bytes(([_cell(v) for v in r] for r in found), first=False)
                if len(found) < CSV_CHUNK:
                    return
                cursor = Cursor(found[-1].recorded_at, found[-1].id)

    return chunks()
