"""Events, repairs and material flows on a real SQLite file: one seq space with deposits,
append-only with reversals, counters that never go below zero, checked by the contract."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from kiosk.db import activities
from kiosk.db.deposits import register_deposit, undo_deposit
from kiosk.db.store import Store
from kiosk.domain.errors import ValidationError
from tests.helpers import rawdb


def db_file(store: Store) -> Path:
    return Path(store.engine.url.database)


def test_every_record_type_takes_the_next_number_of_one_sequence(store: Store) -> None:
    first = register_deposit(store=store, category="wood", weight_g=900)
    event = activities.open_event(store=store, kind="bike_workshop")
    repair = activities.log_repair(
        store=store, event_id=event.id, item_category="bicycle", outcome="fixed"
    )
    flow = activities.record_flow(
        store=store, flow="activity_reuse", source="activity", weight_g=12_000, event_id=event.id
    )
    closed = activities.close_event(store=store, event_id=event.id)
    undone = undo_deposit(store=store, deposit_id=first.id)
    reversal = activities.reverse(store=store, record_type="repair", record_id=repair.id)
    seqs = [first.seq, repair.seq, flow.seq, closed.seq, undone.seq, reversal.seq]
    assert seqs == [1, 2, 3, 4, 5, 6]
    assert closed.id == event.id  # repairs logged while open already point at it


def test_a_seq_held_by_another_type_is_refused_by_the_database(store: Store) -> None:
    # The planted fault: a writer that numbers an event without looking at deposits.
    register_deposit(store=store, category="wood", weight_g=900)
    with pytest.raises(IntegrityError, match="seq is taken"), store.write() as conn:
        conn.execute(
            text(
                "INSERT INTO material_flows (id, seq, device_id, station_id, recorded_at, flow,"
                " source, weight_g) VALUES ('x', 1, :d, 'trosterud', '2026-01-01 10:00:00',"
                " 'activity_reuse', 'activity', 5)"
            ),
            {"d": store.device_id},
        )


def test_counters_add_taps_and_close_writes_the_sums(store: Store) -> None:
    start = datetime(2026, 6, 6, 10, tzinfo=UTC)
    event = activities.open_event(store=store, kind="clothes_swap", now=start)
    for _ in range(3):
        activities.count(store=store, event_id=event.id, counter="participants", delta=1)
    activities.count(store=store, event_id=event.id, counter="participants", delta=-1)
    now = activities.count(store=store, event_id=event.id, counter="visitors", delta=1)
    assert (now.participants, now.visitors) == (2, 1)
    assert [e.id for e in activities.open_events(store=store)] == [event.id]
    end = datetime(2026, 6, 6, 14, tzinfo=UTC)
    saved = activities.close_event(store=store, event_id=event.id, now=end)
    assert saved.values["participants"] == 2 and saved.values["visitors"] == 1
    assert (saved.values["starts_at"], saved.values["ends_at"]) == (start, end)
    assert activities.open_events(store=store) == []
    row = rawdb.rows(db_file(store), "SELECT kind, participants, visitors FROM events")
    assert row == [("clothes_swap", 2, 1)]


def test_a_count_never_goes_below_zero(store: Store) -> None:
    event = activities.open_event(store=store, kind="course")
    with pytest.raises(ValidationError) as refused:
        activities.count(store=store, event_id=event.id, counter="participants", delta=-1)
    assert refused.value.code == "count_below_zero"


def test_a_closed_event_takes_no_more_taps_and_cannot_close_twice(store: Store) -> None:
    event = activities.open_event(store=store, kind="wood_workshop")
    activities.close_event(store=store, event_id=event.id)
    for call in (
        lambda: activities.close_event(store=store, event_id=event.id),
        lambda: activities.count(store=store, event_id=event.id, counter="visitors", delta=1),
        lambda: activities.log_repair(
            store=store, event_id=event.id, item_category="chair", outcome="fixed"
        ),
    ):
        with pytest.raises(ValidationError) as refused:
            call()
        assert refused.value.code == "event_not_open"


def test_repairs_are_counted_per_outcome_net_of_reversals(store: Store) -> None:
    event = activities.open_event(store=store, kind="bike_workshop")
    ids = [
        activities.log_repair(
            store=store, event_id=event.id, item_category="bicycle", outcome=outcome
        ).id
        for outcome in ("fixed", "fixed", "end_of_life")
    ]
    activities.reverse(store=store, record_type="repair", record_id=ids[1])
    (shown,) = activities.open_events(store=store)
    assert shown.repairs == {"fixed": 1, "end_of_life": 1}


def test_a_reversal_cannot_be_repeated_or_reversed(store: Store) -> None:
    flow = activities.record_flow(
        store=store, flow="business_waste", source="other_agency", weight_g=800_000, note="REG"
    )
    reversal = activities.reverse(store=store, record_type="material_flow", record_id=flow.id)
    assert reversal.values["reverses"] == flow.id
    assert reversal.values["weight_g"] == 800_000
    with pytest.raises(ValidationError) as twice:
        activities.reverse(store=store, record_type="material_flow", record_id=flow.id)
    assert twice.value.code == "already_undone"
    with pytest.raises(ValidationError) as of_reversal:
        activities.reverse(store=store, record_type="material_flow", record_id=reversal.id)
    assert of_reversal.value.code == "not_undoable"


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE events SET participants = 99",
        "DELETE FROM events",
        "UPDATE repairs SET outcome = 'fixed'",
        "DELETE FROM material_flows",
        "UPDATE event_counts SET delta = 1",
        "DELETE FROM event_opens",
    ],
)
def test_registered_rows_are_append_only(store: Store, statement: str) -> None:
    event = activities.open_event(store=store, kind="market")
    activities.count(store=store, event_id=event.id, counter="visitors", delta=1)
    activities.log_repair(store=store, event_id=event.id, item_category="toy", outcome="repairable")
    activities.record_flow(store=store, flow="activity_reuse", source="station", weight_g=5)
    activities.close_event(store=store, event_id=event.id)
    with pytest.raises(IntegrityError, match="append-only"), store.write() as conn:
        conn.execute(text(statement))


def test_sync_bookkeeping_may_change(store: Store) -> None:
    flow = activities.record_flow(store=store, flow="activity_reuse", source="station", weight_g=5)
    with store.write() as conn:
        conn.execute(text("UPDATE material_flows SET sync_state = 'synced', clock_flag = 'future'"))
    rows = rawdb.rows(db_file(store), "SELECT id, sync_state, clock_flag FROM material_flows")
    assert rows == [(flow.id, "synced", "future")]


@pytest.mark.parametrize(
    ("bad", "field"),
    [({"weight_g": 0}, "weight_g"), ({"note": "x" * 501}, "note"), ({"note": "a\x00b"}, "note")],
)
def test_the_contract_refuses_a_bad_value_by_name_and_nothing_is_written(
    store: Store, bad: dict, field: str
) -> None:
    flow = {"flow": "activity_reuse", "source": "station", "weight_g": 5} | bad
    with pytest.raises(ValidationError) as refused:
        activities.record_flow(store=store, **flow)
    assert refused.value.params["field"] == field
    assert rawdb.scalar(db_file(store), "SELECT count(*) FROM material_flows") == 0


def one_of_each(store: Store) -> None:
    event = activities.open_event(store=store, kind="market")
    activities.log_repair(store=store, event_id=event.id, item_category="lamp", outcome="fixed")
    activities.close_event(store=store, event_id=event.id)
    activities.record_flow(store=store, flow="activity_reuse", source="station", weight_g=500)


@pytest.mark.parametrize("table", ["events", "repairs", "material_flows"])
def test_adoption_happens_once_and_never_after_sync(store: Store, table: str) -> None:
    one_of_each(store)
    with store.write() as conn:
        conn.execute(text(f"UPDATE {table} SET adopted_by = 'haugenstua'"))
    with pytest.raises(IntegrityError, match="adopted at most once"), store.write() as conn:
        conn.execute(text(f"UPDATE {table} SET adopted_by = 'other'"))
    one_of_each(store)
    with store.write() as conn:
        conn.execute(text(f"UPDATE {table} SET sync_state = 'synced' WHERE adopted_by IS NULL"))
    with pytest.raises(IntegrityError, match="adopted at most once"), store.write() as conn:
        conn.execute(text(f"UPDATE {table} SET adopted_by = 'x' WHERE adopted_by IS NULL"))
    held = rawdb.rows(db_file(store), f"SELECT adopted_by FROM {table} ORDER BY seq")
    assert held == [("haugenstua",), (None,)]


def test_a_typed_count_is_the_taps_it_stands_for_and_closes_into_the_record(
    store: Store,
) -> None:
    event = activities.open_event(store=store, kind="clothes_swap")
    shown = activities.set_count(store=store, event_id=event.id, counter="visitors", value=350)
    assert (shown.visitors, shown.participants) == (350, 0)
    shown = activities.set_count(store=store, event_id=event.id, counter="visitors", value=349)
    assert shown.visitors == 349
    with store.read() as conn:  # one +1/-1 row per step, as the schema's CHECK wants
        steps = conn.execute(
            text("SELECT delta, count(*) FROM event_counts GROUP BY delta ORDER BY delta")
        ).all()
    assert [tuple(row) for row in steps] == [(-1, 1), (1, 350)]
    for bad in (-1, activities.TYPED_COUNT_MAX + 1):
        with pytest.raises(ValidationError):
            activities.set_count(store=store, event_id=event.id, counter="visitors", value=bad)
    closed = activities.close_event(store=store, event_id=event.id)
    assert closed.id == event.id
    with store.read() as conn:
        visitors = conn.execute(
            text("SELECT visitors FROM events WHERE id = :id"), {"id": event.id}
        ).scalar_one()
    assert visitors == 349
