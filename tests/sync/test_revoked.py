"""A kiosk revoked at central: its sync says so and enrol again, and it keeps its records."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy.orm import Session

from central.services.revocation import revoke_device
from kiosk.composition import Kiosk
from kiosk.db.store import Store
from kiosk.domain.catalogue import load_default
from kiosk.sync.client import CentralClient
from kiosk.sync.engine import run_sync
from kiosk.sync.outbox import sync_overview
from tests.helpers.kiosk_data import seed_pending
from tests.helpers.servers import uvicorn_server
from tests.sync.conftest import central_ids, enrol_store


def test_a_revoked_kiosk_is_told_so_and_keeps_its_records(central: FastAPI, data_dir: Path) -> None:
    store = Store.open(
        data_dir / "kiosk.sqlite3",
        station_id="trosterud",
        catalogue=load_default(),
        max_weight_g=50_000,
    )
    first = seed_pending(store, 3)
    with uvicorn_server(central) as url:
        token = enrol_store(central, store, url, data_dir)
        with CentralClient(url, token=token) as client:
            assert run_sync(store=store, client=client).error is None
            device_id = store.device_id
            with Session(central.state.engine) as session:
                revoke_device(now=datetime.now(UTC), session=session, device_id=device_id)
                session.commit()
            later = seed_pending(store, 2)
            status = run_sync(store=store, client=client)
    assert status.error is not None
    assert "device_revoked" in status.error and "enrol the kiosk again" in status.error
    assert sync_overview(store=store).pending == 2  # nothing lost, nothing marked sent
    assert sorted(central_ids(central)) == sorted(first)
    assert not set(later) & set(central_ids(central))


def test_a_revoked_kiosk_enrolled_again_with_takeover_sends_what_waited(
    central: FastAPI, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk.cli import main
    from tests.sync.conftest import issue_code

    with uvicorn_server(central) as url:
        assert main(["enrol", url, issue_code(central)]) == 0
        store = Kiosk.load(data_dir).open_store()
        try:
            device_id = store.device_id
            waiting = seed_pending(store, 4)
        finally:
            store.close()
        with Session(central.state.engine) as session:
            revoke_device(now=datetime.now(UTC), session=session, device_id=device_id)
            session.commit()
        capsys.readouterr()
        assert main(["sync", "--max-wait", "5"]) == 1
        out = capsys.readouterr()
        assert "pending 4" in out.out
        assert "revoked" in out.err and "kiosk enrol --takeover" in out.err

        assert main(["enrol", "--takeover", url, issue_code(central)]) == 0
        assert main(["sync"]) == 0
    assert sorted(central_ids(central)) == sorted(waiting)


def test_kiosk_sync_of_a_revoked_kiosk_says_so_in_one_line(
    central: FastAPI, data_dir: Path
) -> None:
    """What the walk-through's technician sees: one line named by the command, no traceback."""
    import os
    import subprocess
    import sys

    store = Kiosk.load(data_dir).open_store(enrolling=True)
    seed_pending(store, 2)
    with uvicorn_server(central) as url:
        enrol_store(central, store, url, data_dir)
        with Session(central.state.engine) as session:
            revoke_device(now=datetime.now(UTC), session=session, device_id=store.device_id)
            session.commit()
        store.close()
        done = subprocess.run(
            [sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), "sync", "--max-wait", "5"],
            capture_output=True, text=True, timeout=120,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        )  # fmt: skip
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("kiosk sync: revoked: central has revoked this kiosk")
    assert "pending 2" in done.stdout
