"""Enrolment: rate limits with Retry-After, keyed hashes, an owner-only data folder."""

import hashlib
import hmac
import stat
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from central.core.config import Settings
from central.main import create_app
from central.models import Device, EnrolCode
from tests.central.conftest import add_station, issue_code


def test_enrolment_attempts_are_limited_per_client_with_retry_after(tmp_path: Path) -> None:
    settings = Settings(
        db_url=f"sqlite:///{tmp_path / 'central.sqlite3'}",
        enrol_per_client_per_min=3,
        enrol_overall_per_min=100,
    )
    app = create_app(settings)
    try:
        with TestClient(app) as api:
            answers = [
                api.post("/api/v1/enrol", json={"code": "WRONG-CODE", "device_id": "d"})
                for _ in range(4)
            ]
        assert [a.status_code for a in answers] == [403, 403, 403, 429]
        assert int(answers[3].headers["Retry-After"]) >= 1
        assert answers[3].json()["detail"]["code"] == "too_many_attempts"
    finally:
        app.state.engine.dispose()


def test_the_overall_limit_holds_across_clients(tmp_path: Path) -> None:
    settings = Settings(
        db_url=f"sqlite:///{tmp_path / 'central.sqlite3'}",
        enrol_per_client_per_min=100,
        enrol_overall_per_min=2,
    )
    app = create_app(settings)
    try:
        limiter = app.state.enrol_limiter
        assert [limiter.wait_for(f"10.0.0.{i}") for i in range(3)][:2] == [0, 0]
        assert limiter.wait_for("10.0.0.9") > 0
    finally:
        app.state.engine.dispose()


def test_code_and_token_hashes_are_keyed_with_the_server_secret(
    app: FastAPI, api: TestClient
) -> None:
    add_station(app, "trosterud")
    code = issue_code(app, "trosterud")
    token = api.post("/api/v1/enrol", json={"code": code, "device_id": "dev-a"}).json()["token"]
    key = app.state.key
    with Session(app.state.engine) as session:
        stored = session.get(Device, "dev-a").token_hash
        code_hash = session.query(EnrolCode).one().code_hash
    assert stored != hashlib.sha256(token.encode()).hexdigest()
    assert stored == hmac.new(key, token.encode(), hashlib.sha256).hexdigest()
    assert code_hash == hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


def test_a_fresh_central_keeps_its_database_and_secret_owner_only(tmp_path: Path) -> None:
    folder = tmp_path / "central-data"
    app = create_app(Settings(db_url=f"sqlite:///{folder / 'central.sqlite3'}"))
    app.state.engine.dispose()
    mode = lambda p: stat.S_IMODE(p.stat().st_mode)  # noqa: E731
    assert mode(folder) == 0o700
    assert mode(folder / "central.sqlite3") == 0o600
    assert mode(folder / "secret.key") == 0o600
    # The same secret on the next start: tokens issued before still work.
    again = create_app(Settings(db_url=f"sqlite:///{folder / 'central.sqlite3'}"))
    again.state.engine.dispose()
    assert again.state.key == app.state.key


def test_the_secret_from_the_environment_wins_and_no_file_is_written(tmp_path: Path) -> None:
    env = {
        "KIOSK_CENTRAL_DB_URL": f"sqlite:///{tmp_path / 'central.sqlite3'}",
        "KIOSK_CENTRAL_SECRET": "from-env",
    }
    app = create_app(Settings.from_env(env))
    app.state.engine.dispose()
    assert app.state.key == b"from-env"
    assert not (tmp_path / "secret.key").exists()
