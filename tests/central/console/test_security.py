"""Console security against a real database: roles, CSRF, logout, device tokens.

Sign-in abuse (throttling, enumeration, disabled staff) is in test_sign_in_throttle.py."""

import json
import re
from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from assets import default_catalogue_document
from central.api.routes import alerts
from central.console.main import PAGES
from central.models import AuditEvent, Device, StaffSession
from central.services import catalogue as catalogue_service
from tests.central.conftest import Kiosk
from tests.central.console.conftest import PASSWORD, add_user, csrf_of

# Public on purpose: the sign-in form itself, and the API's documentation page.
PUBLIC = {"/login", "/docs"}


def console_routes() -> list[tuple[str, str]]:
    """Every console route, read from the routers, so a route added later is covered too."""
    found = []
    routers = ((alerts.router, "/api/v1"), *((page.router, "") for page in PAGES))
    for router, prefix in routers:
        for route in router.routes:
            assert isinstance(route, APIRoute)
            path = prefix + route.path
            if path in PUBLIC:
                continue
            path = path.replace("{station_id}", "trosterud").replace("{device_id}", "dev")
            path = path.replace("{fmt}", "csv").replace("{token_id}", "1").replace("{user_id}", "1")
            found.extend((method, path) for method in route.methods)
    return found


def test_the_route_list_is_not_empty() -> None:
    # The next test loops over this list; an empty one would pass vacuously.
    assert len(console_routes()) >= 12


@pytest.mark.parametrize("method, path", console_routes())
def test_every_console_route_refuses_an_anonymous_request(
    api: TestClient, kiosk: Kiosk, method: str, path: str
) -> None:
    response = api.request(method, path, follow_redirects=False)
    if method == "GET" and not path.startswith("/api/"):
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login")
    else:
        assert response.status_code == 401


def test_a_device_token_does_not_open_the_console(api: TestClient, kiosk: Kiosk) -> None:
    page = api.get("/", headers=kiosk.auth, follow_redirects=False)
    assert page.status_code == 303
    assert api.get("/api/v1/alerts", headers=kiosk.auth).status_code == 401
    # The token itself still works where it belongs.
    assert api.get("/api/v1/devices/me/sequence", headers=kiosk.auth).status_code == 200


def test_a_staff_session_does_not_open_the_kiosk_api(
    staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    admin = staff["admin"]
    assert admin.get("/").status_code == 200  # the cookie is good here
    sequence = admin.get("/api/v1/devices/me/sequence")
    assert sequence.status_code == 401
    batch = admin.post("/api/v1/batches", json=kiosk.batch([kiosk.record()]))
    assert batch.status_code == 401


def test_a_viewer_can_read_but_not_revoke_or_publish(
    app: FastAPI, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    viewer = staff["viewer"]
    assert viewer.get("/devices").status_code == 200
    assert "Tilbakekall" not in viewer.get("/devices").text  # no button offered
    csrf = csrf_of(viewer)
    revoke = viewer.post("/devices/revoke", data={"csrf": csrf, "device_id": kiosk.device_id})
    assert revoke.status_code == 403
    publish = viewer.post(
        "/catalogue",
        data={"csrf": csrf, "count": "0", "c0_code": "x", "c0_default_weight_g": "1"},
    )
    assert publish.status_code == 403
    code = viewer.post("/devices/enrol-code", data={"csrf": csrf, "station_id": "trosterud"})
    assert code.status_code == 403
    with Session(app.state.engine) as session:
        assert session.get(Device, kiosk.device_id).revoked_at is None
        # Still the bundled catalogue central started from: nothing was published.
        bundled = default_catalogue_document()["version"]
        assert catalogue_service.latest_catalogue(session=session).version == bundled


def test_a_form_without_its_csrf_token_is_refused(
    app: FastAPI, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    admin = staff["admin"]
    path, device = "/devices/revoke", {"device_id": kiosk.device_id}
    assert admin.post(path, data=device).status_code == 403
    assert admin.post(path, data={"csrf": "guessed", **device}).status_code == 403
    with Session(app.state.engine) as session:
        assert session.get(Device, kiosk.device_id).revoked_at is None
    # The same request with the real token goes through: the refusal was the token's doing.
    assert admin.post(path, data={"csrf": csrf_of(admin), **device}).status_code == 200
    with Session(app.state.engine) as session:
        assert session.get(Device, kiosk.device_id).revoked_at is not None


def test_the_login_form_needs_its_csrf_token(app: FastAPI, api: TestClient) -> None:
    add_user(app, "anna", "admin")
    response = api.post(
        "/login", data={"username": "anna", "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 200  # the form again, with a message; no session
    assert "mg_session" not in response.cookies
    assert api.get("/", follow_redirects=False).status_code == 303


def test_a_session_cookie_is_dead_after_logout(staff: dict[str, TestClient]) -> None:
    admin = staff["admin"]
    cookie = admin.cookies["mg_session"]
    out = admin.post("/logout", data={"csrf": csrf_of(admin)}, follow_redirects=False)
    assert out.status_code == 303
    replay = TestClient(admin.app, base_url="http://central", cookies={"mg_session": cookie})
    assert replay.get("/", follow_redirects=False).status_code == 303
    assert replay.get("/api/v1/alerts").status_code == 401


def test_a_revoked_device_gets_401_device_revoked_and_its_records_stay(
    app: FastAPI, api: TestClient, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    record = kiosk.record(recorded_at=now)
    first = api.post("/api/v1/batches", json=kiosk.batch([record]), headers=kiosk.auth)
    assert first.status_code == 200
    operator = staff["operator"]
    revoked = operator.post(
        "/devices/revoke", data={"csrf": csrf_of(operator), "device_id": kiosk.device_id}
    )
    assert revoked.status_code == 200
    refused = api.post("/api/v1/batches", json=kiosk.batch([kiosk.record()]), headers=kiosk.auth)
    assert refused.status_code == 401
    assert refused.json()["detail"]["code"] == "device_revoked"
    assert api.get("/stations/trosterud", follow_redirects=False).status_code == 303
    figures = operator.get("/stations/trosterud/figures.csv").content.decode("utf-8-sig")
    assert "Trevirke;wood;materialgjenvinning;inn;1,5;1,5;1,5" in figures
    with Session(app.state.engine) as session:
        audit = session.scalars(select(AuditEvent).where(AuditEvent.action == "revoke_device"))
        assert [(e.actor, e.target) for e in audit] == [("operator", kiosk.device_id)]


def test_publishing_a_bad_catalogue_names_the_field_and_changes_nothing(
    app: FastAPI, staff: dict[str, TestClient]
) -> None:
    operator = staff["operator"]
    with Session(app.state.engine) as session:
        current = json.loads(catalogue_service.latest_catalogue(session=session).document)
    form = {"csrf": csrf_of(operator), "count": str(len(current["categories"]))}
    for i, c in enumerate(current["categories"]):
        form |= {
            f"c{i}_code": c["code"],
            f"c{i}_kind": c["kind"],
            f"c{i}_name_nb": c["names"]["nb"],
            f"c{i}_name_en": c["names"]["en"],
            f"c{i}_default_weight_g": str(c["default_weight_g"]),
            f"c{i}_ewc": ", ".join(c["ewc"]),
            f"c{i}_ns": c["ns"] or "",
        } | ({f"c{i}_active": "on"} if c["active"] else {})
    bad = operator.post("/catalogue", data=form | {"c0_default_weight_g": "ten kilos"})
    assert bad.status_code == 400
    assert "wood: default_weight_g: må være et helt tall" in bad.text
    good = operator.post("/catalogue", data=form | {"c0_name_nb": "Treverk"})
    assert good.status_code == 200, good.text
    with Session(app.state.engine) as session:
        latest = catalogue_service.latest_catalogue(session=session)
        assert latest.version == default_catalogue_document()["version"] + 1
        assert json.loads(latest.document)["categories"][0]["names"]["nb"] == "Treverk"
        assert len(json.loads(latest.document)["categories"]) == len(current["categories"])


def test_sign_in_returns_to_the_page_asked_for_but_never_off_site(
    app: FastAPI, api: TestClient
) -> None:
    add_user(app, "anna", "viewer")
    asked = api.get("/audit", follow_redirects=False).headers["location"]
    form = api.get(asked).text
    assert 'name="next" value="/audit"' in form
    for target, lands in (
        ("/audit", "/audit"),
        ("//evil.example/x", "/"),
        ("/\\evil.example", "/"),
        ("https://e.x", "/"),
    ):
        token = re.search(r'name="csrf" value="([^"]+)"', api.get("/login").text).group(1)
        data = {"username": "anna", "password": PASSWORD, "csrf": token, "next": target}
        response = api.post("/login", data=data, follow_redirects=False)
        assert response.headers["location"] == lands


def test_an_expired_session_signs_no_one_in(app: FastAPI, staff: dict[str, TestClient]) -> None:
    viewer = staff["viewer"]
    assert viewer.get("/", follow_redirects=False).status_code == 200
    with Session(app.state.engine) as session:
        session.execute(update(StaffSession).values(expires_at=datetime.now(UTC)))
        session.commit()
    assert viewer.get("/", follow_redirects=False).status_code == 303
