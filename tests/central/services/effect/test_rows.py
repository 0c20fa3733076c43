"""Issue 20.5-20.6: public events, reuse both ways, residual, hazardous, people and repairs
are rows of every output (text, JSON, CSV, XLSX, the console), and a version-2 kiosk's
events get their audience by kind."""

import io
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.models import ACTIVITY_TABLES
from central.services.effect_output import LABELS_NB
from contract.effect import Row
from tests.central.conftest import Kiosk
from tests.central.console.conftest import add_user, sign_in
from tests.central.services.effect.test_pilot_table import event, flow, repair

AT = "2026-03-03T10:00:00.000000Z"
PARAMS = {"year": "2026", "station": "trosterud"}


def send_v3(api: TestClient, kiosk: Kiosk, records: list[dict[str, Any]]) -> Any:
    batch = kiosk.batch(records, contract_version=3)
    return api.post("/api/v1/batches", json=batch, headers=kiosk.auth)


def stations_figures(api: TestClient, kiosk: Kiosk) -> None:
    def deposit(category: str, grams: int, direction: str = "in") -> dict[str, Any]:
        return kiosk.record(type="deposit", category=category, weight_g=grams,
                            direction=direction, recorded_at=AT)  # fmt: skip

    # A version-2 kiosk: its course is internal, its workshop public (the default by kind).
    v2 = [event(kiosk, AT, "course", participants=6),
          event(kiosk, AT, "bike_workshop", participants=21, visitors=3)]  # fmt: skip
    batch = kiosk.batch(v2, contract_version=2)
    assert api.post("/api/v1/batches", json=batch, headers=kiosk.auth).status_code == 200
    swap = event(kiosk, AT, "clothes_swap", participants=4, visitors=70, audience="public")
    records = [
        deposit("wood", 16_000), deposit("residual_bulky", 10_000),
        deposit("clothes", 16_500), deposit("toys", 2_000, "out"),
        deposit("batteries", 1_250), deposit("paint_glue_varnish", 3_000),
        flow(kiosk, AT, "reuse_partner", 8_000, "station", note="Fretex Alna"),
        event(kiosk, AT, "course", participants=9, audience="public"),  # a course for residents
        event(kiosk, AT, "market", participants=50, audience="internal"),
        swap,
        repair(kiosk, AT, swap["id"], "bicycle", "fixed"),
        repair(kiosk, AT, swap["id"], "lamp", "end_of_life"),
    ]  # fmt: skip
    response = send_v3(api, kiosk, records)
    assert response.status_code == 200, response.text


def test_every_row_reaches_every_output(app: FastAPI, api: TestClient, kiosk: Kiosk) -> None:
    stations_figures(api, kiosk)
    with Session(app.state.engine) as session:
        events = ACTIVITY_TABLES["event"]
        stored = session.execute(select(events.c.kind, events.c.audience)).all()
    assert sorted(stored) == [("bike_workshop", "public"), ("clothes_swap", "public"),
                              ("course", "internal"), ("course", "public"),
                              ("market", "internal")]  # fmt: skip
    add_user(app, "viewer", "viewer")
    assert sign_in(api, "viewer") in (302, 303)
    rows = api.get("/api/v1/reports/effect", params=PARAMS).json()["rows"]
    expected = {
        Row.REUSED_KG: 10_000, Row.LEFT_FOR_REUSE_KG: 16_500, Row.RECYCLED_KG: 16_000,
        Row.RESIDUAL_KG: 10_000, Row.HAZARDOUS_KG: 4_250, Row.EVENTS: 3,
        Row.PARTICIPANTS: 34, Row.VISITORS: 73, Row.REPAIRS_FIXED: 1,
        Row.REPAIRS_END_OF_LIFE: 1, Row.REPAIRS_REPAIRABLE: 0,
    }  # fmt: skip
    assert {row: rows[row.value][0] for row in expected} == expected
    csv = api.get("/api/v1/reports/effect", params=PARAMS | {"format": "csv"}).content
    lines = csv.decode("utf-8-sig").splitlines()
    for row, value in expected.items():
        assert f"{LABELS_NB[row]};" in csv.decode("utf-8-sig")
        cell = str(value) if row in (Row.EVENTS, Row.PARTICIPANTS, Row.VISITORS) else None
        if cell is not None:
            assert f"{LABELS_NB[row]};{cell}" in lines
    # The effect table's CSV is in whole kg, as the pilot printed it; the XLSX holds exact kg.
    assert "kg farlig avfall, EAL 20 01 33*;1" in lines
    xlsx = api.get("/api/v1/reports/effect", params=PARAMS | {"format": "xlsx"}).content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    cells = {r[0]: r[1] for r in sheet.iter_rows(values_only=True) if r and r[0]}
    assert cells[LABELS_NB[Row.RESIDUAL_KG]] == 10.0
    assert cells[LABELS_NB[Row.PARTICIPANTS]] == 34
    assert cells["kg farlig avfall, EAL 20 01 27*"] == 3.0
    assert cells["kg farlig avfall, EAL 20 01 33*"] == 1.25
    page = api.get("/stations/trosterud/effect", params={"from_year": 2026}).text
    for row in expected:
        assert LABELS_NB[row] in page


def test_a_bad_audience_is_422_naming_it(app: FastAPI, api: TestClient, kiosk: Kiosk) -> None:
    response = send_v3(api, kiosk, [event(kiosk, AT, "market", audience="everyone")])
    assert response.status_code == 422
    assert "audience" in response.text
