"""A pass whose answers were lost asks central once which batches it holds and sends only the
rest (issue 24), exactly once, against the real central over a socket: central's word counts
only for the batch the kiosk composed (the same id and hash) and only while the kiosk's pending
records of its range are still exactly those; a central that lies, one restored without them,
or one release behind (404) gets the records sent as before."""

import shutil
import sqlite3
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import httpx
from fastapi import FastAPI
from sqlalchemy import insert, select, text, update

from kiosk.db import activities
from kiosk.db.deposits import register_deposit
from kiosk.db.models import Deposit, SentBatch
from kiosk.db.records import RECORD_TABLES
from kiosk.db.store import Store
from kiosk.domain.catalogue import Catalogue
from kiosk.domain.ids import uuid7
from kiosk.sync import outbox
from kiosk.sync.client import CentralClient
from kiosk.sync.engine import SyncStatus, run_sync
from tests.helpers.kiosk_data import seed_pending
from tests.helpers.servers import uvicorn_server
from tests.sync.conftest import central_distinct_count, enrol_store, make_central

HELD = "/api/v1/devices/me/batches/held"
BATCHES = "/api/v1/batches"


class Wire(httpx.BaseTransport):
    """The real socket, counting requests by path; ``lose`` says which answers never arrive
    (central has answered, the kiosk hears a reset); ``rewrite`` changes an answer's JSON."""

    def __init__(
        self,
        lose: Callable[[httpx.Request], bool] = lambda _request: False,
        rewrite: Callable[[str, dict], dict] | None = None,  # type: ignore[type-arg]
        *,
        before_held: bool = False,
        drop: Callable[[httpx.Request], bool] = lambda _request: False,
    ) -> None:
        self.inner = httpx.HTTPTransport()
        self.lose, self.rewrite = lose, rewrite
        # A central of the release before: the same request reaches a path it has no route
        # for, and the real central answers its own 404.
        self.before_held = before_held
        self.drop = drop  # which requests never reach central
        self.paths: Counter[str] = Counter()

    def close(self) -> None:
        self.inner.close()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.paths[request.url.path] += 1
        if self.drop(request):
            raise httpx.ConnectError("no route to central", request=request)
        if self.before_held and request.url.path == HELD:
            request.url = request.url.copy_with(path=HELD + "-not-in-this-release")
        response = self.inner.handle_request(request)
        response.read()
        if self.lose(request):
            response.close()
            raise httpx.ReadError("connection reset after central answered", request=request)
        if self.rewrite is not None and response.status_code == 200:
            body = self.rewrite(request.url.path, response.json())
            return httpx.Response(200, json=body, request=request)
        return response


def sync(store: Store, url: str, token: str, wire: Wire, **kwargs: object) -> SyncStatus:
    with CentralClient(url, token=token, transport=wire) as client:
        return run_sync(store=store, client=client, batch_size=10, **kwargs)  # type: ignore[arg-type]


def lose_batch_answers(request: httpx.Request) -> bool:
    return request.url.path == BATCHES


def pending_ids(store: Store) -> set[str]:
    with store.read() as conn:
        return set(conn.scalars(text("SELECT id FROM deposits WHERE sync_state = 'pending'")))


def states(store: Store) -> Counter[str]:
    with store.read() as conn:
        return Counter(conn.scalars(text("SELECT sync_state FROM deposits")))


def test_a_pass_after_lost_answers_sends_only_what_central_lacks(
    central: FastAPI, store: Store, data_dir: Path
) -> None:
    seed_pending(store, 30)
    with uvicorn_server(central) as url:
        token = enrol_store(central, store, url, data_dir)
        # Central takes the first batch; its answer is lost and the kiosk gives up.
        lost = sync(store, url, token, Wire(lose_batch_answers), give_up_after=0.0)
        assert lost.error is not None and lost.pending == 30
        assert central_distinct_count(central) == (10, 10)
        wire = Wire()
        again = sync(store, url, token, wire)
    assert (again.error, again.skipped, again.pushed, again.duplicates) == (None, 10, 20, 0)
    assert (again.batches, wire.paths[BATCHES], wire.paths[HELD]) == (2, 2, 1)
    assert states(store) == {"synced": 30}
    assert central_distinct_count(central) == (30, 30)


def test_a_full_resend_reads_and_sends_nothing(
    central: FastAPI, store: Store, data_dir: Path
) -> None:
    seed_pending(store, 45)
    with uvicorn_server(central) as url:
        token = enrol_store(central, store, url, data_dir)
        first = sync(store, url, token, Wire())
        with store.write() as conn:  # every answer lost: all of it pending again
            conn.execute(update(Deposit).values(sync_state="pending"))
        wire = Wire()
        again = sync(store, url, token, wire)
        idle = Wire()
        after = sync(store, url, token, idle)
    assert (first.pushed, first.batches) == (45, 5)
    assert (again.error, again.skipped, again.pushed, again.batches) == (None, 45, 0, 0)
    assert (wire.paths[BATCHES], wire.paths[HELD]) == (0, 1)
    assert (after.skipped, idle.paths[HELD], idle.paths[BATCHES]) == (0, 0, 0)  # nothing asked
    assert states(store) == {"synced": 45}
    assert central_distinct_count(central) == (45, 45)


def test_a_batch_of_mixed_record_types_is_known_again(
    central: FastAPI, store: Store, data_dir: Path
) -> None:
    # Deposits and flows share one seq space: the state is read across their tables in seq
    # order, and must hash as the batch did when it was composed.
    for n in range(12):
        if n % 3 == 0:
            activities.record_flow(
                store=store, flow="activity_reuse", source="activity", weight_g=900 + n
            )
        else:
            register_deposit(store=store, category="wood", weight_g=1000 + n)
    with uvicorn_server(central) as url:
        token = enrol_store(central, store, url, data_dir)
        assert sync(store, url, token, Wire()).pushed == 12
        with store.write() as conn:  # every answer lost
            for table in RECORD_TABLES.values():
                conn.execute(update(table).values(sync_state="pending"))
        wire = Wire()
        again = sync(store, url, token, wire)
    assert (again.error, again.skipped, wire.paths[BATCHES]) == (None, 12, 0)
    assert outbox.sync_overview(store=store).pending == 0


def test_a_central_that_claims_another_hash_gets_every_record_again(
    central: FastAPI, store: Store, data_dir: Path
) -> None:
    # Planted fault: central says it holds each batch asked about, with another hash, and
    # names a batch the kiosk never asked about with the hash of one it did. It holds none:
    # the first batch never reached it, so marking on its word would lose those records.
    seed_pending(store, 20)

    def lie(path: str, body: dict) -> dict:  # type: ignore[type-arg]
        if path != HELD:
            return body
        with store.read() as conn:
            mine = conn.execute(select(SentBatch.batch_id, SentBatch.sha256)).all()
        claims = [{"batch_id": b, "sha256": "f" * 64} for b, _ in mine]
        claims += [{"batch_id": str(uuid7()), "sha256": h} for _, h in mine]
        return {"held": claims}

    with uvicorn_server(central) as url:
        token = enrol_store(central, store, url, data_dir)
        sync(store, url, token, Wire(drop=lose_batch_answers), give_up_after=0.0)
        assert central_distinct_count(central) == (0, 0)
        wire = Wire(rewrite=lie)
        again = sync(store, url, token, wire)
    assert wire.paths[HELD] == 1  # it asked about the batch it remembered
    assert (again.error, again.skipped, again.pushed, again.batches) == (None, 0, 20, 2)
    assert central_distinct_count(central) == (20, 20)


def test_records_reissued_under_a_held_batchs_seqs_are_never_marked_on_its_word(
    central: FastAPI, store: Store, data_dir: Path, catalogue: Catalogue
) -> None:
    """A kiosk restored from an older backup numbers new records with seqs central holds
    other records under. Even with a remembered batch central holds (id and hash right) over
    those seqs, the kiosk marks nothing: they are other records, and central refuses them."""
    seed_pending(store, 10)
    with uvicorn_server(central) as url:
        token = enrol_store(central, store, url, data_dir)
        assert sync(store, url, token, Wire()).pushed == 10
        backup = data_dir.parent / "backup.sqlite3"
        with sqlite3.connect(data_dir / "kiosk.sqlite3") as source, sqlite3.connect(backup) as copy:
            source.backup(copy)  # last night's backup: seqs 1..10
        seed_pending(store, 10)  # seqs 11..20, sent, then the disk dies
        assert sync(store, url, token, Wire()).pushed == 10
        with store.read() as conn:
            remembered = (
                conn.execute(select(SentBatch.__table__).where(SentBatch.first_seq == 11))
                .one()
                ._asdict()
            )
        store.close()

        restored_dir = data_dir.parent / "restored"
        restored_dir.mkdir()
        shutil.copy(backup, restored_dir / "kiosk.sqlite3")
        restored = Store.open(
            restored_dir / "kiosk.sqlite3",
            station_id="trosterud",
            catalogue=catalogue,
            max_weight_g=50_000,
        )
        try:
            reissued = set(seed_pending(restored, 10))  # seqs 11..20 again, other records
            with restored.write() as conn:  # the planted fault: a memory of the lost batch
                conn.execute(insert(SentBatch), [remembered])
            wire = Wire()
            status = sync(restored, url, token, wire)
            assert wire.paths[HELD] == 1  # it asked, and central holds that batch
            assert status.skipped == 0
            with restored.read() as conn:
                synced = set(
                    conn.scalars(text("SELECT id FROM deposits WHERE sync_state = 'synced'"))
                )
            assert not synced & reissued
            assert outbox.sync_overview(store=restored).quarantined == 10  # seq_taken
        finally:
            restored.close()
    assert central_distinct_count(central) == (20, 20)


def test_a_record_changed_since_its_batch_was_sent_is_not_marked_on_its_word(
    central: FastAPI, store: Store, data_dir: Path
) -> None:
    seed_pending(store, 10)
    with uvicorn_server(central) as url:
        token = enrol_store(central, store, url, data_dir)
        sync(store, url, token, Wire(lose_batch_answers), give_up_after=0.0)
        with store.write() as conn:  # flagged after it was sent: no longer what central holds
            conn.execute(update(Deposit).where(Deposit.seq == 4).values(clock_flag="future"))
        status = sync(store, url, token, Wire())
    assert status.skipped == 0
    # Sent as it is now: central names the contradiction, as it did before this check.
    assert status.quarantined == 1 and status.duplicates == 9


def test_a_central_restored_without_the_batch_gets_it_again(
    tmp_path: Path, store: Store, data_dir: Path
) -> None:
    path = tmp_path / "central.sqlite3"
    app = make_central(f"sqlite:///{path}", max_weight_g=50_000)
    backup = tmp_path / "central-backup.sqlite3"
    seed_pending(store, 20)
    try:
        with uvicorn_server(app) as url:
            token = enrol_store(app, store, url, data_dir)
            app.state.engine.dispose()
            with sqlite3.connect(path) as source, sqlite3.connect(backup) as copy:
                source.backup(copy)  # the dump: the device enrolled, no batch yet
            sync(store, url, token, Wire(lose_batch_answers), give_up_after=0.0)
            assert central_distinct_count(app) == (10, 10)
            app.state.engine.dispose()
            with sqlite3.connect(backup) as source, sqlite3.connect(path) as target:
                source.backup(target)  # central restored: the batch is gone
            assert central_distinct_count(app) == (0, 0)
            wire = Wire()
            status = sync(store, url, token, wire)
    finally:
        app.state.engine.dispose()
    assert (wire.paths[HELD], status.skipped, status.pushed, status.error) == (1, 0, 20, None)
    assert states(store) == {"synced": 20}


def test_a_central_one_release_behind_gets_everything_sent(
    tmp_path: Path, store: Store, data_dir: Path
) -> None:
    app = make_central(f"sqlite:///{tmp_path / 'central.sqlite3'}", max_weight_g=50_000)
    seed_pending(store, 20)
    try:
        with uvicorn_server(app) as url:
            token = enrol_store(app, store, url, data_dir)
            sync(store, url, token, Wire(lose_batch_answers), give_up_after=0.0)
            wire = Wire(before_held=True)
            status = sync(store, url, token, wire)
    finally:
        app.state.engine.dispose()
    assert wire.paths[HELD] == 1  # asked, and told 404
    assert (status.error, status.skipped, status.pushed, status.batches) == (None, 0, 20, 2)
    assert states(store) == {"synced": 20}
    assert central_distinct_count(app) == (20, 20)
