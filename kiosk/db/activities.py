"""Events, repairs and material flows on the kiosk: open, count, log, close, correct.

Each synced record (event, repair, material flow) is append-only with a reversal for a
correction, takes its seq from the device's one sequence (``kiosk.db.records``), and is
checked against the contract's declaration before it is written. An open event and its
counter taps are local rows; the event record is written when the guide closes it.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Table, case, func, insert, select

from contract.fields import REGISTRY
from contract.records import (
    ENTERED_LATER_MARGIN,
    ENTERED_LATER_MAX_DAYS,
    Audience,
    EventKind,
    FlowKind,
    FlowSource,
    RepairOutcome,
    default_audience,
)
from kiosk.db.models import EventCount, EventOpen
from kiosk.db.records import RECORD_TABLES, SavedRecord, append_record, append_reversal
from kiosk.db.store import Store
from kiosk.domain.clock import utc_now
from kiosk.domain.errors import QT_TRANSLATE_NOOP, ValidationError
from kiosk.domain.hours import OSLO
from kiosk.domain.ids import uuid7

log = logging.getLogger(__name__)
COUNTERS = ("participants", "visitors")
# A flow can be a barn's worth of business waste, far above one scale load.
FLOW_MAX_G = 100_000_000
_OPENS: Table = EventOpen.__table__  # type: ignore[assignment]
_COUNTS: Table = EventCount.__table__  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class OpenEvent:
    """An event the guide has opened and not yet closed, with its counters so far."""

    id: str
    kind: str
    starts_at: datetime
    place: str | None
    participants: int
    visitors: int
    repairs: dict[str, int]  # outcome -> items logged (net of reversals)
    audience: str = Audience.PUBLIC.value  # public (innbyggerrettet) or internal


def _not_open() -> ValidationError:
    return ValidationError(
        "event_not_open",
        QT_TRANSLATE_NOOP("validation", "Arrangementet er ikke åpent lenger."),
    )


def open_event(
    *,
    store: Store,
    kind: EventKind | str,
    place: str | None = None,
    audience: Audience | str | None = None,
    now: datetime | None = None,
) -> OpenEvent:
    """Start an event now; its id is the event record's id when it closes.

    ``audience``: public (for residents, counted in the effect report's events row) or
    internal; None takes the default by kind (a course internal, every other kind public).
    """
    kind = EventKind(kind).value
    event = OpenEvent(
        id=str(uuid7()),
        kind=kind,
        starts_at=now or utc_now(),
        place=place or None,
        participants=0,
        visitors=0,
        repairs={},
        audience=Audience(audience or default_audience(kind)).value,
    )
    row = {
        "id": event.id,
        "device_id": store.device_id,
        "station_id": store.station_id,
        "kind": event.kind,
        "starts_at": event.starts_at,
        "place": event.place,
        "audience": event.audience,
    }
    with store.write() as conn:
        conn.execute(insert(_OPENS).values(row))
    log.info("opened event %s (%s)", event.id, event.kind)
    return event


def open_events(*, store: Store) -> list[OpenEvent]:
    """Events opened on this kiosk and not closed yet, oldest first."""
    events = RECORD_TABLES["event"]
    query = (
        select(_OPENS).where(_OPENS.c.id.not_in(select(events.c.id))).order_by(_OPENS.c.starts_at)
    )
    with store.read() as conn:
        rows = conn.execute(query).all()
        return [_with_counts(conn, row) for row in rows]


def _counts(conn: Any, event_id: str) -> dict[str, int]:
    query = (
        select(_COUNTS.c.counter, func.sum(_COUNTS.c.delta))
        .where(_COUNTS.c.event_id == event_id)
        .group_by(_COUNTS.c.counter)
    )
    return dict.fromkeys(COUNTERS, 0) | dict(conn.execute(query).all())


def _repairs(conn: Any, event_id: str) -> dict[str, int]:
    t = RECORD_TABLES["repair"]
    sign = case((t.c.reverses.is_(None), 1), else_=-1)
    query = (
        select(t.c.outcome, func.sum(sign)).where(t.c.event_id == event_id).group_by(t.c.outcome)
    )
    return {outcome: n for outcome, n in conn.execute(query).all() if n}


def _with_counts(conn: Any, row: Any) -> OpenEvent:
    counts = _counts(conn, row.id)
    return OpenEvent(
        row.id,
        row.kind,
        row.starts_at,
        row.place,
        counts["participants"],
        counts["visitors"],
        _repairs(conn, row.id),
        row.audience or default_audience(row.kind).value,
    )


def _open_row(conn: Any, event_id: str) -> Any:
    events = RECORD_TABLES["event"]
    row = conn.execute(select(_OPENS).where(_OPENS.c.id == event_id)).one_or_none()
    closed = conn.scalar(select(func.count()).where(events.c.id == event_id))
    if row is None or closed:
        raise _not_open()
    return row


def count(
    *, store: Store, event_id: str, counter: str, delta: int, now: datetime | None = None
) -> OpenEvent:
    """One tap on a counter: +1 or -1, appended; a count never goes below zero."""
    if counter not in COUNTERS or delta not in (1, -1):
        raise ValueError(f"bad counter tap {counter!r} {delta!r}")
    with store.write() as conn:
        row = _open_row(conn, event_id)
        if _counts(conn, event_id)[counter] + delta < 0:
            raise ValidationError(
                "count_below_zero",
                QT_TRANSLATE_NOOP("validation", "Tallet kan ikke bli mindre enn null."),
            )
        conn.execute(
            insert(_COUNTS).values(
                event_id=event_id,
                counter=counter,
                delta=delta,
                recorded_at=now or utc_now(),
            )
        )
        return _with_counts(conn, row)


TYPED_COUNT_MAX = 9_999  # a counter shows four digits; a clothes swap had 350 visitors


def set_count(
    *, store: Store, event_id: str, counter: str, value: int, now: datetime | None = None
) -> OpenEvent:
    """A count typed in (350 visitors), appended as the taps it stands for: the history stays
    one row per +1 or -1 (the schema's CHECK), in one transaction, so it syncs like taps."""
    if counter not in COUNTERS:
        raise ValueError(f"bad counter {counter!r}")
    if not 0 <= value <= TYPED_COUNT_MAX:
        raise ValidationError(
            "count_out_of_range",
            QT_TRANSLATE_NOOP("validation", "Skriv et tall fra 0 til 9999."),
        )
    with store.write() as conn:
        row = _open_row(conn, event_id)
        change = value - _counts(conn, event_id)[counter]
        if change:
            at = now or utc_now()
            step = 1 if change > 0 else -1
            conn.execute(
                insert(_COUNTS),
                [
                    {"event_id": event_id, "counter": counter, "delta": step, "recorded_at": at}
                    for _ in range(abs(change))
                ],
            )
        return _with_counts(conn, row)


def close_event(
    *, store: Store, event_id: str, reuse_g: int = 0, now: datetime | None = None
) -> SavedRecord:
    """Close an open event: write its record with the counted participants and visitors."""
    now = now or utc_now()
    with store.read() as conn:
        row = _open_row(conn, event_id)
        counts = _counts(conn, event_id)
    fields = {
        "kind": row.kind,
        "starts_at": row.starts_at,
        "ends_at": max(now, row.starts_at),
        "place": row.place,
        "participants": counts["participants"],
        "visitors": counts["visitors"],
        "reuse_g": reuse_g,
        "audience": row.audience or default_audience(row.kind).value,
    }
    return append_record(store, "event", fields, now=now, record_id=event_id, held=_not_open())


def record_past_event(
    *,
    store: Store,
    kind: EventKind | str,
    starts_at: datetime,
    ends_at: datetime,
    participants: int,
    visitors: int,
    reuse_g: int = 0,
    audience: Audience | str | None = None,
    place: str | None = None,
    now: datetime | None = None,
) -> SavedRecord:
    """An event entered after it was held, with its real start and end: one event record,
    stamped ``now``, so it reads as entered later (``contract.records.entered_later``) and
    counts in the period it was held. Refuses an end not after the start, an end not yet
    passed, and a start more than ``ENTERED_LATER_MAX_DAYS`` Oslo days back."""
    now = now or utc_now()
    if ends_at <= starts_at:
        raise ValidationError(
            "end_before_start",
            QT_TRANSLATE_NOOP("validation", "Slutten må være senere enn starten."),
            field="ends_at",
        )
    if ends_at > now - ENTERED_LATER_MARGIN:
        raise ValidationError(
            "not_ended_yet",
            QT_TRANSLATE_NOOP(
                "validation",
                "Slutten har ikke vært ennå. Velg en tid som er passert, eller start "
                "arrangementet nå med en av flisene.",
            ),
            field="ends_at",
        )
    oldest = now.astimezone(OSLO).date() - timedelta(days=ENTERED_LATER_MAX_DAYS)
    if starts_at.astimezone(OSLO).date() < oldest:
        raise ValidationError(
            "too_long_ago",
            #: Keep each {name} exactly, braces included: the kiosk puts the value there.
            QT_TRANSLATE_NOOP("validation", "Velg en dag de siste {days} dagene."),
            days=ENTERED_LATER_MAX_DAYS,
            field="starts_at",
        )
    for counter, value in (("participants", participants), ("visitors", visitors)):
        if not 0 <= value <= TYPED_COUNT_MAX:
            raise ValidationError(
                "count_out_of_range",
                QT_TRANSLATE_NOOP("validation", "Skriv et tall fra 0 til 9999."),
                field=counter,
            )
    kind = EventKind(kind).value
    fields = {
        "kind": kind,
        "starts_at": starts_at.astimezone(UTC),
        "ends_at": ends_at.astimezone(UTC),
        "place": place or None,
        "participants": participants,
        "visitors": visitors,
        "reuse_g": reuse_g,
        "audience": Audience(audience or default_audience(kind)).value,
    }
    return append_record(store, "event", fields, now=now)


def log_repair(
    *,
    store: Store,
    event_id: str,
    item_category: str,
    outcome: RepairOutcome | str,
    now: datetime | None = None,
) -> SavedRecord:
    """One repaired item at an open event, with its Open Repair Data Standard outcome."""
    with store.read() as conn:
        _open_row(conn, event_id)
    fields = {
        "event_id": event_id,
        "item_category": item_category,
        "outcome": RepairOutcome(outcome).value,
    }
    return append_record(store, "repair", fields, now=now)


def record_flow(
    *,
    store: Store,
    flow: FlowKind | str,
    source: FlowSource | str,
    weight_g: int,
    note: str | None = None,
    event_id: str | None = None,
    now: datetime | None = None,
) -> SavedRecord:
    """Kilograms outside the counter: reuse in an activity, business waste reused, or reuse
    items sent on to a reuse partner (``reuse_partner``, whose ``note`` names the partner)."""
    flow = FlowKind(flow)
    if flow is FlowKind.REUSE_PARTNER and not (note or "").strip():
        raise ValidationError(
            "partner_missing",
            QT_TRANSLATE_NOOP("validation", "Velg ombrukspartneren tingene sendes til."),
            field="note",
        )
    if weight_g > FLOW_MAX_G:
        raise ValidationError(
            "weight_too_high",
            #: Keep each {name} exactly, braces included: the kiosk puts the value there.
            QT_TRANSLATE_NOOP("validation", "Vekten er for høy (høyst {max_kg} kg)."),
            max_kg=FLOW_MAX_G // 1000,
        )
    fields = {
        "flow": flow.value,
        "source": FlowSource(source).value,
        "weight_g": weight_g,
        "note": (note or "").strip() or None,
        "event_id": event_id,
    }
    return append_record(store, "material_flow", fields, now=now)


def send_to_reuse_partner(
    *, store: Store, partner: str, weight_g: int, now: datetime | None = None
) -> SavedRecord:
    """Reuse items the guide sends on from the station to ``partner`` (a reuse shop): reuse
    from the station, like items residents take out (contract.effect, Row.REUSED_KG)."""
    return record_flow(
        store=store,
        flow=FlowKind.REUSE_PARTNER,
        source=FlowSource.STATION,
        weight_g=weight_g,
        note=partner,
        now=now,
    )


def reverse(
    *, store: Store, record_type: str, record_id: str, now: datetime | None = None
) -> SavedRecord:
    """Cancel an event, repair or flow by appending the same record with ``reverses`` set."""
    row = append_reversal(store=store, record_type=record_type, record_id=record_id, now=now)
    values = {n: getattr(row, n) for n in REGISTRY[record_type].names if n != "clock_flag"}
    return SavedRecord(record_type, row.id, row.seq, values)
