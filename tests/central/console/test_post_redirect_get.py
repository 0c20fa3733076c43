"""Post/redirect/get on the forms that rendered their answer straight from the POST: publish
the catalogue, publish a station's hours, revoke a device, add a station, issue an enrolment
code. A reload of the
page that follows asks nothing and posts nothing again; its notice comes from the address
and is shown only when it is true."""

import re
from urllib.parse import quote

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.models import AuditEvent
from kiosk.domain.ids import uuid7
from tests.central.conftest import Kiosk
from tests.central.console.conftest import csrf_of
from tests.central.console.forms import form_posting_to
from tests.central.console.test_hours_pages import hours_form


def _audit_lines(app: FastAPI, action: str) -> int:
    with Session(app.state.engine) as session:
        found = select(func.count()).where(AuditEvent.action == action)
        return session.scalar(found.select_from(AuditEvent)) or 0


def _posted(client: TestClient, path: str, data: dict[str, str], location: str) -> str:
    """POST, check the 303 and where it points, then GET it twice as a reload would."""
    answer = client.post(path, data=data, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == location
    first = client.get(location)
    assert first.status_code == 200
    assert client.get(location).text == first.text  # a reload: the same page, nothing posted
    return first.text


def test_publishing_the_catalogue_redirects_and_a_reload_publishes_nothing(
    app: FastAPI, staff: dict[str, TestClient]
) -> None:
    operator = staff["operator"]
    form = form_posting_to(operator.get("/catalogue").text, "/catalogue").data()
    before = _audit_lines(app, "publish_catalogue")
    page = operator.get("/catalogue").text  # it says which version comes next
    next_version = int(page.split("Publiser versjon ", 1)[1].split("<", 1)[0])
    location = f"/catalogue?published={next_version}"
    shown = _posted(operator, "/catalogue", form, location)
    assert f"Katalogversjon {next_version} er publisert." in shown
    assert _audit_lines(app, "publish_catalogue") == before + 1
    # A stale or made-up number in the address says nothing.
    for made_up in (next_version - 1, next_version + 1):
        assert "er publisert" not in operator.get(f"/catalogue?published={made_up}").text


def test_publishing_hours_redirects_and_a_reload_publishes_nothing(
    app: FastAPI, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    operator = staff["operator"]
    path = "/stations/trosterud/hours"
    shown = _posted(operator, path, hours_form(operator), f"{path}?published=1")
    assert "versjon 1 er publisert" in shown and 'value="12:00-15:00"' in shown
    assert _audit_lines(app, "publish_hours") == 1
    assert "er publisert" not in operator.get(f"{path}?published=2").text


def test_revoking_a_device_redirects_and_a_reload_revokes_nothing(
    app: FastAPI, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    operator = staff["operator"]
    other = "/devices?revoked=" + quote(kiosk.device_id, safe="")
    assert "tilbakekalt" not in operator.get(other).text  # not revoked yet: no notice
    form = {"csrf": csrf_of(operator), "device_id": kiosk.device_id}
    shown = _posted(operator, "/devices/revoke", form, other)
    assert f"Enhet {kiosk.device_id} er tilbakekalt." in shown
    assert _audit_lines(app, "revoke_device") == 1


def test_adding_a_station_redirects_and_names_it(
    app: FastAPI, staff: dict[str, TestClient]
) -> None:
    admin = staff["admin"]
    assert "er lagret" not in admin.get("/devices?station=furuset").text  # no such station
    form = {"csrf": csrf_of(admin), "station_id": "furuset", "name": "Furuset"}
    shown = _posted(admin, "/stations", form, "/devices?station=furuset")
    assert "Stasjon furuset er lagret." in shown
    assert _audit_lines(app, "save_station") == 1


def test_an_enrolment_code_is_shown_once_after_a_redirect_and_enrols(
    app: FastAPI, api: TestClient, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    # A reload re-posted the form and issued a second code; the code now travels to the
    # page in a cookie only /devices reads, as a new feed token does, never in the address.
    operator = staff["operator"]
    form = {"csrf": csrf_of(operator), "station_id": "trosterud"}
    answer = operator.post("/devices/enrol-code", data=form, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/devices"
    page = operator.get("/devices")
    code = page.text.split('id="enrol-code">', 1)[1].split("<", 1)[0]
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code)
    assert code not in answer.headers["location"]
    assert page.headers["cache-control"] == "no-store"
    assert 'id="enrol-code"' not in operator.get("/devices").text  # shown once
    assert _audit_lines(app, "issue_enrol_code") == 1
    enrolled = api.post("/api/v1/enrol", json={"code": code, "device_id": str(uuid7())})
    assert enrolled.status_code == 200, enrolled.text
    # A cookie of another shape shows nothing and breaks nothing.
    operator.cookies.set("mg_enrol_new", "not|a-code", path="/devices")
    assert 'id="enrol-code"' not in operator.get("/devices").text
