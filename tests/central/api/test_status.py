"""POST /devices/me/status: the kiosk's backlog report, stored on its device row."""

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from central.models import Device
from tests.central.conftest import Kiosk

REPORT = {
    "app_version": "1.4.0",
    "pending": 12,
    "quarantined": 1,
    "oldest_pending_at": "2026-11-26T09:00:00Z",
    "sent_at": "2026-11-26T10:00:00Z",
}


def test_a_status_report_is_stored_on_the_device(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    response = api.post("/api/v1/devices/me/status", json=REPORT, headers=kiosk.auth)
    assert response.status_code == 204
    empty = dict(REPORT, pending=0, quarantined=0, oldest_pending_at=None)
    assert api.post("/api/v1/devices/me/status", json=empty, headers=kiosk.auth).status_code == 204
    with Session(app.state.engine) as session:
        device = session.get(Device, kiosk.device_id)
        assert (device.app_version, device.pending, device.quarantined) == ("1.4.0", 0, 0)
        assert device.oldest_pending_at is None
        assert device.reported_at is not None


def test_a_bad_status_report_is_422_naming_the_field_and_changes_nothing(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    bad = dict(REPORT, pending=-1)
    response = api.post("/api/v1/devices/me/status", json=bad, headers=kiosk.auth)
    assert response.status_code == 422
    assert response.json()["detail"]["message"].startswith("pending")
    assert api.post("/api/v1/devices/me/status", json=REPORT).status_code == 401
    with Session(app.state.engine) as session:
        assert session.get(Device, kiosk.device_id).reported_at is None
