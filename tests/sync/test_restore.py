"""Central restored from last night's dump in the middle of a fleet's sync loses nothing
(issue 22): at the next check-in every kiosk compares what it marked synced with what central
holds, and sends again what central lacks; a kiosk enrolled after the dump is unknown (401),
enrols again and fills its holes from seq 1. Real PostgreSQL, pg_dump and pg_restore, and
the real central over a socket.
"""

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import create_engine, func, make_url, select, text
from sqlalchemy.orm import Session

from central.models import Device, Record
from kiosk.db import activities
from kiosk.db.deposits import register_deposit
from kiosk.db.store import Store
from kiosk.domain.catalogue import Catalogue
from kiosk.domain.ids import uuid7
from kiosk.sync import outbox
from kiosk.sync.client import CentralClient
from kiosk.sync.engine import SyncStatus, run_sync
from tests.helpers.kiosk_data import seed_pending
from tests.helpers.servers import PG_ENV, pg_schema_url, uvicorn_server
from tests.sync.conftest import enrol_store, make_central

TOOLS = ("pg_dump", "pg_restore")


class Fleet:
    """Kiosks by name, each with its store, folder and token, syncing to one central."""

    def __init__(self, root: Path, catalogue: Catalogue, app: FastAPI, url: str) -> None:
        self.root, self.catalogue, self.app, self.url = root, catalogue, app, url
        self.stores: dict[str, Store] = {}
        self.tokens: dict[str, str] = {}

    def enrol(self, name: str) -> Store:
        folder = self.root / name
        folder.mkdir(exist_ok=True)
        if name not in self.stores:
            self.stores[name] = Store.open(
                folder / "kiosk.sqlite3",
                station_id="trosterud",
                catalogue=self.catalogue,
                max_weight_g=50_000,
                device_id=str(uuid7()),
            )
        self.tokens[name] = enrol_store(self.app, self.stores[name], self.url, folder)
        return self.stores[name]

    def sync(self, name: str, on_progress: Callable[[int], None] | None = None) -> SyncStatus:
        with CentralClient(self.url, token=self.tokens[name]) as client:
            return run_sync(
                store=self.stores[name], client=client, batch_size=10, on_progress=on_progress
            )

    def close(self) -> None:
        for store in self.stores.values():
            store.close()


@pytest.fixture
def pg_url() -> Iterator[str]:
    missing = [tool for tool in TOOLS if not shutil.which(tool)]
    assert not missing, f"install PostgreSQL's client tools: {missing}"
    with pg_schema_url() as url:
        yield url


def _libpq(url: str) -> tuple[dict[str, str], str, str]:
    """The environment for pg_dump/pg_restore, the database and the test's schema."""
    parsed = make_url(url)
    env = {
        **os.environ,
        "PGHOST": parsed.host or "127.0.0.1",
        "PGPORT": str(parsed.port or 5432),
        "PGUSER": parsed.username or "postgres",
    }
    schema = parsed.query["options"].removeprefix("-csearch_path=")  # type: ignore[union-attr]
    return env, parsed.database or "test", schema


def dump(url: str, path: Path) -> None:
    env, database, schema = _libpq(url)
    done = subprocess.run(
        ["pg_dump", "--format=custom", "--schema", schema, "--file", str(path), database],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def drop_and_restore(app: FastAPI, url: str, path: Path) -> None:
    """What an operator does after losing the database: drop it, restore last night's dump."""
    env, database, schema = _libpq(url)
    app.state.engine.dispose()  # central's pooled connections go, as when it is stopped
    admin = create_engine(os.environ[PG_ENV], isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()
    done = subprocess.run(
        ["pg_restore", "--no-owner", "--dbname", database, str(path)],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def kiosk_ids(store: Store) -> set[str]:
    with store.read() as conn:
        return set(conn.scalars(text("SELECT id FROM deposits")))


def test_a_restore_in_the_middle_of_a_fleets_sync_leaves_every_record_once(
    pg_url: str, tmp_path: Path, catalogue: Catalogue
) -> None:
    app = make_central(pg_url, max_weight_g=50_000)
    backup = tmp_path / "central.dump"
    with uvicorn_server(app) as url:
        fleet = Fleet(tmp_path, catalogue, app, url)
        try:
            for name in ("a", "b"):
                seed_pending(fleet.enrol(name), 30)
                assert fleet.sync(name).pushed == 30
            dump(pg_url, backup)  # last night's dump: a and b up to seq 30, c unknown

            for name in ("a", "b"):
                seed_pending(fleet.stores[name], 30)
            assert fleet.sync("b").pushed == 30
            seed_pending(fleet.enrol("c"), 25)
            assert fleet.sync("c").pushed == 25

            # a is halfway through its pass (seq 31-40 delivered) when central is restored.
            restored: list[int] = []

            def restore_once(sent: int) -> None:
                if not restored:
                    restored.append(sent)
                    drop_and_restore(app, pg_url, backup)

            status = fleet.sync("a", on_progress=restore_once)
            assert (status.error, status.pending, restored) == (None, 0, [10])

            # The next pass of each: central lacks 31-40 of a and 31-60 of b; it sends them.
            assert (fleet.sync("a").resent, fleet.sync("b").resent) == (10, 30)
            # c enrolled after the dump: central no longer knows it, and says so.
            refused = fleet.sync("c")
            assert "refused the device token" in (refused.error or "")
            assert "kiosk enrol URL CODE" in (refused.error or "")  # what to do, in the message
            assert outbox.sync_overview(store=fleet.stores["c"]).unknown  # the header says so
            fleet.enrol("c")  # a new code, as the message tells the technician
            assert not outbox.sync_overview(store=fleet.stores["c"]).unknown
            again = fleet.sync("c")
            assert (again.error, again.resent, again.pushed) == (None, 25, 25)

            for name, store in fleet.stores.items():
                overview = outbox.sync_overview(store=store)
                assert (name, overview.pending, overview.quarantined) == (name, 0, 0)
            expected = {name: kiosk_ids(store) for name, store in fleet.stores.items()}
            devices = {name: store.device_id for name, store in fleet.stores.items()}
        finally:
            fleet.close()
    with Session(app.state.engine) as session:
        total, distinct = session.execute(
            select(func.count(), func.count(Record.id.distinct()))
        ).one()
        assert total == distinct == 60 + 60 + 25  # every record once
        for name, device_id in devices.items():
            held = set(session.scalars(select(Record.id).where(Record.device_id == device_id)))
            assert held == expected[name], name
            # No hole is left: every device's seqs are contiguous from 1 (no gap 1-2).
            device = session.get(Device, device_id)
            assert device is not None
            assert device.highest_contiguous_seq == len(expected[name]), name
    app.state.engine.dispose()


def test_records_of_every_type_central_holds_are_never_sent_again(
    central: FastAPI, store: Store, data_dir: Path
) -> None:
    # Seq 1 and 3 are not deposits: what central holds up to its contiguous mark is held,
    # whatever its highest_seq and gaps say of deposits alone.
    activities.record_flow(store=store, flow="activity_reuse", source="activity", weight_g=900)
    register_deposit(store=store, category="wood", weight_g=1000)
    activities.record_flow(store=store, flow="activity_reuse", source="activity", weight_g=800)
    with uvicorn_server(central) as url:
        token = enrol_store(central, store, url, data_dir)
        with CentralClient(url, token=token) as client:
            first = run_sync(store=store, client=client)
            again = run_sync(store=store, client=client)
    assert (first.pushed, first.error) == (3, None)
    assert (again.resent, again.pushed, again.duplicates, again.batches) == (0, 0, 0, 0)
