"""Events staff plan on the console, as kiosks receive them with the opening hours: the list's
rules and the two questions the kiosk asks of it (the next public one, and today's).

Each item is ``{"id", "kind", "starts_at", "ends_at", "place", "audience"}``: the kind and
audience are the event record's own enums, times are Z-text on the wire like a record's.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from contract.limits import TIME_MAX, TIME_MIN
from contract.records import Audience, EventKind
from contract.times import OSLO, from_wire, to_wire

PLACE_MAX = 80  # a short place ("Verkstedet bak containeren"), one line on the attract screen
PLANNED_MAX = 50  # planned events one document carries: the upcoming ones, soonest first
FIELDS = ("id", "kind", "starts_at", "ends_at", "place", "audience")


@dataclass(frozen=True, slots=True)
class PlannedEvent:
    id: str
    kind: EventKind
    starts_at: datetime  # aware UTC
    ends_at: datetime
    place: str  # empty: at the station
    audience: Audience

    @property
    def public(self) -> bool:
        return self.audience is Audience.PUBLIC

    def wire(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind.value,
            "starts_at": to_wire(self.starts_at),
            "ends_at": to_wire(self.ends_at),
            "place": self.place,
            "audience": self.audience.value,
        }


def place_problem(place: str) -> str | None:
    """Why a place cannot be a planned event's place, or None; one rule for every door."""
    if len(place) > PLACE_MAX:
        return f"must be at most {PLACE_MAX} characters"
    if any(ord(c) < 32 or 0xD800 <= ord(c) <= 0xDFFF for c in place):
        return "must be one line of text"
    return None


def planned_problems(items: Any) -> list[tuple[str, str]]:
    """Every (field, message) wrong with a list of planned events; empty when it is valid."""
    if not isinstance(items, list) or len(items) > PLANNED_MAX:
        return [("planned", f"must be a list of at most {PLANNED_MAX} events")]
    problems: list[tuple[str, str]] = []
    for i, item in enumerate(items):
        where = f"planned[{i}]"
        if not isinstance(item, dict):
            problems.append((where, "must be an object"))
            continue
        problems += [(f"{where}.{k}", "is not a known field") for k in item if k not in FIELDS]
        if not isinstance(item.get("id"), str) or not 1 <= len(item["id"]) <= 64:
            problems.append((f"{where}.id", "must be a string of 1..64 characters"))
        if item.get("kind") not in tuple(EventKind):
            problems.append((f"{where}.kind", f"must be one of {', '.join(EventKind)}"))
        if item.get("audience") not in tuple(Audience):
            problems.append((f"{where}.audience", f"must be one of {', '.join(Audience)}"))
        place = item.get("place", "")
        why = place_problem(place) if isinstance(place, str) else "must be a string"
        if why:
            problems.append((f"{where}.place", why))
        times = [_time(item.get(k)) for k in ("starts_at", "ends_at")]
        for name, value in zip(("starts_at", "ends_at"), times, strict=True):
            if value is None:
                problems.append((f"{where}.{name}", "must be a UTC time like 2026-06-18T15:00:00Z"))
        if times[0] and times[1] and times[1] <= times[0]:
            problems.append((f"{where}.ends_at", "must be after starts_at"))
    return problems


def parse_planned(items: Any) -> tuple[PlannedEvent, ...]:
    """The planned events of a valid list, soonest first; ValueError naming the field."""
    problems = planned_problems(items)
    if problems:
        raise ValueError(f"{problems[0][0]}: {problems[0][1]}")
    events = (
        PlannedEvent(
            id=item["id"],
            kind=EventKind(item["kind"]),
            starts_at=_utc(item["starts_at"]),
            ends_at=_utc(item["ends_at"]),
            place=item.get("place", ""),
            audience=Audience(item["audience"]),
        )
        for item in items
    )
    return tuple(sorted(events, key=lambda e: (e.starts_at, e.id)))


def next_public(events: Iterable[PlannedEvent], at: datetime) -> PlannedEvent | None:
    """The public event residents should hear of now: the soonest one not yet over."""
    return next((e for e in sorted(events, key=_order) if e.public and e.ends_at > at), None)


def on_day_of(events: Iterable[PlannedEvent], at: datetime) -> tuple[PlannedEvent, ...]:
    """The events planned for ``at``'s Oslo day that are not over yet: the guide opens one."""
    day = at.astimezone(OSLO).date()
    return tuple(
        e
        for e in sorted(events, key=_order)
        if e.starts_at.astimezone(OSLO).date() == day and e.ends_at > at
    )


def clock_span(event: PlannedEvent) -> str:
    """Its Oslo hours as residents and staff read them: 17–19 for whole hours, else
    17:30–19:00 (Western digits in every language, as the opening line's times)."""
    start, end = event.starts_at.astimezone(OSLO), event.ends_at.astimezone(OSLO)
    if start.minute == end.minute == 0:
        return f"{start:%H}–{end:%H}"
    return f"{start:%H:%M}–{end:%H:%M}"


def _order(event: PlannedEvent) -> tuple[datetime, str]:
    return event.starts_at, event.id


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        parsed = _utc(value)
    except ValueError:
        return None
    return parsed if TIME_MIN <= parsed < TIME_MAX else None


def _utc(text: str) -> datetime:
    return from_wire(text).astimezone(UTC)
