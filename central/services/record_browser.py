"""Records as held, one type at a time, filtered and paged by key (newest first): the
console's submissions table, as ODK Central has it, and the CSV of the same filter.

Keyset paging on (recorded_at, id): a page at any depth reads one index range, never an
OFFSET's skipped rows (migration 0020_records_browser adds the indexes it walks).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, Table, select, tuple_
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


def filtered(filters: Filters, *columns: Any) -> Select[Any]:
    """The filter as a query on its type's table (all its columns unless ``columns``)."""
    table = TABLES[filters.type]
    for name in DEPOSIT_ONLY:
        if getattr(filters, name) is not None and name not in table.c:
            raise Invalid(f"invalid_{name}", f"{name}: a {filters.type} record has no {name}")
    query = select(*columns) if columns else select(table)
    c = table.c
    for name in ("station", "device"):
        value = getattr(filters, name)
        if value is not None:
            query = query.where(c[f"{name}_id"] == value)
    for name in DEPOSIT_ONLY:
        value = getattr(filters, name)
        if value is not None:
            query = query.where(c[name] == value)
    if filters.first is not None:
        query = query.where(c.recorded_at >= _start(filters.first))
    if filters.last is not None:
        query = query.where(c.recorded_at < _start(filters.last + timedelta(days=1)))
    if filters.flagged is not None:
        flag = c.clock_flag
        query = query.where(flag.is_not(None) if filters.flagged else flag.is_(None))
    if filters.quarantined is not None:
        held = select(Device.id).where(Device.quarantined > 0)
        query = query.where(
            c.device_id.in_(held) if filters.quarantined else c.device_id.not_in(held)
        )
    return query


def _newest_first(query: Select[Any], table: Table) -> Select[Any]:
    return query.order_by(table.c.recorded_at.desc(), table.c.id.desc())


def _after(query: Select[Any], table: Table, cursor: Cursor) -> Select[Any]:
    # A row comparison, which PostgreSQL reads as one range of the (recorded_at, id) index
    # (an OR of the two cases makes it filter the walk instead: 2-3 times slower deep down).
    c = table.c
    return query.where(tuple_(c.recorded_at, c.id) < tuple_(cursor.recorded_at, cursor.id))


def page(
    *, session: Session, filters: Filters, after: Cursor | None = None, rows: int = PAGE_ROWS
) -> tuple[list[Any], Cursor | None]:
    """One page of the filter, newest first, and the mark of the next page (None: the last)."""
    table = TABLES[filters.type]
    query = filtered(filters)
    if after is not None:
        query = _after(query, table, after)
    found = list(session.execute(_newest_first(query, table).limit(rows + 1)))
    more = len(found) > rows
    found = found[:rows]
    if not more or not found:
        return found, None
    return found, Cursor(found[-1].recorded_at, found[-1].id)


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
                q = query if cursor is None else _after(query, table, cursor)
                found = list(session.execute(_newest_first(q, table).limit(CSV_CHUNK)))
                if not found:
                    return
                yield csv_bytes(([_cell(v) for v in r] for r in found), first=False)
                if len(found) < CSV_CHUNK:
                    return
                cursor = Cursor(found[-1].recorded_at, found[-1].id)

    return chunks()
