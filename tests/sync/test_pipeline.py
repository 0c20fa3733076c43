"""Two batches on the wire at once (engine.IN_FLIGHT): central's answers, refusals and lost
connections mark exactly what central took, and nothing is sent twice.

A real central under uvicorn behind the fault proxy, which keeps the answer to a chosen batch
back until the next batch has reached it: the kiosk then has a batch on the wire when it hears
of the one before, by order of events rather than by a clock. A pass sends its first
ALONE_FIRST batches one at a time: uploads 2 and 3 are the first two on the wire together.
"""

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import select

from kiosk.db.deposits import register_deposit
from kiosk.db.models import Deposit
from kiosk.db.store import Store
from kiosk.sync.client import CentralClient
from kiosk.sync.engine import ALONE_FIRST, IN_FLIGHT, run_sync
from kiosk.sync.schedule import Backoff
from kiosk.sync.status import SyncStatus
from tests.helpers.fault_proxy import FaultProxy
from tests.helpers.kiosk_data import seed_pending
from tests.helpers.servers import database_url, uvicorn_server
from tests.sync.conftest import central_distinct_count, central_ids, enrol_store, make_central

BATCH = 100
HEAVY_G = 60_000  # over central's max_weight_g here (50 kg): refused by name


@pytest.fixture(params=["sqlite", "pg"])
def any_central(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FastAPI]:
    with database_url(request.param, tmp_path) as url:
        app = make_central(url, max_weight_g=50_000)
        yield app
        app.state.engine.dispose()


def states(store: Store) -> dict[str, str]:
    with store.read() as conn:
        return dict(conn.execute(select(Deposit.id, Deposit.sync_state)).all())


def seed_with_heavy(store: Store, count: int, heavy_at: set[int]) -> tuple[list[str], set[str]]:
    """``count`` pending deposits, those at ``heavy_at`` (0-based) too heavy for central."""
    ids: list[str] = []
    heavy: set[str] = set()
    for at in sorted(heavy_at):
        ids += seed_pending(store, at - len(ids))
        saved = register_deposit(store=store, category="metal", weight_g=HEAVY_G)
        ids.append(saved.id)
        heavy.add(saved.id)
    return ids + seed_pending(store, count - len(ids)), heavy


def sync_through(
    central: FastAPI, store: Store, data_dir: Path, **proxy: object
) -> tuple[SyncStatus, FaultProxy]:
    proxy.setdefault("plan", {})  # no fault drawn at random: every upload passes unless told
    with uvicorn_server(central) as url:
        token = enrol_store(central, store, url, data_dir)
        with (
            FaultProxy(("127.0.0.1", int(url.rsplit(":", 1)[1])), **proxy) as gate,  # type: ignore[arg-type]
            CentralClient(gate.url, token=token) as client,
        ):
            status = run_sync(
                store=store,
                client=client,
                batch_size=BATCH,
                backoff=Backoff(initial=0.01, cap=0.1, rng=random.Random(1)),
                give_up_after=60,  # a bound for a broken test, far above a normal run
            )
    return status, gate


def test_the_pipeline_is_two_deep_after_two_batches_alone() -> None:
    # The tests below hold upload 2's answer back while upload 3 is on the wire.
    assert (ALONE_FIRST, IN_FLIGHT) == (2, 2)


def test_a_refusal_while_the_next_batch_is_on_the_wire_marks_only_what_central_took(
    any_central: FastAPI, store: Store, data_dir: Path
) -> None:
    # One in the third batch: its refusal is heard once the fourth is on the wire.
    ids, (heavy,) = seed_with_heavy(store, 5 * BATCH, {2 * BATCH + BATCH // 2})
    status, gate = sync_through(any_central, store, data_dir, hold=frozenset({2}))
    assert gate.held_while_next_in_flight == [2]
    assert (status.quarantined, status.pending, status.error) == (1, 0, None)
    good = sorted(set(ids) - {heavy})
    assert sorted(central_ids(any_central)) == good
    assert central_distinct_count(any_central) == (len(good), len(good))
    # The fourth batch, taken while the third was refused, was marked and never sent again.
    assert (status.pushed, status.duplicates) == (len(good), 0)
    assert states(store)[heavy] == "quarantined"
    assert {states(store)[i] for i in good} == {"synced"}


def test_two_refused_batches_in_flight_leave_every_good_record_to_be_sent(
    any_central: FastAPI, store: Store, data_dir: Path
) -> None:
    # One in each of the third and fourth batches, both on the wire when the first refusal
    # is heard.
    ids, heavy = seed_with_heavy(store, 5 * BATCH, {2 * BATCH + 10, 3 * BATCH + 10})
    status, gate = sync_through(any_central, store, data_dir, hold=frozenset({2}))
    assert gate.held_while_next_in_flight == [2]
    # Had the refused fourth batch been marked synced, its 99 good records would never arrive.
    good = sorted(set(ids) - heavy)
    assert sorted(central_ids(any_central)) == good
    assert (status.quarantined, status.pending, status.error) == (2, 0, None)
    assert (status.pushed, status.duplicates) == (len(good), 0)
    assert {states(store)[i] for i in heavy} == {"quarantined"}


@pytest.mark.parametrize(
    ("upload", "mode", "taken"), [(2, "reset_after", 6), (2, "truncate", 6), (3, "reset_before", 5)]
)
def test_a_connection_dropped_mid_pipeline_loses_nothing_and_sends_it_once_more_at_most(
    any_central: FastAPI, store: Store, data_dir: Path, upload: int, mode: str, taken: int
) -> None:
    ids = seed_pending(store, 5 * BATCH)
    status, gate = sync_through(
        any_central, store, data_dir, plan={upload: mode}, hold=frozenset({2})
    )
    assert gate.held_while_next_in_flight == [2]
    assert gate.batch_counts[mode] == 1
    assert (status.pending, status.error) == (0, None)
    assert sorted(central_ids(any_central)) == sorted(ids)
    assert central_distinct_count(any_central) == (len(ids), len(ids))
    # Five batches, each taken once; the one whose connection broke went once more, no other
    # (central answered it twice when only its answer was lost: the second time from its
    # batch table, writing nothing).
    assert (status.batches, status.pushed, status.duplicates) == (5, len(ids), 0)
    assert sum(1 for code in gate.statuses.values() if code < 300) == taken
    assert set(states(store).values()) == {"synced"}
