"""Registered against weighed (issue 25, item 3), on SQLite and PostgreSQL: periods are the
spans between pickups, registered kg fall in the period of the pickup that emptied them, a
reversal subtracts, and a period over a year end is split at Oslo midnight."""

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from central.services import capture, pickups
from contract.records import PickupSource
from tests.central.conftest import Kiosk


def deliver(api: TestClient, kiosk: Kiosk, *rows: tuple[str, str, int]) -> list[dict[str, Any]]:
    records = [
        kiosk.record(type="deposit", recorded_at=at, category=category, weight_g=grams)
        for at, category, grams in rows
    ]
    batch = kiosk.batch(records, contract_version=5)
    answer = api.post("/api/v1/batches", json=batch, headers=kiosk.auth)
    assert answer.status_code == 200, answer.text
    return records


def tickets(app: FastAPI, *rows: tuple[str, str, str, float]) -> None:
    with Session(app.state.engine) as session:
        done = pickups.store_pickups(
            session=session,
            rows=[
                {
                    "ticket_no": t,
                    "weighed_at": at,
                    "station_id": "trosterud",
                    "fraction": f,
                    "net_kg": kg,
                }
                for t, at, f, kg in rows
            ],
            source=PickupSource.IMPORT,
            now=datetime.now(UTC),
        )
        assert not done.refused, done.refused
        session.commit()


def year(app: FastAPI, y: int) -> list[capture.Period]:
    with Session(app.state.engine) as session:
        return capture.periods(session, station_id="trosterud", year=y)


def test_each_pickup_gets_what_was_registered_since_the_one_before(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    deposits = deliver(
        api,
        kiosk,
        ("2026-03-01T10:00:00.000000Z", "metal", 40_000),
        ("2026-03-01T11:00:00.000000Z", "metal", 50_000),
        ("2026-03-01T11:00:00.000000Z", "wood", 7_000),  # another fraction
        ("2026-03-09T10:00:00.000000Z", "metal", 30_000),
    )
    # A mis-registration undone: the reversal subtracts.
    undo = kiosk.record(
        type="deposit",
        recorded_at="2026-03-09T11:00:00.000000Z",
        category="metal",
        weight_g=30_000,
        reverses=deposits[3]["id"],
    )
    answer = api.post(
        "/api/v1/batches", json=kiosk.batch([undo], contract_version=5), headers=kiosk.auth
    )
    assert answer.status_code == 200, answer.text
    deliver(api, kiosk, ("2026-03-10T10:00:00.000000Z", "metal", 20_000))
    tickets(
        app,
        ("A-1", "2026-03-02T08:00:00Z", "metal", 100),
        ("A-2", "2026-03-16T08:00:00Z", "metal", 25),
    )
    first, second = year(app, 2026)
    assert (first.ticket_no, first.registered_g, first.weighed_g) == ("A-1", 90_000, 100_000)
    assert first.starts_at is None
    assert first.rate == Decimal("0.9")
    assert (second.ticket_no, second.registered_g, second.weighed_g) == ("A-2", 20_000, 25_000)
    assert second.starts_at == datetime(2026, 3, 2, 8, tzinfo=UTC)
    (total,) = capture.totals([first, second])
    assert (total.registered_g, total.weighed_g, total.rate) == (110_000, 125_000, Decimal("0.88"))


def test_a_period_over_new_year_is_split_in_proportion_to_what_was_registered(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    deliver(
        api,
        kiosk,
        ("2025-12-20T10:00:00.000000Z", "wood", 30_000),
        ("2025-12-31T22:30:00.000000Z", "wood", 10_000),  # 23:30 in Oslo: still 2025
        ("2025-12-31T23:30:00.000000Z", "wood", 20_000),  # 00:30 on 1 January in Oslo
        ("2026-01-05T10:00:00.000000Z", "wood", 40_000),
    )
    tickets(
        app,
        ("Y-0", "2025-12-15T08:00:00Z", "wood", 10),
        ("Y-1", "2026-01-10T08:00:00Z", "wood", 200),
    )
    (old,) = [p for p in year(app, 2025) if p.ticket_no == "Y-1"]
    (new,) = year(app, 2026)
    assert (old.registered_g, new.registered_g) == (40_000, 60_000)
    assert (old.weighed_g, new.weighed_g) == (80_000, 120_000)  # 200 kg split 40:60
    assert new.starts_at == datetime(2025, 12, 31, 23, tzinfo=UTC)  # Oslo midnight


def test_a_first_ticket_with_nothing_registered_weighs_in_its_own_year(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    # The example file's cabinet ticket on a new central: its period has no start, so there
    # is no elapsed time to split by (it was spread from the year 2000: 0,2 kg of 38,2).
    tickets(app, ("GR-1", "2026-03-02T12:05:00Z", "batteries", 38.2))
    (first,) = year(app, 2026)
    assert (first.starts_at, first.registered_g, first.weighed_g) == (None, 0, 38_200)
    assert [p.weighed_g for p in year(app, 2025)] == [0]
    # With a start, nothing registered still splits by elapsed time (the documented rule).
    tickets(app, ("GR-2", "2027-01-02T12:05:00Z", "batteries", 10))
    start, end = datetime(2026, 3, 2, 12, 5, tzinfo=UTC), datetime(2027, 1, 2, 12, 5, tzinfo=UTC)
    oslo_new_year = datetime(2026, 12, 31, 23, tzinfo=UTC)
    share = round(10_000 * (oslo_new_year - start) / (end - start))
    assert [p.weighed_g for p in year(app, 2026) if p.ticket_no == "GR-2"] == [share]
