"""Console fixtures: staff users of each role, and a signed-in TestClient."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from central.models import Device
from central.services import auth

PASSWORD = "correct-horse-battery"


def add_user(app: FastAPI, username: str, role: str) -> None:
    with Session(app.state.engine) as session:
        auth.add_user(
            now=datetime.now(UTC), session=session, username=username, password=PASSWORD, role=role
        )
        session.commit()


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> int:
    """Post the sign-in form as a browser would (CSRF token from the form); returns the status."""
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf": token},
        follow_redirects=False,
    )
    return response.status_code


def csrf_of(client: TestClient) -> str:
    page = client.get("/devices")
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def make_silent(app: FastAPI, device_id: str, hours: float = 72) -> None:
    """The device's last batch ``hours`` ago, as if it stopped syncing then."""
    with Session(app.state.engine) as session:
        session.execute(
            update(Device)
            .where(Device.id == device_id)
            .values(
                last_batch_at=datetime.now(UTC) - timedelta(hours=hours),
                enrolled_at=datetime.now(UTC) - timedelta(hours=hours + 1),
            )
        )
        session.commit()


@pytest.fixture
def staff(app: FastAPI) -> dict[str, TestClient]:
    """One signed-in client per role; each has its own cookie jar."""
    clients = {}
    for role in ("admin", "operator", "viewer"):
        add_user(app, role, role)
        client = TestClient(app, base_url="http://central")
        assert sign_in(client, role) == 303
        clients[role] = client
    yield clients
    for client in clients.values():
        client.close()
