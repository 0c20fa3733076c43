"""Issue 20.1: the seq bookkeeping runs across every record type, not deposits alone.

A device whose first and last records are not deposits has no gap reported for seqs central
holds, and a takeover of a device whose newest record is an event goes on above it (no 409).
"""

from datetime import UTC, datetime, timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from central.services.alarms import fleet
from tests.central.conftest import Kiosk, add_station, issue_code
from tests.central.services.effect.test_pilot_table import event, flow, send

AT = "2026-06-01T17:00:00.000000Z"


def enrol(api: TestClient, app: FastAPI, *, takeover: bool = False) -> dict:
    response = api.post(
        "/api/v1/enrol",
        json={"code": issue_code(app, "trosterud"), "device_id": "kiosk-1", "takeover": takeover},
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_first_and_last_records_not_deposits_leave_no_gap(app: FastAPI, api: TestClient) -> None:
    add_station(app, "trosterud")
    kiosk = Kiosk("kiosk-1", "trosterud", enrol(api, app)["token"])
    send(api, kiosk, [flow(kiosk, AT, "activity_reuse", 500, "station"),
                      kiosk.record(type="deposit"), event(kiosk, AT)])  # fmt: skip
    state = api.get("/api/v1/devices/me/sequence", headers=kiosk.auth).json()
    assert (state["highest_contiguous_seq"], state["highest_seq"], state["gaps"]) == (3, 3, [])
    # The console's "Sekvens" column and the gap alarm read the same: no gap.
    with Session(app.state.engine) as session:
        stations = fleet(
            session=session,
            silent_after=timedelta(days=2),
            clock_limit_s=300,
            now=datetime.now(UTC),
        )
    (device,) = [d for s in stations for d in s.devices]
    assert (device.highest_contiguous_seq, device.highest_seq, device.alarms) == (3, 3, [])


def test_a_gap_below_a_non_deposit_is_still_reported(app: FastAPI, api: TestClient) -> None:
    add_station(app, "trosterud")
    kiosk = Kiosk("kiosk-1", "trosterud", enrol(api, app)["token"])
    kiosk.next_seq = 3
    send(api, kiosk, [flow(kiosk, AT, "activity_reuse", 500, "station"), event(kiosk, AT)])
    state = api.get("/api/v1/devices/me/sequence", headers=kiosk.auth).json()
    assert (state["highest_seq"], state["gaps"]) == (4, [{"first": 1, "last": 2}])


def test_a_takeover_after_an_event_goes_on_without_a_409(app: FastAPI, api: TestClient) -> None:
    add_station(app, "trosterud")
    old = Kiosk("kiosk-1", "trosterud", enrol(api, app)["token"])
    send(api, old, [old.record(type="deposit"), event(old, AT)])
    again = enrol(api, app, takeover=True)
    assert again["highest_seq"] == 2
    new = Kiosk("kiosk-1", "trosterud", again["token"], next_seq=again["highest_seq"] + 1)
    send(api, new, [new.record(type="deposit")])
    state = api.get("/api/v1/devices/me/sequence", headers=new.auth).json()
    assert (state["highest_contiguous_seq"], state["gaps"]) == (3, [])
