"""Load shedding: past the in-flight limit, a batch gets 503 with Retry-After (and -Ms) and
writes nothing."""

import threading
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from central.core.config import Settings
from tests.central.conftest import Kiosk, gzipped, record_count
from tests.helpers.servers import uvicorn_server
from tests.helpers.waiting import wait_until


@pytest.fixture
def central_settings(central_settings: Settings) -> Settings:
    return central_settings.model_copy(update={"max_inflight_batches": 1, "shed_retry_after_s": 7})


def test_a_batch_past_the_limit_is_shed_with_retry_after(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    first = gzipped(kiosk.batch([kiosk.record() for _ in range(3)]))
    second = gzipped(kiosk.batch([kiosk.record() for _ in range(3)]))
    release = threading.Event()

    def held_body() -> Iterator[bytes]:
        yield first[:10]
        release.wait(30)  # the first upload stays in flight until the test lets it go
        yield first[10:]

    headers = {**kiosk.auth, "Content-Encoding": "gzip", "Content-Type": "application/json"}
    gate = app.state.batch_gate
    with uvicorn_server(app) as url, httpx.Client(base_url=url, timeout=30) as client:
        answers: list[int] = []
        slow = threading.Thread(
            target=lambda: answers.append(
                client.post("/api/v1/batches", content=held_body(), headers=headers).status_code
            )
        )
        slow.start()
        wait_until(lambda: gate.in_flight == 1, timeout_s=10)
        with httpx.Client(base_url=url, timeout=30) as other:
            shed = other.post("/api/v1/batches", content=second, headers=headers)
            assert shed.status_code == 503
            assert shed.headers["retry-after"] == "7"  # nothing measured yet: the setting
            assert shed.headers["retry-after-ms"] == "7000"
            assert shed.json()["detail"]["code"] == "busy"
            assert (gate.shed, record_count(app)) == (1, 0)
            release.set()
            slow.join(30)
            assert answers == [200]
            assert other.get("/api/v1/health").status_code == 200  # other paths never shed
            retried = other.post("/api/v1/batches", content=second, headers=headers)
        assert retried.status_code == 200
    assert (gate.in_flight, record_count(app)) == (0, 6)
