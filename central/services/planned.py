"""Events staff plan for a station: plan, edit, cancel, list, and the upcoming ones a kiosk
receives with the station's hours (contract.planned). Keyword-only, no HTTP."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.errors import Invalid, NotFound
from central.models import PlannedEventRow, Station
from contract.limits import TIME_MAX
from contract.planned import PLANNED_MAX, PlannedEvent, place_problem
from contract.records import Audience, EventKind


class PlanRefused(Invalid):
    """A planned event that breaks a rule; ``field`` is the form's name for the value."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__("invalid_planned_event", f"{field}: {message}")
        self.field = field
        self.reason = message


@dataclass(frozen=True, slots=True)
class Plan:
    """What staff ask for: the kind and audience as the contract's values, times aware."""

    kind: str
    audience: str
    starts_at: datetime
    ends_at: datetime
    place: str


def _checked(plan: Plan, now: datetime) -> Plan:
    if plan.kind not in tuple(EventKind):
        raise PlanRefused("kind", "unknown kind")
    if plan.audience not in tuple(Audience):
        raise PlanRefused("audience", "unknown audience")
    if plan.ends_at <= plan.starts_at:
        raise PlanRefused("end", "must be after the start")
    if plan.ends_at <= now:
        raise PlanRefused("end", "is in the past")
    if plan.ends_at >= TIME_MAX:
        raise PlanRefused("end", "is too far ahead")
    if plan.ends_at - plan.starts_at > timedelta(days=1):
        raise PlanRefused("end", "an event lasts at most a day")
    place = plan.place.strip()
    why = place_problem(place)
    if why:
        raise PlanRefused("place", why)
    return Plan(plan.kind, plan.audience, plan.starts_at, plan.ends_at, place)


def _station(session: Session, station_id: str) -> None:
    if session.get(Station, station_id) is None:
        raise NotFound("unknown_station", f"station: no station {station_id!r}")


def find_event(*, session: Session, station_id: str, event_id: str) -> PlannedEventRow:
    """The station's planned event that is not cancelled; NotFound otherwise."""
    row = session.get(PlannedEventRow, event_id) if len(event_id) <= 36 else None
    if row is None or row.station_id != station_id or row.cancelled_at is not None:
        raise NotFound("unknown_planned_event", f"event: no planned event {event_id!r} here")
    return row


def plan_event(
    *, session: Session, station_id: str, plan: Plan, actor: str, now: datetime
) -> PlannedEventRow:
    """Add a planned event; PlanRefused names the field, and nothing is written then."""
    _station(session, station_id)
    plan = _checked(plan, now)
    row = PlannedEventRow(
        id=str(uuid.uuid4()),
        station_id=station_id,
        kind=plan.kind,
        audience=plan.audience,
        starts_at=plan.starts_at,
        ends_at=plan.ends_at,
        place=plan.place,
        revision=1,
        created_at=now,
        created_by=actor,
    )
    session.add(row)
    session.flush()
    return row


def edit_event(
    *, session: Session, station_id: str, event_id: str, plan: Plan, now: datetime
) -> PlannedEventRow:
    """Change a planned event; its revision grows, so kiosks take the change."""
    _station(session, station_id)
    row = find_event(session=session, station_id=station_id, event_id=event_id)
    plan = _checked(plan, now)
    row.kind, row.audience, row.place = plan.kind, plan.audience, plan.place
    row.starts_at, row.ends_at = plan.starts_at, plan.ends_at
    row.revision += 1
    session.flush()
    return row


def cancel_event(
    *, session: Session, station_id: str, event_id: str, now: datetime
) -> PlannedEventRow:
    """Cancel a planned event: it stays as a row, leaves every kiosk at the next sync."""
    _station(session, station_id)
    row = find_event(session=session, station_id=station_id, event_id=event_id)
    row.cancelled_at = now
    row.revision += 1
    session.flush()
    return row


def upcoming_rows(
    *, session: Session, station_id: str, now: datetime, limit: int = PLANNED_MAX
) -> list[PlannedEventRow]:
    """The station's planned events not over nor cancelled, soonest first."""
    return list(
        session.scalars(
            select(PlannedEventRow)
            .where(
                PlannedEventRow.station_id == station_id,
                PlannedEventRow.cancelled_at.is_(None),
                PlannedEventRow.ends_at > now,
            )
            .order_by(PlannedEventRow.starts_at, PlannedEventRow.id)
            .limit(limit)
        )
    )


def revision_sum(*, session: Session, station_id: str) -> int:
    """Grows with every plan, edit and cancel of the station (rows are never deleted)."""
    total = session.scalar(
        select(func.coalesce(func.sum(PlannedEventRow.revision), 0)).where(
            PlannedEventRow.station_id == station_id
        )
    )
    return int(total or 0)


def as_planned(row: PlannedEventRow) -> PlannedEvent:
    return PlannedEvent(
        id=row.id,
        kind=EventKind(row.kind),
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        place=row.place,
        audience=Audience(row.audience),
    )
