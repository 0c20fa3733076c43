"""A gzip bomb: a small body that decompresses past max_batch_bytes is 413 and writes nothing."""

import gzip

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.central.conftest import Kiosk, record_count


def test_a_body_that_decompresses_past_the_limit_is_413(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    limit = app.state.settings.max_batch_bytes
    bomb = gzip.compress(b"[" + b" " * limit + b"]", compresslevel=9)
    assert len(bomb) < limit // 100  # small on the wire
    headers = {**kiosk.auth, "Content-Encoding": "gzip", "Content-Type": "application/json"}
    answer = api.post("/api/v1/batches", content=bomb, headers=headers)
    assert answer.status_code == 413
    assert answer.json()["detail"]["code"] == "batch_too_large"
    assert record_count(app) == 0
