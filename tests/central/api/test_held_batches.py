"""POST /api/v1/devices/me/batches/held: which of the batches a kiosk names central holds from
that device with that very hash (a resend whose answers were lost). It reads only; a bad body
is a 422 naming the field and writes nothing; a revoked device gets 401 (SQLite and
PostgreSQL)."""

from datetime import UTC, datetime

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.models import Batch, DeviceEvent
from central.services.revocation import revoke_device
from contract.limits import HELD_BATCHES_MAX
from tests.central.conftest import Kiosk, enrol_kiosk, record_count

PATH = "/api/v1/devices/me/batches/held"
OTHER_HASH = "0" * 64


def sent(api: TestClient, kiosk: Kiosk, size: int = 3) -> dict[str, str]:
    """A batch central took from ``kiosk``: its id and hash."""
    batch = kiosk.batch([kiosk.record() for _ in range(size)])
    answer = api.post("/api/v1/batches", json=batch, headers=kiosk.auth)
    assert answer.status_code == 200, answer.text
    return {"batch_id": batch["batch_id"], "sha256": batch["sha256"]}


def written(app: FastAPI) -> tuple[int, int, int]:
    with Session(app.state.engine) as session:
        batches = session.scalar(select(func.count()).select_from(Batch))
        events = session.scalar(select(func.count()).select_from(DeviceEvent))
    return batches or 0, events or 0, record_count(app)


def held(api: TestClient, kiosk: Kiosk, batches: list[dict[str, str]]) -> list[dict[str, str]]:
    answer = api.post(PATH, json={"batches": batches}, headers=kiosk.auth)
    assert answer.status_code == 200, answer.text
    return answer.json()["held"]


def test_only_its_own_batches_with_the_same_hash_are_held(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    first, second = sent(api, kiosk), sent(api, kiosk)
    other = enrol_kiosk(app, api, "furuset")
    theirs = sent(api, other)
    never = {"batch_id": "0e2c6a52-6f1e-4c43-9a55-5d3b8f1c7a10", "sha256": first["sha256"]}
    wrong_hash = {"batch_id": second["batch_id"], "sha256": OTHER_HASH}
    asked = [first, wrong_hash, theirs, never, second]
    assert held(api, kiosk, asked) == [first, second]
    assert held(api, other, asked) == [theirs]


def test_a_bad_question_is_422_naming_the_field_and_writes_nothing(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    good = sent(api, kiosk)
    before = written(app)
    bad = [
        ({"batches": [dict(good, batch_id="not-a-uuid")]}, "batches.0.batch_id"),
        ({"batches": [dict(good, sha256="ABC")]}, "batches.0.sha256"),
        ({"batches": [good, dict(good, sha256=None)]}, "batches.1.sha256"),
        ({"batches": [dict(good, extra=1)]}, "batches.0.extra"),
        ({"batches": []}, "batches"),
        ({"batches": [good] * (HELD_BATCHES_MAX + 1)}, "batches"),
        ({}, "batches"),
        ({"batches": [good], "more": 1}, "more"),
    ]
    for payload, field in bad:
        answer = api.post(PATH, json=payload, headers=kiosk.auth)
        assert answer.status_code == 422, payload
        assert answer.json()["detail"]["message"].startswith(f"{field}:"), answer.json()
    unreadable = {**kiosk.auth, "Content-Type": "application/json"}
    assert api.post(PATH, content=b"\xff{", headers=unreadable).status_code == 400
    assert api.post(PATH, json={"batches": [good]}).status_code == 401
    assert written(app) == before


def test_a_revoked_device_is_told_so_not_what_is_held(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    good = sent(api, kiosk)
    with Session(app.state.engine) as session:
        revoke_device(now=datetime.now(UTC), session=session, device_id=kiosk.device_id)
        session.commit()
    answer = api.post(PATH, json={"batches": [good]}, headers=kiosk.auth)
    assert answer.status_code == 401 and answer.json()["detail"]["code"] == "device_revoked"
