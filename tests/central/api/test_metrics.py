"""Prometheus metrics: off unless enabled; a batch moves the counters; alarms are a gauge."""

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from central.core.config import Settings
from central.main import create_app
from tests.central.conftest import enrol_kiosk
from tests.central.console.conftest import make_silent


def _value(text: str, name: str, labels: str) -> float:
    match = re.search(rf"^{name}\{{{labels}\}} (\S+)$", text, re.MULTILINE)
    assert match, f"{name}{{{labels}}} not in /metrics"
    return float(match.group(1))


@pytest.fixture
def metrics_api(central_settings: Settings) -> Iterator[tuple[FastAPI, TestClient]]:
    app = create_app(central_settings.model_copy(update={"metrics_enabled": True}))
    with TestClient(app, base_url="http://central") as client:
        yield app, client
    app.state.engine.dispose()


def test_metrics_are_off_by_default(api: TestClient) -> None:
    assert api.get("/metrics").status_code == 404


def test_a_batch_moves_the_counters(metrics_api: tuple[FastAPI, TestClient]) -> None:
    app, api = metrics_api
    kiosk = enrol_kiosk(app, api)
    records = [kiosk.record(), kiosk.record()]
    assert api.post("/api/v1/batches", json=kiosk.batch(records), headers=kiosk.auth).is_success
    # The same records again: accepted, but nothing new is inserted.
    replay = kiosk.batch(records)
    assert api.post("/api/v1/batches", json=replay, headers=kiosk.auth).is_success
    bad = kiosk.batch([kiosk.record(weight_g=-5)])
    assert api.post("/api/v1/batches", json=bad, headers=kiosk.auth).status_code == 422

    text = api.get("/metrics").text
    assert _value(text, "central_batches_total", 'outcome="accepted"') == 2
    assert _value(text, "central_batches_total", 'outcome="refused"') == 1
    assert _value(text, "central_records_total", 'outcome="inserted"') == 2
    assert _value(text, "central_records_total", 'outcome="duplicate"') == 2
    assert 'handler="/api/v1/batches"' in text  # the instrumentator's latency histogram


def test_alarms_are_a_gauge(metrics_api: tuple[FastAPI, TestClient]) -> None:
    app, api = metrics_api
    kiosk = enrol_kiosk(app, api)
    assert _value(api.get("/metrics").text, "central_alarms", 'kind="silent"') == 0
    make_silent(app, kiosk.device_id)
    assert _value(api.get("/metrics").text, "central_alarms", 'kind="silent"') == 1
