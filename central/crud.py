"""Central's data services, keyword-only: stations, enrolment, batch ingest, gaps, reports.

Routes and the CLI call these with a Session; they raise ``Problem`` for anything a
client did wrong, and the API turns that into a 4xx naming the record and the reason.
"""

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, case, extract, func, select, text, update
from sqlalchemy.orm import Session

from central.core.security import hash_secret, new_enrol_code, new_token, normalise_code, same_hash
from central.models import Batch, CatalogueVersion, Device, EnrolCode, Record, Station
from central.schemas import BatchCreate, BatchPublic, GapPublic, SequencePublic
from contract.catalogue import catalogue_problems
from contract.records import DEPOSIT

RECORDS = Record.__table__


class Problem(Exception):
    """A refused request: HTTP status, a stable code, and a message naming what was wrong."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        record_id: str | None = None,
        index: int | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.record_id = record_id
        self.index = index

    def detail(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "record_id": self.record_id,
            "index": self.index,
        }


# --- stations and enrolment -------------------------------------------------------------


def add_station(*, session: Session, station_id: str, name: str) -> Station:
    station = session.get(Station, station_id)
    if station is None:
        station = Station(id=station_id, name=name, created_at=datetime.now(UTC))
        session.add(station)
    else:
        station.name = name
    session.flush()
    return station


def issue_enrol_code(
    *, session: Session, station_id: str, ttl: timedelta, now: datetime | None = None
) -> tuple[str, datetime]:
    """A new one-time code for ``station_id``; only its hash is stored. Returns (code, expiry)."""
    if session.get(Station, station_id) is None:
        raise Problem(404, "unknown_station", f"Station {station_id!r} does not exist.")
    now = now or datetime.now(UTC)
    code = new_enrol_code()
    session.add(
        EnrolCode(
            code_hash=hash_secret(normalise_code(code)),
            station_id=station_id,
            created_at=now,
            expires_at=now + ttl,
        )
    )
    session.flush()
    return code, now + ttl


def enrol_device(
    *, session: Session, code: str, device_id: str, now: datetime | None = None
) -> tuple[Device, Station, str]:
    """Trade a one-time code for a device token. Returns (device, station, token)."""
    now = now or datetime.now(UTC)
    row = session.get(EnrolCode, hash_secret(normalise_code(code)), with_for_update=True)
    if row is None:
        raise Problem(400, "code_unknown", "This enrolment code does not exist.")
    if row.used_at is not None:
        raise Problem(400, "code_used", "This enrolment code has already been used.")
    if row.expires_at <= now:
        raise Problem(400, "code_expired", "This enrolment code has expired; issue a new one.")
    device = session.get(Device, device_id)
    if device is not None and device.station_id != row.station_id:
        raise Problem(
            409,
            "device_other_station",
            f"Device {device_id!r} is enrolled at station {device.station_id!r}.",
        )
    token = new_token()
    if device is None:
        device = Device(
            id=device_id,
            station_id=row.station_id,
            token_hash=hash_secret(token),
            enrolled_at=now,
            highest_contiguous_seq=0,
        )
        session.add(device)
    else:
        # Re-enrolling (new disk, lost token) replaces the token; the old one stops working.
        device.token_hash = hash_secret(token)
        device.enrolled_at = now
    row.used_at = now
    row.used_by = device_id
    session.flush()
    return device, session.get(Station, row.station_id), token


def device_for_token(*, session: Session, token: str) -> Device | None:
    """The device this bearer token belongs to, or None. Compares hashes in constant time."""
    digest = hash_secret(token)
    device = session.scalar(select(Device).where(Device.token_hash == digest))
    if device is None or not same_hash(device.token_hash, digest):
        return None
    return device


# --- catalogue ----------------------------------------------------------------------------


def latest_catalogue(*, session: Session) -> CatalogueVersion | None:
    return session.scalar(select(CatalogueVersion).order_by(CatalogueVersion.version.desc()))


def publish_catalogue(*, session: Session, document: dict[str, Any]) -> CatalogueVersion:
    """Store a new catalogue version; it must be newer than every version before it."""
    problems = catalogue_problems(document)  # refuse a malformed one before any kiosk sees it
    if problems:
        field, message = problems[0]
        raise Problem(422, "invalid_catalogue", f"{field}: {message}")
    current = latest_catalogue(session=session)
    version = int(document["version"])
    if current is not None and version <= current.version:
        raise Problem(
            409, "catalogue_not_newer", f"Version {version} is not newer than {current.version}."
        )
    row = CatalogueVersion(
        version=version,
        document=json.dumps(document, ensure_ascii=False),
        published_at=datetime.now(UTC),
    )
    session.add(row)
    session.flush()
    return row


def category_kinds(*, session: Session) -> dict[str, str]:
    """Every category code any version ever had, with its kind in the newest version having it.

    A kiosk that has not yet fetched the newest catalogue may still send a retired code;
    that record is true history and is accepted.
    """
    kinds: dict[str, str] = {}
    for (document,) in session.execute(
        select(CatalogueVersion.document).order_by(CatalogueVersion.version)
    ):
        for category in json.loads(document)["categories"]:
            kinds[category["code"]] = category["kind"]
    return kinds


# --- batches ------------------------------------------------------------------------------


def _check_records(
    batch: BatchCreate, *, device: Device, kinds: dict[str, str], max_weight_g: int
) -> None:
    if batch.device_id != device.id:
        raise Problem(
            403,
            "other_device",
            f"This token belongs to device {device.id!r}, not {batch.device_id!r}.",
        )
    if batch.count != len(batch.records):
        raise Problem(
            422,
            "count_mismatch",
            f"count is {batch.count} but the batch holds {len(batch.records)} records.",
        )
    seqs = [r.seq for r in batch.records]
    if len(set(seqs)) != len(seqs):
        raise Problem(422, "duplicate_seq", "Two records in the batch share a seq.")
    if min(seqs) != batch.first_seq or max(seqs) != batch.last_seq:
        raise Problem(
            422, "seq_mismatch", "first_seq/last_seq do not match the records' seq range."
        )
    for index, r in enumerate(batch.records):
        if r.device_id != device.id:
            raise Problem(
                403,
                "other_device",
                f"Record belongs to device {r.device_id!r}, not {device.id!r}.",
                record_id=r.id,
                index=index,
            )
        if r.station_id != device.station_id:
            raise Problem(
                403,
                "other_station",
                f"Record is for station {r.station_id!r}; "
                f"this device is enrolled at {device.station_id!r}.",
                record_id=r.id,
                index=index,
            )
        if not 1 <= r.weight_g <= max_weight_g:
            raise Problem(
                422,
                "invalid_weight",
                f"weight_g {r.weight_g} is outside 1..{max_weight_g} g.",
                record_id=r.id,
                index=index,
            )
        kind = kinds.get(r.category)
        if kind is None:
            raise Problem(
                422,
                "unknown_category",
                f"Category {r.category!r} is not in the catalogue.",
                record_id=r.id,
                index=index,
            )
        if r.direction == "out" and kind != "reuse":
            raise Problem(
                422,
                "direction_not_allowed",
                f"Only reuse items can go out, not {r.category!r}.",
                record_id=r.id,
                index=index,
            )


# The deposit's stored fields in declaration order; _PG_COPY_TYPES and the row tuples below
# follow it (tests/contract checks they still match).
_FIELDS = DEPOSIT.names
_COLUMNS = ", ".join((*_FIELDS, "batch_id", "received_at"))
# PostgreSQL: COPY the batch into a per-connection temp table, then one INSERT ... SELECT
# ... ON CONFLICT DO NOTHING. COPY streams rows without building or parsing a statement of
# 5,000 x 16 parameters, which cost more than the insert itself.
_PG_STAGE = (
    "CREATE TEMP TABLE IF NOT EXISTS records_in "
    "(LIKE records INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
)
_PG_COPY = f"COPY records_in ({_COLUMNS}) FROM STDIN (FORMAT BINARY)"
# Binary COPY: psycopg's C dumpers write these directly, and the server parses nothing.
_PG_COPY_TYPES = (
    "text", "int4", "text", "text", "timestamptz", "text", "int4", "text", "text", "text",
    "text", "text", "int4", "text", "text", "timestamptz",
)  # fmt: skip
_PG_MERGE = (
    f"INSERT INTO records ({_COLUMNS}) SELECT {_COLUMNS} FROM records_in "
    "ON CONFLICT (id) DO NOTHING"
)
_SQLITE_INSERT = (
    f"INSERT INTO records ({_COLUMNS}) VALUES ({', '.join('?' * (len(_FIELDS) + 2))}) "
    "ON CONFLICT (id) DO NOTHING"
)


def _sqlite_time(moment: datetime) -> str:
    # The text form SQLAlchemy's SQLite DateTime reads back: naive UTC, space-separated.
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _insert_records(conn: Connection, batch: BatchCreate, received_at: datetime) -> int:
    """Insert the batch's records, skipping ids already held; returns how many were new."""
    records = batch.records
    if conn.dialect.name == "postgresql":
        cursor = conn.connection.driver_connection.cursor()
        cursor.execute(_PG_STAGE)
        with cursor.copy(_PG_COPY) as copy:
            copy.set_types(_PG_COPY_TYPES)
            for r in records:
                copy.write_row(
                    (
                        r.id, r.seq, r.device_id, r.station_id, r.recorded_at, r.category,
                        r.weight_g, r.weight_source, r.channel, r.direction, r.reverses,
                        r.visit_id, r.catalog_version, r.clock_flag, batch.batch_id, received_at,
                    )
                )  # fmt: skip
        cursor.execute(_PG_MERGE)
        return cursor.rowcount
    received = _sqlite_time(received_at)
    rows = [
        (
            r.id, r.seq, r.device_id, r.station_id, _sqlite_time(r.recorded_at), r.category,
            r.weight_g, r.weight_source, r.channel, r.direction, r.reverses, r.visit_id,
            r.catalog_version, r.clock_flag, batch.batch_id, received,
        )
        for r in records
    ]  # fmt: skip
    # sqlite3 sums rowcount over executemany; skipped conflicts do not count.
    return conn.exec_driver_sql(_SQLITE_INSERT, rows).rowcount


def _advance_contiguous(conn: Connection, device_id: str, current: int, batch: BatchCreate) -> int:
    """The highest n such that seqs 1..n have all arrived, starting the search at ``current``."""
    start = current
    if batch.first_seq <= current + 1 and batch.count == batch.last_seq - batch.first_seq + 1:
        # The usual case: a gap-free batch that joins on. Everything up to its last seq is
        # now held, so the search starts there instead of at ``current``.
        start = max(current, batch.last_seq)
    nxt = conn.scalar(
        select(func.count()).where(RECORDS.c.device_id == device_id, RECORDS.c.seq == start + 1)
    )
    if not nxt:
        return start
    return conn.scalar(
        text(
            "SELECT min(r.seq) FROM records r WHERE r.device_id = :d AND r.seq > :h "
            "AND NOT EXISTS (SELECT 1 FROM records n WHERE n.device_id = :d AND n.seq = r.seq + 1)"
        ),
        {"d": device_id, "h": start},
    )


def ingest_batch(
    *,
    session: Session,
    device: Device,
    batch: BatchCreate,
    records_sha256: str,
    max_weight_g: int,
    received_at: datetime | None = None,
    measure_clock: bool = True,
) -> BatchPublic:
    """Write a whole batch or nothing. Ids already held are skipped; a replay gets one answer."""
    received_at = received_at or datetime.now(UTC)
    seen = session.get(Batch, batch.batch_id)
    if seen is not None:
        if seen.device_id != device.id or seen.sha256 != batch.sha256:
            raise Problem(
                409,
                "batch_id_reused",
                f"Batch {batch.batch_id} was already sent with other content.",
            )
        return BatchPublic.model_validate_json(seen.response)
    if records_sha256 != batch.sha256:
        raise Problem(
            422,
            "sha256_mismatch",
            "sha256 does not match the records; the batch was damaged or built wrongly.",
        )
    _check_records(
        batch, device=device, kinds=category_kinds(session=session), max_weight_g=max_weight_g
    )
    offset = (received_at - batch.sent_at).total_seconds()
    conn = session.connection()
    inserted = _insert_records(conn, batch, received_at)
    contiguous = _advance_contiguous(conn, device.id, device.highest_contiguous_seq, batch)
    clock = {"clock_offset_s": offset, "last_batch_at": received_at} if measure_clock else {}
    conn.execute(
        update(Device)
        .where(Device.id == device.id)
        .values(highest_contiguous_seq=contiguous, **clock)
    )
    answer = BatchPublic(
        batch_id=batch.batch_id,
        count=batch.count,
        inserted=inserted,
        duplicates=batch.count - inserted,
        first_seq=batch.first_seq,
        last_seq=batch.last_seq,
        highest_contiguous_seq=contiguous,
        received_at=received_at,
        clock_offset_s=offset,
    )
    session.add(
        Batch(
            id=batch.batch_id,
            device_id=device.id,
            sha256=batch.sha256,
            first_seq=batch.first_seq,
            last_seq=batch.last_seq,
            count=batch.count,
            sent_at=batch.sent_at,
            received_at=received_at,
            clock_offset_s=offset,
            response=answer.model_dump_json(),
        )
    )
    session.flush()
    return answer


def sequence_state(*, session: Session, device_id: str) -> SequencePublic:
    """The device's highest contiguous seq and every gap above it: proof of what is missing."""
    device = session.get(Device, device_id)
    if device is None:
        raise Problem(404, "unknown_device", f"Device {device_id!r} is not enrolled.")
    conn = session.connection()
    highest = conn.scalar(
        select(func.coalesce(func.max(RECORDS.c.seq), 0)).where(RECORDS.c.device_id == device_id)
    )
    rows = conn.execute(
        text(
            "SELECT seq, next_seq FROM (SELECT seq, lead(seq) OVER (ORDER BY seq) AS next_seq "
            "FROM records WHERE device_id = :d AND seq >= :h) AS s WHERE next_seq - seq > 1 "
            "ORDER BY seq"
        ),
        {"d": device_id, "h": device.highest_contiguous_seq},
    ).all()
    gaps = [GapPublic(first=seq + 1, last=nxt - 1) for seq, nxt in rows]
    first = conn.scalar(select(func.min(RECORDS.c.seq)).where(RECORDS.c.device_id == device_id))
    if first is not None and first > 1:
        gaps.insert(0, GapPublic(first=1, last=first - 1))
    return SequencePublic(
        device_id=device_id,
        highest_contiguous_seq=device.highest_contiguous_seq,
        highest_seq=highest,
        gaps=gaps,
    )


# --- reports ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class YearTotals:
    """Net grams for one station and year; reversals are subtracted."""

    station_id: str
    year: int
    recycling_g: int = 0
    hazardous_g: int = 0
    reuse_in_g: int = 0
    reused_g: int = 0  # reuse items taken home: what the pilot called "reused"


def yearly_report(*, session: Session, year: int | None = None) -> list[YearTotals]:
    """Kilograms per station per year per kind, net of reversals (UTC year of recorded_at)."""
    kinds = category_kinds(session=session)
    year_col = extract("year", RECORDS.c.recorded_at)
    net = func.sum(
        case((RECORDS.c.reverses.is_(None), RECORDS.c.weight_g), else_=-RECORDS.c.weight_g)
    )
    query = select(
        RECORDS.c.station_id, year_col, RECORDS.c.category, RECORDS.c.direction, net
    ).group_by(RECORDS.c.station_id, year_col, RECORDS.c.category, RECORDS.c.direction)
    if year is not None:
        query = query.where(year_col == year)
    totals: dict[tuple[str, int], dict[str, int]] = {}
    for station_id, yr, category, direction, grams in session.execute(query):
        bucket = totals.setdefault((station_id, int(yr)), {})
        kind = kinds.get(category, "recycling")
        key = {"recycling": "recycling_g", "hazardous": "hazardous_g"}.get(kind)
        if key is None:
            key = "reused_g" if direction == "out" else "reuse_in_g"
        bucket[key] = bucket.get(key, 0) + int(grams or 0)
    return [YearTotals(station_id=s, year=y, **v) for (s, y), v in sorted(totals.items())]
