"""Issue 9, finding 4: one device's batches arriving at once never lose the high-water mark."""

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from central.core.config import Settings
from tests.central.conftest import Kiosk, record_count
from tests.helpers.servers import uvicorn_server

BATCHES = 20
PER_BATCH = 25
ROUNDS = 3


@pytest.fixture
def central_settings(central_settings: Settings) -> Settings:
    # This test is about the high-water mark under a burst, not load shedding: admit them all.
    return central_settings.model_copy(
        update={"min_inflight_batches": BATCHES, "max_inflight_batches": BATCHES}
    )


def test_twenty_consecutive_batches_sent_at_once_leave_the_true_mark(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    with uvicorn_server(app) as url:
        for round_ in range(ROUNDS):
            batches = [
                kiosk.batch([kiosk.record() for _ in range(PER_BATCH)]) for _ in range(BATCHES)
            ]
            # Every thread is released at the same moment, newest batch first in line.
            start = threading.Barrier(BATCHES)

            def send(batch: dict, start: threading.Barrier = start) -> int:
                with httpx.Client(base_url=url, headers=kiosk.auth, timeout=60) as client:
                    start.wait()
                    return client.post("/api/v1/batches", json=batch).status_code

            with ThreadPoolExecutor(BATCHES) as pool:
                statuses = list(pool.map(send, reversed(batches)))
            assert statuses == [200] * BATCHES
            expected = (round_ + 1) * BATCHES * PER_BATCH
            with httpx.Client(base_url=url, headers=kiosk.auth, timeout=30) as client:
                state = client.get("/api/v1/devices/me/sequence").json()
            assert (state["highest_contiguous_seq"], state["highest_seq"]) == (expected, expected)
            assert state["gaps"] == []
            assert record_count(app) == expected


def test_one_batch_sent_many_times_at_once_is_taken_once_with_one_answer(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    # A kiosk that timed out and resent while central still wrote the first copy. Central
    # checks a batch before it takes the device's lock, so the copies are all checked at
    # once, and the one that waits must still find the batch taken, not write it again.
    with uvicorn_server(app) as url:
        for round_ in range(ROUNDS):
            batch = kiosk.batch([kiosk.record() for _ in range(200)])
            start = threading.Barrier(BATCHES)

            def send(
                _: int, start: threading.Barrier = start, batch: dict = batch
            ) -> httpx.Response:
                with httpx.Client(base_url=url, headers=kiosk.auth, timeout=60) as client:
                    start.wait()
                    return client.post("/api/v1/batches", json=batch)

            with ThreadPoolExecutor(BATCHES) as pool:
                responses = list(pool.map(send, range(BATCHES)))
            assert [r.status_code for r in responses] == [200] * BATCHES, responses[0].text
            answers = {r.text for r in responses}
            assert len(answers) == 1  # every copy gets the answer the first one got
            assert (responses[0].json()["inserted"], responses[0].json()["duplicates"]) == (200, 0)
            assert record_count(app) == (round_ + 1) * 200
