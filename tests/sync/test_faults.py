"""Exactly once through real failures: a fault-injecting proxy, and SIGKILLed `kiosk sync`.

Central runs under uvicorn on a loopback port; the kiosk talks to it over real sockets.
"""

import os
import random
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from kiosk.db.models import Deposit
from kiosk.db.store import Store
from kiosk.domain.catalogue import load_default
from kiosk.sync.client import CentralClient
from kiosk.sync.engine import run_sync
from kiosk.sync.schedule import Backoff
from tests.helpers.fault_proxy import FaultProxy
from tests.helpers.kiosk_data import pending_toward_nowhere, seed_pending
from tests.helpers.servers import database_url, uvicorn_server
from tests.sync.conftest import central_distinct_count, central_ids, enrol_store, make_central

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def central_url(central: FastAPI) -> Iterator[str]:
    with uvicorn_server(central) as url:
        yield url


@pytest.fixture(params=["sqlite", "pg"])
def any_central(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FastAPI]:
    """Central on the embedded SQLite and on PostgreSQL (skipped without KIOSK_TEST_PG_URL)."""
    with database_url(request.param, tmp_path) as url:
        app = make_central(url, max_weight_g=50_000)
        yield app
        app.state.engine.dispose()


def pending(store: Store) -> int:
    with store.read() as conn:
        return conn.scalar(select(func.count()).where(Deposit.sync_state == "pending"))


def test_ten_thousand_records_through_a_faulty_network_arrive_exactly_once(
    any_central: FastAPI, store: Store, data_dir: Path
) -> None:
    central = any_central
    ids = seed_pending(store, 10_000)
    with (
        uvicorn_server(central) as central_url,
        FaultProxy(("127.0.0.1", int(central_url.rsplit(":", 1)[1])), seed=4) as proxy,
    ):
        token = enrol_store(central, store, central_url, data_dir)
        with CentralClient(proxy.url, token=token) as client:
            status = run_sync(
                store=store,
                client=client,
                batch_size=500,
                backoff=Backoff(initial=0.01, cap=0.2, rng=random.Random(3)),
                give_up_after=60,  # a bound for a broken test, far above a normal run
            )
        faults = dict(proxy.batch_counts)
    assert (status.pending, status.quarantined, status.flagged, status.error) == (0, 0, 0, None)
    assert pending(store) == 0
    assert sorted(central_ids(central)) == sorted(ids)
    assert central_distinct_count(central) == (10_000, 10_000)
    # Every kind of fault really hit batch uploads, including answers lost after commit.
    assert all(faults.get(mode, 0) >= 2 for mode in ("reset_before", "reset_after", "truncate"))
    assert status.batches == 20  # each acknowledged once, however often it was resent


def test_sync_killed_mid_batch_again_and_again_then_finishes_exactly_once(
    central: FastAPI, central_url: str, data_dir: Path
) -> None:
    store = Store.open(
        data_dir / "kiosk.sqlite3",
        station_id="trosterud",
        catalogue=load_default(),
        max_weight_g=200_000,
    )
    ids = seed_pending(store, 12_000)
    enrol_store(central, store, central_url, data_dir)
    token_mode = stat.S_IMODE(os.stat(data_dir / "device_token").st_mode)
    assert token_mode == 0o600
    command = [sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), "sync"]
    command += ["--batch-size", "150"]  # many small batches: kills land mid-stream
    rng = random.Random(11)
    for run in range(8):
        before = pending(store)
        # Kill once this run has reported 2..8 batches acknowledged: by then at least one batch
        # is marked synced, and 8 runs of at most 8 batches leave some of the 80 still pending.
        # Chosen by progress, not by the clock, so a slow machine kills at the same points.
        kill_at = 150 * rng.randint(2, 8)
        sent = run_sync_until(command, kill_at)
        after = pending(store)
        assert sent >= kill_at, f"run {run}: the sync ended by itself after {sent} records"
        assert 0 < after < before, f"run {run}: pending {before} -> {after}"
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert pending(store) == 0
    assert sorted(central_ids(central)) == sorted(ids)
    assert central_distinct_count(central) == (12_000, 12_000)
    store.close()


def run_sync_until(command: list[str], kill_at: int) -> int:
    """Run `kiosk sync`, SIGKILL it once it reports kill_at records sent; return the last count."""
    process = subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdout is not None
    sent = 0
    try:
        for line in process.stdout:
            if line.startswith("sent "):
                sent = int(line.split()[1])
                if sent >= kill_at:
                    process.send_signal(signal.SIGKILL)
                    break
    finally:
        process.kill()  # no-op if dead; never leave a child behind when the test fails
        process.wait(timeout=10)
        process.stdout.close()
    return sent


def test_sync_command_exits_non_zero_while_records_are_pending(data_dir: Path) -> None:
    pending_toward_nowhere(data_dir)
    command = [sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), "sync"]
    done = subprocess.run(
        [*command, "--max-wait", "0.2"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert "pending 3" in done.stdout
    assert "offline" in done.stderr


def test_enrol_command_stores_a_private_token_and_the_station(
    central: FastAPI, central_url: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk.cli import main
    from tests.sync.conftest import issue_code

    code = issue_code(central)
    assert main(["--data-dir", str(data_dir), "enrol", central_url, code]) == 0
    assert "station trosterud" in capsys.readouterr().out
    assert stat.S_IMODE(os.stat(data_dir / "device_token").st_mode) == 0o600
    store = Store.open(
        data_dir / "kiosk.sqlite3", station_id="x", catalogue=load_default(), max_weight_g=1
    )
    try:
        assert store.meta("enrolled_station_id") == "trosterud"
        assert store.meta("central_url") == central_url
    finally:
        store.close()
    assert main(["--data-dir", str(data_dir), "enrol", central_url, code]) == 1
    assert "already been used" in capsys.readouterr().err
