"""Learned default weights wired to the database (issue 25, item 5), on SQLite and PostgreSQL:
self-service registrations estimated at the catalogue's defaults, counter-weighed deliveries
and tickets made from known true weights; the proposals converge toward the true weights as
pickup periods accumulate, and a gathering that ignored the counter-weighed grams is caught."""

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from central.errors import Invalid
from central.services import kept_periods, learned_weights, pickups
from central.services.estimates import PeriodData, propose
from contract.records import PickupSource
from tests.central.conftest import Kiosk
from tests.helpers.self_service import DEFAULT, TRUE, Station


def worst_error(weights: dict[str, int]) -> float:
    return max(abs(weights[c] - w) / w for c, w in TRUE.items())


def test_the_proposals_converge_to_the_true_weights_as_periods_grow(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    station = Station(app, api, kiosk)
    station.grow(3)
    early = station.proposals()
    assert not early.enough and early.rows == []  # 3 periods for 3 categories: too few
    assert (early.periods, early.needed) == (3, 6)
    errors = []
    for weeks in (6, 30, 250):
        station.grow(weeks - station.weeks)
        found = station.proposals()
        assert found.enough and found.periods == weeks
        errors.append(worst_error({r.category: r.proposed_g for r in found.rows}))
    assert errors[0] > errors[1] > errors[2], errors
    assert errors[2] < 0.05, errors  # within 5 % of every true weight after 250 weeks
    assert worst_error(DEFAULT) > 0.2  # the defaults were well off
    rows = {r.category: r for r in found.rows}
    assert {c: r.current_g for c, r in rows.items()} == DEFAULT
    assert all(r.periods == 250 for r in rows.values())
    assert rows["textiles"].items == sum(c["textiles"] for c in station.counted)
    assert found.residual_g is not None and 0 < found.residual_g < 0.1 * found.target_g


def test_each_period_carries_the_counter_grams_and_the_default_items(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    station = Station(app, api, kiosk)
    station.grow(8)
    gathered = station.gathered()
    assert [p.measured_g for p in gathered] == station.measured
    assert [p.default_items for p in gathered] == [
        {c: float(n) for c, n in counts.items()} for counts in station.counted
    ]
    # A planted fault: a gathering that forgot the counter's grams blames them on the
    # estimated items, and the proposals land far from the truth, where the check fails.
    station.grow(60 - station.weeks)
    gathered = station.gathered()
    right = {p.category: p.weight_g for p in propose(gathered)}
    forgot = {p.category: p.weight_g for p in propose([replace(p, measured_g=0) for p in gathered])}
    assert worst_error(right) < 0.05
    assert worst_error(forgot) > 0.2


def test_an_unknown_fraction_is_refused_naming_it(app: FastAPI) -> None:
    with Session(app.state.engine) as session, pytest.raises(Invalid, match=r"^fraction: "):
        learned_weights.gather(session=session, fraction="nothing+wood")


def test_a_default_weight_in_force_is_that_of_the_kiosks_catalogue_version() -> None:
    versions = {2: {"wood": 10_000}, 3: {"wood": 12_000, "metal": 5_000}}
    pick = learned_weights.weight_in_force
    assert [pick(versions, "wood", v) for v in (1, 2, 3, 9)] == [10_000, 10_000, 12_000, 12_000]
    assert (pick(versions, "metal", 2), pick(versions, "glass", 3)) == (5_000, 0)


def test_periods_are_the_capture_views_net_of_reversals_and_ended_by_any_pickup(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    def deposit(at: str, grams: int, source: str = "estimate", **more: Any) -> dict[str, Any]:
        return kiosk.record(type="deposit", recorded_at=at, category="textiles", weight_g=grams,
                            weight_source=source, catalog_version=2, **more)  # fmt: skip

    kept = deposit("2026-03-03T10:00:00.000000Z", 8_000)  # 2 items at 4 kg
    wrong = deposit("2026-03-04T10:00:00.000000Z", 40_000)
    undo = deposit("2026-03-04T11:00:00.000000Z", 40_000, reverses=wrong["id"])
    weighed = deposit("2026-03-05T10:00:00.000000Z", 3_000, "manual")
    later = deposit("2026-03-12T10:00:00.000000Z", 4_000)  # after a pickup without a ticket
    last = deposit("2026-03-20T10:00:00.000000Z", 12_000)
    batch = kiosk.batch([kept, wrong, undo, weighed, later, last], contract_version=5)
    assert api.post("/api/v1/batches", json=batch, headers=kiosk.auth).is_success
    rows = [("T-0", "2026-03-01T08:00:00Z"), ("T-1", "2026-03-10T08:00:00Z"),
            ("T-3", "2026-03-30T08:00:00Z")]  # fmt: skip
    with Session(app.state.engine) as session:
        done = pickups.store_pickups(
            session=session,
            rows=[
                {
                    "ticket_no": t,
                    "weighed_at": at,
                    "station_id": "trosterud",
                    "fraction": "textiles",
                    "net_kg": 20,
                }
                for t, at in rows
            ],
            source=PickupSource.IMPORT,
            now=datetime.now(UTC),
        )
        assert not done.refused
        session.commit()
    # Emptied on 15 March without a ticket: it ends a period, which has no weight.
    emptied = kiosk.record(
        type="pickup", recorded_at="2026-03-15T08:00:00.000000Z", fraction="textiles",
        container_id=None, hauler=None, plant=None, net_weight_g=None, ticket_no=None,
        weighed_at="2026-03-15T08:00:00.000000Z", source="kiosk", clock_flag=None,
    )  # fmt: skip
    for key in ("category", "weight_g", "weight_source", "channel", "direction", "visit_id",
                "catalog_version"):  # fmt: skip
        emptied.pop(key)
    batch = kiosk.batch([emptied], contract_version=5)
    assert api.post("/api/v1/batches", json=batch, headers=kiosk.auth).is_success
    with Session(app.state.engine) as session:
        found = learned_weights.gather(session=session, fraction="textiles")
    # T-0 starts the records (left out); T-1 holds 2 items and 3 kg weighed; the reversal
    # took the 10 items back; the 12 March item went with the pickup without a ticket.
    assert found == [
        PeriodData(weighed_g=20_000, measured_g=3_000, default_items={"textiles": 2.0}),
        PeriodData(weighed_g=20_000, measured_g=0, default_items={"textiles": 3.0}),
    ]


def _kept_against_fresh(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> list[tuple[dict[str, list[PeriodData]], dict[str, list[PeriodData]]]]:
    """After each change that lands in an earlier period (a late registration, a reversal of
    an old one, a ticket imported inside a period), the kept sums' gathering and a fresh one
    (nothing kept), side by side."""

    def deposit(at: str, grams: int, **more: Any) -> dict[str, Any]:
        return kiosk.record(type="deposit", recorded_at=f"2026-03-{at}:00:00.000000Z",
                            category="textiles", weight_g=grams, weight_source="estimate",
                            catalog_version=2, **more)  # fmt: skip

    def send(*records: dict[str, Any]) -> None:
        batch = kiosk.batch(list(records), contract_version=5)
        assert api.post("/api/v1/batches", json=batch, headers=kiosk.auth).is_success

    def tickets(*rows: tuple[str, str, str]) -> None:
        with Session(app.state.engine) as session:
            done = pickups.store_pickups(
                session=session,
                rows=[
                    dict(
                        ticket_no=t,
                        weighed_at=f"2026-03-{at}:00:00Z",
                        station_id="trosterud",
                        fraction=f,
                        net_kg=20,
                    )
                    for t, at, f in rows
                ],
                source=PickupSource.IMPORT,
                now=datetime.now(UTC),
            )
            assert not done.refused
            session.commit()

    def both() -> tuple[dict[str, list[PeriodData]], dict[str, list[PeriodData]]]:
        with Session(app.state.engine) as session:
            kept = learned_weights.gather_all(session=session, fractions=["textiles", "metal"])
            kept_periods._kept.clear()
            fresh = learned_weights.gather_all(session=session, fractions=["textiles", "metal"])
        return kept, fresh

    old = deposit("05T10", 8_000)
    send(old, deposit("12T10", 4_000), deposit("22T10", 4_000))
    # Metal emptied on 15 March: another fraction's pickup inside textiles' (10, 20].
    tickets(("T-0", "01T08", "textiles"), ("T-1", "10T08", "textiles"),
            ("T-2", "20T08", "textiles"), ("T-3", "30T08", "textiles"),
            ("M-0", "01T09", "metal"), ("M-1", "15T08", "metal"))  # fmt: skip
    out = [both()]  # everything summed afresh: nothing held yet
    send(deposit("16T10", 12_000))  # late, in (10, 20]
    out.append(both())
    send(deposit("05T11", 8_000, reverses=old["id"]))  # counts on 5 March, where its original
    out.append(both())
    tickets(("T-4", "07T08", "textiles"))  # splits (1, 10]
    out.append(both())
    return out


def test_the_kept_sums_follow_late_records_reversals_and_tickets(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    found = _kept_against_fresh(app, api, kiosk)
    assert all(kept == fresh for kept, fresh in found)
    items = [[p.default_items.get("textiles", 0) for p in k["textiles"]] for k, _f in found]
    # Items at 4 kg each: (1, 10] held 2, then none after the reversal, then split at 7 March.
    assert items == [[2.0, 1.0, 1.0], [2.0, 4.0, 1.0], [0.0, 4.0, 1.0], [0.0, 0.0, 4.0, 1.0]]


def test_kept_sums_that_ignored_new_batches_are_caught(
    app: FastAPI, api: TestClient, kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A planted fault: periods never dropped when a batch lands in them.
    monkeypatch.setattr(kept_periods, "_drop", lambda *_args: None)
    found = _kept_against_fresh(app, api, kiosk)
    # Each step starts from fresh sums; a ticket needs no drop (its periods are new ones).
    assert [kept == fresh for kept, fresh in found] == [True, False, False, True]
