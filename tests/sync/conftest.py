"""Sync fixtures: a real central (fresh SQLite file) and helpers to enrol the test kiosk."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.core.config import Settings
from central.main import create_app
from central.models import Record
from central.services import stations
from kiosk.db.store import Store
from kiosk.sync.client import CentralClient
from kiosk.sync.enrolment import enrol


def make_central(db_url: str, **settings: object) -> FastAPI:
    settings.setdefault("secret", "test-secret")
    app = create_app(Settings(db_url=db_url, **settings))
    with Session(app.state.engine) as session:
        stations.add_station(
            now=datetime.now(UTC), session=session, station_id="trosterud", name="Trosterud"
        )
        session.commit()
    return app


def issue_code(app: FastAPI) -> str:
    with Session(app.state.engine) as session:
        code, _ = stations.issue_enrol_code(
            now=datetime.now(UTC),
            session=session,
            key=app.state.key,
            station_id="trosterud",
            ttl=timedelta(hours=1),
        )
        session.commit()
    return code


def enrol_store(app: FastAPI, store: Store, url: str, folder: Path, **client_args: object) -> str:
    """Enrol ``store`` with ``app`` reachable at ``url``; returns the device token."""
    with CentralClient(url, **client_args) as client:
        enrol(store=store, client=client, central_url=url, code=issue_code(app), folder=folder)
    return (folder / "device_token").read_text()


def central_ids(app: FastAPI) -> list[str]:
    with Session(app.state.engine) as session:
        return list(session.scalars(select(Record.id)))


def central_distinct_count(app: FastAPI) -> tuple[int, int]:
    with Session(app.state.engine) as session:
        return session.execute(select(func.count(), func.count(Record.id.distinct()))).one()


LOOPBACK_SETTINGS = "allow_insecure_http = true  # central runs on loopback http in tests\n"


@pytest.fixture(autouse=True)
def loopback_settings(data_dir: Path) -> Path:
    """The test kiosk talks to central over loopback http, which it refuses unless told."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "settings.toml"
    path.write_text(LOOPBACK_SETTINGS, "utf-8")
    return path


@pytest.fixture
def central(tmp_path: Path) -> Iterator[FastAPI]:
    app = make_central(f"sqlite:///{tmp_path / 'central.sqlite3'}", max_weight_g=50_000)
    yield app
    app.state.engine.dispose()
