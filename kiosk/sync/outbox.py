"""The outbox side of sync in the kiosk store: read pending records, mark, quarantine, flag.

Marking synced happens by seq range in one UPDATE and one transaction, and only after
central's answer, so a crash at any point leaves records pending (never lost); central
skips what it already has when they are sent again.
"""

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Table, and_, func, select, update
from sqlalchemy.dialects.sqlite import insert

from kiosk.db.models import Deposit, Meta
from kiosk.db.store import Store

T: Table = Deposit.__table__  # type: ignore[assignment]  # a mapped class's Table
# Central's namespace for batch ids: the same records always make the same batch id.
BATCH_NAMESPACE = uuid.UUID("0e2c6a52-6f1e-4c43-9a55-5d3b8f1c7a10")
FUTURE_TOLERANCE = timedelta(hours=1)

META_LAST_SUCCESS = "sync_last_success"
META_CLOCK_OFFSET = "clock_offset_s"
META_CENTRAL_URL = "central_url"
META_STATION = "enrolled_station_id"

# Wire fields in sorted order: dicts built in this order serialise exactly as
# json.dumps(..., sort_keys=True) would, so the canonical JSON is made once, without sorting.
WIRE_FIELDS = (
    "catalog_version", "category", "channel", "clock_flag", "device_id", "direction", "id",
    "recorded_at", "reverses", "seq", "station_id", "visit_id", "weight_g", "weight_source",
)  # fmt: skip
_RECORDED_AT = WIRE_FIELDS.index("recorded_at")
# Raw SQL on purpose: this is the hot path of a 100,000-record sync, and row objects and
# datetime round trips cost more than the query. The partial index is defined WHERE
# sync_state != 'synced'; SQLite uses it only when the query repeats that term literally.
_PENDING_SQL = (
    f"SELECT {', '.join(WIRE_FIELDS)} FROM deposits "
    "WHERE sync_state != 'synced' AND sync_state = 'pending' AND device_id = ? AND seq > ? "
    "ORDER BY seq LIMIT ?"
)
_PENDING = and_(T.c.sync_state != "synced", T.c.sync_state == "pending")


@dataclass(frozen=True, slots=True)
class OutgoingBatch:
    """A batch ready to send: its envelope, its records' ids, and the canonical records JSON."""

    batch_id: str
    device_id: str
    first_seq: int
    last_seq: int
    count: int
    sha256: str
    sent_at: str
    record_ids: tuple[str, ...]
    records_json: str

    def envelope(self) -> dict[str, Any]:
        return {
            "batch_id": self.batch_id,
            "device_id": self.device_id,
            "first_seq": self.first_seq,
            "last_seq": self.last_seq,
            "count": self.count,
            "sha256": self.sha256,
            "sent_at": self.sent_at,
        }

    def body(self) -> bytes:
        """The request body: the envelope with the records JSON spliced in as made."""
        head = json.dumps(self.envelope(), separators=(",", ":"))
        return (head[:-1] + ',"records":' + self.records_json + "}").encode("utf-8")


def build_batch(
    device_id: str, records: list[dict[str, Any]], *, sent_at: datetime
) -> OutgoingBatch:
    """Wrap records (wire dicts, in seq order) as a batch; the id follows from the content."""
    canonical = json.dumps(records, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return _batch(device_id, records, canonical, sent_at)


def _batch(
    device_id: str, records: list[dict[str, Any]], canonical: str, sent_at: datetime
) -> OutgoingBatch:
    sha = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return OutgoingBatch(
        batch_id=str(uuid.uuid5(BATCH_NAMESPACE, f"{device_id}:{sha}")),
        device_id=device_id,
        first_seq=records[0]["seq"],
        last_seq=records[-1]["seq"],
        count=len(records),
        sha256=sha,
        sent_at=utc_text(sent_at),
        record_ids=tuple(r["id"] for r in records),
        records_json=canonical,
    )


def set_meta(store: Store, key: str, value: str) -> None:
    stmt = insert(Meta).values(key=key, value=value)
    with store.write() as conn:
        conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value}))


def utc_text(moment: datetime) -> str:
    """ISO-8601 UTC with a Z, as the wire contract has it."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def _wire_time(stored: str) -> str:
    # SQLAlchemy stores "YYYY-MM-DD HH:MM:SS.ffffff" (naive UTC); the wire wants ISO with Z.
    if len(stored) == 26:
        return stored[:10] + "T" + stored[11:] + "Z"
    return utc_text(datetime.fromisoformat(stored).replace(tzinfo=UTC))


def next_batch(
    store: Store, *, limit: int, sent_at: datetime, after_seq: int = 0
) -> OutgoingBatch | None:
    """The oldest ``limit`` pending records of this device after ``after_seq``, or None."""
    with store.read() as conn:
        rows = conn.exec_driver_sql(_PENDING_SQL, (store.device_id, after_seq, limit)).all()
    if not rows:
        return None
    records = []
    for row in rows:
        values = list(row)
        values[_RECORDED_AT] = _wire_time(values[_RECORDED_AT])
        records.append(dict(zip(WIRE_FIELDS, values, strict=True)))
    canonical = json.dumps(records, separators=(",", ":"), ensure_ascii=False)
    return _batch(store.device_id, records, canonical, sent_at)


def mark_synced(store: Store, *, first_seq: int, last_seq: int) -> int:
    """Mark this device's pending records in [first_seq, last_seq] synced, in one UPDATE."""
    stmt = (
        update(T)
        .where(
            T.c.device_id == store.device_id,
            T.c.seq.between(first_seq, last_seq),
            T.c.sync_state == "pending",
        )
        .values(sync_state="synced", sync_error=None)
    )
    with store.write() as conn:
        return conn.execute(stmt).rowcount


def quarantine(store: Store, *, record_id: str, reason: str) -> bool:
    """Set one record aside with central's reason; the guide sees it, the rest keeps flowing."""
    stmt = (
        update(T)
        .where(T.c.id == record_id, T.c.sync_state == "pending")
        .values(sync_state="quarantined", sync_error=reason[:1000])
    )
    with store.write() as conn:
        return conn.execute(stmt).rowcount == 1


def flag_impossible_times(store: Store, *, true_now: datetime) -> int:
    """Flag pending records dated before installation or after central's 'now' (plus slack).

    They are flagged, never dropped or changed: the weight is real even if the clock was not.
    """
    installed = store.meta("installed_at")
    flagged = 0
    with store.write() as conn:
        if installed:
            flagged += conn.execute(
                update(T)
                .where(
                    _PENDING,
                    T.c.clock_flag.is_(None),
                    T.c.recorded_at < datetime.fromisoformat(installed),
                )
                .values(clock_flag="before_install")
            ).rowcount
        flagged += conn.execute(
            update(T)
            .where(
                _PENDING, T.c.clock_flag.is_(None), T.c.recorded_at > true_now + FUTURE_TOLERANCE
            )
            .values(clock_flag="future")
        ).rowcount
    return flagged


@dataclass(frozen=True, slots=True)
class SyncOverview:
    """What the header shows: how much is waiting, since when, and the last good sync."""

    pending: int
    quarantined: int
    oldest_unsynced_at: datetime | None
    oldest_unsynced_age: timedelta | None
    last_success: datetime | None


def last_success(store: Store) -> datetime | None:
    value = store.meta(META_LAST_SUCCESS)
    return datetime.fromisoformat(value) if value else None


def sync_overview(*, store: Store, now: datetime | None = None) -> SyncOverview:
    """Unsynced counts, the age of the oldest pending record, and the last successful sync."""
    now = now or datetime.now(UTC)
    query = select(
        func.count().filter(T.c.sync_state == "pending"),
        func.count().filter(T.c.sync_state == "quarantined"),
        func.min(T.c.recorded_at).filter(T.c.sync_state == "pending"),
    ).where(T.c.sync_state != "synced")
    with store.read() as conn:
        pending, quarantined, oldest = conn.execute(query).one()
    if isinstance(oldest, str):  # an aggregate loses the column type in SQLite
        oldest = datetime.fromisoformat(oldest).replace(tzinfo=UTC)
    return SyncOverview(
        pending=pending,
        quarantined=quarantined,
        oldest_unsynced_at=oldest,
        oldest_unsynced_age=(now - oldest) if oldest else None,
        last_success=last_success(store),
    )
