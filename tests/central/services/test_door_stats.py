"""Visits and hour-of-week use, with hand-made data whose answers are known, DST included."""

from datetime import UTC, datetime, timedelta

from fastapi import FastAPI
from sqlalchemy.orm import Session

from central.models import DoorEvent, Record
from central.services.door_stats import hour_of_week, match, station_usage
from tests.central.conftest import add_station

WINDOW = timedelta(minutes=15)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def cells(matrix: list[list[int]]) -> dict[tuple[int, int], int]:
    return {(d, h): n for d, row in enumerate(matrix) for h, n in enumerate(row) if n}


def test_a_registration_belongs_to_the_latest_opening_within_the_window() -> None:
    openings = [utc("2026-11-26T10:00"), utc("2026-11-26T10:05"), utc("2026-11-26T12:00")]
    registrations = [
        utc("2026-11-26T10:06"),  # the 10:05 opening's, not 10:00's
        utc("2026-11-26T10:20"),  # exactly 15 min after 10:05: still its visit
        utc("2026-11-26T10:21"),  # 16 min: no opening before it
        utc("2026-11-26T09:59"),  # before any opening
    ]
    used, unmatched = match(openings, sorted(registrations), WINDOW)
    assert used == {1}
    assert unmatched == 2


def test_spring_forward_skips_the_hour_that_does_not_exist() -> None:
    # 29 March 2026 (Sunday = 6): 01:59:59 CET is followed by 03:00 CEST.
    matrix = hour_of_week([utc("2026-03-29T00:30"), utc("2026-03-29T01:30")])
    assert cells(matrix) == {(6, 1): 1, (6, 3): 1}


def test_fall_back_counts_the_repeated_hour_twice() -> None:
    # 25 October 2026 (Sunday): 02:30 CEST (00:30Z) and 02:30 CET (01:30Z) are both hour 2.
    matrix = hour_of_week([utc("2026-10-25T00:30"), utc("2026-10-25T01:30")])
    assert cells(matrix) == {(6, 2): 2}


def test_a_visit_across_the_autumn_change_is_one_visit() -> None:
    # Door 02:55 CEST, registration 02:05 CET: earlier on the wall clock, 10 minutes later.
    used, unmatched = match([utc("2026-10-25T00:55")], [utc("2026-10-25T01:05")], WINDOW)
    assert (used, unmatched) == ({0}, 0)


def test_station_usage_counts_a_period(app: FastAPI) -> None:
    add_station(app, "trosterud")
    add_station(app, "haraldrud")
    now = utc("2026-11-27T00:00")
    doors = [
        ("d0", "trosterud", "2026-10-31T22:55"),  # before the period; claims r0 only
        ("d1", "trosterud", "2026-11-02T08:00"),  # Monday 09:00 Oslo, two registrations
        ("d2", "trosterud", "2026-11-02T15:00"),  # Monday 16:00, none
        ("d3", "trosterud", "2026-11-03T08:00"),  # Tuesday 09:00, one
        ("d4", "haraldrud", "2026-11-03T08:00"),  # another station
    ]
    registrations = [
        ("r0", "trosterud", "2026-10-31T23:05", None),
        ("r1", "trosterud", "2026-11-02T08:03", None),
        ("r2", "trosterud", "2026-11-02T08:14", None),
        ("r3", "trosterud", "2026-11-02T08:16", "r2"),  # a correction: not counted
        ("r4", "trosterud", "2026-11-03T08:10", None),
        ("r5", "trosterud", "2026-11-04T08:00", None),  # no opening before it
    ]
    with Session(app.state.engine) as session:
        for event_id, station, at in doors:
            session.add(
                DoorEvent(
                    event_id=event_id, station_id=station, opened_at=utc(at), source="csv",
                    received_at=now,
                )
            )  # fmt: skip
        for seq, (rid, station, at, reverses) in enumerate(registrations, start=1):
            session.add(
                Record(
                    id=rid, seq=seq, device_id="dev", station_id=station, recorded_at=utc(at),
                    category="wood", weight_g=1000, weight_source="manual", channel="guide",
                    direction="in", reverses=reverses, visit_id=None, catalog_version=1,
                    clock_flag=None, batch_id="b", received_at=now,
                )
            )  # fmt: skip
        session.commit()
        usage = station_usage(
            session=session,
            station_id="trosterud",
            start=utc("2026-10-31T23:00"),  # 1 November 00:00 Oslo
            end=utc("2026-11-30T23:00"),
            window=WINDOW,
        )
    assert usage.openings == 3
    assert usage.visits_with_registration == 2
    assert usage.share_with_registration == 2 / 3
    assert usage.registrations == 5
    assert usage.unmatched_registrations == 1
    assert cells(usage.openings_by_hour) == {(0, 9): 1, (0, 16): 1, (1, 9): 1}
    assert cells(usage.registrations_by_hour) == {(6, 0): 1, (0, 9): 2, (1, 9): 1, (2, 9): 1}
