"""Central under test: a fresh database per test, on SQLite and on real PostgreSQL."""

import gzip
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.core.config import Settings
from central.models import Record
from central.services import stations
from contract.wire import canonical_sha256
from kiosk.domain.ids import uuid7
from tests.helpers.central_app import central_app
from tests.helpers.records import wire_deposit
from tests.helpers.servers import database_url


@pytest.fixture(params=["sqlite", "pg"])
def central_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    with database_url(request.param, tmp_path) as url:
        yield Settings(db_url=url, max_weight_g=200_000, max_batch_records=500, data_dir=tmp_path)


@pytest.fixture
def app(central_settings: Settings) -> Iterator[FastAPI]:
    with central_app(central_settings) as application:
        yield application


@pytest.fixture
def api(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://central") as client:
        yield client


@dataclass
class Kiosk:
    """An enrolled device, and helpers to make wire records and batches for it."""

    device_id: str
    station_id: str
    token: str
    next_seq: int = 1

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def record(self, **overrides: Any) -> dict[str, Any]:
        mine = {"id": str(uuid7()), "seq": self.next_seq, "device_id": self.device_id,
                "station_id": self.station_id}  # fmt: skip
        record = wire_deposit(**{**mine, **overrides})
        self.next_seq += 1
        return record

    def batch(self, records: list[dict[str, Any]], **overrides: Any) -> dict[str, Any]:
        batch = {
            "batch_id": str(uuid.uuid4()),
            "device_id": self.device_id,
            "first_seq": min(r["seq"] for r in records),
            "last_seq": max(r["seq"] for r in records),
            "count": len(records),
            "sha256": canonical_sha256(records),
            "sent_at": (datetime.now(UTC) - timedelta(seconds=30)).isoformat(),
            "records": records,
        }
        batch.update(overrides)
        return batch


def add_station(app: FastAPI, station_id: str, name: str = "Test station") -> None:
    with Session(app.state.engine) as session:
        stations.add_station(
            now=datetime.now(UTC), session=session, station_id=station_id, name=name
        )
        session.commit()


def issue_code(app: FastAPI, station_id: str, ttl: timedelta = timedelta(hours=1)) -> str:
    with Session(app.state.engine) as session:
        code, _ = stations.issue_enrol_code(
            now=datetime.now(UTC),
            session=session,
            key=app.state.key,
            station_id=station_id,
            ttl=ttl,
        )
        session.commit()
    return code


def enrol_kiosk(app: FastAPI, api: TestClient, station_id: str = "trosterud") -> Kiosk:
    add_station(app, station_id)
    device_id = str(uuid7())
    response = api.post(
        "/api/v1/enrol", json={"code": issue_code(app, station_id), "device_id": device_id}
    )
    assert response.status_code == 200, response.text
    return Kiosk(device_id=device_id, station_id=station_id, token=response.json()["token"])


def record_count(app: FastAPI) -> int:
    with Session(app.state.engine) as session:
        return session.scalar(select(func.count()).select_from(Record))


def record_ids(app: FastAPI) -> list[str]:
    with Session(app.state.engine) as session:
        return list(session.scalars(select(Record.id)))


def gzipped(batch: dict[str, Any]) -> bytes:
    return gzip.compress(json.dumps(batch).encode(), compresslevel=1)


@pytest.fixture
def kiosk(app: FastAPI, api: TestClient) -> Kiosk:
    return enrol_kiosk(app, api)
