"""SQLAlchemy models of the kiosk's local store. The schema itself moves only through migrations."""

from datetime import UTC, datetime
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
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeEngine

from contract.fields import Field, RecordType
from contract.records import EVENT, FEEDBACK, MATERIAL_FLOW, PICKUP, REPAIR


class UTCDateTime(TypeDecorator[datetime]):
    """Stored as naive UTC text in SQLite; accepts only aware datetimes, returns aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store times as aware UTC")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    pass


SYNC_STATES = ("pending", "synced", "quarantined")


class Deposit(Base):
    """One registered line. Append-only: triggers refuse DELETE and any UPDATE but sync state."""

    __tablename__ = "deposits"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    device_id: Mapped[str] = mapped_column(String(64))
    station_id: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    category: Mapped[str] = mapped_column(String(64))
    weight_g: Mapped[int] = mapped_column(Integer)
    weight_source: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    direction: Mapped[str] = mapped_column(String(3))
    reverses: Mapped[str | None] = mapped_column(ForeignKey("deposits.id"), unique=True)
    visit_id: Mapped[str | None] = mapped_column(String(36))
    catalog_version: Mapped[int] = mapped_column(Integer)
    sync_state: Mapped[str] = mapped_column(String(12), server_default="pending")
    sync_error: Mapped[str | None] = mapped_column(Text)
    # 'before_install' or 'future' when recorded_at cannot be right; the record still syncs.
    clock_flag: Mapped[str | None] = mapped_column(String(16))
    # The enrolled station that adopted a record made before enrolment (migration 0003);
    # the outbox sends it instead of station_id. Set once, never after the record synced.
    adopted_by: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        UniqueConstraint("device_id", "seq", name="uq_deposits_device_seq"),
        CheckConstraint("seq > 0", name="ck_deposits_seq"),
        CheckConstraint("weight_g > 0", name="ck_deposits_weight"),
        CheckConstraint(
            "weight_source IN ('scale_stable','scale_unstable','manual','estimate')",
            name="ck_deposits_weight_source",
        ),
        CheckConstraint("channel IN ('guide','self_service')", name="ck_deposits_channel"),
        CheckConstraint("direction IN ('in','out')", name="ck_deposits_direction"),
        CheckConstraint(
            "sync_state IN ('pending','synced','quarantined')", name="ck_deposits_sync_state"
        ),
        Index("ix_deposits_recorded_at", "recorded_at"),
        Index(
            "ix_deposits_unsynced",
            "sync_state",
            "seq",
            sqlite_where=text("sync_state != 'synced'"),
        ),
    )


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


def _column(spec: Field, table: str) -> Column[Any]:
    kinds: dict[str, TypeEngine[Any]] = {
        "text": String(spec.max or 200),
        "uuid": String(36),
        "int": Integer(),
        "time": UTCDateTime(),
        "enum": String(32),
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


def _record_table(record_type: RecordType, name: str) -> Table:
    """A kiosk table declared by the contract's record type, plus the sync bookkeeping.

    Migration 0005 creates the same shape (with CHECKs and the append-only triggers); a
    test compares the two, so the contract stays the one declaration of the fields.
    """
    return Table(
        name,
        Base.metadata,
        *(_column(spec, name) for spec in record_type.fields),
        Column("sync_state", String(12), nullable=False, server_default="pending"),
        Column("sync_error", Text),
        # The enrolled station that adopted a record made before enrolment (migration 0006).
        Column("adopted_by", String(64)),
        UniqueConstraint("device_id", "seq", name=f"uq_{name}_device_seq"),
        UniqueConstraint("reverses", name=f"uq_{name}_reverses"),
        Index(
            f"ix_{name}_unsynced",
            "sync_state",
            "seq",
            sqlite_where=text("sync_state != 'synced'"),
        ),
    )


# The record types besides deposits, each in its own table; one seq space across all six.
ACTIVITY_TABLES: dict[str, Table] = {
    rt.name: _record_table(rt, name)
    for rt, name in (
        (EVENT, "events"),
        (REPAIR, "repairs"),
        (MATERIAL_FLOW, "material_flows"),
        (FEEDBACK, "feedback"),
        (PICKUP, "pickups"),
    )
}


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
