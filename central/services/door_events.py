"""Door openings from the key system (signed webhook or access-log CSV), stored without identity.

Only event id, station and time are ever read from a row, so a name, phone or user id in
the input never reaches the database. Rows are judged one by one: a bad row is refused by
number and reason, and the good rows of the same input are kept; a repeat is skipped by id.
"""

import csv
import hashlib
import hmac
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from central.errors import Unauthenticated
from central.models import Station
from central.services.bulk_insert import sqlite_time
from contract.wire import parse_time

# The only columns ever read; everything else in a row (identity included) is dropped.
COLUMNS = ("event_id", "station_id", "opened_at")
MAX_EVENT_ID = 128
SIGNATURE_PREFIX = "sha256="


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


def sign(*, secret: str, timestamp: str, body: bytes) -> str:
    """The signature the key system sends: HMAC-SHA256 of "<timestamp>." + body."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return SIGNATURE_PREFIX + mac.hexdigest()


def verify_signature(
    *,
    secrets: Mapping[str, str],
    integration: str | None,
    timestamp: str | None,
    signature: str | None,
    body: bytes,
    now: datetime,
    window_s: int,
) -> None:
    """Raise ``Unauthenticated`` unless the body is signed by a known integration, recently."""
    secret = secrets.get(integration or "")
    if secret is None:
        raise Unauthenticated(
            "unknown_integration", "X-Door-Integration names no integration configured here."
        )
    if not timestamp or not signature:
        raise Unauthenticated(
            "unsigned", "Send X-Door-Timestamp (Unix seconds) and X-Door-Signature (sha256=...)."
        )
    # Compare first, so the timestamp header is trusted only once it is known to be signed.
    if not hmac.compare_digest(sign(secret=secret, timestamp=timestamp, body=body), signature):
        raise Unauthenticated("bad_signature", "X-Door-Signature does not match the body.")
    try:
        sent = int(timestamp)
    except ValueError:
        raise Unauthenticated("bad_timestamp", "X-Door-Timestamp must be Unix seconds.") from None
    if abs(now.timestamp() - sent) > window_s:
        raise Unauthenticated(
            "stale_timestamp",
            f"X-Door-Timestamp is more than {window_s} s from central's clock; "
            "a replay, or a wrong clock at the sender.",
        )


def _judge(
    index: int, row: Mapping[str, object], known: set[str]
) -> tuple[str, str, datetime] | Refusal:
    raw_id = row.get("event_id")
    event_id = raw_id.strip() if isinstance(raw_id, str) else ""
    if not event_id or len(event_id) > MAX_EVENT_ID:
        return Refusal(index, "bad_event_id", f"event_id must be 1..{MAX_EVENT_ID} characters.")
    station = row.get("station_id")
    if not isinstance(station, str) or station.strip() not in known:
        return Refusal(
            index, "unknown_station", f"station_id {station!r} is not a station here.", event_id
        )
    opened = row.get("opened_at")
    try:
        if not isinstance(opened, str):
            raise ValueError
        opened_at = parse_time(opened.strip()).astimezone(UTC)
    except ValueError:
        return Refusal(
            index,
            "bad_opened_at",
            f"opened_at {opened!r} must be ISO-8601 with an offset, e.g. 2026-11-26T10:00:00Z.",
            event_id,
        )
    return event_id, station.strip(), opened_at


def store_events(
    *, session: Session, rows: Iterable[Mapping[str, object]], source: str, now: datetime
) -> DoorImport:
    """Judge each row, insert the good ones (skipping ids already held), report the rest."""
    known = set(session.scalars(select(Station.id)))
    result = DoorImport()
    good: dict[str, tuple[str, str, datetime]] = {}
    for index, row in enumerate(rows, start=1):
        judged = _judge(index, row, known) if isinstance(row, Mapping) else None
        if judged is None:
            result.refused.append(Refusal(index, "not_an_object", "Each event is an object."))
        elif isinstance(judged, Refusal):
            result.refused.append(judged)
        elif judged[0] in good:
            result.duplicates += 1  # the same event twice in one input
        else:
            good[judged[0]] = judged
    inserted = _insert(session.connection(), list(good.values()), source, now)
    result.inserted = inserted
    result.duplicates += len(good) - inserted
    return result


def read_csv(text: str) -> Iterable[dict[str, str]]:
    """The access log's rows as dicts by header name (extra columns ignored, never stored)."""
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise ValueError(f"the header lacks {', '.join(missing)}; see docs/door-events.md")
    return reader


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
        return int(cursor.rowcount)
    received = sqlite_time(now)
    params = [(e, s, sqlite_time(o), source, received) for e, s, o in rows]
    return conn.exec_driver_sql(_SQLITE_INSERT, params).rowcount
