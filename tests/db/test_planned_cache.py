"""The planned events central sent, kept in the real SQLite store beside the hours: a broken
list is refused whole before it replaces anything, another station's is ignored, and the
schedule in force carries them over the settings file's hours or central's."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from contract.hours import StationHours
from contract.planned import PLACE_MAX, PLANNED_MAX
from kiosk.db.hours import (
    META_PLANNED,
    in_force,
    load_hours,
    load_planned,
    save_schedule,
    stored_version,
)
from kiosk.db.store import Store, set_meta
from kiosk.domain.hours import PILOT_HOURS

STARTS = datetime(2026, 11, 26, 16, 0, tzinfo=UTC)
ITEM = {
    "id": "a",
    "kind": "bike_workshop",
    "starts_at": "2026-11-26T16:00:00.000000Z",
    "ends_at": "2026-11-26T18:00:00.000000Z",
    "place": "Verkstedet",
    "audience": "public",
}
HOURS = {"version": 4, "station_id": "trosterud", "weekly": {"thu": ["11:00-18:00"]}}
SETTINGS = StationHours.parse(PILOT_HOURS)


def test_planned_without_hours_keep_the_settings_files_hours(store: Store) -> None:
    save_schedule(store, version=2, hours=None, planned=[ITEM])
    assert load_hours(store) is None  # central published no hours: none stored
    assert stored_version(store) == 2  # but the schedule's version is asked with
    schedule = in_force(store, SETTINGS)
    assert schedule.week == SETTINGS.week
    (event,) = schedule.planned
    assert (event.starts_at, event.ends_at - event.starts_at) == (STARTS, timedelta(hours=2))


def test_hours_and_planned_are_one_schedule(store: Store) -> None:
    save_schedule(store, version=4, hours=HOURS, planned=[ITEM])
    hours = load_hours(store)
    assert hours is not None and hours.version == 4 and len(hours.planned) == 1
    assert in_force(store, SETTINGS) == hours
    save_schedule(store, version=5, hours={**HOURS, "version": 5}, planned=[])
    assert load_planned(store) == () and stored_version(store) == 5


@pytest.mark.parametrize(
    ("planned", "named"),
    [
        ([{**ITEM, "kind": "rave"}], "planned[0].kind"),
        ([{**ITEM, "audience": "everyone"}], "planned[0].audience"),
        ([{**ITEM, "ends_at": ITEM["starts_at"]}], "planned[0].ends_at"),
        ([{**ITEM, "starts_at": "2026-11-26T16:00:00"}], "planned[0].starts_at"),  # no offset
        ([{**ITEM, "starts_at": "9999-01-01T00:00:00Z"}], "planned[0].starts_at"),
        ([{**ITEM, "place": "x" * (PLACE_MAX + 1)}], "planned[0].place"),
        ([{**ITEM, "place": "a\nb"}], "planned[0].place"),
        ([{**ITEM, "extra": 1}], "planned[0].extra"),
        ([ITEM] * (PLANNED_MAX + 1), "planned"),
        ({"not": "a list"}, "planned"),
    ],
)
def test_a_broken_list_replaces_nothing(store: Store, planned: object, named: str) -> None:
    save_schedule(store, version=4, hours=HOURS, planned=[ITEM])
    with pytest.raises(ValueError, match=named.replace("[", r"\[").replace("]", r"\]")):
        save_schedule(store, version=5, hours={**HOURS, "version": 5}, planned=planned)  # type: ignore[arg-type]
    # Neither half of the new schedule was written.
    assert stored_version(store) == 4 and len(load_planned(store)) == 1


def test_another_stations_planned_events_are_ignored(store: Store) -> None:
    kept = {"version": 7, "station_id": "elsewhere", "events": [ITEM]}
    set_meta(store, {META_PLANNED: json.dumps(kept)})
    assert load_planned(store) == () and stored_version(store) == 0
