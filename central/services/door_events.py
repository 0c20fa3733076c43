"""Door openings from the key system (signed webhook or access-log CSV), stored without identity.

Only event id, station and time are ever read from a row, so a name, phone or user id in
the input never reaches the database. Rows are judged one by one: a bad row is refused by
number and reason, and the good rows of the same input are kept; a repeat is skipped by id.
Every limit (lengths, years, the identifier rule, a CSV field's size) is contract/limits.py's.
"""

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from typing import TextIO

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from central.models import Station
from central.services.webhooks import Webhook
from contract.limits import (
    CSV_FIELD_MAX_CHARS,
    DOOR_EVENTS_MAX,
    EVENT_ID_MAX,
    identifier_problem,
    time_problem,
)
from contract.times import to_storage
from contract.wire import parse_time

# The only columns ever read; everything else in a row (identity included) is dropped.
COLUMNS = ("event_id", "station_id", "opened_at")
MAX_EVENT_ID = EVENT_ID_MAX
# NUL is refused by PostgreSQL text; a lone surrogate cannot be encoded as UTF-8 at all.
_BAD_CHAR = re.compile("[\x00\ud800-\udfff]")
# Rows judged and written at a time: a million-row file never sits in memory whole.
CHUNK_ROWS = 5_000


@dataclass(frozen=True)
class Refusal:
    row: int  # 1-based: the CSV's data line number after the header, or the webhook's index + 1
    code: str
    message: str
    event_id: str | None = None


@dataclass
class DoorImport:
    inserted: int = 0
    duplicates: int = 0
    refused: list[Refusal] = field(default_factory=list)


# The key system's webhook: X-Door-* headers and {"events": [...]}.
WEBHOOK = Webhook(
    name="Door", member="events", rows_max=DOOR_EVENTS_MAX, too_many="too_many_events"
)


def _shown(value: object) -> str:
    """A value for a refusal's message: repr (so NUL and surrogates are escaped), cut short."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _judge(
    index: int, row: Mapping[str, object], known: set[str]
) -> tuple[str, str, datetime] | Refusal:
    raw_id = row.get("event_id")
    event_id = raw_id.strip() if isinstance(raw_id, str) else ""
    if not event_id or len(event_id) > MAX_EVENT_ID or _BAD_CHAR.search(event_id):
        return Refusal(
            index,
            "bad_event_id",
            f"event_id must be 1..{MAX_EVENT_ID} characters, without NUL or lone surrogates.",
        )
    raw_station = row.get("station_id")
    station = raw_station.strip() if isinstance(raw_station, str) else raw_station
    if identifier_problem(station) is not None or station not in known:
        return Refusal(
            index,
            "unknown_station",
            f"station_id {_shown(raw_station)} is not a station here.",
            event_id,
        )
    assert isinstance(station, str)  # an identifier is a string
    opened = row.get("opened_at")
    try:
        if not isinstance(opened, str):
            raise ValueError
        # OverflowError: a time at the calendar's edge (9999-12-31T23:59:59-01:00) in UTC.
        opened_at = parse_time(opened.strip()).astimezone(UTC)
    except (ValueError, OverflowError):
        return Refusal(
            index,
            "bad_opened_at",
            f"opened_at {_shown(opened)} must be ISO-8601 with an offset, "
            "e.g. 2026-11-26T10:00:00Z.",
            event_id,
        )
    if (problem := time_problem(opened_at)) is not None:
        return Refusal(index, "bad_opened_at", f"opened_at {problem}.", event_id)
    return event_id, station, opened_at


def store_events(
    *,
    session: Session,
    rows: Iterable[object],  # mappings to judge, Refusals already made; else refused
    source: str,
    now: datetime,
    refused: Callable[[Refusal], None] | None = None,
) -> DoorImport:
    """Judge each row, insert the good ones (skipping ids already held), report the rest.

    Rows are taken ``CHUNK_ROWS`` at a time, so memory stays flat however long the input;
    a refusal goes to ``refused`` (default: the result's list) as soon as it is found.
    """
    known = set(session.scalars(select(Station.id)))
    result = DoorImport()
    report = refused or result.refused.append
    numbered = enumerate(rows, start=1)
    while chunk := list(islice(numbered, CHUNK_ROWS)):
        good: dict[str, tuple[str, str, datetime]] = {}
        for index, row in chunk:
            if isinstance(row, Refusal):
                report(row)
                continue
            judged = _judge(index, row, known) if isinstance(row, Mapping) else None
            if judged is None:
                report(Refusal(index, "not_an_object", "Each event is an object."))
            elif isinstance(judged, Refusal):
                report(judged)
            elif judged[0] in good:
                result.duplicates += 1  # the same event twice in one input
            else:
                good[judged[0]] = judged
        inserted = _insert(session.connection(), list(good.values()), source, now)
        result.inserted += inserted
        # Held already, or earlier in the same input (a previous chunk): a repeat either way.
        result.duplicates += len(good) - inserted
    return result


def read_csv(file: TextIO | str) -> Iterator[dict[str, str] | Refusal]:
    """The access log's rows (from an open file, or a text) as dicts by header name (extra
    columns ignored, never stored), read as they are needed. A row the reader cannot split
    (a field over CSV_FIELD_MAX_CHARS) comes as a Refusal with its number; reading goes on."""
    if isinstance(file, str):
        file = io.StringIO(file)
    # The limit is the csv module's, process-wide; the contract's is the same as its default.
    csv.field_size_limit(CSV_FIELD_MAX_CHARS)
    reader = csv.reader(file)
    header = next(reader, None) or []
    if header:
        header[0] = header[0].removeprefix("\ufeff")
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ValueError(f"the header lacks {', '.join(missing)}; see docs/door-events.md")
    return _rows(reader, [header.index(c) for c in COLUMNS])


def _rows(reader: Iterator[list[str]], where: list[int]) -> Iterator[dict[str, str] | Refusal]:
    last = max(where)
    number = 0
    while True:
        number += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Refusal(number, "unreadable_row", f"The row cannot be read: {exc}.")
            continue
        if not row:
            number -= 1  # a blank line is no row, as csv.DictReader had it
            continue
        if len(row) <= last:
            row = row + [""] * (last + 1 - len(row))
        yield {name: row[i] for name, i in zip(COLUMNS, where, strict=True)}


_PG_STAGE = (
    "CREATE TEMP TABLE IF NOT EXISTS door_events_in "
    "(LIKE door_events INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
)
_COLUMNS = "event_id, station_id, opened_at, source, received_at"
_PG_COPY = f"COPY door_events_in ({_COLUMNS}) FROM STDIN (FORMAT BINARY)"
_PG_MERGE = (
    f"INSERT INTO door_events ({_COLUMNS}) SELECT {_COLUMNS} FROM door_events_in "
    "ON CONFLICT DO NOTHING"
)
_SQLITE_INSERT = (
    f"INSERT INTO door_events ({_COLUMNS}) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
)


def _insert(
    conn: Connection, rows: list[tuple[str, str, datetime]], source: str, now: datetime
) -> int:
    if not rows:
        return 0
    if conn.dialect.name == "postgresql":
        # COPY into a temp table, then one INSERT ... ON CONFLICT: a year of events in seconds.
        driver = conn.connection.driver_connection
        assert driver is not None  # a checked-out connection always has its driver's
        cursor = driver.cursor()
        cursor.execute(_PG_STAGE)
        with cursor.copy(_PG_COPY) as copy:
            copy.set_types(("text", "text", "timestamptz", "text", "timestamptz"))
            for event_id, station_id, opened_at in rows:
                copy.write_row((event_id, station_id, opened_at, source, now))
        cursor.execute(_PG_MERGE)
        inserted = int(cursor.rowcount)
        cursor.execute("TRUNCATE door_events_in")  # the next chunk stages into an empty table
        return inserted
    received = to_storage(now)
    params = [(e, s, to_storage(o), source, received) for e, s, o in rows]
    return conn.exec_driver_sql(_SQLITE_INSERT, params).rowcount
