"""GET /api/v1/hours: the enrolled device's station's hours, versioned; publishing refuses
bad documents naming the field and writes nothing (SQLite and PostgreSQL)."""

from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.errors import Invalid, NotFound
from central.models import StationHoursVersion
from central.services import hours
from central.services.revocation import revoke_device
from tests.central.conftest import Kiosk, add_station
from tests.central.console.conftest import add_user, sign_in

WINTER: dict[str, Any] = {
    "outside_hours": "closed",
    "weekly": {"mon": ["11:00-16:00"], "thu": ["11:00-18:00"]},
    "seasons": [
        {
            "name": "Vinter",
            "from": "2026-11-01",
            "to": "2027-03-31",
            "weekly": {"thu": ["12:00-15:00"]},
        }
    ],
    "exceptions": [{"date": "2026-12-24", "reason": "holiday", "note": "Julaften"}],
}


def publish(app: FastAPI, station_id: str, document: dict[str, Any]) -> int:
    with Session(app.state.engine) as session:
        row = hours.publish_hours(
            now=datetime.now(UTC),
            session=session,
            station_id=station_id,
            document=document,
            actor="test",
        )
        session.commit()
        return row.version


def test_nothing_published_answers_version_zero(api: TestClient, kiosk: Kiosk) -> None:
    answer = api.get("/api/v1/hours", headers=kiosk.auth)
    assert answer.status_code == 200
    assert answer.json()["changed"] is False and answer.json()["version"] == 0


def test_published_hours_reach_the_station_s_device_once(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    assert publish(app, kiosk.station_id, WINTER) == 1
    assert publish(app, kiosk.station_id, {**WINTER, "outside_hours": "usable"}) == 2
    answer = api.get("/api/v1/hours", params={"since": 1}, headers=kiosk.auth).json()
    assert answer["changed"] is True and answer["version"] == 2
    assert answer["hours"]["station_id"] == kiosk.station_id
    assert answer["hours"]["outside_hours"] == "usable"
    assert answer["hours"]["seasons"][0]["name"] == "Vinter"
    again = api.get("/api/v1/hours", params={"since": 2}, headers=kiosk.auth).json()
    assert again["changed"] is False and "server_time" in again


def test_another_station_s_hours_are_not_sent(app: FastAPI, api: TestClient, kiosk: Kiosk) -> None:
    add_station(app, "furuset")
    publish(app, "furuset", WINTER)
    assert api.get("/api/v1/hours", headers=kiosk.auth).json()["version"] == 0


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer nope"}])
def test_hours_need_a_device_token(api: TestClient, headers: dict[str, str]) -> None:
    assert api.get("/api/v1/hours", headers=headers).status_code == 401


@pytest.mark.parametrize("since", ["-1", "x", str(2**31)])
def test_bad_since_is_422_naming_it(api: TestClient, kiosk: Kiosk, since: str) -> None:
    answer = api.get("/api/v1/hours", params={"since": since}, headers=kiosk.auth)
    assert answer.status_code == 422
    assert "since" in answer.text


def test_invalid_document_names_the_field_and_writes_nothing(app: FastAPI, kiosk: Kiosk) -> None:
    bad = {**WINTER, "exceptions": [{"date": "2026-02-30", "reason": "holiday"}]}
    with pytest.raises(Invalid, match=r"exceptions\[0\]\.date"):
        publish(app, kiosk.station_id, bad)
    with pytest.raises(NotFound):
        publish(app, "nowhere", WINTER)
    with Session(app.state.engine) as session:
        assert session.scalar(select(func.count()).select_from(StationHoursVersion)) == 0


def test_a_revoked_device_gets_no_hours(app: FastAPI, api: TestClient, kiosk: Kiosk) -> None:
    publish(app, kiosk.station_id, WINTER)
    with Session(app.state.engine) as session:
        revoke_device(now=datetime.now(UTC), session=session, device_id=kiosk.device_id)
        session.commit()
    answer = api.get("/api/v1/hours", headers=kiosk.auth)
    assert answer.status_code == 401 and answer.json()["detail"]["code"] == "device_revoked"


def test_a_staff_session_does_not_open_the_hours_api(app: FastAPI, kiosk: Kiosk) -> None:
    add_user(app, "anna", "admin")
    with TestClient(app, base_url="http://central") as admin:
        assert sign_in(admin, "anna") == 303
        assert admin.get("/").status_code == 200  # the session is good on the console
        assert admin.get("/api/v1/hours").status_code == 401


def test_the_fleet_reads_each_station_s_newest_hours(app: FastAPI, kiosk: Kiosk) -> None:
    add_station(app, "furuset")
    publish(app, kiosk.station_id, WINTER)
    publish(app, kiosk.station_id, {**WINTER, "outside_hours": "usable"})
    publish(app, "furuset", {**WINTER, "weekly": {"fri": ["09:00-10:00"]}})
    with Session(app.state.engine) as session:
        in_force = hours.all_hours_in_force(session=session)
    assert sorted(in_force) == ["furuset", kiosk.station_id]
    assert (in_force[kiosk.station_id].version, in_force[kiosk.station_id].outside_hours) == (
        2,
        "usable",
    )
    assert in_force["furuset"].version == 1


RECURRING: dict[str, Any] = {
    **WINTER,
    "seasons": [{**WINTER["seasons"][0], "from": "11-01", "to": "03-31"}],
}


@pytest.mark.parametrize("path", ["/api/v1/hours", "/api/v1/devices/me/check-in"])
def test_a_kiosk_of_the_previous_release_is_sent_recurring_seasons_as_dates(
    app: FastAPI, api: TestClient, kiosk: Kiosk, path: str
) -> None:
    """A kiosk that does not say it reads recurring seasons would refuse them (its rule:
    YYYY-MM-DD) and keep older hours: it is sent their dated occurrences instead."""
    from tests.central.api.test_status import REPORT  # test_check_in imports this module

    publish(app, kiosk.station_id, RECURRING)

    def seasons(**params: int) -> list[tuple[str, str]]:
        if path.endswith("check-in"):
            body = {"status": REPORT, "catalogue_since": 0, "hours_since": 0}
            answer = api.post(path, json=body, params=params, headers=kiosk.auth).json()["hours"]
        else:
            answer = api.get(path, params=params, headers=kiosk.auth).json()
        return [(s["from"], s["to"]) for s in answer["hours"]["seasons"]]

    older = seasons()
    assert older and all(len(day) == 10 for pair in older for day in pair)
    assert ("11-01", "03-31") not in older
    assert seasons(hours_format=2) == [("11-01", "03-31")]
    refused = api.get("/api/v1/hours", params={"hours_format": 0}, headers=kiosk.auth)
    assert refused.status_code == 422 and "hours_format" in refused.text
