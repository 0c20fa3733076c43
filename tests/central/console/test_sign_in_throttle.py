"""Sign-in abuse through the console's real HTTP: a stranger's guesses never lock a colleague
out, names cannot be told apart by the answer, spraying many names is slowed, throttling is
audited and shown, and a disabled account's sessions and sign-ins stop at once."""

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.cli import main as central_main
from central.console.login_throttle import LoginThrottle
from central.models import AuditEvent
from central.services import auth
from tests.central.console.conftest import PASSWORD, add_user, sign_in

HOME = "10.0.0.5"  # where anna works from


class Clock:
    """The throttle's monotonic clock, moved by the test instead of by waiting."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(app: FastAPI) -> Clock:
    clock = Clock()
    settings = app.state.settings
    app.state.login_throttle = LoginThrottle(
        per_pair=settings.login_free_per_pair,
        per_address=settings.login_free_per_address,
        per_account=settings.login_free_per_account,
        max_delay_s=settings.login_max_delay_s,
        clock=clock,
    )
    return clock


@pytest.fixture
def browsers(app: FastAPI) -> Iterator[dict[str, TestClient]]:
    """One browser per source address, made on demand."""
    made: dict[str, TestClient] = {}

    class Browsers(dict[str, TestClient]):
        def __missing__(self, address: str) -> TestClient:
            client = TestClient(app, base_url="http://central", client=(address, 40000))
            made[address] = client
            self[address] = client
            return client

    yield Browsers()
    for client in made.values():
        client.close()


def attempt(client: TestClient, username: str, password: str) -> tuple[int, str, str | None]:
    """The status, the page with its per-form token blanked, and Retry-After."""
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    answer = client.post(
        "/login",
        data={"username": username, "password": password, "csrf": token},
        follow_redirects=False,
    )
    body = re.sub(r'name="csrf" value="[^"]+"', 'name="csrf" value=""', answer.text)
    return answer.status_code, body, answer.headers.get("retry-after")


def test_a_strangers_guesses_never_lock_out_the_account_from_its_usual_place(
    app: FastAPI, clock: Clock, browsers: dict[str, TestClient]
) -> None:
    add_user(app, "anna", "admin")
    assert sign_in(browsers[HOME], "anna") == 303  # her usual place
    # Strangers on eleven addresses guess five times each: 55 wrong passwords at once.
    for n in range(11):
        for _ in range(5):
            status, _body, _wait = attempt(browsers[f"203.0.113.{n}"], "anna", "guess")
            assert status in (401, 429)
    # The old lockout answered 423 here for 15 minutes.
    assert sign_in(browsers[HOME], "anna") == 303
    # From an address she never used, the account is slowed down for now (not locked).
    status, _body, wait = attempt(browsers["198.51.100.7"], "anna", PASSWORD)
    assert status == 429 and wait is not None and int(wait) > 0
    clock.now += int(wait)
    assert attempt(browsers["198.51.100.7"], "anna", PASSWORD)[0] == 303


def test_five_guesses_from_one_address_slow_that_address_down_with_growing_delays(
    app: FastAPI, clock: Clock, browsers: dict[str, TestClient]
) -> None:
    add_user(app, "anna", "admin")
    stranger = browsers["203.0.113.1"]
    for _ in range(5):
        assert attempt(stranger, "anna", "guess")[0] == 401
    waits = []
    for _ in range(4):
        status, _body, wait = attempt(stranger, "anna", PASSWORD)
        assert status == 429  # not even checked, so a right guess now is worth nothing
        waits.append(int(wait))
        clock.now += int(wait)
        assert attempt(stranger, "anna", "guess")[0] == 401
    assert waits == [1, 2, 4, 8]
    # Meanwhile a colleague at another address signs in at once.
    assert sign_in(browsers[HOME], "anna") == 303


def test_an_existing_and_a_made_up_name_get_the_same_answers(
    app: FastAPI, clock: Clock, browsers: dict[str, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    add_user(app, "anna", "admin")
    verified: list[str] = []
    real = auth._hasher

    class Spy:
        """The real hasher, noting each hash it verifies against."""

        def verify(self, hash_: str, password: str) -> bool:
            verified.append(hash_)
            return real.verify(hash_, password)

        def __getattr__(self, name: str) -> object:
            return getattr(real, name)

    monkeypatch.setattr(auth, "_hasher", Spy())
    answers: dict[str, list[tuple[int, str, str | None]]] = {}
    for name in ("anna", "nobody"):
        client = browsers["203.0.113.1" if name == "anna" else "203.0.113.2"]
        answers[name] = [attempt(client, name, "guess") for _ in range(8)]
    assert answers["anna"] == answers["nobody"]
    assert [a[0] for a in answers["anna"]] == [401] * 5 + [429] * 3
    # Both names cost one Argon2 verification per checked attempt: the time tells nothing.
    assert len(verified) == 10 and all(h.startswith("$argon2") for h in verified)


def test_spraying_many_names_from_one_address_is_slowed_and_audited(
    app: FastAPI, clock: Clock, browsers: dict[str, TestClient], staff: dict[str, TestClient]
) -> None:
    sprayer = browsers["203.0.113.50"]
    statuses = [attempt(sprayer, f"user{n}", "Sommer2026!")[0] for n in range(40)]
    assert statuses == [401] * 20 + [429] * 20
    with Session(app.state.engine) as session:
        lines = session.execute(
            select(AuditEvent.action, AuditEvent.target, AuditEvent.detail).where(
                AuditEvent.action == "sign_in_throttled"
            )
        ).all()
    assert lines == [("sign_in_throttled", "203.0.113.50", "address: 1 s and growing")]
    page = staff["admin"].get("/audit").text
    assert "Innlogging bremset" in page and "203.0.113.50" in page


def test_a_disabled_user_is_signed_out_at_once_and_cannot_sign_in(
    app: FastAPI, clock: Clock, browsers: dict[str, TestClient]
) -> None:
    add_user(app, "anna", "operator")
    laptop, phone = browsers[HOME], browsers["10.0.0.6"]
    assert sign_in(laptop, "anna") == 303 and sign_in(phone, "anna") == 303
    assert laptop.get("/", follow_redirects=False).status_code == 200
    url = app.state.settings.db_url
    assert central_main(["--db-url", url, "disable-user", "anna"]) == 0
    for browser in (laptop, phone):
        assert browser.get("/", follow_redirects=False).status_code == 303  # to /login
        assert browser.get("/api/v1/alerts").status_code == 401
    # The right password is refused exactly like a wrong one.
    right = attempt(laptop, "anna", PASSWORD)
    assert right[0] == 401 and right == attempt(laptop, "anna", "guess")
    assert central_main(["--db-url", url, "enable-user", "anna"]) == 0
    assert sign_in(browsers["10.0.0.7"], "anna") == 303
    assert central_main(["--db-url", url, "disable-user", "nobody"]) == 1
    with Session(app.state.engine) as session:
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.actor == "cli").order_by(AuditEvent.id)
        ).all()
    assert actions == ["disable_user", "enable_user"]


def test_the_session_cookie_is_httponly_strict_and_secure_under_https(app: FastAPI) -> None:
    add_user(app, "anna", "viewer")
    for base, secure in (("http://central", False), ("https://central", True)):
        with TestClient(app, base_url=base) as client:
            page = client.get("/login")
            token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
            answer = client.post(
                "/login",
                data={"username": "anna", "password": PASSWORD, "csrf": token},
                follow_redirects=False,
            )
            cookie = next(
                c for c in answer.headers.get_list("set-cookie") if c.startswith("mg_session=")
            ).lower()
            assert "httponly" in cookie and "samesite=strict" in cookie
            assert ("; secure" in cookie) is secure
