"""The last opening hours central sent, kept in the real SQLite store: read back after a
reopen, ignored when they belong to another station, and refused before replacing good ones."""

import json
from dataclasses import replace
from pathlib import Path

import pytest

from contract.hours import HoursError
from kiosk.db.hours import META_HOURS, load_hours, save_hours, stored_version
from kiosk.db.store import Store
from kiosk.sync import outbox

WINTER = {
    "version": 3,
    "station_id": "trosterud",
    "outside_hours": "usable",
    "weekly": {"thu": ["12:00-15:00"]},
}


def test_saved_hours_survive_a_reopen(store: Store) -> None:
    assert load_hours(store) is None and stored_version(store) == 0
    save_hours(store, WINTER)
    path = Path(store.engine.url.database)
    store.close()
    reopened = Store.open(
        path,
        station_id="trosterud",
        device_id="",
        catalogue=store.catalogue,
        max_weight_g=store.max_weight_g,
    )
    try:
        hours = load_hours(reopened)
        assert hours is not None and hours.version == 3 and stored_version(reopened) == 3
    finally:
        reopened.close()


def test_another_station_s_hours_are_not_used(store: Store) -> None:
    save_hours(store, WINTER)
    moved = replace(store, station_id="furuset")  # enrolled elsewhere since
    assert load_hours(moved) is None and stored_version(moved) == 0


def test_a_bad_document_does_not_replace_good_hours(store: Store) -> None:
    save_hours(store, WINTER)
    with pytest.raises(HoursError, match=r"weekly\.thu"):
        save_hours(store, {**WINTER, "version": 4, "weekly": {"thu": ["15:00-12:00"]}})
    assert json.loads(store.meta(META_HOURS))["version"] == 3


def test_an_unreadable_stored_document_falls_back(store: Store) -> None:
    outbox.set_meta(store, {META_HOURS: "{not json"})
    assert load_hours(store) is None
