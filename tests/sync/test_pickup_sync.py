"""A pickup typed at the kiosk syncs like the rest, over a real socket to the real central;
a central that speaks contract version 4 is never sent one, and it waits pending."""

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.models import ACTIVITY_TABLES
from kiosk.db.deposits import register_deposit
from kiosk.db.pickups import register_pickup
from kiosk.db.store import Store
from kiosk.sync.client import CentralClient
from kiosk.sync.engine import run_sync
from kiosk.sync.outbox import OutgoingBatch, sync_overview
from tests.helpers.servers import uvicorn_server
from tests.sync.conftest import enrol_store

pytestmark = pytest.mark.slow


class Client(CentralClient):
    def __init__(self, *args: Any, speaks: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.speaks = speaks
        self.bodies: list[dict[str, Any]] = []

    def check_in(self, **kwargs: Any) -> dict[str, Any]:
        answer = super().check_in(**kwargs)
        if self.speaks is not None:
            answer["catalogue"]["contract_version"] = self.speaks
        return answer

    def post_batch(self, batch: OutgoingBatch) -> dict[str, Any]:
        self.bodies.append(json.loads(batch.body()))
        return super().post_batch(batch)


def held(central: FastAPI) -> list[tuple[Any, ...]]:
    table = ACTIVITY_TABLES["pickup"]
    with Session(central.state.engine) as session:
        query = select(table.c.fraction, table.c.net_weight_g, table.c.ticket_no, table.c.source)
        return [tuple(r) for r in session.execute(query)]


def visit(store: Store) -> str:
    register_deposit(store=store, category="metal", weight_g=900)
    return register_pickup(
        store=store, fraction="metal", net_weight_g=412_500, ticket_no="T-1001"
    ).id


def test_a_pickup_arrives_at_central_in_the_same_batches(
    central: FastAPI, store: Store, data_dir: Path
) -> None:
    pickup_id = visit(store)
    with uvicorn_server(central) as url:
        token = enrol_store(central, store, url, data_dir)
        with Client(url, token=token) as client:
            status = run_sync(store=store, client=client, batch_size=10)
    assert (status.pushed, status.pending, status.error) == (2, 0, None)
    (body,) = client.bodies
    assert body["contract_version"] == 5
    assert [r["type"] for r in body["records"]] == ["deposit", "pickup"]
    assert body["records"][1]["id"] == pickup_id
    assert held(central) == [("metal", 412_500, "T-1001", "kiosk")]


def test_a_version_4_central_gets_no_pickups_and_they_stay_pending(
    central: FastAPI, store: Store, data_dir: Path
) -> None:
    visit(store)
    with uvicorn_server(central) as url:
        token = enrol_store(central, store, url, data_dir)
        with Client(url, token=token, speaks=4) as client:
            status = run_sync(store=store, client=client, batch_size=10)
    assert status.pushed == 1 and status.error is None
    assert {b["contract_version"] for b in client.bodies} == {4}
    assert [r["type"] for b in client.bodies for r in b["records"]] == ["deposit"]
    assert held(central) == []
    assert sync_overview(store=store).pending == 1
