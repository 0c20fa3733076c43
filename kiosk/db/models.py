"""SQLAlchemy models of the kiosk's local store. The schema itself moves only through migrations."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeEngine

from contract.fields import REGISTRY, Field, RecordType
from contract.records import DEPOSIT
from contract.times import from_storage, to_storage


class UTCDateTime(TypeDecorator[datetime]):
    """Stored as naive UTC text in SQLite; accepts only aware datetimes, returns aware UTC.

    Both ways go through the contract's one time codec (``contract.times``), which writes
    the very text SQLAlchemy's DateTime wrote, without its regex on the way back."""

    impl = DateTime
    cache_ok = True

    def bind_processor(self, dialect: Dialect) -> Callable[[datetime | None], str | None]:
        def process(value: datetime | None) -> str | None:
            return None if value is None else to_storage(value)

        return process

    def result_processor(
        self, dialect: Dialect, coltype: object
    ) -> Callable[[str | None], datetime | None]:
        def process(value: str | None) -> datetime | None:
            return None if value is None else from_storage(value)

        return process


class Base(DeclarativeBase):
    pass


SYNC_STATES = ("pending", "synced", "quarantined")


class Meta(Base):
    """Small facts about this kiosk's store: its device id, when it was installed."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class StoredCatalogue(Base):
    """A catalogue version central sent; the newest one wins over the bundled default."""

    __tablename__ = "catalogues"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    document: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())


class QuarantineEntry(Base):
    """One record set aside by sync, or released again, and why (migration 0004). Append-only."""

    __tablename__ = "quarantine_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id: Mapped[str] = mapped_column(String(36))  # in any record table
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    event: Mapped[str] = mapped_column(String(12))  # 'quarantined' or 'released'
    reason: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint("event IN ('quarantined','released')", name="ck_quarantine_event"),
        Index("ix_quarantine_log_record", "record_id"),
    )


class SentBatch(Base):
    """A batch this kiosk composed (migration 0010): when its answer was lost, the next pass
    asks central whether it holds it and marks its records synced without sending them
    again. ``state_sha256`` is over the records' seq, id, clock flag and station as composed
    (``kiosk.sync.outbox.state_sha256``); the records are marked only while the pending
    records of the range still hash the same, so a record added, released or changed since
    is never marked on central's word about another batch."""

    __tablename__ = "sent_batches"

    batch_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64))
    first_seq: Mapped[int] = mapped_column(Integer)
    last_seq: Mapped[int] = mapped_column(Integer)
    count: Mapped[int] = mapped_column(Integer)
    state_sha256: Mapped[str] = mapped_column(String(64))
    composed_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_sent_batches_device_last", "device_id", "last_seq"),)


def _column(spec: Field, table: str) -> Column[Any]:
    kinds: dict[str, TypeEngine[Any]] = {
        "text": String(spec.max or 200),
        "uuid": String(36),
        "int": Integer(),
        "time": UTCDateTime(),
        # SQLite keeps no length; leaving it out keeps the older tables' widths true.
        "enum": String(),
    }
    # A reversal points at the record it undoes, in the same table.
    keys = [ForeignKey(f"{table}.id")] if spec.name == "reverses" else []
    return Column(
        spec.name,
        kinds[spec.kind],
        *keys,
        primary_key=spec.name == "id",
        nullable=spec.nullable,
    )


def _checks(spec: Field, table: str) -> list[CheckConstraint]:
    """The contract's closed vocabularies and lower bounds, as the database's own CHECKs."""
    if spec.enum is not None:
        choices = ",".join(f"'{c}'" for c in spec.choices)
        return [CheckConstraint(f"{spec.name} IN ({choices})", name=f"ck_{table}_{spec.name}")]
    if spec.kind == "int" and spec.min:
        return [CheckConstraint(f"{spec.name} >= {spec.min}", name=f"ck_{table}_{spec.name}")]
    return []


# What a table has beyond the family's shape: the guide's "today" list reads deposits by time,
# and migration 0001 left the deposits' one-reversal-per-record key unnamed.
_TIME_INDEXED = {"deposits"}
_UNNAMED_REVERSES = {"deposits"}


def _record_table(record_type: RecordType, name: str) -> Table:
    """A kiosk table declared by the contract's record type, plus the sync bookkeeping.

    The migrations create the same shape (with the append-only triggers); a test compares
    the two, so the contract stays the one declaration of the fields.
    """
    sync_states = ",".join(f"'{s}'" for s in SYNC_STATES)
    return Table(
        name,
        Base.metadata,
        *(_column(spec, name) for spec in record_type.fields),
        Column("sync_state", String(12), nullable=False, server_default="pending"),
        Column("sync_error", Text),
        # The enrolled station that adopted a record made before enrolment (migrations 0003,
        # 0006); the outbox sends it instead of station_id. Set once, never after it synced.
        Column("adopted_by", String(64)),
        UniqueConstraint("device_id", "seq", name=f"uq_{name}_device_seq"),
        UniqueConstraint(
            "reverses", name=None if name in _UNNAMED_REVERSES else f"uq_{name}_reverses"
        ),
        *(check for spec in record_type.fields for check in _checks(spec, name)),
        CheckConstraint(f"sync_state IN ({sync_states})", name=f"ck_{name}_sync_state"),
        *([Index(f"ix_{name}_recorded_at", "recorded_at")] if name in _TIME_INDEXED else []),
        Index(
            f"ix_{name}_unsynced",
            "sync_state",
            "seq",
            sqlite_where=text("sync_state != 'synced'"),
        ),
    )


# Every record type the kiosk keeps, each in its own table (named by the contract's plural);
# one seq space across them all (kiosk.db.records).
RECORD_TABLES: dict[str, Table] = {
    rt.name: _record_table(rt, rt.plural) for rt in REGISTRY.values()
}
ACTIVITY_TABLES = {name: t for name, t in RECORD_TABLES.items() if name != DEPOSIT.name}


class Deposit(Base):
    """One registered line, mapped on the family's generated table. Append-only: triggers
    refuse DELETE and any UPDATE but sync state."""

    __table__ = RECORD_TABLES[DEPOSIT.name]


class EventOpen(Base):
    """An event the guide opened; local only. Its id becomes the event record's id at close,
    so repairs logged meanwhile already point at it. Never updated: closed means the event
    record exists."""

    __tablename__ = "event_opens"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(64))
    station_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    place: Mapped[str | None] = mapped_column(String(200))
    # Chosen when opening (migration 0007); NULL: the default by kind.
    audience: Mapped[str | None] = mapped_column(String(32))


class EventCount(Base):
    """One tap on a counter of an open event (+1 or -1); local only, append-only. The event
    record's participants and visitors are the sums when it closes."""

    __tablename__ = "event_counts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("event_opens.id"))
    counter: Mapped[str] = mapped_column(String(16))  # 'participants' or 'visitors'
    delta: Mapped[int] = mapped_column(Integer)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
