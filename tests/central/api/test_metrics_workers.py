"""/metrics with several workers: every scrape adds up every worker's counts.

Runs the real `kiosk-central serve --workers 2` over a socket. Before, each worker had its
own registry, and 7 of 10 scrapes lacked central_records_total.
"""

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from prometheus_client.mmap_dict import MmapedDict, mmap_key
from sqlalchemy.orm import Session

from central.db import prepare
from central.services import stations
from kiosk.domain.ids import uuid7
from tests.central.conftest import Kiosk

CLI = Path(sys.executable).with_name("kiosk-central")
SECRET = "metrics-workers-test-secret"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    engine = prepare(url)
    with Session(engine) as session:
        stations.add_station(
            now=datetime.now(UTC), session=session, station_id="trosterud", name="Trosterud"
        )
        session.commit()
    engine.dispose()
    # Counts left by a previous run: serve must start from an empty folder.
    shared = tmp_path / "prometheus"
    shared.mkdir()
    key = mmap_key(
        "central_records", "central_records_total", ["outcome"], ["inserted"], "stale run"
    )
    stale = MmapedDict(str(shared / "counter_1.db"))
    stale.write_value(key, 1000.0, 0.0)
    stale.close()

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_CENTRAL_")}
    env.update(
        KIOSK_CENTRAL_ENV_FILE=os.devnull,
        KIOSK_CENTRAL_DB_URL=url,
        KIOSK_CENTRAL_DATA_DIR=str(tmp_path),
        KIOSK_CENTRAL_SECRET=SECRET,
        KIOSK_CENTRAL_METRICS_ENABLED="true",
    )
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    server = subprocess.Popen(
        [str(CLI), "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=5) as client:
            for _ in range(600):  # polls a server process's start, at most a minute
                try:
                    if client.get("/api/v1/health").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
                with contextlib.suppress(subprocess.TimeoutExpired):
                    server.wait(timeout=0.1)
        yield base, shared
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        assert server.stderr is not None
        server.stderr.close()


def value(text: str, labels: str) -> float:
    match = re.search(rf"^central_records_total\{{{labels}\}} (\S+)$", text, re.MULTILINE)
    assert match, f"central_records_total{{{labels}}} missing from /metrics"
    return float(match.group(1))


def test_every_scrape_sums_all_workers(two_workers: tuple[str, Path]) -> None:
    base, shared = two_workers
    engine = prepare(f"sqlite:///{shared.parent / 'central.sqlite3'}")
    with Session(engine) as session:
        code, _ = stations.issue_enrol_code(
            now=datetime.now(UTC),
            session=session,
            key=SECRET.encode(),
            station_id="trosterud",
            ttl=timedelta(hours=1),
        )
        session.commit()
    engine.dispose()
    device_id = str(uuid7())
    enrolled = httpx.post(
        f"{base}/api/v1/enrol", json={"code": code, "device_id": device_id}, timeout=10
    )
    assert enrolled.status_code == 200, enrolled.text
    kiosk = Kiosk(device_id=device_id, station_id="trosterud", token=enrolled.json()["token"])

    sent = 0
    for size in range(1, 13):  # a new connection each time, so both workers take batches
        batch = kiosk.batch([kiosk.record() for _ in range(size)])
        answer = httpx.post(f"{base}/api/v1/batches", json=batch, headers=kiosk.auth, timeout=30)
        assert answer.status_code == 200, answer.text
        sent += size

    scrapes = [httpx.get(f"{base}/metrics", timeout=10).text for _ in range(10)]
    assert [value(text, 'outcome="inserted"') for text in scrapes] == [float(sent)] * 10
    assert all(value(text, 'outcome="duplicate"') == 0 for text in scrapes)
    assert not (shared / "counter_1.db").exists()  # the stale run's 1000 was cleared
