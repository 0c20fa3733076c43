"""The sync engine end to end against the real central app, in-process (httpx ASGITransport)."""

import json
import random
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.models import Device, Record
from central.services import catalogue
from kiosk.db.catalogues import load_catalogue
from kiosk.db.deposits import register_deposit, undo_deposit
from kiosk.db.hours import load_hours
from kiosk.db.models import Deposit
from kiosk.db.store import Store
from kiosk.sync.client import CentralClient
from kiosk.sync.engine import run_sync
from kiosk.sync.enrolment import read_token
from kiosk.sync.outbox import sync_overview
from kiosk.sync.schedule import Backoff
from tests.helpers.servers import SyncASGITransport
from tests.sync.conftest import central_ids, enrol_store

FAST = {"initial": 0.001, "cap": 0.01}


def connect(central: FastAPI, store: Store, data_dir: Path) -> CentralClient:
    transport = SyncASGITransport(central)
    # Enrol once: central refuses a second enrolment of the same device without takeover.
    token = read_token(data_dir) or enrol_store(
        central, store, "http://central", data_dir, transport=transport
    )
    return CentralClient("http://central", token=token, transport=transport)


def kiosk_states(store: Store) -> dict[str, str]:
    with store.read() as conn:
        return dict(conn.execute(select(Deposit.id, Deposit.sync_state)).all())


def test_everything_pending_arrives_once_and_is_marked_synced(
    central: FastAPI, store: Store, data_dir: Path
) -> None:
    saved = [register_deposit(store=store, category="wood", weight_g=1000 + i) for i in range(7)]
    undo_deposit(store=store, deposit_id=saved[2].id)
    with connect(central, store, data_dir) as client:
        progress: list[int] = []
        status = run_sync(store=store, client=client, batch_size=3, on_progress=progress.append)
        again = run_sync(store=store, client=client, batch_size=3)
    assert (status.pushed, status.pending, status.batches, status.error) == (8, 0, 3, None)
    assert progress == [3, 6, 8]  # one report a batch: what `kiosk sync` prints as "sent N"
    assert sorted(central_ids(central)) == sorted(kiosk_states(store))
    assert set(kiosk_states(store).values()) == {"synced"}
    assert (again.pushed, again.batches) == (0, 0)


def test_a_refused_record_is_quarantined_and_the_rest_keeps_flowing(
    central: FastAPI, store: Store, data_dir: Path
) -> None:
    before = [register_deposit(store=store, category="wood", weight_g=2000) for _ in range(3)]
    heavy = register_deposit(store=store, category="metal", weight_g=60_000)  # central max 50 kg
    after = [register_deposit(store=store, category="wood", weight_g=2000) for _ in range(3)]
    with connect(central, store, data_dir) as client:
        status = run_sync(store=store, client=client, batch_size=5)
    assert (status.quarantined, status.pending, status.error) == (1, 0, None)
    assert sorted(central_ids(central)) == sorted(d.id for d in before + after)
    with store.read() as conn:
        state, error = conn.execute(
            select(Deposit.sync_state, Deposit.sync_error).where(Deposit.id == heavy.id)
        ).one()
    assert state == "quarantined"
    assert "weight_g" in error
    assert sync_overview(store=store).quarantined == 1


def test_a_newer_catalogue_from_central_replaces_the_bundled_one(
    central: FastAPI, store: Store, data_dir: Path
) -> None:
    document = store.catalogue.to_dict()
    document["version"] = newer = store.catalogue.version + 1
    document["categories"].append(
        {"code": "bikes", "kind": "reuse", "names": {"nb": "Sykler"}, "default_weight_g": 12000}
    )
    with Session(central.state.engine) as session:
        catalogue.publish_catalogue(now=datetime.now(UTC), session=session, document=document)
        session.commit()
    with connect(central, store, data_dir) as client:
        status = run_sync(store=store, client=client)
    assert status.catalogue_version == newer
    assert load_catalogue(store.engine).get("bikes").name() == "Sykler"
    # Stored, and handed to the caller to put in force (the app does it on its GUI thread).
    assert store.catalogue.get("bikes") is None
    store.catalogue = status.catalogue
    # The kiosk can now register in the new category, and central takes it.
    register_deposit(store=store, category="bikes", weight_g=12_000, direction="out")
    with connect(central, store, data_dir) as client:
        assert run_sync(store=store, client=client).pending == 0


def test_impossible_times_are_flagged_and_still_delivered(
    central: FastAPI, store: Store, data_dir: Path
) -> None:
    installed = datetime.fromisoformat(store.meta("installed_at"))
    late = datetime.now(UTC) + timedelta(days=3)
    past = register_deposit(store=store, category="wood", weight_g=5, now=installed - timedelta(1))
    future = register_deposit(store=store, category="wood", weight_g=5, now=late)
    normal = register_deposit(store=store, category="wood", weight_g=5)
    with connect(central, store, data_dir) as client:
        status = run_sync(store=store, client=client)
    assert (status.flagged, status.pending) == (2, 0)
    assert abs(status.clock_offset_s) < 60
    with Session(central.state.engine) as session:
        flags = dict(session.execute(select(Record.id, Record.clock_flag)).all())
    assert flags == {past.id: "before_install", future.id: "future", normal.id: None}


def test_overview_reports_backlog_and_last_success(
    central: FastAPI, store: Store, data_dir: Path
) -> None:
    old = datetime.now(UTC) - timedelta(days=9)
    register_deposit(store=store, category="wood", weight_g=500, now=old)
    register_deposit(store=store, category="wood", weight_g=500)
    overview = sync_overview(store=store)
    assert (overview.pending, overview.last_success) == (2, None)
    assert overview.oldest_unsynced_at == old
    assert overview.oldest_unsynced_age >= timedelta(days=9)
    with connect(central, store, data_dir) as client:
        status = run_sync(store=store, client=client)
    after = sync_overview(store=store)
    assert (after.pending, after.oldest_unsynced_at) == (0, None)
    assert after.last_success == status.last_success is not None


def test_offline_gives_up_when_asked_and_loses_nothing(store: Store) -> None:
    register_deposit(store=store, category="wood", weight_g=500)

    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("network unreachable", request=request)

    client = CentralClient("http://central", token="x", transport=httpx.MockTransport(down))
    backoff = Backoff(rng=random.Random(1), **FAST)
    status = run_sync(store=store, client=client, backoff=backoff, give_up_after=0.05)
    assert status.error.startswith("offline")
    assert status.pending == 1
    stop = threading.Event()
    stop.set()
    assert run_sync(store=store, client=client, stop=stop).error == "stopped before finishing"


def test_server_errors_are_retried_until_central_recovers(
    central: FastAPI, store: Store, data_dir: Path
) -> None:
    register_deposit(store=store, category="wood", weight_g=500)
    inner = SyncASGITransport(central)
    failures = iter([503, 502, 500])

    def flaky(request: httpx.Request) -> httpx.Response:
        status = next(failures, None)
        return httpx.Response(status) if status else inner.handle_request(request)

    token = enrol_store(central, store, "http://central", data_dir, transport=inner)
    client = CentralClient("http://central", token=token, transport=httpx.MockTransport(flaky))
    status = run_sync(store=store, client=client, backoff=Backoff(rng=random.Random(2), **FAST))
    assert (status.pushed, status.pending, status.error) == (1, 0, None)


def test_sync_and_central_code_never_import_qt() -> None:
    code = (
        "import sys, kiosk.sync.engine, kiosk.sync.schedule, kiosk.sync.enrolment, kiosk.cli, "
        "central.main, central.cli; print('PySide6' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr


def test_a_reopened_kiosk_uses_central_catalogue_and_station(
    central: FastAPI, store: Store, data_dir: Path
) -> None:
    from kiosk.composition import Kiosk
    from kiosk.paths import resolve
    from kiosk.settings import Settings

    document = dict(store.catalogue.to_dict(), version=3)
    with Session(central.state.engine) as session:
        catalogue.publish_catalogue(now=datetime.now(UTC), session=session, document=document)
        session.commit()
    with connect(central, store, data_dir) as client:
        run_sync(store=store, client=client)
    store.close()
    reopened = Kiosk(resolve(data_dir), Settings(station_id="unset")).open_store()
    try:
        assert (reopened.catalogue.version, reopened.station_id) == (3, "trosterud")
    finally:
        reopened.close()


def test_an_unreadable_catalogue_does_not_stop_records(store: Store) -> None:
    register_deposit(store=store, category="wood", weight_g=500)

    def central(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/status"):
            return httpx.Response(204)
        if request.url.path.endswith("/check-in"):
            broken = {"version": 9, "categories": [{"code": "x"}]}
            now = datetime.now(UTC).isoformat()
            answer = {"changed": True, "version": 9, "catalogue": broken, "server_time": now}
            hours = {"changed": False, "version": 0, "server_time": now}
            return httpx.Response(200, json={"catalogue": answer, "hours": hours})
        body = json.loads(request.content)
        answer = {"batch_id": body["batch_id"], "count": body["count"], "inserted": 1}
        return httpx.Response(200, json={**answer, "duplicates": 0})

    client = CentralClient("http://central", token="t", transport=httpx.MockTransport(central))
    client.gzip_level = 0
    kept = store.catalogue.version
    status = run_sync(store=store, client=client)
    assert (status.pending, status.catalogue_version) == (0, kept)
    assert load_catalogue(store.engine).version == kept != 9


def test_a_shedding_centrals_retry_after_is_honoured(store: Store) -> None:
    register_deposit(store=store, category="wood", weight_g=500)
    calls: list[str] = []

    def shedding(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        return httpx.Response(503, headers={"Retry-After": "120"})

    client = CentralClient("http://central", token="x", transport=httpx.MockTransport(shedding))
    backoff = Backoff(rng=random.Random(3), **FAST)
    # Backoff alone would retry every 10 ms; Retry-After says 120 s, past the 5 s we allow.
    status = run_sync(store=store, client=client, backoff=backoff, give_up_after=5.0)
    assert status.error.startswith("offline")
    assert (len(calls), status.pending) == (1, 1)


def test_unreadable_hours_keep_the_last_good_ones_and_records_flow(store: Store) -> None:
    register_deposit(store=store, category="wood", weight_g=500)
    good = {"version": 2, "station_id": "trosterud", "weekly": {"mon": ["09:00-12:00"]}}
    sent = [
        good,
        {"version": 3, "station_id": "trosterud", "weekly": {"mon": ["12:00-09:00"]}},
        {**good, "version": 4, "station_id": "furuset"},  # not this kiosk's station
    ]

    def central(request: httpx.Request) -> httpx.Response:
        now = datetime.now(UTC).isoformat()
        if request.url.path.endswith("/status"):
            return httpx.Response(204)
        if request.url.path.endswith("/check-in"):
            assert request.headers["Authorization"] == "Bearer t"
            catalogue = {"changed": False, "version": 1, "server_time": now}
            doc = sent.pop(0)
            hours = {"changed": True, "version": doc["version"], "hours": doc, "server_time": now}
            return httpx.Response(200, json={"catalogue": catalogue, "hours": hours})
        body = json.loads(request.content)
        answer = {"batch_id": body["batch_id"], "count": body["count"], "inserted": 1}
        return httpx.Response(200, json={**answer, "duplicates": 0})

    client = CentralClient("http://central", token="t", transport=httpx.MockTransport(central))
    client.gzip_level = 0
    first = run_sync(store=store, client=client)
    assert first.hours is not None and first.hours.version == 2
    second = run_sync(store=store, client=client)
    assert second.ok and second.hours is None and second.pending == 0
    third = run_sync(store=store, client=client)
    assert third.ok and third.hours is None
    kept = load_hours(store)
    assert kept is not None and kept.version == 2


class PathsSeen(SyncASGITransport):
    """The real central in-process; keeps the path of every request the kiosk made."""

    def __init__(self, app: FastAPI) -> None:
        super().__init__(app)
        self.paths: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path.removeprefix("/api/v1"))
        return super().handle_request(request)


def test_an_idle_pass_is_one_request_and_central_still_hears_the_kiosk(
    central: FastAPI, store: Store, data_dir: Path
) -> None:
    """The check-in carries the backlog; the status goes again only when the pass changed it."""
    for weight in (500, 600, 700):
        register_deposit(store=store, category="wood", weight_g=weight)
    transport = PathsSeen(central)
    token = enrol_store(central, store, "http://central", data_dir, transport=transport)

    def reported() -> tuple[int | None, datetime | None]:
        with Session(central.state.engine) as session:
            device = session.get(Device, store.device_id)
            return device.pending, device.reported_at

    with CentralClient("http://central", token=token, transport=transport) as client:
        transport.paths.clear()
        busy = run_sync(store=store, client=client, batch_size=2)
        assert busy.ok and busy.pushed == 3
        assert transport.paths == [
            "/devices/me/check-in", "/batches", "/batches", "/devices/me/status"
        ]  # fmt: skip
        pending, first = reported()
        assert pending == 0  # not the 3 the check-in reported: the pass changed it
        transport.paths.clear()
        idle = run_sync(store=store, client=client)
    assert idle.ok and transport.paths == ["/devices/me/check-in"]
    pending, second = reported()
    assert pending == 0 and first is not None and second is not None and second > first


def test_a_check_in_answer_without_a_readable_clock_is_retried_not_a_crash(store: Store) -> None:
    """A proxy's page or a broken central: the pass waits and retries, the records stay."""
    register_deposit(store=store, category="wood", weight_g=500)
    answers = [
        {},
        {"catalogue": None, "hours": None},
        {"catalogue": {"changed": False, "version": 1}},
        {"catalogue": {"changed": False, "version": 1, "server_time": "noon"}},
        {"catalogue": {"changed": False, "version": 1, "server_time": 5}},
    ]
    for answer in answers:
        seen: list[str] = []

        def central(
            request: httpx.Request, answer: dict = answer, seen: list[str] = seen
        ) -> httpx.Response:
            seen.append(request.url.path)
            if request.url.path.endswith("/check-in"):
                return httpx.Response(200, json=answer)
            return httpx.Response(500)

        client = CentralClient("http://central", token="t", transport=httpx.MockTransport(central))
        status = run_sync(
            store=store,
            client=client,
            backoff=Backoff(rng=random.Random(3), **FAST),
            give_up_after=0.05,
        )
        assert status.error is not None and status.error.startswith("offline"), answer
        assert "server_time" in status.error and status.pending == 1, status
        assert set(seen) == {"/api/v1/devices/me/check-in"} and len(seen) > 1, answer
