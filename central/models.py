"""Central's tables. The schema itself moves only through central's Alembic migrations."""

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
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
from sqlalchemy.orm import DeclarativeBase, InstrumentedAttribute, Mapped, mapped_column
from sqlalchemy.orm.decl_api import DeclarativeAttributeIntercept
from sqlalchemy.types import TypeEngine

from contract.fields import REGISTRY, Field, RecordType
from contract.records import DEPOSIT
from contract.times import from_storage, to_storage


class UTCDateTime(TypeDecorator[datetime]):
    """timestamptz on PostgreSQL, naive UTC text on SQLite; always aware UTC in Python.

    SQLite's text goes through the contract's one time codec (``contract.times``) both ways:
    the very text SQLAlchemy's DateTime wrote, which ingest's raw paths write too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def bind_processor(self, dialect: Dialect) -> Callable[[datetime | None], Any] | None:
        if dialect.name == "sqlite":
            return _sqlite_bind
        return super().bind_processor(dialect)

    def result_processor(self, dialect: Dialect, coltype: object) -> Callable[[Any], Any] | None:
        if dialect.name == "sqlite":
            return _sqlite_result
        return super().result_processor(dialect, coltype)

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store times as aware UTC")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _sqlite_bind(value: datetime | None) -> str | None:
    return None if value is None else to_storage(value)


def _sqlite_result(value: str | None) -> datetime | None:
    return None if value is None else from_storage(value)


class Base(DeclarativeBase):
    pass


class Station(Base):
    __tablename__ = "stations"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The kiosk release channel of its devices (docs/updates.md); a device may override it.
    update_channel: Mapped[str] = mapped_column(String(16), default="stable")


class Device(Base):
    """An enrolled kiosk. Only the hash of its bearer token is kept."""

    __tablename__ = "devices"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("stations.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # What staff call it ("Trosterud disk"); the console shows it before the id.
    label: Mapped[str | None] = mapped_column(String(80))
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Every seq 1..highest_contiguous_seq has arrived; anything above it may have gaps.
    highest_contiguous_seq: Mapped[int] = mapped_column(Integer, default=0)
    clock_offset_s: Mapped[float | None] = mapped_column(Float)
    last_batch_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The kiosk's last status report (in its check-in, or POST /devices/me/status), as sent.
    app_version: Mapped[str | None] = mapped_column(String(64))
    pending: Mapped[int | None] = mapped_column(Integer)
    quarantined: Mapped[int | None] = mapped_column(Integer)
    oldest_pending_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set by a staff member; from then on the token is refused with 401 device_revoked.
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Signed updates (docs/updates.md): its own channel (None: the station's), the version
    # it has staged, and the outcome of its last update as it reported it.
    update_channel: Mapped[str | None] = mapped_column(String(16))
    staged_version: Mapped[str | None] = mapped_column(String(64))
    update_version: Mapped[str | None] = mapped_column(String(64))
    update_outcome: Mapped[str | None] = mapped_column(String(32))
    update_reason: Mapped[str | None] = mapped_column(String(500))
    update_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class DeviceEvent(Base):
    """Audit of enrolments: who got a token when, and which token a takeover replaced."""

    __tablename__ = "device_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    kind: Mapped[str] = mapped_column(String(16))  # "enrolled" or "takeover"
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    station_id: Mapped[str] = mapped_column(String(64))
    old_token_hash: Mapped[str | None] = mapped_column(String(64))
    new_token_hash: Mapped[str] = mapped_column(String(64))
    client: Mapped[str | None] = mapped_column(String(64))
    highest_seq: Mapped[int] = mapped_column(Integer, default=0)


class EnrolCode(Base):
    __tablename__ = "enrol_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("stations.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    used_by: Mapped[str | None] = mapped_column(String(64))


class Batch(Base):
    """Each accepted batch and the exact answer given, so a replay gets the same answer."""

    __tablename__ = "batches"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    sha256: Mapped[str] = mapped_column(String(64))
    first_seq: Mapped[int] = mapped_column(Integer)
    last_seq: Mapped[int] = mapped_column(Integer)
    count: Mapped[int] = mapped_column(Integer)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    clock_offset_s: Mapped[float] = mapped_column(Float)
    response: Mapped[str] = mapped_column(Text)

    # The fleet's alarms read each device's highest seq and its first batch past the
    # contiguous mark through this (migration 0025), not by grouping every batch.
    __table_args__ = (
        Index("ix_batches_device_seq", "device_id", "last_seq", postgresql_include=["received_at"]),
    )


class CatalogueVersion(Base):
    __tablename__ = "catalogues"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    document: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime())


def _column(spec: Field) -> Column[Any]:
    kinds: dict[str, Callable[[], TypeEngine[Any]]] = {
        "text": lambda: String(spec.max or 200),
        "uuid": lambda: String(36),
        "int": Integer,
        "time": UTCDateTime,
        "enum": lambda: String(32),
    }
    return Column(
        spec.name, kinds[spec.kind](), primary_key=spec.name == "id", nullable=spec.nullable
    )


def _record_table(record_type: RecordType, table: str) -> Table:
    """A table declared by the contract's record type: its fields, then batch and arrival."""
    created = Table(
        table,
        Base.metadata,
        *(_column(spec) for spec in record_type.fields),
        Column("batch_id", String(36), nullable=False),
        Column("received_at", UTCDateTime(), nullable=False),
        # One seq space per device: ingest also checks the other record tables.
        UniqueConstraint("device_id", "seq", name=f"uq_{table}_device_seq"),
        Index(f"ix_{table}_station_recorded", "station_id", "recorded_at"),
        # A reversal undoes one original, once (migration 0024): ingest refuses a second one
        # by name first; this holds even if that check is wrong. Partial: originals have none.
        Index(
            f"uq_{table}_reverses",
            "reverses",
            unique=True,
            postgresql_where=text("reverses IS NOT NULL"),
            sqlite_where=text("reverses IS NOT NULL"),
        ),
    )
    if table == DEPOSITS_TABLE:
        # The records browser's keyset walks and a record's reversal (migration 0020).
        Index("ix_records_recorded_id", created.c.recorded_at, created.c.id)
        Index("ix_records_device_recorded", created.c.device_id, created.c.recorded_at)
    else:
        # Ingest's cross-type check reads a range of ids in byte order, the order Python's min
        # and max use, whatever the database's collation (SQLite already compares text
        # bytewise). Deposits are probed by their few other records' ids instead.
        Index(f"ix_{table}_id_bytes", created.c.id.collate("C")).ddl_if(dialect="postgresql")
    return created


# Central kept the first table's name, "records", for deposits; every later type is named
# by the contract's plural, as on the kiosk.
DEPOSITS_TABLE = "records"
RECORD_TABLES: dict[str, Table] = {
    rt.name: _record_table(rt, DEPOSITS_TABLE if rt is DEPOSIT else rt.plural)
    for rt in REGISTRY.values()
}
ACTIVITY_TABLES = {name: t for name, t in RECORD_TABLES.items() if name != DEPOSIT.name}
# A ticket is looked up by its number on every import: the same ticket never counts twice.
Index("ix_pickups_ticket_no", RECORD_TABLES["pickup"].c.ticket_no)
# Every live pickup is one the reversals do not name (capture view, import): looked up through
# uq_pickups_reverses (migration 0024; 0021's plain index before it).


class _Generated(DeclarativeAttributeIntercept):
    """Lets mypy read a generated class's columns (``Record.weight_g``): the contract, not a
    list of annotations here, declares them."""

    if TYPE_CHECKING:

        def __getattr__(cls, name: str) -> InstrumentedAttribute[Any]: ...


class Record(Base, metaclass=_Generated):
    """One deposit as the kiosk registered it, plus when and in which batch it arrived:
    mapped on the family's generated table."""

    __table__ = RECORD_TABLES[DEPOSIT.name]


class DepositDay(Base):
    """Net grams of deposits per station, Oslo local day and measure (contract.effect).

    Kept in step by ingest in the same transaction as the records, so the effect report
    reads thousands of rows instead of millions and is still exact. Flagged-clock records
    are kept apart (``flagged``), never summed into the report's columns.
    """

    __tablename__ = "deposit_days"

    station_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    measure: Mapped[str] = mapped_column(String(16), primary_key=True)
    flagged: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    net_g: Mapped[int] = mapped_column(BigInteger)
    records: Mapped[int] = mapped_column(Integer)

    # All stations' report reads a day range across stations (migration 0006: an index-only
    # scan in day order), and lists the few flagged rows without scanning the table.
    __table_args__ = (
        Index("ix_deposit_days_day", "day"),
        Index(
            "ix_deposit_days_report",
            "day",
            "measure",
            postgresql_include=["net_g"],
            postgresql_where=text("NOT flagged"),
            sqlite_where=text("NOT flagged"),
        ),
        Index(
            "ix_deposit_days_flagged",
            "station_id",
            "measure",
            postgresql_include=["net_g", "records"],
            postgresql_where=text("flagged"),
            sqlite_where=text("flagged"),
        ),
    )


class DepositMonth(Base):
    """Net grams of deposits per station, Oslo month (its first day), measure, category,
    direction and flagged clock: ``deposit_days`` by month, with the category kept.

    Kept in step by ingest beside ``deposit_days``, by the same rows and reversal rule, so
    the all-stations page reads a month in one row where it read thirty (issue 26), and a
    station's year by category reads a few hundred rows instead of its records. ``measure``
    follows from category and direction under the category's kind; it is in the key so a
    reclassification restates it as it restates ``deposit_days``.
    """

    __tablename__ = "deposit_months"

    station_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    measure: Mapped[str] = mapped_column(String(16), primary_key=True)
    category: Mapped[str] = mapped_column(String(64), primary_key=True)
    direction: Mapped[str] = mapped_column(String(8), primary_key=True)
    flagged: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    net_g: Mapped[int] = mapped_column(BigInteger)
    records: Mapped[int] = mapped_column(Integer)
    # Residents' own registrations (channel self_service; reversals not counted), by the
    # record's month: the station page shows them beside the month's feedback.
    self_service: Mapped[int] = mapped_column(Integer)

    # All stations' months read across stations (an index-only scan in month order).
    __table_args__ = (
        Index(
            "ix_deposit_months_report",
            "month",
            "measure",
            "station_id",
            postgresql_include=["net_g"],
            postgresql_where=text("NOT flagged"),
            sqlite_where=text("NOT flagged"),
        ),
    )


class CaptureDay(Base):
    """Net grams left in (direction ``in``, clock not flagged) per station, category, Oslo
    local day, estimated or weighed, and catalogue version (issue 25).

    Kept in step by ingest beside ``deposit_days``, by the same code and reversal rule, so
    the capture view and the learned weights sum whole days here and read raw records only
    for the days a pickup falls inside.
    """

    __tablename__ = "capture_days"

    station_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    category: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    estimated: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    catalog_version: Mapped[int] = mapped_column(Integer, primary_key=True)
    net_g: Mapped[int] = mapped_column(BigInteger)
    records: Mapped[int] = mapped_column(Integer)


class StaffUser(Base):
    """A console account. Only the Argon2 hash of the password is kept."""

    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Set when staff leave: no sign-in of any kind, and every session of theirs ends at once.
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class StaffSession(Base):
    """A signed-in browser: the cookie's hash, its CSRF token, and when it ends."""

    __tablename__ = "staff_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AuditEvent(Base):
    """One staff action: who, what, on what, when. Rows are only ever added."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")


class DoorEvent(Base):
    """One opening of a station's door, from the key system. Never anyone's identity."""

    __tablename__ = "door_events"
    __table_args__ = (Index("ix_door_events_station_opened", "station_id", "opened_at"),)

    # The key system's own id for the event: a resend or a re-import is skipped by it.
    event_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("stations.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    source: Mapped[str] = mapped_column(String(16))  # "webhook" or "csv"
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())


class StationHoursVersion(Base):
    """One published version of a station's opening hours (contract.hours document).

    Rows are only added: publishing makes the next version, so a kiosk asks "newer than N?".
    """

    __tablename__ = "station_hours"

    station_id: Mapped[str] = mapped_column(ForeignKey("stations.id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    document: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime())
    published_by: Mapped[str] = mapped_column(String(64))


class CentralMeta(Base):
    """Facts about this central kept with its data (migration 0013): the secret's fingerprint."""

    __tablename__ = "central_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class EffectHistory(Base):
    """A figure no kiosk recorded, entered by an admin for one report row, station and year
    or month (month 0: the whole year), with its source. Rows are only added: a correction
    is a newer entry for the same cell, and the report reads the newest."""

    __tablename__ = "effect_history"
    __table_args__ = (
        Index("ix_effect_history_cell", "station_id", "row", "year", "month"),
        CheckConstraint("year BETWEEN 2000 AND 2099", name="ck_effect_history_year"),
        CheckConstraint("month BETWEEN 0 AND 12", name="ck_effect_history_month"),
        CheckConstraint("value >= 0", name="ck_effect_history_value"),
        CheckConstraint(
            "other_agency_g BETWEEN 0 AND value", name="ck_effect_history_other_agency"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("stations.id"))
    row: Mapped[str] = mapped_column(String(40))  # a contract.effect.Row value
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    value: Mapped[int] = mapped_column(BigInteger)  # grams for a kg row, else a count
    other_agency_g: Mapped[int] = mapped_column(BigInteger)  # business waste's qualifier
    source: Mapped[str] = mapped_column(Text)
    entered_by: Mapped[str] = mapped_column(String(64))
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime())


class FeedToken(Base):
    """A staff member's read-only token for the OData feed (docs/feed.md); only its keyed
    hash is kept, as for device tokens. Revoking sets ``revoked_at``; the row stays."""

    __tablename__ = "feed_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PlannedEventRow(Base):
    """An event staff planned for a station (contract.planned): kiosks receive the upcoming
    ones with the opening hours. Editing or cancelling raises ``revision``, so the station's
    schedule version (hours version plus the sum of revisions) grows with every change and a
    kiosk asks "newer than N?" of both at once. Cancelled rows stay, with ``cancelled_at``."""

    __tablename__ = "planned_events"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ck_planned_events_order"),
        CheckConstraint("revision >= 1", name="ck_planned_events_revision"),
        CheckConstraint("audience IN ('public', 'internal')", name="ck_planned_events_audience"),
        Index("ix_planned_events_station_starts", "station_id", "starts_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("stations.id"))
    kind: Mapped[str] = mapped_column(String(32))
    audience: Mapped[str] = mapped_column(String(16))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    place: Mapped[str] = mapped_column(String(80), default="")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(64))
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PickupMapping(Base):
    """How a plant's or hauler's file names what it weighed (docs/pickups.md): its fraction
    name or container id, matched without regard to case, to a fraction (a category code, or
    codes joined by '+' for a mixed container) and, for a container, its station."""

    __tablename__ = "pickup_mappings"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)  # casefolded, trimmed
    label: Mapped[str] = mapped_column(String(200))  # as the admin typed it
    fraction: Mapped[str] = mapped_column(String(64))
    station_id: Mapped[str | None] = mapped_column(ForeignKey("stations.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class StationReportSource(Base):
    """From which day a station's recycling and hazardous rows come from registrations or
    weighed pickups (contract.effect.source_on). Only added to: the newest entry for a date
    wins, and the history shows who changed it when."""

    __tablename__ = "station_report_sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("stations.id"))
    effective_from: Mapped[date] = mapped_column(Date)  # an Oslo calendar day
    source: Mapped[str] = mapped_column(String(16))
    set_by: Mapped[str] = mapped_column(String(200))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        CheckConstraint("source IN ('registered','weighed')", name="ck_report_source"),
        Index("ix_station_report_sources_station", "station_id", "effective_from"),
    )
