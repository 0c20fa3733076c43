"""Events, repairs and material flows sync like deposits: in the same batches and seq order,
as contract v2 records with their type, once, over a real socket to the real central."""

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.models import ACTIVITY_TABLES, Record
from contract.fields import validate_record
from kiosk.db import activities
from kiosk.db.deposits import register_deposit
from kiosk.db.store import Store
from kiosk.sync.client import CentralClient
from kiosk.sync.engine import run_sync
from kiosk.sync.outbox import (
    OutgoingBatch,
    build_batch,
    mark_synced,
    next_batch,
    sync_overview,
)
from tests.helpers.servers import uvicorn_server
from tests.sync.conftest import enrol_store

pytestmark = pytest.mark.slow


class RecordingClient(CentralClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bodies: list[dict[str, Any]] = []

    def post_batch(self, batch: OutgoingBatch) -> dict[str, Any]:
        self.bodies.append(json.loads(batch.body()))
        return super().post_batch(batch)


def held(central: FastAPI) -> dict[str, list[tuple[str, int]]]:
    with Session(central.state.engine) as session:
        tables = {"deposit": Record.__table__, **ACTIVITY_TABLES}
        return {
            name: sorted(session.execute(select(t.c.id, t.c.seq)).all())  # type: ignore[misc]
            for name, t in tables.items()
        }


def a_day_at_the_station(store: Store) -> list[str]:
    """A delivery, an event with three repairs, an activity flow, and one correction."""
    ids = [register_deposit(store=store, category="wood", weight_g=2500).id]
    event = activities.open_event(store=store, kind="bike_workshop")
    for _ in range(21):
        activities.count(store=store, event_id=event.id, counter="participants", delta=1)
    for outcome in ("fixed", "fixed", "end_of_life"):
        ids.append(
            activities.log_repair(
                store=store, event_id=event.id, item_category="bicycle", outcome=outcome
            ).id
        )
    ids.append(
        activities.record_flow(
            store=store, flow="activity_reuse", source="activity", weight_g=40_000
        ).id
    )
    ids.append(activities.close_event(store=store, event_id=event.id).id)
    ids.append(activities.reverse(store=store, record_type="repair", record_id=ids[1]).id)
    return ids


def test_every_type_arrives_once_in_seq_order_and_a_replay_doubles_nothing(
    central: FastAPI, store: Store, data_dir: Path
) -> None:
    ids = a_day_at_the_station(store)
    with uvicorn_server(central) as url:
        token = enrol_store(central, store, url, data_dir)
        with RecordingClient(url, token=token) as client:
            status = run_sync(store=store, client=client, batch_size=3)
            first = held(central)
            # A lost answer: the kiosk sends the same batches again (central answers as
            # before), and then all of them regrouped as one new batch: every record skipped.
            # In seq order: two batches go at once (engine.IN_FLIGHT), in either order.
            sent = sorted(client.bodies, key=lambda body: body["first_seq"])
            for body in sent:
                client.post_batch(rebuilt(body["records"], body))
            everything = [r for body in sent for r in body["records"]]
            regrouped = client.post_batch(rebuilt(everything, sent[0]))
    assert (regrouped["inserted"], regrouped["duplicates"]) == (0, 7)
    assert (status.pushed, status.pending, status.quarantined, status.error) == (7, 0, 0, None)
    records = [r for body in sent for r in body["records"]]
    assert [r["seq"] for r in records[:7]] == list(range(1, 8))
    assert [r["type"] for r in records[:7]] == [
        "deposit", "repair", "repair", "repair", "material_flow", "event", "repair"
    ]  # fmt: skip
    assert all(validate_record(r) == [] for r in records)
    assert sorted(i for t in first.values() for i, _ in t) == sorted(ids)
    assert held(central) == first  # the replay doubled nothing
    event = next(r for r in records if r["type"] == "event")
    assert event["participants"] == 21 and event["kind"] == "bike_workshop"
    assert sync_overview(store=store).pending == 0


def rebuilt(records: list[dict[str, Any]], body: dict[str, Any]) -> OutgoingBatch:
    """A batch of these records, as a kiosk that lost central's answer would build it."""
    sent_at = datetime.fromisoformat(body["sent_at"].replace("Z", "+00:00"))
    return build_batch(body["device_id"], records, sent_at=sent_at)


def test_the_outbox_merges_types_by_seq_and_cuts_at_the_limit(store: Store) -> None:
    register_deposit(store=store, category="wood", weight_g=900)
    flow = activities.record_flow(store=store, flow="activity_reuse", source="station", weight_g=5)
    register_deposit(store=store, category="wood", weight_g=900)
    batch = next_batch(store, limit=2, sent_at=datetime.now(UTC))
    assert batch is not None and (batch.first_seq, batch.last_seq) == (1, 2)
    assert batch.record_ids[1] == flow.id
    assert mark_synced(store, first_seq=1, last_seq=2) == 2
    rest = next_batch(store, limit=2, sent_at=datetime.now(UTC), after_seq=2)
    assert rest is not None and (rest.first_seq, rest.count) == (3, 1)


def test_a_central_of_the_first_release_gets_only_deposits(store: Store) -> None:
    register_deposit(store=store, category="wood", weight_g=900)
    activities.record_flow(store=store, flow="activity_reuse", source="station", weight_g=5)
    batch = next_batch(store, limit=10, sent_at=datetime.now(UTC), contract_version=1)
    assert batch is not None and batch.count == 1  # the flow waits for a newer central
    assert sync_overview(store=store).pending == 2


def test_quarantine_and_clock_flags_cover_every_type(store: Store) -> None:
    from datetime import timedelta

    from kiosk.sync.outbox import flag_impossible_times, quarantine

    now = datetime.now(UTC)
    flow = activities.record_flow(
        store=store, flow="activity_reuse", source="station", weight_g=5, now=now
    )
    event = activities.open_event(store=store, kind="market", now=now)
    late = activities.close_event(store=store, event_id=event.id, now=now + timedelta(days=3))
    assert quarantine(store, record_id=flow.id, reason="refused by central") is True
    assert flag_impossible_times(store, true_now=now) == 1  # the event, 3 days ahead
    overview = sync_overview(store=store)
    assert (overview.pending, overview.quarantined) == (1, 1)
    batch = next_batch(store, limit=10, sent_at=now)
    assert batch is not None and batch.record_ids == (late.id,)
    (record,) = json.loads(batch.records_json)
    assert record["clock_flag"] == "future" and validate_record(record) == []
