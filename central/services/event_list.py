"""Events as held, across stations or for one: kind, audience, time and place, people, kg to
reuse, and the repairs logged at each by item and Open Repair Data Standard outcome.

An event that was reversed is left out (its reversal with it), as the effect report nets it
to nothing; repairs count net of their reversals. Periods are Oslo calendar days by start,
so an event the guide entered afterwards (``contract.records.entered_later``) is listed when
it was held, with the moment it was entered beside it.
"""

import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]  # ships no type hints
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.models import ACTIVITY_TABLES, Station
from central.services.formatting import TABLE_KG_DECIMALS, Kg
from central.services.spreadsheet import append_row, csv_bytes
from contract.records import Audience, RepairOutcome, default_audience, entered_later
from contract.times import OSLO

EVENTS = ACTIVITY_TABLES["event"]
REPAIRS = ACTIVITY_TABLES["repair"]
LIMIT = 2000  # a page lists at most this many; the downloads have them all


@dataclass(slots=True)
class EventRow:
    id: str
    station_id: str
    station_name: str
    kind: str
    public: bool
    starts_at: datetime
    ends_at: datetime
    place: str | None
    participants: int
    visitors: int
    reuse_g: int
    clock_flagged: bool
    # When the guide entered it, if that was after it was held ("registrert i etterkant").
    entered_later_at: datetime | None = None
    # item category -> outcome -> count, net of reversals
    repairs: dict[str, dict[str, int]] = field(default_factory=dict)


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive UTC; PostgreSQL aware times."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _start(day: date) -> datetime:
    return datetime.combine(day, time(), OSLO).astimezone(UTC)


def _held(
    query: Any,
    *,
    station_id: str | None,
    first: date | None,
    last: date | None,
    kind: str | None,
) -> Any:
    """``query`` narrowed to the events held (not reversed) that the filter takes."""
    reversed_ids = select(EVENTS.c.reverses).where(EVENTS.c.reverses.is_not(None))
    query = query.where(EVENTS.c.reverses.is_(None), EVENTS.c.id.not_in(reversed_ids))
    if station_id is not None:
        query = query.where(EVENTS.c.station_id == station_id)
    if first is not None:
        query = query.where(EVENTS.c.starts_at >= _start(first))
    if last is not None:
        query = query.where(EVENTS.c.starts_at < _start(last + timedelta(days=1)))
    if kind is not None:
        query = query.where(EVENTS.c.kind == kind)
    return query


def list_events(
    *,
    session: Session,
    station_id: str | None = None,
    first: date | None = None,
    last: date | None = None,
    kind: str | None = None,
    limit: int | None = None,
) -> list[EventRow]:
    """Events starting on Oslo days ``first``..``last`` (either open), newest first."""
    query = _held(
        select(EVENTS, Station.name)
        .join(Station, Station.id == EVENTS.c.station_id)
        .order_by(EVENTS.c.starts_at.desc(), EVENTS.c.id),
        station_id=station_id, first=first, last=last, kind=kind,
    )  # fmt: skip
    if limit is not None:
        query = query.limit(limit)
    events = {
        r.id: EventRow(
            id=r.id, station_id=r.station_id, station_name=r.name, kind=r.kind,
            public=(r.audience or default_audience(r.kind)) == Audience.PUBLIC,
            starts_at=r.starts_at, ends_at=r.ends_at, place=r.place,
            participants=r.participants, visitors=r.visitors, reuse_g=r.reuse_g,
            clock_flagged=r.clock_flag is not None,
            entered_later_at=(
                r.recorded_at
                if entered_later(recorded_at=_aware(r.recorded_at), ends_at=_aware(r.ends_at))
                else None
            ),
        )
        for r in session.execute(query)
    }  # fmt: skip
    if events:
        _add_repairs(session, events)
    return list(events.values())


@dataclass(frozen=True, slots=True)
class EventTotals:
    """The sums over every event the filter takes, however many a page lists."""

    events: int
    participants: int
    visitors: int
    reuse_g: int


def event_totals(
    *,
    session: Session,
    station_id: str | None = None,
    first: date | None = None,
    last: date | None = None,
    kind: str | None = None,
) -> EventTotals:
    """Counted by the database over the same filter as ``list_events``, with no limit."""
    query = _held(
        select(
            func.count(),
            func.coalesce(func.sum(EVENTS.c.participants), 0),
            func.coalesce(func.sum(EVENTS.c.visitors), 0),
            func.coalesce(func.sum(EVENTS.c.reuse_g), 0),
        ).select_from(EVENTS),
        station_id=station_id, first=first, last=last, kind=kind,
    )  # fmt: skip
    count, participants, visitors, reuse_g = session.execute(query).one()
    return EventTotals(int(count), int(participants), int(visitors), int(reuse_g))


def _add_repairs(session: Session, events: dict[str, EventRow]) -> None:
    ids = list(events)
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        query = select(
            REPAIRS.c.event_id, REPAIRS.c.item_category, REPAIRS.c.outcome, REPAIRS.c.reverses
        ).where(REPAIRS.c.event_id.in_(chunk))
        for event_id, item, outcome, reverses in session.execute(query):
            tally = events[event_id].repairs.setdefault(item, {})
            tally[outcome] = tally.get(outcome, 0) + (-1 if reverses else 1)
    for event in events.values():
        event.repairs = {
            item: {o: n for o, n in outcomes.items() if n}
            for item, outcomes in sorted(event.repairs.items())
            if any(outcomes.values())
        }


OUTCOMES = tuple(RepairOutcome)
HEADER = (
    "stasjon", "type", "offentlig", "start (Oslo)", "slutt (Oslo)", "sted", "deltakere",
    "besøkende", "kg til ombruk", "reparasjoner", "fixed", "repairable", "end_of_life",
    "klokke flagget", "registrert i etterkant (Oslo)", "id",
)  # fmt: skip


def _oslo(moment: datetime) -> str:
    local = moment.astimezone(OSLO)
    return f"{local.day}.{local.month}.{local.year} {local:%H:%M}"


def _cells(e: EventRow) -> list[Any]:
    totals = {o: sum(per.get(o, 0) for per in e.repairs.values()) for o in OUTCOMES}
    detail = "; ".join(
        f"{item}: " + ", ".join(f"{o} {n}" for o, n in per.items())
        for item, per in e.repairs.items()
    )
    return [
        e.station_id, e.kind, e.public, _oslo(e.starts_at), _oslo(e.ends_at), e.place or "",
        e.participants, e.visitors, Kg(e.reuse_g, TABLE_KG_DECIMALS), detail,
        *(totals[o] for o in OUTCOMES), e.clock_flagged,
        _oslo(e.entered_later_at) if e.entered_later_at else "", e.id,
    ]  # fmt: skip


def events_csv(events: list[EventRow]) -> bytes:
    return csv_bytes([HEADER, *(_cells(e) for e in events)])


def events_xlsx(events: list[EventRow]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Arrangementer"
    append_row(sheet, HEADER)
    for e in events:
        append_row(sheet, _cells(e))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
