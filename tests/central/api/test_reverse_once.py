"""A reversal undoes one original, once, for every record type (the kiosk's rule, held at
central too): a second reversal or a reversal of a reversal is a 409 naming it, and nothing of
the batch is written, so no figure subtracts twice."""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.models import RECORD_TABLES, DepositDay
from central.services import ingest
from contract import CONTRACT_VERSION
from tests.central.conftest import Kiosk
from tests.central.services.effect.test_pilot_table import event, flow, repair, reversal

AT = "2026-06-01T17:00:00.000000Z"

Make = Callable[[Kiosk], dict[str, Any]]
KINDS: dict[str, Make] = {
    "deposit": lambda k: k.record(recorded_at=AT, type="deposit"),
    "event": lambda k: event(k, AT),
    "repair": lambda k: repair(k, AT, "0190a0b0-0000-7000-8000-000000000001", "bike", "fixed"),
    "material_flow": lambda k: flow(k, AT, "activity_reuse", 500, "station"),
}


def post(api: TestClient, kiosk: Kiosk, records: list[dict[str, Any]]) -> Any:
    batch = kiosk.batch(records, contract_version=CONTRACT_VERSION)
    return api.post("/api/v1/batches", json=batch, headers=kiosk.auth)


def held(app: FastAPI, record_type: str) -> int:
    with Session(app.state.engine) as session:
        table = RECORD_TABLES[record_type]
        return session.scalar(select(func.count()).select_from(table))


def net_deposited_g(app: FastAPI) -> int:
    """The rollup the effect report and station figures read."""
    with Session(app.state.engine) as session:
        return session.scalar(select(func.coalesce(func.sum(DepositDay.net_g), 0)))


def refused(response: Any, code: str, record: dict[str, Any], index: int) -> None:
    assert response.status_code == 409, response.text
    detail = response.json()["detail"]
    assert (detail["code"], detail["record_id"], detail["index"]) == (code, record["id"], index)


@pytest.mark.parametrize("record_type", KINDS)
def test_a_second_reversal_of_a_held_original_is_refused(
    app: FastAPI, api: TestClient, kiosk: Kiosk, record_type: str
) -> None:
    original = KINDS[record_type](kiosk)
    first = reversal(kiosk, original)
    accepted = post(api, kiosk, [original, first])
    assert accepted.status_code == 200, accepted.text
    second = reversal(kiosk, original)
    refused(post(api, kiosk, [kiosk.record(type="deposit"), second]), "already_reversed", second, 1)
    assert held(app, record_type) == 2
    assert held(app, "deposit") == (2 if record_type == "deposit" else 0)
    if record_type == "deposit":
        assert net_deposited_g(app) == 0


@pytest.mark.parametrize("record_type", KINDS)
def test_two_reversals_of_one_original_in_one_batch_are_refused(
    app: FastAPI, api: TestClient, kiosk: Kiosk, record_type: str
) -> None:
    original = KINDS[record_type](kiosk)
    one, other = reversal(kiosk, original), reversal(kiosk, original)
    refused(post(api, kiosk, [original, one, other]), "already_reversed", other, 2)
    assert held(app, record_type) == 0


@pytest.mark.parametrize("record_type", KINDS)
def test_a_reversal_of_a_reversal_is_refused_held_or_in_the_batch(
    app: FastAPI, api: TestClient, kiosk: Kiosk, record_type: str
) -> None:
    original = KINDS[record_type](kiosk)
    undo = reversal(kiosk, original)
    redo = reversal(kiosk, undo)
    refused(post(api, kiosk, [original, undo, redo]), "reverses_a_reversal", redo, 2)
    assert held(app, record_type) == 0
    assert post(api, kiosk, [original, undo]).status_code == 200
    redo = reversal(kiosk, undo)
    refused(post(api, kiosk, [redo]), "reverses_a_reversal", redo, 0)
    assert held(app, record_type) == 2
    if record_type == "deposit":
        assert net_deposited_g(app) == 0


def test_a_reversal_named_by_a_held_reversal_is_refused(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    # A faulty kiosk's redo arrived first (its target not held yet, so it was taken, as any
    # reversal sent before its original is); the reversal it names is then certainly wrong.
    original = kiosk.record(type="deposit")
    undo = reversal(kiosk, original)
    redo = reversal(kiosk, undo)
    assert post(api, kiosk, [redo]).status_code == 200
    refused(post(api, kiosk, [original, undo]), "reverses_a_reversal", undo, 1)
    assert held(app, "deposit") == 1


def test_a_reversal_sent_before_its_original_and_resends_are_still_taken(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    original = kiosk.record(type="deposit")
    undo = reversal(kiosk, original)
    assert post(api, kiosk, [undo]).status_code == 200  # the original was set aside
    assert post(api, kiosk, [original]).status_code == 200
    again = post(api, kiosk, [dict(undo)])  # the same reversal, in a new batch
    assert again.status_code == 200, again.text
    assert (again.json()["inserted"], again.json()["duplicates"]) == (0, 1)
    both = post(api, kiosk, [dict(original), dict(undo)])
    assert (both.status_code, both.json()["duplicates"]) == (200, 2)
    assert held(app, "deposit") == 2
    assert net_deposited_g(app) == 0


@pytest.mark.parametrize("record_type", KINDS)
def test_without_the_check_the_unique_index_still_refuses_by_name(
    app: FastAPI,
    api: TestClient,
    kiosk: Kiosk,
    record_type: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Planted fault: ingest's check gone. The database's unique index skips the second
    # reversal and ingest names it, rather than losing it silently or answering 500.
    monkeypatch.setattr(ingest, "refuse_double_reversals", lambda conn, batch: None)
    original = KINDS[record_type](kiosk)
    assert post(api, kiosk, [original, reversal(kiosk, original)]).status_code == 200
    second = reversal(kiosk, original)
    refused(post(api, kiosk, [second]), "already_reversed", second, 0)
    one, other = reversal(kiosk, original), reversal(kiosk, original)
    refused(post(api, kiosk, [one, other]), "already_reversed", one, 0)
    # Partly held, partly new: only the record the index skipped is named.
    third = reversal(kiosk, original)
    mixed = [dict(original), KINDS[record_type](kiosk), third]
    refused(post(api, kiosk, mixed), "already_reversed", third, 2)
    assert held(app, record_type) == 2
    if record_type == "deposit":
        assert net_deposited_g(app) == 0
