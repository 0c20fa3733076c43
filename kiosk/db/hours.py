"""The station's schedule central last sent (its opening hours and planned events), kept in the
store so it works offline.

Both are rows of ``meta`` written in one SQLite transaction (WAL, synchronous=FULL): a power
cut leaves either the old schedule or the new one, never half of it.
"""

import dataclasses
import json
import logging
from typing import Any

from contract.planned import PlannedEvent, parse_planned
from kiosk.db.store import Store, set_meta
from kiosk.domain.hours import OpeningHours, parse_hours

log = logging.getLogger(__name__)
META_HOURS = "station_hours"
# {"version", "station_id", "events": [contract.planned items]}: the schedule's version when
# central sent planned events with it (a central from before them never does).
META_PLANNED = "planned_events"


def save_hours(store: Store, document: dict[str, Any]) -> None:
    """Validate and keep central's hours document. HoursError naming the field if invalid."""
    save_schedule(store, version=document.get("version", 0), hours=document, planned=None)


def save_schedule(
    store: Store,
    *,
    version: int,
    hours: dict[str, Any] | None,
    planned: list[dict[str, Any]] | None,
) -> None:
    """Keep what central sent of the station's schedule, checked whole before it replaces
    anything (ValueError naming the field)."""
    if hours is not None:
        parse_hours(hours)
    if planned is not None:
        parse_planned(planned)
    values: dict[str, str] = {}
    if hours is not None:
        values[META_HOURS] = json.dumps(hours, ensure_ascii=False, sort_keys=True)
    if planned is not None:
        kept = {"version": version, "station_id": store.station_id, "events": planned}
        values[META_PLANNED] = json.dumps(kept, ensure_ascii=False, sort_keys=True)
    if values:
        set_meta(store, values)


def stored_document(store: Store) -> dict[str, Any] | None:
    text = store.meta(META_HOURS)
    return None if text is None else dict(json.loads(text))


def _stored_planned(store: Store) -> dict[str, Any] | None:
    text = store.meta(META_PLANNED)
    if text is None:
        return None
    kept = dict(json.loads(text))
    return kept if kept.get("station_id") == store.station_id else None


def load_planned(store: Store) -> tuple[PlannedEvent, ...]:
    """The planned events central last sent for this station; none if unreadable."""
    try:
        kept = _stored_planned(store)
        return () if kept is None else parse_planned(kept["events"])
    except (ValueError, KeyError, TypeError):
        log.exception("stored planned events are unreadable; showing none")
        return ()


def load_hours(store: Store) -> OpeningHours | None:
    """The last hours central sent for this kiosk's station, with its planned events; None if
    none (or another station's, from before the kiosk was enrolled elsewhere)."""
    try:
        document = stored_document(store)
        if document is None or document.get("station_id", store.station_id) != store.station_id:
            return None
        return dataclasses.replace(parse_hours(document), planned=load_planned(store))
    except ValueError:
        log.exception("stored opening hours are unreadable; using the settings file's")
        return None


def in_force(store: Store, fallback: OpeningHours) -> OpeningHours:
    """The schedule the screens show: central's hours, else ``fallback`` (the settings file's),
    with the planned events central sent either way."""
    return load_hours(store) or dataclasses.replace(fallback, planned=load_planned(store))


def stored_version(store: Store) -> int:
    """The schedule version to ask central "newer than?" with (hours and planned events)."""
    hours = load_hours(store)
    kept = _stored_planned(store) or {}
    version = kept.get("version", 0)
    return max(0 if hours is None else hours.version, version if isinstance(version, int) else 0)
