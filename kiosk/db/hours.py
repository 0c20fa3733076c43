"""The station's opening hours central last sent, kept in the store so they work offline.

One row of ``meta`` written in one SQLite transaction (WAL, synchronous=FULL): a power cut
leaves either the old hours or the new ones, never half a document.
"""

import json
import logging
from typing import Any

from kiosk.db.store import Store, set_meta
from kiosk.domain.hours import OpeningHours, parse_hours

log = logging.getLogger(__name__)
META_HOURS = "station_hours"


def save_hours(store: Store, document: dict[str, Any]) -> OpeningHours:
    """Validate and keep central's hours document; returns it parsed. HoursError if invalid."""
    hours = parse_hours(document)  # refuse a broken one before it replaces good hours
    value = json.dumps(document, ensure_ascii=False, sort_keys=True)
    set_meta(store, {META_HOURS: value})
    return hours


def stored_document(store: Store) -> dict[str, Any] | None:
    text = store.meta(META_HOURS)
    return None if text is None else dict(json.loads(text))


def load_hours(store: Store) -> OpeningHours | None:
    """The last hours central sent for this kiosk's station; None if none (or another
    station's, from before the kiosk was enrolled elsewhere)."""
    try:
        document = stored_document(store)
        if document is None or document.get("station_id", store.station_id) != store.station_id:
            return None
        return parse_hours(document)
    except ValueError:
        log.exception("stored opening hours are unreadable; using the settings file's")
        return None


def stored_version(store: Store) -> int:
    hours = load_hours(store)
    return 0 if hours is None else hours.version
