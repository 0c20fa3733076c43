"""Identifiers that become paths: one rule where an id enters (enrol, stations, catalogue
codes), ids quoted wherever a page puts them in a URL, and no page posts to a path an id
could bend into another route. Ids stored before the rule still work by a safe route."""

import html
import re
from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from assets import default_catalogue_document
from central.cli import main as central_main
from central.core.security import hash_secret
from central.models import Device, Station
from central.services import catalogue as catalogue_service
from tests.central.conftest import add_station, issue_code
from tests.central.console.conftest import csrf_of

HOSTILE = [".", "..", "../catalogue?x", "a/b", "a b", "x#y", "%2e%2e", "-lead", "\u00e6", ""]

# The catalogue central seeds itself with: what assets ship (nothing published since).
BUNDLED = default_catalogue_document()["version"]


@pytest.mark.parametrize("device_id", HOSTILE)
def test_enrol_refuses_a_device_id_outside_the_rule(
    app: FastAPI, api: TestClient, device_id: str
) -> None:
    add_station(app, "trosterud")
    code = issue_code(app, "trosterud")
    response = api.post("/api/v1/enrol", json={"code": code, "device_id": device_id})
    assert response.status_code == 422
    assert "device_id" in response.json()["detail"]["message"]
    with Session(app.state.engine) as session:
        assert session.get(Device, device_id) is None
    # The same code still works for a good id: the refusal used nothing up.
    good = api.post("/api/v1/enrol", json={"code": code, "device_id": "kiosk-1.a_b"})
    assert good.status_code == 200, good.text


@pytest.mark.parametrize("station_id", ["..", "a/b", "a?b", "x" * 65])
def test_a_station_id_outside_the_rule_is_refused_by_the_cli_and_the_console(
    app: FastAPI,
    staff: dict[str, TestClient],
    station_id: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = app.state.settings.db_url
    assert central_main(["--db-url", url, "add-station", station_id, "Name"]) == 1
    assert "station_id must be 1..64 letters" in capsys.readouterr().err
    admin = staff["admin"]
    form = {"csrf": csrf_of(admin), "station_id": station_id, "name": "Name"}
    assert admin.post("/stations", data=form).status_code == 422
    with Session(app.state.engine) as session:
        assert session.get(Station, station_id) is None
    ok = {**form, "station_id": "Furuset-2"}
    assert admin.post("/stations", data=ok).status_code == 200


def test_a_catalogue_code_outside_the_rule_is_refused(
    app: FastAPI, staff: dict[str, TestClient]
) -> None:
    operator = staff["operator"]
    form = {
        "csrf": csrf_of(operator),
        "count": "0",
        "c0_code": "=HYPERLINK(x)",
        "c0_kind": "recycling",
        "c0_name_nb": "Tre",
        "c0_default_weight_g": "100",
        "c0_active": "on",
    }
    refused = operator.post("/catalogue", data=form)
    assert refused.status_code == 400
    assert "categories[0].code: must be 1..64 letters" in html.unescape(refused.text)
    with Session(app.state.engine) as session:
        assert catalogue_service.latest_catalogue(session=session).version == BUNDLED


def legacy_device(app: FastAPI, device_id: str, token: str) -> None:
    """A device stored before ids were checked (an old enrolment, a crafted USB stick)."""
    with Session(app.state.engine) as session:
        session.add(
            Device(
                id=device_id,
                station_id="trosterud",
                token_hash=hash_secret(token, key=app.state.key),
                enrolled_at=datetime.now(UTC),
                highest_contiguous_seq=0,
            )
        )
        session.commit()


@pytest.mark.parametrize("device_id", [".", "..", "../catalogue?x"])
def test_a_device_stored_with_a_bad_id_is_revoked_from_the_console_and_nothing_else_happens(
    app: FastAPI, api: TestClient, staff: dict[str, TestClient], device_id: str
) -> None:
    add_station(app, "trosterud")
    token = "legacy-token-" + str(len(device_id))
    legacy_device(app, device_id, token)
    bearer = {"Authorization": f"Bearer {token}"}
    assert api.get("/api/v1/devices/me/sequence", headers=bearer).status_code == 200

    operator = staff["operator"]
    page = operator.get("/devices").text
    # The page names the device in the form, never in the form's path.
    forms = re.findall(r'<form method="post" action="([^"]+)"[^>]*>\s*(.*?)</form>', page, re.S)
    revoke = [(action, body) for action, body in forms if "Tilbakekall" in body]
    assert [action for action, _ in revoke] == ["/devices/revoke"]
    assert f'name="device_id" value="{html.escape(device_id)}"' in revoke[0][1]

    answer = operator.post(
        "/devices/revoke", data={"csrf": csrf_of(operator), "device_id": device_id}
    )
    assert answer.status_code == 200
    refused = api.get("/api/v1/devices/me/sequence", headers=bearer)
    assert refused.status_code == 401
    assert refused.json()["detail"]["code"] == "device_revoked"
    with Session(app.state.engine) as session:
        assert session.get(Device, device_id).revoked_at is not None
        # The catalogue the old path led to ("/catalogue?x/revoke") was never published.
        assert catalogue_service.latest_catalogue(session=session).version == BUNDLED


def test_every_id_in_a_console_url_is_quoted(app: FastAPI, staff: dict[str, TestClient]) -> None:
    # A station stored before the rule, with characters a URL gives meaning to.
    with Session(app.state.engine) as session:
        session.add(Station(id="x?y#z", name="Gammel", created_at=datetime.now(UTC)))
        session.commit()
    viewer = staff["viewer"]
    overview = viewer.get("/").text
    assert 'href="/stations/x%3Fy%23z"' in overview
    for path in ("/stations/x%3Fy%23z", "/stations/x%3Fy%23z/effect?from_year=2026"):
        page = viewer.get(path)
        assert page.status_code == 200, path
        hrefs = re.findall(r'(?:href|action|hx-get)="([^"]+)"', page.text)
        own = [h for h in hrefs if "x%3Fy%23z" in h or "x?y" in h]
        assert own and all("x%3Fy%23z" in h for h in own), own
        # The effect form (and its CSV/XLSX buttons) posts back to the quoted station path.
        assert any(html.unescape(h) == "/stations/x%3Fy%23z/effect" for h in own), own
