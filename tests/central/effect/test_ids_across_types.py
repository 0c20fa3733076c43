"""One id is one record: an id central holds under another record type is refused with 409
naming the record, whichever type came first, and the refused batch writes nothing.
Runs on SQLite and PostgreSQL (the ``app`` fixture)."""

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.models import ACTIVITY_TABLES, Record
from tests.central.conftest import Kiosk
from tests.central.effect.test_pilot_table import event, flow, repair, send

AT = "2026-06-01T17:00:00.000000Z"
EVENT_ID = "0190a000-0000-7000-8000-000000000001"


def counts(app: FastAPI) -> dict[str, int]:
    tables = {"deposit": Record.__table__, **ACTIVITY_TABLES}
    with Session(app.state.engine) as session:
        return {n: session.scalar(select(func.count()).select_from(t)) for n, t in tables.items()}


def refused(api: TestClient, kiosk: Kiosk, records: list[dict[str, Any]]) -> dict[str, Any]:
    response = api.post(
        "/api/v1/batches", json=kiosk.batch(records, contract_version=2), headers=kiosk.auth
    )
    assert response.status_code == 409, response.text
    return response.json()["detail"]


def deposit(kiosk: Kiosk, **overrides: Any) -> dict[str, Any]:
    return kiosk.record(type="deposit", **overrides)


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("deposit", "event"),
        ("event", "deposit"),
        ("event", "repair"),
        ("material_flow", "repair"),
    ],
)
def test_an_id_held_under_another_type_is_refused_by_name(
    app: FastAPI, api: TestClient, kiosk: Kiosk, first: str, then: str
) -> None:
    make = {
        "deposit": lambda **kw: deposit(kiosk, **kw),
        "event": lambda **kw: event(kiosk, AT, **kw),
        "repair": lambda **kw: repair(kiosk, AT, EVENT_ID, "toy", "fixed") | kw,
        "material_flow": lambda **kw: flow(kiosk, AT, "activity_reuse", 500, "station", **kw),
    }  # fmt: skip
    held = make[first]()
    send(api, kiosk, [held])
    before = counts(app)
    fine = deposit(kiosk)
    clash = make[then]()
    clash["id"] = held["id"]
    detail = refused(api, kiosk, [fine, clash])
    assert detail["code"] == "record_differs"
    assert (detail["record_id"], detail["index"]) == (held["id"], 1)
    assert held["id"] in detail["message"] and first in detail["message"]
    assert counts(app) == before  # the good deposit in the same batch was not kept either


def test_one_batch_holding_an_id_twice_under_two_types_is_refused(
    api: TestClient, kiosk: Kiosk
) -> None:
    first = deposit(kiosk)
    twin = event(kiosk, AT) | {"id": first["id"]}
    response = api.post(
        "/api/v1/batches", json=kiosk.batch([first, twin], contract_version=2), headers=kiosk.auth
    )
    assert response.status_code in (409, 422), response.text
    assert response.json()["detail"]["record_id"] == first["id"]
