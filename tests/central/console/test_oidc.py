"""Staff sign-in through a real OpenID Connect provider on loopback: roles, refusals, tampering."""

from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.core.config import Settings
from central.main import create_app
from central.models import AuditEvent, StaffUser
from central.services import auth
from tests.central.console.oidc_provider import (
    CLIENT_ID,
    CLIENT_SECRET,
    Provider,
    running_provider,
    walk,
)

ROLES = {"reg-admin": "admin", "reg-drift": "operator"}


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    with running_provider() as running:
        yield running


def _app(settings: Settings, issuer: str, **extra: object) -> FastAPI:
    return create_app(
        settings.model_copy(
            update={
                "oidc_issuer": issuer,
                "oidc_client_id": CLIENT_ID,
                "oidc_client_secret": CLIENT_SECRET,
                "oidc_roles": ROLES,
                **extra,
            }
        )
    )


@pytest.fixture
def oidc_app(central_settings: Settings, provider: Provider) -> Iterator[FastAPI]:
    app = _app(central_settings, provider.issuer)
    yield app
    app.state.engine.dispose()


@pytest.fixture
def clients(oidc_app: FastAPI) -> Iterator[tuple[TestClient, httpx.Client]]:
    with (
        TestClient(oidc_app, base_url="http://central") as central,
        httpx.Client(timeout=10) as browser,
    ):
        yield central, browser


def _user(app: FastAPI, username: str) -> StaffUser | None:
    with Session(app.state.engine) as session:
        return session.scalar(select(StaffUser).where(StaffUser.username == username))


def _actions(app: FastAPI) -> list[tuple[str, str, str]]:
    with Session(app.state.engine) as session:
        rows = session.scalars(select(AuditEvent).order_by(AuditEvent.id))
        return [(e.actor, e.action, e.detail) for e in rows]


def test_login_page_offers_the_city_sign_in_only_when_configured(
    clients: tuple[TestClient, httpx.Client], api: TestClient
) -> None:
    central, _ = clients
    assert "Logg inn med Oslo kommune" in central.get("/login").text
    assert "Logg inn med Oslo kommune" not in api.get("/login").text
    assert api.get("/auth/oidc/login", follow_redirects=False).status_code == 404


@pytest.mark.parametrize(("login", "role"), [("kari", "admin"), ("ola", "operator")])
def test_sign_in_opens_a_console_session_with_the_mapped_role(
    oidc_app: FastAPI, clients: tuple[TestClient, httpx.Client], login: str, role: str
) -> None:
    central, browser = clients
    page = walk(central, browser, login)
    assert page.status_code == 200
    assert f"oidc:{login}" in page.text  # the overview, signed in, names the user
    assert central.get("/api/v1/alerts").status_code == 200
    assert _user(oidc_app, f"oidc:{login}").role == role
    assert (f"oidc:{login}", "sign_in", f"oidc {role}") in _actions(oidc_app)
    # An operator may issue codes; only what the role allows works.
    assert central.get("/devices").status_code == 200


def test_a_user_in_no_mapped_group_is_refused(
    oidc_app: FastAPI, clients: tuple[TestClient, httpx.Client]
) -> None:
    central, browser = clients
    page = walk(central, browser, "stranger")
    assert page.status_code == 401
    assert "Innlogging med Oslo kommune ble avvist" in page.text
    assert "mg_session" not in central.cookies
    assert _user(oidc_app, "oidc:stranger") is None
    assert ("oidc:stranger", "sign_in_refused", "no_role") in _actions(oidc_app)


def test_a_default_role_lets_unmapped_users_in_as_viewers(
    central_settings: Settings, provider: Provider
) -> None:
    app = _app(central_settings, provider.issuer, oidc_default_role="viewer")
    with TestClient(app, base_url="http://central") as central, httpx.Client(timeout=10) as browser:
        assert walk(central, browser, "stranger").status_code == 200
    assert _user(app, "oidc:stranger").role == "viewer"
    app.state.engine.dispose()


def test_a_tampered_state_is_refused(
    oidc_app: FastAPI, clients: tuple[TestClient, httpx.Client]
) -> None:
    central, browser = clients

    def tamper(url: httpx.URL) -> httpx.URL:
        return url.copy_set_param("state", url.params["state"] + "x")

    page = walk(central, browser, "kari", tamper=tamper)
    assert page.status_code == 401
    assert page.headers["X-Sign-In-Refused"] == "mismatching_state"
    assert "mg_session" not in central.cookies
    assert _user(oidc_app, "oidc:kari") is None
    assert central.get("/api/v1/alerts").status_code == 401


def test_a_token_from_another_issuer_is_refused(
    central_settings: Settings, provider: Provider
) -> None:
    # Discovery answers at localhost, but the provider signs its tokens as 127.0.0.1.
    app = _app(central_settings, f"http://localhost:{provider.port}")
    with TestClient(app, base_url="http://central") as central, httpx.Client(timeout=10) as browser:
        page = walk(central, browser, "kari")
        assert page.status_code == 401
        assert page.headers["X-Sign-In-Refused"] == "invalid_claim"
        assert "mg_session" not in central.cookies
    assert _user(app, "oidc:kari") is None
    app.state.engine.dispose()


def test_a_local_account_cannot_take_an_oidc_name(oidc_app: FastAPI) -> None:
    from central.services import auth

    with Session(oidc_app.state.engine) as session, pytest.raises(ValueError, match="oidc:"):
        auth.add_user(
            now=datetime.now(UTC),
            session=session,
            username="oidc:kari",
            password="long enough pw",
            role="admin",
        )


def test_a_disabled_account_is_signed_out_and_refused_by_the_city_sign_in(
    oidc_app: FastAPI, clients: tuple[TestClient, httpx.Client]
) -> None:
    central, browser = clients
    assert walk(central, browser, "kari").status_code == 200
    assert central.get("/", follow_redirects=False).status_code == 200
    with Session(oidc_app.state.engine) as session:
        auth.set_disabled(
            now=datetime.now(UTC), session=session, username="oidc:kari", disabled=True
        )
        session.commit()
    # Her open session ends at once, and the provider vouching for her again does not help.
    assert central.get("/", follow_redirects=False).status_code == 303
    central.cookies.clear()
    page = walk(central, browser, "kari")
    assert page.status_code == 401
    assert "mg_session" not in central.cookies
    assert ("oidc:kari", "sign_in_refused", "disabled") in _actions(oidc_app)
