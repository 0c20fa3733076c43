"""A resident's answer syncs like the rest, over a real socket to the real central; a
central that speaks contract version 3 is never sent one, and it waits pending."""

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.models import ACTIVITY_TABLES
from contract import CONTRACT_VERSION
from kiosk.db.deposits import register_deposit
from kiosk.db.feedback import record_feedback
from kiosk.db.store import Store
from kiosk.sync.client import CentralClient
from kiosk.sync.engine import run_sync
from kiosk.sync.outbox import OutgoingBatch, sync_overview
from tests.helpers.servers import uvicorn_server
from tests.sync.conftest import enrol_store

pytestmark = pytest.mark.slow


class Client(CentralClient):
    """The real client; keeps each body it sent, and can say central speaks only ``speaks``."""

    def __init__(self, *args: Any, speaks: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.speaks = speaks
        self.bodies: list[dict[str, Any]] = []

    def check_in(self, **kwargs: Any) -> dict[str, Any]:
        answer = super().check_in(**kwargs)
        if self.speaks is not None:  # what a version-3 central answers
            answer["catalogue"]["contract_version"] = self.speaks
        return answer

    def post_batch(self, batch: OutgoingBatch) -> dict[str, Any]:
        self.bodies.append(json.loads(batch.body()))
        return super().post_batch(batch)


def held_feedback(central: FastAPI) -> list[tuple[str, str, str, str]]:
    table = ACTIVITY_TABLES["feedback"]
    with Session(central.state.engine) as session:
        query = select(table.c.question, table.c.answer, table.c.language, table.c.direction)
        return [tuple(r) for r in session.execute(query)]  # type: ignore[misc]


def visit(store: Store) -> str:
    register_deposit(store=store, category="wood", weight_g=900)
    return record_feedback(store=store, answer="so_so", language="so", direction="in").id


def test_an_answer_arrives_at_central_in_the_same_batches(
    central: FastAPI, store: Store, data_dir: Path
) -> None:
    answer_id = visit(store)
    with uvicorn_server(central) as url:
        token = enrol_store(central, store, url, data_dir)
        with Client(url, token=token) as client:
            status = run_sync(store=store, client=client, batch_size=10)
    assert (status.pushed, status.pending, status.error) == (2, 0, None)
    (body,) = client.bodies
    assert body["contract_version"] == CONTRACT_VERSION
    assert [r["type"] for r in body["records"]] == ["deposit", "feedback"]
    assert body["records"][1]["id"] == answer_id
    assert held_feedback(central) == [("how_was_it", "so_so", "so", "in")]


def test_a_version_3_central_gets_no_answers_and_they_stay_pending(
    central: FastAPI, store: Store, data_dir: Path
) -> None:
    visit(store)
    with uvicorn_server(central) as url:
        token = enrol_store(central, store, url, data_dir)
        with Client(url, token=token, speaks=3) as client:
            status = run_sync(store=store, client=client, batch_size=10)
    assert status.pushed == 1 and status.error is None
    assert {b["contract_version"] for b in client.bodies} == {3}
    assert [r["type"] for b in client.bodies for r in b["records"]] == ["deposit"]
    assert held_feedback(central) == []
    assert sync_overview(store=store).pending == 1  # the answer waits for a newer central
