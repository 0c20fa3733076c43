"""The fleet's signed updates on central (SQLite and PostgreSQL): a kiosk reports its versions
and learns its channel; admins put a station, or one device, on the pilot channel; the rollout
page shows versions, staged releases and rollbacks with their reason."""

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.models import AuditEvent
from tests.central.conftest import Kiosk, enrol_kiosk
from tests.central.console.conftest import csrf_of

ROLLED_BACK = {
    "version": "0.3.0rc1",
    "outcome": "rolled_back",
    "reason": "no first frame after 2 starts",
    "at": "2026-12-08T01:40:00Z",
}


def _report(api: TestClient, kiosk: Kiosk, **body: Any) -> Any:
    return api.post(
        "/api/v1/devices/me/update",
        json={"running_version": "0.2.0", **body},
        headers=kiosk.auth,
    )


def test_a_kiosk_follows_its_station_unless_it_has_a_channel_of_its_own(
    app: FastAPI, api: TestClient, staff: dict[str, TestClient]
) -> None:
    first = enrol_kiosk(app, api, "trosterud")
    other = enrol_kiosk(app, api, "furuset")
    assert _report(api, first).json() == {"channel": "stable"}

    admin = staff["admin"]
    moved = admin.post(
        "/updates/channel",
        data={"csrf": csrf_of(admin), "station_id": "trosterud", "channel": "pilot"},
        follow_redirects=False,
    )
    assert moved.status_code == 303  # post/redirect/get
    assert _report(api, first).json() == {"channel": "pilot"}
    assert _report(api, other).json() == {"channel": "stable"}

    own = admin.post(
        "/updates/channel",
        data={"csrf": csrf_of(admin), "device_id": first.device_id, "channel": "stable"},
        follow_redirects=False,
    )
    assert own.status_code == 303
    assert _report(api, first).json() == {"channel": "stable"}
    with Session(app.state.engine) as session:
        actions = session.scalars(
            select(AuditEvent.target).where(AuditEvent.action == "set_update_channel")
        ).all()
    assert actions == ["station trosterud: pilot", f"device {first.device_id}: stable"]


def test_the_rollout_page_shows_versions_staged_and_rolled_back_with_the_reason(
    app: FastAPI, api: TestClient, staff: dict[str, TestClient]
) -> None:
    first = enrol_kiosk(app, api, "trosterud")
    second = enrol_kiosk(app, api, "furuset")
    assert _report(api, first, staged_version="0.3.0", last={**ROLLED_BACK}).status_code == 200
    assert _report(api, second, running_version="0.3.0").status_code == 200
    page = staff["viewer"].get("/updates")
    assert page.status_code == 200
    assert "no first frame after 2 starts" in page.text
    assert first.device_id in page.text and "0.3.0rc1" in page.text
    assert page.text.count('action="/updates/channel"') == 0  # viewers see, admins change
    assert staff["admin"].get("/updates").text.count('action="/updates/channel"') == 4


def test_bad_reports_and_channels_are_refused_naming_the_field_and_change_nothing(
    app: FastAPI, api: TestClient, staff: dict[str, TestClient]
) -> None:
    kiosk = enrol_kiosk(app, api, "trosterud")
    bad = _report(api, kiosk, last={**ROLLED_BACK, "outcome": "exploded"})
    assert bad.status_code == 422 and "outcome" in bad.text
    long = _report(api, kiosk, running_version="x" * 65)
    assert long.status_code == 422 and "running_version" in long.text
    assert api.post("/api/v1/devices/me/update", json={"running_version": "1"}).status_code == 401

    admin = staff["admin"]
    wrong = admin.post(
        "/updates/channel",
        data={"csrf": csrf_of(admin), "station_id": "trosterud", "channel": "nightly"},
        follow_redirects=False,
    )
    assert wrong.status_code == 422 and "channel" in wrong.text
    unknown = admin.post(
        "/updates/channel",
        data={"csrf": csrf_of(admin), "station_id": "nowhere", "channel": "pilot"},
        follow_redirects=False,
    )
    assert unknown.status_code == 404
    operator = staff["operator"]
    refused = operator.post(
        "/updates/channel",
        data={"csrf": csrf_of(operator), "station_id": "trosterud", "channel": "pilot"},
        follow_redirects=False,
    )
    assert refused.status_code == 403
    assert _report(api, kiosk).json() == {"channel": "stable"}
