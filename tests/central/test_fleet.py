"""Central run by its production command (`serve --workers 2`) on PostgreSQL, over loopback.

A real kiosk syncs through it, and a small fleet's night (resends, replays, resets) leaves
exactly the unique records and every device's contiguous seq: bench/central_load.py small.
"""

import os
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.core.secret import server_key
from central.core.shared_admission import SharedAdmission
from central.db import prepare
from central.models import Record
from central.services import stations
from kiosk.db.deposits import register_deposit
from kiosk.db.store import Store
from kiosk.sync.client import CentralClient
from kiosk.sync.engine import run_sync
from kiosk.sync.enrolment import enrol
from tests.helpers.fleet import (
    SECRET,
    Night,
    _covered,
    central_process,
    check_exact,
    enrol_fleet,
    fleet_night,
    parse_cpus,
    run_driver,
)
from tests.helpers.servers import PG_ENV, pg_schema_url
from tests.helpers.waiting import wait_until


@pytest.fixture
def pg_base() -> str:
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set; the fleet test needs PostgreSQL")
    return base


@pytest.fixture(scope="module")
def production() -> Iterator[tuple[str, str]]:
    """One `serve --workers 2` for the module (starting workers is the slow part)."""
    with pg_schema_url() as db_url, central_process(db_url, 2, 8) as (url, _pid):
        yield db_url, url


def test_a_kiosk_syncs_through_the_production_command(
    production: tuple[str, str], store: Store, data_dir: Path
) -> None:
    db_url, url = production
    engine = prepare(db_url)
    with Session(engine) as session:
        stations.add_station(
            now=datetime.now(UTC), session=session, station_id="trosterud", name="Trosterud"
        )
        code, _ = stations.issue_enrol_code(
            now=datetime.now(UTC),
            session=session,
            key=server_key(secret=SECRET, data_dir=data_dir),
            station_id="trosterud",
            ttl=timedelta(hours=1),
        )
        session.commit()
    for grams in (500, 1200, 800):
        register_deposit(store=store, category="wood", weight_g=grams)
    with CentralClient(url) as client:
        enrol(store=store, client=client, central_url=url, code=code, folder=data_dir)
    token = (data_dir / "device_token").read_text()
    with CentralClient(url, token=token) as client:
        status = run_sync(store=store, client=client)
    assert (status.pushed, status.pending, status.error) == (3, 0, None)
    with Session(engine) as session:
        assert session.scalar(select(func.sum(Record.weight_g))) == 2500
    engine.dispose()


def test_a_small_fleet_night_on_two_workers_is_exact(pg_base: str) -> None:
    # Central on one CPU, the kiosks on another (the same one on a one-CPU machine).
    first, last = min(os.sched_getaffinity(0)), max(os.sched_getaffinity(0))
    night = Night(
        kiosks=4,
        records=200,
        offline=1,
        offline_records=400,
        batch=100,
        procs=2,
        central_cpus=str(first),
        kiosk_cpus=str(last),
    )
    run = fleet_night(pg_base, workers=2, args=night)
    assert (run["held"], run["devices_wrong"]) == (run["expected"], 0)
    # Kiosk 1 resent every batch and kiosk 2 replayed its night, two batches or more each.
    assert run["batches"] >= run["unique_batches"] + 4
    # Each side ran where it was pinned, as read back from the processes themselves.
    assert (run["central_cpus"], run["kiosk_cpus"]) == ([first], [last])
    # The slowest answers are split by central's Server-Timing: in central and outside it.
    split = run["where"]["p99_split_s"]
    assert split["posts"] >= 1 and split["batch"] > 0 and split["outside"] >= 0


def test_serve_s_workers_share_one_admission_file_it_removes_at_exit() -> None:
    with pg_schema_url() as db_url:
        with central_process(db_url, 2, 8) as (_url, pid):
            path = Path("/dev/shm") / f"kiosk-central-admission-{pid}"
            if not Path("/dev/shm").is_dir():
                path = Path(tempfile.gettempdir()) / path.name
            # Both workers hold a row in it (and this test, by looking), once both are up.
            view = SharedAdmission(path)
            wait_until(lambda: view.workers() == 3, timeout_s=120)
        assert not path.exists()


def test_central_busy_counts_overlapping_batches_once() -> None:
    # Two batches overlap on 0..2, one more at 3..4; the window ends at 3.5.
    assert _covered([(0.0, 1.0), (0.5, 2.0), (3.0, 4.0), (3.2, 3.4)], 0.0, 3.5) == 2.5


def test_cpu_lists_read_as_taskset_writes_them() -> None:
    assert parse_cpus("0") == {0}
    assert parse_cpus("0,2-4") == {0, 2, 3, 4}
    assert parse_cpus(None) is None and parse_cpus("") is None


def test_the_exactness_check_catches_a_missing_record(production: tuple[str, str]) -> None:
    db_url, url = production
    jobs = enrol_fleet(db_url, url, [(50, 0), (50, 1)], batch=20)
    run_driver(jobs, url, seed=1)
    # Held counts every record in the schema; the kiosk test above may have added 3.
    exact = check_exact(db_url, jobs)
    assert (exact["expected"], exact["devices_wrong"]) == (100, 0)
    # A planted fault: one kiosk claims a record central never got.
    planted = check_exact(db_url, [jobs[0], replace(jobs[1], records=51)])
    assert (planted["expected"], planted["held"], planted["devices_wrong"]) == (
        101,
        exact["held"],
        1,
    )
