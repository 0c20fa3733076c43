"""The outbox side of sync in the kiosk store: read pending records, mark, quarantine, flag.

Marking synced happens by seq range in one UPDATE and one transaction, and only after
central's answer, so a crash at any point leaves records pending (never lost); central
skips what it already has when they are sent again. Each batch composed is remembered
(``sent_batches``), so a pass whose answers were lost can ask central which it holds.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
from sqlalchemy import (
    ColumnElement,
    Connection,
    Table,
    and_,
    bindparam,
    delete,
    exists,
    func,
    literal,
    not_,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy import insert as sql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from contract import CONTRACT_VERSION
from contract.fields import REGISTRY
from contract.records import FlowKind
from contract.times import from_storage, storage_to_wire, to_wire
from contract.wire import batch_id, canonical_json
from kiosk.db.models import Meta, QuarantineEntry, SentBatch
from kiosk.db.records import RECORD_TABLES
from kiosk.db.store import Store
from kiosk.db.store import set_meta as set_meta  # its callers' old address; one writer
from kiosk.domain.clock import utc_now

FUTURE_TOLERANCE = timedelta(hours=1)

META_LAST_SUCCESS = "sync_last_success"
META_CLOCK_OFFSET = "clock_offset_s"
META_CENTRAL_URL = "central_url"
META_STATION = "enrolled_station_id"
# Set to "revoked" when central refused the token as revoked, "unknown" when it does not know
# the token at all (restored from a dump made before the kiosk enrolled); cleared by the next
# good pass and by enrolment.
META_ATTENTION = "sync_attention"

# The contract's wire keys are in sorted order: dicts built in this order serialise exactly
# as json.dumps(..., sort_keys=True) would, so the canonical JSON is made once, unsorted.
# One set per record type and contract version the kiosk can still speak, for a central one
# release behind; a type waits, pending, for a central that speaks the version that added it
# (version 1 knew only deposits, version 4 added feedback).
WIRE_FIELDS = {
    name: {
        v: REGISTRY[name].wire_names_in(v)
        for v in range(REGISTRY[name].since, CONTRACT_VERSION + 1)
    }
    for name in RECORD_TABLES
}
# Which wire keys are times (stored naive UTC, sent ISO with Z).
_TIME_FIELDS = {
    name: frozenset(f.name for f in REGISTRY[name].fields if f.kind == "time")
    for name in RECORD_TABLES
}


# What an older central cannot take waits, pending, until central speaks the version that
# added it (a kiosk speaks min(its version, central's)); the gap it leaves closes then.
_NEWER_THAN = {("material_flow", 3): f"flow != '{FlowKind.REUSE_PARTNER.value}'"}


def _pending_sql(name: str, fields: tuple[str, ...], version: int) -> str:
    # Raw SQL on purpose: this is the hot path of a 100,000-record sync, and row objects and
    # datetime round trips cost more than the query. The partial index is defined WHERE
    # sync_state != 'synced'; SQLite uses it only when the query repeats that term literally.
    special = {
        "type": f"'{name}' AS type",
        # A record made before enrolment goes as the station that adopted it (enrolment).
        "station_id": "coalesce(adopted_by, station_id) AS station_id",
    }
    columns = ", ".join(special.get(f, f) for f in fields)
    held_back = "".join(
        f"AND {term} " for (n, v), term in _NEWER_THAN.items() if n == name and version < v
    )
    return (
        f"SELECT {columns} FROM {RECORD_TABLES[name].name} "
        "WHERE sync_state != 'synced' AND sync_state = 'pending' AND device_id = ? AND seq > ? "
        f"{held_back}ORDER BY seq LIMIT ?"
    )


_PENDING_SQL = {
    (name, v): _pending_sql(name, fields, v)
    for name, versions in WIRE_FIELDS.items()
    for v, fields in versions.items()
}


def _pending(table: Table) -> ColumnElement[bool]:
    return and_(table.c.sync_state != "synced", table.c.sync_state == "pending")


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
    records_json: bytes  # the canonical records JSON, UTF-8: hashed and sent as made
    contract_version: int = CONTRACT_VERSION
    # The records' seq, id, clock flag and station as composed (``state_sha256``).
    state_sha256: str = ""

    def envelope(self) -> dict[str, Any]:
        # Version 1 had no contract_version key, and a central of that release refuses it.
        version = {"contract_version": self.contract_version} if self.contract_version > 1 else {}
        return {
            **version,
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
        head = json.dumps(self.envelope(), separators=(",", ":")).encode("utf-8")
        return b"".join((head[:-1], b',"records":', self.records_json, b"}"))


def build_batch(
    device_id: str, records: list[dict[str, Any]], *, sent_at: datetime
) -> OutgoingBatch:
    """Wrap records (wire dicts, in seq order) as a batch; the id follows from the content."""
    version = CONTRACT_VERSION if "type" in records[0] else 1
    return _batch(device_id, records, canonical_json(records).encode("utf-8"), sent_at, version)


def _batch(
    device_id: str,
    records: list[dict[str, Any]],
    canonical: bytes,
    sent_at: datetime,
    contract_version: int,
) -> OutgoingBatch:
    sha = hashlib.sha256(canonical).hexdigest()
    state = state_sha256(
        (r["seq"], r["id"], r.get("clock_flag"), r.get("station_id")) for r in records
    )
    return OutgoingBatch(
        batch_id=batch_id(device_id, sha),
        device_id=device_id,
        first_seq=records[0]["seq"],
        last_seq=records[-1]["seq"],
        count=len(records),
        sha256=sha,
        sent_at=to_wire(sent_at),
        record_ids=tuple(r["id"] for r in records),
        records_json=canonical,
        contract_version=contract_version,
        state_sha256=state,
    )


def state_sha256(rows: Iterable[tuple[int, str, str | None, str | None]]) -> str:
    """The hash of records' (seq, id, clock flag, station), in seq order: every column of a
    record the kiosk may change after composing it (the rest is append-only, by trigger),
    with its identity. Equal hashes: the very records of the batch, as they were sent."""
    text = "".join(
        [f"{seq}\t{rid}\t{flag or ''}\t{station or ''}\n" for seq, rid, flag, station in rows]
    )
    return _sha256(text)


def next_batch(
    store: Store,
    *,
    limit: int,
    sent_at: datetime,
    after_seq: int = 0,
    contract_version: int = CONTRACT_VERSION,
) -> OutgoingBatch | None:
    """The oldest ``limit`` pending records of this device after ``after_seq``, or None.

    ``contract_version`` is the newest version central accepts (see ``contract.wire``).
    """
    records: list[dict[str, Any]] = []
    with store.read() as conn:
        # The driver's own cursor: SQLAlchemy's row objects cost as much as the query here.
        raw = conn.connection.driver_connection
        assert raw is not None  # a checked-out connection always has its driver's
        for name, versions in WIRE_FIELDS.items():
            if contract_version not in versions:
                continue
            fields = versions[contract_version]
            times = [i for i, f in enumerate(fields) if f in _TIME_FIELDS[name]]
            sql = _PENDING_SQL[name, contract_version]
            for row in raw.execute(sql, (store.device_id, after_seq, limit)):
                if times:
                    row = list(row)
                    for i in times:
                        row[i] = storage_to_wire(row[i])
                records.append(dict(zip(fields, row, strict=True)))
    if not records:
        return None
    # Every type's oldest ``limit``, merged in the device's one seq order and cut to ``limit``
    # (already sorted runs: the sort is one linear pass when only deposits are waiting).
    records = sorted(records, key=lambda r: r["seq"])[:limit]
    return _batch(store.device_id, records, _canonical(records), sent_at, contract_version)


# msgspec writes the dicts' keys in their (sorted) order, no spaces, UTF-8 as is, and escapes
# as json.dumps does: canonical_json's very bytes for the contract's values (str, int, None;
# tests/sync/test_canonical_bytes.py), in about a fiftieth of its time (docs/benchmarks.md).
_canonical = msgspec.json.Encoder().encode


# A remembered batch older than this is forgotten (it only saves a resend).
REMEMBER_FOR = timedelta(days=31)


def _remember(conn: Connection, device_id: str, batch: OutgoingBatch, now: datetime) -> None:
    values = {
        "batch_id": batch.batch_id,
        "device_id": device_id,
        "sha256": batch.sha256,
        "first_seq": batch.first_seq,
        "last_seq": batch.last_seq,
        "count": batch.count,
        "state_sha256": batch.state_sha256,
        "composed_at": now,
    }
    # The same id is the same records (the id follows from their hash): refresh its time.
    stmt = sqlite_insert(SentBatch).values(values)
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=["batch_id"], set_={"composed_at": stmt.excluded.composed_at}
        )
    )
    conn.execute(
        delete(SentBatch).where(
            SentBatch.device_id == device_id, SentBatch.composed_at < now - REMEMBER_FOR
        )
    )


def remember(store: Store, batch: OutgoingBatch, *, now: datetime) -> None:
    """Keep a batch about to be sent (see ``held_batches``); forget those past REMEMBER_FOR."""
    with store.write() as conn:
        _remember(conn, store.device_id, batch, now)


def mark_synced(
    store: Store,
    *,
    first_seq: int,
    last_seq: int,
    remember: OutgoingBatch | None = None,
    now: datetime | None = None,
) -> int:
    """Mark this device's pending records in [first_seq, last_seq] synced, one transaction;
    in the same one, remember the next batch (``remember``), which costs no commit of its
    own."""
    marked = 0
    with store.write() as conn:
        for table in RECORD_TABLES.values():
            marked += conn.execute(
                update(table)
                .where(
                    table.c.device_id == store.device_id,
                    table.c.seq.between(first_seq, last_seq),
                    table.c.sync_state == "pending",
                )
                .values(sync_state="synced", sync_error=None)
            ).rowcount
        if remember is not None:
            _remember(conn, store.device_id, remember, now or utc_now())
    return marked


def _pending_in(
    table: Table, first: int | ColumnElement[int], last: int | ColumnElement[int], device_id: str
) -> ColumnElement[bool]:
    return and_(
        _pending(table),
        table.c.device_id == device_id,
        table.c.seq.between(first, last),
    )


def remembered_pending(store: Store) -> list[tuple[str, str]]:
    """(batch_id, sha256) of every remembered batch whose seq range holds a pending record,
    oldest first: what a pass asks central about before it sends."""
    s = SentBatch.__table__.c
    covering = or_(
        *(
            exists().where(_pending_in(t, s.first_seq, s.last_seq, store.device_id))
            for t in RECORD_TABLES.values()
        )
    )
    query = (
        select(s.batch_id, s.sha256)
        .where(s.device_id == store.device_id, covering)
        .order_by(s.first_seq, s.last_seq)
    )
    with store.read() as conn:
        return [(b, h) for b, h in conn.execute(query)]


def _state_line(table: str) -> str:
    # The line ``state_sha256`` hashes, made by SQLite: a seq prints as Python prints it.
    return (
        "SELECT seq, seq || char(9) || id || char(9) || coalesce(clock_flag, '') || char(9) "
        f"|| coalesce(adopted_by, station_id) || char(10) AS line FROM {table} "
        "WHERE sync_state != 'synced' AND sync_state = 'pending' AND device_id = ? "
        "AND seq BETWEEN ? AND ?"
    )


# The pending records of a seq range across every record table: their count and the text
# ``state_sha256`` hashes. Raw SQL: reading 100,000 rows into Python cost as much as marking.
_STATE_SQL = (
    "SELECT count(*), group_concat(line, '') FROM ("
    + " UNION ALL ".join(_state_line(t.name) for t in RECORD_TABLES.values())
    + " ORDER BY seq)"
)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def mark_held(store: Store, held: Iterable[tuple[str, str]]) -> int:
    """Mark synced the records of each remembered batch central holds: (batch_id, sha256)
    as this kiosk remembers them, and only while the pending records of its range are still
    exactly the batch's (``state_sha256``: the same ids, seqs, clock flags, stations). One
    transaction, so nothing changes between the check and the mark. Returns how many."""
    marked = 0
    wanted = dict(held)
    with store.write() as conn:
        rows = conn.execute(
            select(SentBatch.__table__)
            .where(
                SentBatch.device_id == store.device_id,
                SentBatch.batch_id.in_(list(wanted)),
            )
            .order_by(SentBatch.first_seq)
        ).mappings()
        for batch in rows.all():
            if wanted.get(batch["batch_id"]) != batch["sha256"]:
                continue  # central's hash is not ours: never on its word about other records
            first, last = batch["first_seq"], batch["last_seq"]
            params = (store.device_id, first, last) * len(RECORD_TABLES)
            count, text = conn.exec_driver_sql(_STATE_SQL, params).one()
            # The lines are joined in SQLite (in C): an order other than seq's would only make
            # the hashes differ, and the records go as usual.
            if count != batch["count"] or _sha256(text or "") != batch["state_sha256"]:
                continue  # records added, released or changed since: send them as usual
            for table in RECORD_TABLES.values():
                marked += conn.execute(
                    update(table)
                    .where(_pending_in(table, first, last, store.device_id))
                    .values(sync_state="synced", sync_error=None)
                ).rowcount
    return marked


def quarantine(store: Store, *, record_id: str, reason: str, now: datetime | None = None) -> bool:
    """Set one record aside with central's reason; the guide sees it, the rest keeps flowing.
    The quarantine log keeps the reason for good, in the same transaction."""
    with store.write() as conn:
        for table in RECORD_TABLES.values():
            stmt = (
                update(table)
                .where(table.c.id == record_id, table.c.sync_state == "pending")
                .values(sync_state="quarantined", sync_error=reason[:1000])
            )
            if conn.execute(stmt).rowcount == 1:
                conn.execute(
                    sql_insert(QuarantineEntry).values(
                        record_id=record_id,
                        at=now or utc_now(),
                        event="quarantined",
                        reason=reason,
                    )
                )
                return True
    return False


def resend_missing(store: Store, *, highest_seq: int, gaps: list[tuple[int, int]]) -> int:
    """Mark pending again every record marked synced that central does not hold: above its
    ``highest_seq`` or in one of its ``gaps`` (first, last). After central was restored from
    a dump, these are the records synced since; ids are idempotent, so resending is safe."""
    resent = 0
    with store.write() as conn:
        for table in RECORD_TABLES.values():
            missing = or_(
                table.c.seq > highest_seq,
                *(table.c.seq.between(first, last) for first, last in gaps),
            )
            resent += conn.execute(
                update(table)
                .where(
                    table.c.device_id == store.device_id, table.c.sync_state == "synced", missing
                )
                .values(sync_state="pending")
            ).rowcount
    return resent


# A named refusal as ``client.Rejected`` words it: a 4xx, its code, and the record it names.
# Any other quarantine (a server error, an unnamed refusal, an older release's halving on a
# 500) was not central refusing that record, so it is sent again once central answers.
def _named_refusal(table: Table) -> ColumnElement[bool]:
    return table.c.sync_error.like(literal("4__ %(record ") + table.c.id + literal(")"))


def release_quarantined(store: Store, *, named_too: bool, now: datetime | None = None) -> int:
    """Make quarantined records pending again, with a 'released' line in the append-only log:
    those not refused by name, and, when ``named_too`` (central now speaks another contract
    version), every one. Returns how many."""
    released = 0
    now = now or utc_now()
    with store.write() as conn:
        for table in RECORD_TABLES.values():
            which = and_(table.c.device_id == store.device_id, table.c.sync_state == "quarantined")
            if not named_too:
                which = and_(which, not_(_named_refusal(table)))
            reason = (
                "central speaks another contract version now; sent again"
                if named_too
                else "not refused by name (a server error); central answers again, sent again"
            )
            conn.execute(
                sql_insert(QuarantineEntry).from_select(
                    ["record_id", "at", "event", "reason"],
                    select(
                        table.c.id,
                        literal(now, QuarantineEntry.at.type),
                        literal("released"),
                        literal(reason),
                    ).where(which),
                )
            )
            released += conn.execute(
                update(table).where(which).values(sync_state="pending", sync_error=None)
            ).rowcount
    return released


def quarantine_log(store: Store) -> list[QuarantineEntry]:
    """Every quarantine and release, oldest first: what the technician reads."""
    with store.read() as conn:
        rows = conn.execute(select(QuarantineEntry.__table__).order_by(QuarantineEntry.id))
        return [QuarantineEntry(**row._asdict()) for row in rows]


def _unflagged(table: Table, dated: ColumnElement[bool]) -> ColumnElement[bool]:
    return and_(_pending(table), table.c.clock_flag.is_(None), dated)


def _dated_wrong(table: Table) -> dict[str, ColumnElement[bool]]:
    return {
        "future": table.c.recorded_at > bindparam("late"),
        "before_install": table.c.recorded_at < bindparam("early"),
    }


# Built once: a sync pass asks it every time, and building costs more than running it.
_ANY_IMPOSSIBLE = select(
    or_(
        *(
            exists().where(_unflagged(table, or_(*_dated_wrong(table).values())))
            for table in RECORD_TABLES.values()
        )
    )
)


def flag_impossible_times(store: Store, *, true_now: datetime) -> int:
    """Flag pending records dated before installation or after central's 'now' (plus slack).

    They are flagged, never dropped or changed: the weight is real even if the clock was not.
    One read answers the usual case, nothing to flag, without taking the write lock.
    """
    installed = store.meta("installed_at")
    # No installation time known: nothing is dated before it.
    early = datetime.fromisoformat(installed) if installed else datetime.min.replace(tzinfo=UTC)
    cutoffs = {"late": true_now + FUTURE_TOLERANCE, "early": early}
    with store.read() as conn:
        if not conn.scalar(_ANY_IMPOSSIBLE, cutoffs):
            return 0
    flagged = 0
    with store.write() as conn:
        for table in RECORD_TABLES.values():
            for flag, dated in _dated_wrong(table).items():
                statement = update(table).where(_unflagged(table, dated)).values(clock_flag=flag)
                flagged += conn.execute(statement, cutoffs).rowcount
    return flagged


@dataclass(frozen=True, slots=True)
class SyncOverview:
    """What the header shows: how much is waiting, since when, and the last good sync."""

    pending: int
    quarantined: int
    oldest_unsynced_at: datetime | None
    oldest_unsynced_age: timedelta | None
    last_success: datetime | None
    # Central revoked this kiosk: records wait until a technician enrols it again.
    revoked: bool = False
    # Central does not know this kiosk's token (restored from an older dump): enrol again.
    unknown: bool = False


def last_success(store: Store) -> datetime | None:
    value = store.meta(META_LAST_SUCCESS)
    return datetime.fromisoformat(value) if value else None


_UNSYNCED = union_all(
    *(
        select(table.c.sync_state, table.c.recorded_at).where(table.c.sync_state != "synced")
        for table in RECORD_TABLES.values()
    )
).subquery()
_OVERVIEW = select(
    func.count().filter(_UNSYNCED.c.sync_state == "pending"),
    func.count().filter(_UNSYNCED.c.sync_state == "quarantined"),
    func.min(_UNSYNCED.c.recorded_at).filter(_UNSYNCED.c.sync_state == "pending"),
)
_OVERVIEW_META = select(Meta.key, Meta.value).where(
    Meta.key.in_((META_LAST_SUCCESS, META_ATTENTION))
)


def sync_overview(*, store: Store, now: datetime | None = None) -> SyncOverview:
    """Unsynced counts, the age of the oldest pending record, and the last successful sync.

    One query over every record table and one over meta: a sync pass asks at its start and
    its end, and the header every few seconds."""
    now = now or utc_now()
    with store.read() as conn:
        pending, quarantined, oldest = conn.execute(_OVERVIEW).one()
        meta = dict(conn.execute(_OVERVIEW_META).all())
    if isinstance(oldest, str):  # an aggregate loses the column type in SQLite
        oldest = from_storage(oldest)
    last = meta.get(META_LAST_SUCCESS)
    return SyncOverview(
        pending=pending,
        quarantined=quarantined,
        oldest_unsynced_at=oldest,
        oldest_unsynced_age=(now - oldest) if oldest else None,
        last_success=datetime.fromisoformat(last) if last else None,
        revoked=meta.get(META_ATTENTION) == "revoked",
        unknown=meta.get(META_ATTENTION) == "unknown",
    )
