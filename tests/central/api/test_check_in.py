"""POST /api/v1/devices/me/check-in: one request starts a sync pass. It stores the kiosk's
status and answers central's clock, the newer catalogue and the station's newer hours; a bad
body is a 422 naming the field and writes nothing (SQLite and PostgreSQL)."""

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from central.models import Device
from central.services import catalogue
from contract import CONTRACT_VERSION
from tests.central.api.test_hours import WINTER, publish
from tests.central.api.test_status import REPORT
from tests.central.conftest import Kiosk, add_station

PATH = "/api/v1/devices/me/check-in"


def body(**changes: Any) -> dict[str, Any]:
    return {"status": REPORT, "catalogue_since": 0, "hours_since": 0} | changes


def test_a_check_in_stores_the_status_and_answers_what_is_newer(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    publish(app, kiosk.station_id, WINTER)
    answer = api.post(PATH, json=body(catalogue_since=99), headers=kiosk.auth)
    assert answer.status_code == 200
    got = answer.json()
    assert got["catalogue"]["changed"] is False
    assert got["catalogue"]["contract_version"] == CONTRACT_VERSION
    assert "server_time" in got["catalogue"]
    assert got["hours"]["changed"] is True and got["hours"]["version"] == 1
    assert got["hours"]["hours"]["station_id"] == kiosk.station_id
    with Session(app.state.engine) as session:
        device = session.get(Device, kiosk.device_id)
        assert (device.app_version, device.pending, device.quarantined) == ("1.4.0", 12, 1)
        assert device.reported_at is not None
    again = api.post(PATH, json=body(catalogue_since=99, hours_since=1), headers=kiosk.auth)
    assert again.json()["hours"]["changed"] is False


def test_a_check_in_answers_the_newer_catalogue_as_get_catalog_does(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    with Session(app.state.engine) as session:
        published = catalogue.latest_catalogue(session=session)
    assert published is not None
    since = published.version - 1
    got = api.post(PATH, json=body(catalogue_since=since), headers=kiosk.auth).json()
    plain = api.get("/api/v1/catalog", params={"since": since}).json()
    for answer in (got["catalogue"], plain):
        del answer["server_time"]
    assert got["catalogue"] == plain and plain["changed"] is True


def test_hours_of_another_station_never_reach_the_device(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    add_station(app, "furuset")
    publish(app, "furuset", WINTER)
    got = api.post(PATH, json=body(), headers=kiosk.auth).json()
    assert got["hours"]["changed"] is False and got["hours"]["version"] == 0


def test_a_bad_check_in_is_422_naming_the_field_and_writes_nothing(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    bad = [
        (body(hours_since=-1), "hours_since"),
        (body(catalogue_since="3"), "catalogue_since"),
        (body(status=dict(REPORT, pending=-1)), "status.pending"),
        (body(extra=1), "extra"),
        ({"catalogue_since": 0, "hours_since": 0}, "status"),
    ]
    for payload, field in bad:
        answer = api.post(PATH, json=payload, headers=kiosk.auth)
        assert answer.status_code == 422, payload
        assert answer.json()["detail"]["message"].startswith(field), answer.json()
    unreadable = {**kiosk.auth, "Content-Type": "application/json"}
    assert api.post(PATH, content=b"\xff{", headers=unreadable).status_code == 400
    assert api.post(PATH, json=body()).status_code == 401
    with Session(app.state.engine) as session:
        assert session.get(Device, kiosk.device_id).reported_at is None
