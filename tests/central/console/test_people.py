"""The People page over HTTP: admins add, disable, enable, re-password and re-role users;
the last active admin stays; every change is post/redirect/get with one audit line."""

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.cli import main as cli
from central.models import AuditEvent, StaffUser
from tests.central.console.conftest import PASSWORD, csrf_of, sign_in
from tests.central.console.forms import form_posting_to

NEW_PASSWORD = "another long password"


def _user_id(app: FastAPI, username: str) -> int:
    with Session(app.state.engine) as session:
        return session.scalar(select(StaffUser.id).where(StaffUser.username == username))


def _actions(app: FastAPI) -> list[tuple[str, str, str]]:
    with Session(app.state.engine) as session:
        rows = session.execute(
            select(AuditEvent.actor, AuditEvent.action, AuditEvent.target).order_by(AuditEvent.id)
        ).all()
    return [tuple(r) for r in rows if r[1] not in ("sign_in", "sign_out")]


def _post(client: TestClient, action: str, **fields: str) -> object:
    """Post the page's own form to ``action`` with ``fields`` filled in, as staff would."""
    form = form_posting_to(client.get("/users").text, action)
    return client.post(action, data={**form.data(), **fields}, follow_redirects=False)


def test_an_admin_adds_a_user_who_can_then_sign_in(
    app: FastAPI, staff: dict[str, TestClient]
) -> None:
    admin = staff["admin"]
    response = _post(
        admin,
        "/users",
        username="kari",
        role="operator",
        password=NEW_PASSWORD,
        password_again=NEW_PASSWORD,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/users?done=added&user=kari"
    page = admin.get(response.headers["location"])
    assert "Brukeren kari er lagt til." in page.text
    assert _actions(app) == [("admin", "add_user", "kari")]
    with TestClient(app, base_url="http://central") as kari:
        assert sign_in(kari, "kari", NEW_PASSWORD) == 303
        assert "Logget inn som kari (operator)" in kari.get("/").text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"password_again": "not the same password"}, "De to passordene er ulike."),
        ({"password": "short", "password_again": "short"}, "Et passord må ha minst 10 tegn."),
        ({"username": "operator"}, "Det finnes allerede en bruker som heter operator."),
        ({"username": "oidc:kari"}, "Navn som begynner med oidc: er holdt av"),
        ({"username": "  "}, "En bruker må ha et brukernavn."),
        ({"role": "owner"}, "Ukjent rolle."),
    ],
)
def test_a_refused_new_user_is_named_in_norwegian_and_nothing_is_written(
    app: FastAPI, staff: dict[str, TestClient], fields: dict[str, str], message: str
) -> None:
    base = {"username": "kari", "role": "viewer", "password": NEW_PASSWORD}
    base["password_again"] = base["password"]
    if "password" in fields:
        base["password_again"] = fields["password"]
    response = _post(staff["admin"], "/users", **{**base, **fields})
    assert response.status_code == 400
    assert message in response.text
    assert _actions(app) == []
    assert _user_id(app, "kari") is None


def test_disabling_ends_the_colleagues_open_session_at_once_and_enabling_lets_them_back(
    app: FastAPI, staff: dict[str, TestClient]
) -> None:
    admin, operator = staff["admin"], staff["operator"]
    assert operator.get("/devices").status_code == 200
    uid = _user_id(app, "operator")
    response = _post(admin, f"/users/{uid}/disable")
    assert response.status_code == 303
    assert "alle øktene deres er avsluttet" in admin.get(response.headers["location"]).text
    gone = operator.get("/devices", follow_redirects=False)
    assert gone.status_code == 303 and gone.headers["location"].startswith("/login")
    assert sign_in(operator, "operator") == 401
    assert _post(admin, f"/users/{uid}/enable").status_code == 303
    assert sign_in(operator, "operator") == 303
    assert _actions(app) == [
        ("admin", "disable_user", "operator"),
        ("admin", "enable_user", "operator"),
    ]


def test_an_admin_cannot_demote_themselves_and_has_no_role_form_for_it(
    app: FastAPI, staff: dict[str, TestClient]
) -> None:
    admin = staff["admin"]
    uid, other = _user_id(app, "admin"), _user_id(app, "operator")
    # A second admin, so the last-admin rule is not what stops it.
    assert _post(admin, f"/users/{other}/role", role="admin").status_code == 303
    page = admin.get("/users").text
    assert f'action="/users/{other}/role"' in page
    assert f'action="/users/{uid}/role"' not in page
    for role in ("operator", "viewer"):
        response = admin.post(f"/users/{uid}/role", data={"csrf": csrf_of(admin), "role": role})
        assert response.status_code == 409
        assert "role: du kan ikke ta fra deg din egen rolle (admin); be en annen" in response.text
    assert _actions(app) == [("admin", "set_role", "operator")]
    assert admin.get("/users").status_code == 200  # still an admin
    # The other admin may demote them.
    operator = staff["operator"]
    assert _post(operator, f"/users/{uid}/role", role="viewer").status_code == 303
    with Session(app.state.engine) as session:
        roles = dict(session.execute(select(StaffUser.username, StaffUser.role)).all())
        assert roles["admin"] == "viewer" and roles["operator"] == "admin"
        detail = session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "set_role"))
        assert list(detail) == ["operator -> admin", "admin -> viewer"]


def test_an_admin_cannot_disable_themselves_and_has_no_button_for_it(
    app: FastAPI, staff: dict[str, TestClient]
) -> None:
    admin = staff["admin"]
    uid, other = _user_id(app, "admin"), _user_id(app, "operator")
    # A second admin, so the last-admin rule is not what stops it.
    assert _post(admin, f"/users/{other}/role", role="admin").status_code == 303
    page = admin.get("/users").text
    assert f'action="/users/{other}/disable"' in page
    assert f'action="/users/{uid}/disable"' not in page
    response = admin.post(f"/users/{uid}/disable", data={"csrf": csrf_of(admin)})
    assert response.status_code == 409
    assert "user: du kan ikke deaktivere deg selv (admin); be en annen administrator." in (
        response.text
    )
    assert _actions(app) == [("admin", "set_role", "operator")]
    assert admin.get("/users").status_code == 200  # still signed in
    # The other admin may disable them.
    operator = staff["operator"]
    assert _post(operator, f"/users/{uid}/disable").status_code == 303
    assert _actions(app)[-1] == ("operator", "disable_user", "admin")


def test_a_reset_password_replaces_the_old_one(app: FastAPI, staff: dict[str, TestClient]) -> None:
    uid = _user_id(app, "viewer")
    response = _post(
        staff["admin"], f"/users/{uid}/password", password=NEW_PASSWORD, password_again=NEW_PASSWORD
    )
    assert response.status_code == 303
    with TestClient(app, base_url="http://central") as viewer:
        assert sign_in(viewer, "viewer", PASSWORD) == 401
        assert sign_in(viewer, "viewer", NEW_PASSWORD) == 303
    differ = _post(
        staff["admin"], f"/users/{uid}/password", password=NEW_PASSWORD, password_again="x" * 12
    )
    assert differ.status_code == 400
    assert _actions(app) == [("admin", "reset_password", "viewer")]


def test_each_users_last_sign_in_is_shown(app: FastAPI, staff: dict[str, TestClient]) -> None:
    _post(
        staff["admin"],
        "/users",
        username="kari",
        role="viewer",
        password=NEW_PASSWORD,
        password_again=NEW_PASSWORD,
    )
    page = staff["admin"].get("/users").text
    rows = {
        m.group(1): m.group(2)
        for m in re.finditer(r'<th scope="row">([^<]+)</th>(.*?)</tr>', page, re.S)
    }
    assert set(rows) == {"admin", "kari", "operator", "viewer"}
    assert "<time" in rows["viewer"]  # signed in by the fixture
    assert "<time" not in rows["kari"] and "aldri" in rows["kari"]


def test_only_admins_reach_people_and_every_post_needs_the_csrf_token(
    app: FastAPI, staff: dict[str, TestClient]
) -> None:
    uid = _user_id(app, "viewer")
    assert staff["operator"].get("/users").status_code == 403
    assert "/users" not in staff["operator"].get("/").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', staff["operator"].get("/devices").text)
    refused = staff["operator"].post(f"/users/{uid}/disable", data={"csrf": csrf.group(1)})
    assert refused.status_code == 403
    assert staff["admin"].post(f"/users/{uid}/disable", data={}).status_code == 403
    assert staff["admin"].post(f"/users/{uid}/disable", data={"csrf": "x"}).status_code == 403
    assert _actions(app) == []


def test_cli_add_user_asks_for_the_password_twice(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = app.state.settings.db_url
    monkeypatch.delenv("KIOSK_CENTRAL_NEW_PASSWORD", raising=False)
    answers = iter([NEW_PASSWORD, NEW_PASSWORD + "!"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert cli(["--db-url", url, "add-user", "anna"]) == 1
    assert "differ" in capsys.readouterr().err
    assert _user_id(app, "anna") is None
    answers = iter([NEW_PASSWORD, NEW_PASSWORD])
    assert cli(["--db-url", url, "add-user", "anna"]) == 0
    assert _user_id(app, "anna") is not None
