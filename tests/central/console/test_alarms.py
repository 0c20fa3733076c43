"""Fleet alarms and the CLI's staff commands, against a real database."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from central.cli import main as cli
from central.core.config import Settings
from central.models import AuditEvent, Batch, Device, StaffUser
from central.services import auth
from tests.central.conftest import Kiosk, enrol_kiosk
from tests.central.console.conftest import make_silent
from tests.helpers.central_app import central_app


def test_a_healthy_device_has_no_alarm(staff: dict[str, TestClient], kiosk: Kiosk) -> None:
    assert staff["viewer"].get("/api/v1/alerts").json() == []


def test_silence_clock_and_gap_become_alarms(
    app: FastAPI, api: TestClient, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    # seq 1 and 3 arrive, 2 does not: a gap after 1.
    first, _, third = kiosk.record(), kiosk.record(), kiosk.record()
    sent = api.post("/api/v1/batches", json=kiosk.batch([first, third]), headers=kiosk.auth)
    assert sent.status_code == 200
    with Session(app.state.engine) as session:
        session.execute(update(Device).values(clock_offset_s=-420.0))
        # The gap was first seen at a sync 60 h ago; the last contact, 50 h ago, still had it.
        session.execute(update(Batch).values(received_at=datetime.now(UTC) - timedelta(hours=60)))
        session.commit()
    make_silent(app, kiosk.device_id, hours=50)
    alerts = staff["viewer"].get("/api/v1/alerts").json()
    by_kind = {a["kind"]: a for a in alerts}
    assert set(by_kind) == {"silent", "clock", "gap"}
    assert by_kind["silent"]["hours"] == 50
    assert by_kind["clock"]["seconds"] == -420
    assert (by_kind["gap"]["after"], by_kind["gap"]["highest"]) == (1, 3)
    assert all(a["device_id"] == kiosk.device_id for a in alerts)
    page = staff["viewer"].get("/").text
    assert "Stille i 50 timer" in page
    assert "Klokka går feil med -420 s" in page
    # The overview says in words how far central holds the kiosk's numbered records.
    assert "Poster mottatt (kiosken nummererer dem 1, 2, 3 …)" in page
    assert "<td>uten hull til nr. 1 av 3</td>" in page
    english = staff["viewer"].get("/?lang=en").text
    assert "<td>without gaps to no. 1 of 3</td>" in english
    device = staff["viewer"].get(f"/devices/{kiosk.device_id}?lang=nb").text
    assert "<dd>uten hull til nr. 1 (kiosken nummererer dem 1, 2, 3 …)</dd>" in device


def test_records_quarantined_on_a_kiosk_are_an_alarm(
    app: FastAPI, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    with Session(app.state.engine) as session:
        session.execute(update(Device).values(quarantined=2, pending=0))
        session.commit()
    alerts = staff["viewer"].get("/api/v1/alerts").json()
    assert [(a["kind"], a["count"]) for a in alerts] == [("quarantined", 2)]
    assert "2 poster i karantene på kiosken" in staff["viewer"].get("/").text
    with Session(app.state.engine) as session:
        session.execute(update(Device).values(quarantined=0))
        session.commit()
    assert staff["viewer"].get("/api/v1/alerts").json() == []


def test_a_device_silent_under_the_limit_is_not_an_alarm(
    app: FastAPI, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    make_silent(app, kiosk.device_id, hours=47)
    assert staff["viewer"].get("/api/v1/alerts").json() == []


def test_a_revoked_device_raises_no_alarm(
    app: FastAPI, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    make_silent(app, kiosk.device_id, hours=100)
    with Session(app.state.engine) as session:
        session.execute(update(Device).values(revoked_at=datetime.now(UTC) - timedelta(hours=1)))
        session.commit()
    assert staff["viewer"].get("/api/v1/alerts").json() == []


def test_cli_add_user_then_revoke(
    app: FastAPI, kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    url = app.state.settings.db_url
    monkeypatch.setenv("KIOSK_CENTRAL_NEW_PASSWORD", "short")
    assert cli(["--db-url", url, "add-user", "anna"]) == 1
    assert "at least 10 characters" in capsys.readouterr().err
    monkeypatch.setenv("KIOSK_CENTRAL_NEW_PASSWORD", "a long enough password")
    assert cli(["--db-url", url, "add-user", "anna"]) == 0
    assert cli(["--db-url", url, "revoke", "no-such-device"]) == 1
    assert cli(["--db-url", url, "revoke", kiosk.device_id]) == 0
    with Session(app.state.engine) as session:
        user = session.scalar(select(StaffUser))
        assert (user.username, user.role) == ("anna", "admin")
        assert user.password_hash.startswith("$argon2id$")
        assert session.get(Device, kiosk.device_id).revoked_at is not None
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
        assert actions == ["add_user", "revoke_device"]
        signed = auth.sign_in(session=session, username="anna", password="a long enough password")
        assert signed.id == user.id


MONITORING_TOKEN = "monitoring-token-for-tests-0123456789"


@pytest.fixture
def monitored(central_settings: Settings) -> Iterator[tuple[FastAPI, TestClient]]:
    with (
        central_app(central_settings, monitoring_token=MONITORING_TOKEN) as app,
        TestClient(app, base_url="http://central") as client,
    ):
        yield app, client


def test_monitoring_token_reads_alerts_but_a_device_token_does_not(
    monitored: tuple[FastAPI, TestClient],
) -> None:
    app, api = monitored
    kiosk = enrol_kiosk(app, api)
    make_silent(app, kiosk.device_id)
    bearer = {"Authorization": f"Bearer {MONITORING_TOKEN}"}
    alerts = api.get("/api/v1/alerts", headers=bearer).json()
    assert [a["kind"] for a in alerts] == ["silent"]
    assert api.get("/api/v1/alerts", headers=kiosk.auth).status_code == 401
    wrong = {"Authorization": f"Bearer {MONITORING_TOKEN}x"}
    assert api.get("/api/v1/alerts", headers=wrong).status_code == 401
    assert api.get("/api/v1/alerts").status_code == 401
    # The monitoring token opens nothing else.
    assert api.get("/devices", headers=bearer, follow_redirects=False).status_code == 303


def test_without_a_monitoring_token_setting_no_bearer_is_accepted(api: TestClient) -> None:
    assert api.get("/api/v1/alerts", headers={"Authorization": "Bearer "}).status_code == 401
