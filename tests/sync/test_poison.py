"""Poison records are isolated (issue 9, finding 3): a record central refuses by name is set
aside with the reason, everything else syncs, and central hears the quarantine count. A record
central fails on without refusing it (a 500) stays pending and goes once central is fixed
(issue 22); `kiosk sync` exits non-zero while any record is quarantined.

Real central over a real socket, on SQLite and PostgreSQL; the kiosk runs its CLI.
"""

import gzip
import random
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.models import Device
from kiosk.cli import main
from kiosk.composition import Kiosk
from kiosk.db import records
from kiosk.db.deposits import register_deposit
from kiosk.db.models import Deposit
from kiosk.domain.errors import ValidationError
from kiosk.domain.ids import uuid7
from kiosk.sync.client import CentralClient
from kiosk.sync.engine import META_QUARANTINE_CONTRACT, POISON_AFTER, run_sync
from kiosk.sync.outbox import quarantine, quarantine_log, set_meta
from kiosk.sync.schedule import Backoff
from tests.helpers.servers import database_url, uvicorn_server
from tests.sync.conftest import central_ids, issue_code, make_central


@pytest.fixture(params=["sqlite", "pg"])
def any_central(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FastAPI]:
    with database_url(request.param, tmp_path) as url:
        app = make_central(url, max_weight_g=50_000)
        yield app
        app.state.engine.dispose()


def register_around(data_dir: Path, poison: dict[str, Any], before: int, after: int) -> str:
    """Register ``before`` normal deposits, the poisoned one, then ``after``; its id.

    The poison is written into the stored row, as a store an older release filled holds it:
    today's kiosk refuses such a value when it is registered (``append_record``'s contract
    check), so only a store from before that can still hold one for sync to quarantine.
    """
    store = Kiosk.load(data_dir).open_store()
    try:
        for _ in range(before):
            register_deposit(store=store, category="wood", weight_g=1000)
        if poison:  # the writer's statement without the check that came later
            values = {
                "id": str(uuid7()), "device_id": store.device_id,
                "station_id": store.station_id, "recorded_at": datetime.now(UTC),
                "category": "wood", "weight_g": 1000, "weight_source": "manual",
                "channel": "guide", "direction": "in", "visit_id": None,
                "catalog_version": store.catalogue.version, **poison,
            }  # fmt: skip
            with store.write() as conn:
                conn.execute(records._insert("deposit", tuple(values)), values)
            bad = values["id"]
        else:
            bad = register_deposit(store=store, category="wood", weight_g=1000).id
        for _ in range(after):
            register_deposit(store=store, category="wood", weight_g=1000)
    finally:
        store.close()
    return bad


def kiosk_states(data_dir: Path) -> dict[str, tuple[str, str | None]]:
    store = Kiosk.load(data_dir).open_store()
    try:
        with store.read() as conn:
            rows = conn.execute(select(Deposit.id, Deposit.sync_state, Deposit.sync_error))
            return {row.id: (row.sync_state, row.sync_error) for row in rows}
    finally:
        store.close()


def test_todays_kiosk_refuses_a_nul_when_it_is_registered(data_dir: Path) -> None:
    store = Kiosk.load(data_dir).open_store()
    try:
        with pytest.raises(ValidationError) as refused:
            register_deposit(store=store, category="wood", weight_g=1000, visit_id="v\x00")
        assert refused.value.params["field"] == "visit_id"
        with store.read() as conn:
            assert conn.execute(select(Deposit.id)).first() is None  # nothing written
    finally:
        store.close()


def test_issue_case_a_nul_in_visit_id_is_quarantined_and_the_rest_syncs(
    any_central: FastAPI, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    central = any_central
    with uvicorn_server(central) as url:
        assert main(["enrol", url, issue_code(central)]) == 0
        bad = register_around(data_dir, {"visit_id": "v\x00"}, before=3, after=3)
        capsys.readouterr()
        # A quarantined record is not at central: the exit code says so, and how many.
        assert main(["sync", "--batch-size", "2"]) == 1
        out, err = capsys.readouterr()
        assert "quarantined 1, flagged 0, pending 0" in out
        assert "1 records quarantined" in err
        # A named refusal is not sent again while central speaks the same contract.
        assert main(["sync"]) == 1
        assert (
            "pushed 0, duplicates 0, quarantined 0, flagged 0, pending 0" in capsys.readouterr().out
        )

    states = kiosk_states(data_dir)
    assert states[bad][0] == "quarantined"
    assert "visit_id" in (states[bad][1] or "")  # the reason names the field
    store = Kiosk.load(data_dir).open_store()
    try:
        [entry] = quarantine_log(store)  # kept for good, in the append-only log
    finally:
        store.close()
    assert (entry.record_id, entry.event) == (bad, "quarantined")
    assert "visit_id" in entry.reason
    assert sorted(central_ids(central)) == sorted(i for i in states if i != bad)
    with Session(central.state.engine) as session:
        device = session.scalars(select(Device)).one()
        # The kiosk told central about the quarantine: the console can show it.
        assert (device.quarantined, device.pending) == (1, 0)


class FailsOn:
    """Central with one planted server bug: any batch holding ``record_id`` gets a 500."""

    def __init__(self, app: FastAPI, record_id: str) -> None:
        self.app = app
        self.record_id = record_id.encode()
        self.refused = 0

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope["path"].endswith("/batches"):
            await self.app(scope, receive, send)
            return
        chunks = []
        more = True
        while more:
            message = await receive()
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        plain = gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body
        if self.record_id in plain:
            self.refused += 1
            await send({"type": "http.response.start", "status": 500, "headers": []})
            await send({"type": "http.response.body", "body": b"Internal Server Error"})
            return
        sent = False

        async def replay() -> dict[str, Any]:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


def test_a_record_that_makes_central_fail_is_held_back_pending_never_quarantined(
    central: FastAPI, data_dir: Path
) -> None:
    with uvicorn_server(central) as url:
        assert main(["enrol", url, issue_code(central)]) == 0
    bad = register_around(data_dir, {}, before=9, after=6)
    failing = FailsOn(central, bad)
    kiosk = Kiosk.load(data_dir)
    store = kiosk.open_store()
    # Fast retries; the engine's schedule is as in the app and `kiosk sync`.
    backoff = Backoff(initial=0.001, cap=0.01, rng=random.Random(1))
    try:
        with (
            uvicorn_server(failing) as url,  # type: ignore[arg-type]  # any ASGI app serves
            CentralClient(url, token=kiosk.token()) as client,
        ):
            status = run_sync(store=store, client=client, batch_size=8, backoff=backoff)
        # A 500 is central's fault, not the record's: it stays pending, the rest goes.
        assert (status.quarantined, status.quarantined_now, status.pending) == (0, 0, 1)
        assert (status.held_back, status.ok) == (1, False)
        assert "held back" in (status.error or "")
        assert kiosk_states(data_dir)[bad] == ("pending", None)
        assert sorted(central_ids(central)) == sorted(i for i in kiosk_states(data_dir) if i != bad)
        # Splitting 8 -> 4 -> 2 -> 1 took POISON_AFTER tries each, not a request per record.
        assert failing.refused <= POISON_AFTER * 4
        # Central fixed: the next pass delivers it, with no hand work.
        with (
            uvicorn_server(central) as url,
            CentralClient(url, token=kiosk.token()) as client,
        ):
            status = run_sync(store=store, client=client, batch_size=8, backoff=backoff)
        assert (status.error, status.pushed, status.pending, status.quarantined_now) == (
            None, 1, 0, 0,
        )  # fmt: skip
        assert quarantine_log(store) == []
    finally:
        store.close()
    assert sorted(central_ids(central)) == sorted(kiosk_states(data_dir))


def test_a_record_an_older_release_quarantined_on_a_500_is_sent_again(
    central: FastAPI, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with uvicorn_server(central) as url:
        assert main(["enrol", url, issue_code(central)]) == 0
        bad = register_around(data_dir, {}, before=2, after=2)
        named = register_around(data_dir, {}, before=0, after=0)
        store = Kiosk.load(data_dir).open_store()
        try:
            # What releases before issue 22 did on a 500, and a true named refusal beside it.
            assert quarantine(store, record_id=bad, reason="central failed 3 times in a row "
                              "on it: central answered 500")  # fmt: skip
            assert quarantine(
                store, record_id=named, reason=f"422 invalid_record: no (record {named})"
            )
        finally:
            store.close()
        capsys.readouterr()
        assert main(["sync"]) == 1  # the named refusal is still quarantined
    out, err = capsys.readouterr()
    assert "1 released from quarantine" in out
    assert "1 records quarantined" in err
    states = kiosk_states(data_dir)
    assert states[bad] == ("synced", None)
    assert states[named][0] == "quarantined"
    assert sorted(central_ids(central)) == sorted(i for i in states if i != named)
    store = Kiosk.load(data_dir).open_store()
    try:
        log = [(e.record_id, e.event) for e in quarantine_log(store)]
    finally:
        store.close()
    # Append-only: the quarantine stays written, its release follows it.
    assert log == [(bad, "quarantined"), (named, "quarantined"), (bad, "released")]


def test_a_named_refusal_is_tried_again_when_central_speaks_another_contract(
    central: FastAPI, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with uvicorn_server(central) as url:
        assert main(["enrol", url, issue_code(central)]) == 0
        named = register_around(data_dir, {}, before=1, after=0)
        store = Kiosk.load(data_dir).open_store()
        try:
            assert quarantine(store, record_id=named, reason=f"422 invalid: no (record {named})")
            # The last pass spoke contract version 1; this central speaks a newer one.
            set_meta(store, {META_QUARANTINE_CONTRACT: "1"})
        finally:
            store.close()
        capsys.readouterr()
        assert main(["sync"]) == 0
    assert "1 released from quarantine" in capsys.readouterr().out
    assert kiosk_states(data_dir)[named] == ("synced", None)
    assert named in central_ids(central)
