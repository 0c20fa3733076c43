"""Every record type the kiosk keeps, by contract name, the one seq space they share, and
the one writer every service appends through.

A device numbers all its records in one sequence, whatever their type: the outbox sends
them in that order and central's high-water mark runs across them. ``append_record`` checks a
record against the contract's declaration (what central would refuse, named by field) and
writes it with its seq under the write lock; ``append_reversal`` cancels one.
"""

import functools
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Insert,
    Integer,
    Row,
    ScalarSelect,
    bindparam,
    cast,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.exc import IntegrityError

from contract.fields import REGISTRY
from contract.wire import format_time
from kiosk.db.models import RECORD_TABLES as RECORD_TABLES
from kiosk.db.models import Meta
from kiosk.db.store import META_SEQ_FLOOR, Store
from kiosk.domain.clock import utc_now
from kiosk.domain.errors import QT_TRANSLATE_NOOP, ValidationError
from kiosk.domain.ids import uuid7

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SavedRecord:
    """A record as committed (returned only after the commit): its type, id, seq, fields."""

    type: str
    id: str
    seq: int
    values: dict[str, Any]


def check_fields(record_type: str, values: dict[str, Any]) -> None:
    """Refuse, naming the field, what central would refuse: one declaration for both."""
    for spec in REGISTRY[record_type].fields:
        value = values.get(spec.name)
        if isinstance(value, datetime):
            value = format_time(value)
        if spec.name in values and (problem := spec.check(value)) is not None:
            raise ValidationError(
                "invalid_field",
                #: Keep each {name} exactly, braces included: the kiosk puts the value there.
                QT_TRANSLATE_NOOP("validation", "Ugyldig verdi i {field}: {problem}"),
                field=spec.name,
                problem=problem,
            )


@functools.cache
def _insert(record_type: str, names: tuple[str, ...]) -> Insert:
    """The INSERT for these fields of one type, numbered inside it; built once per shape:
    constructing the statement per call cost more than the commit itself."""
    table = RECORD_TABLES[record_type]
    # Every value bound by name: next_seq() binds :device_id too, the same value.
    return (
        insert(table)
        .values(seq=next_seq(), **{name: bindparam(name) for name in names})
        .returning(table.c.seq)
    )


def append_record(
    store: Store,
    record_type: str,
    fields: dict[str, Any],
    *,
    now: datetime | None = None,
    record_id: str | None = None,
    held: ValidationError | None = None,
) -> SavedRecord:
    """Check and durably save one record of any type made here, now; returns it as committed.

    ``record_id``: an id chosen before (an event's, from when it opened); ``held``: what to
    raise if that id is already saved (an event closed twice, two taps, two screens). Raises
    ValidationError naming the field, or StorageError.
    """
    values = {
        "id": record_id or str(uuid7()),
        "device_id": store.device_id,
        "station_id": store.station_id,
        "recorded_at": now or utc_now(),
        **fields,
    }
    check_fields(record_type, values)
    table = RECORD_TABLES[record_type]
    try:
        with store.write() as conn:
            seq = conn.execute(_insert(record_type, tuple(values)), values).scalar_one()
    except IntegrityError as exc:
        if held is None or f"{table.name}.id" not in str(exc.orig):
            raise  # any other constraint failing is a bug
        raise held from exc
    # Ids only: the log never holds a record's payload (what was weighed stays in the store).
    log.info("registered %s %s seq=%d", record_type, values["id"], seq)
    return SavedRecord(record_type, values["id"], seq, values)


def next_seq() -> ScalarSelect[Any]:
    """The device's next seq, as a subquery to put inside an INSERT (``:device_id`` bound).

    Computed under the write lock, so no other writer can take the same number, and a crash
    before commit leaves no gap anyone was told about; a trigger per table refuses a seq
    another type already holds. Never below the floor a takeover set (kiosk.db.store): a
    restored or reinstalled store continues above what central already holds for this device.
    """
    floor = select(cast(Meta.value, Integer)).where(Meta.key == META_SEQ_FLOOR).scalar_subquery()
    highest = [
        func.coalesce(
            select(func.max(t.c.seq))
            .where(t.c.device_id == bindparam("device_id"))
            .scalar_subquery(),
            0,
        )
        for t in RECORD_TABLES.values()
    ]
    highest.append(func.coalesce(floor, 0))
    # SQLite's max() with several arguments is the scalar maximum of them.
    return select(func.max(*highest) + 1).scalar_subquery()


def append_reversal(
    *, store: Store, record_type: str, record_id: str, now: datetime | None = None
) -> Row[Any]:
    """Cancel a record of any type by appending a copy with ``reverses`` set; the original
    stays. Raises ValidationError for a second undo or for a record that cannot be undone."""
    table = RECORD_TABLES[record_type]
    # The reversal is a new record made by this device, here, now: its device, station and
    # number are today's, even if the original was registered under older ones.
    fresh: dict[str, Any] = {
        "id": literal(str(uuid7())),
        "seq": next_seq(),
        "device_id": literal(store.device_id, table.c.device_id.type),
        "station_id": literal(store.station_id, table.c.station_id.type),
        "recorded_at": literal(now or utc_now(), table.c.recorded_at.type),
        "reverses": table.c.id,
    }
    target = [n for n in REGISTRY[record_type].names if n != "clock_flag"]
    copy = select(*(fresh.get(n, table.c[n]) for n in target)).where(
        table.c.id == record_id, table.c.reverses.is_(None)
    )
    try:
        with store.write() as conn:
            row = conn.execute(
                insert(table).from_select(target, copy).returning(*table.c),
                {"device_id": store.device_id},
            ).one_or_none()
    except IntegrityError as exc:
        if f"{table.name}.reverses" not in str(exc.orig):
            raise  # any other constraint failing is a bug, not a second undo
        raise ValidationError(
            "already_undone",
            QT_TRANSLATE_NOOP("validation", "Denne registreringen er allerede angret."),
        ) from exc
    if row is None:
        raise ValidationError(
            "not_undoable",
            QT_TRANSLATE_NOOP(
                "validation", "Fant ingen registrering å angre (en angring kan ikke angres)."
            ),
        )
    log.info("undid %s %s by reversal %s seq=%d", record_type, record_id, row.id, row.seq)
    return row
