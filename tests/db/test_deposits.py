"""register_deposit, undo_deposit and today's views, checked against what is in the SQLite file."""

import uuid
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.db.deposits import (
    register_deposit,
    todays_deposits,
    todays_totals,
    undo_deposit,
)
from kiosk.db.store import Store
from kiosk.domain.errors import ValidationError
from kiosk.domain.kinds import Channel, Direction, Kind, WeightSource
from kiosk.sync.outbox import sync_overview
from tests.helpers import rawdb

NOON = datetime(2026, 11, 26, 11, 0, tzinfo=UTC)


def test_register_saves_exactly_one_row_with_every_field(store: Store, db_path: Path) -> None:
    saved = register_deposit(
        store=store,
        category="kitchenware",
        weight_g=2500,
        channel=Channel.SELF_SERVICE,
        direction=Direction.OUT,
        weight_source=WeightSource.SCALE_STABLE,
        now=NOON,
    )

    rows = rawdb.deposits(db_path)
    assert len(rows) == 1
    row = rows[0]
    assert row["id"] == saved.id
    parsed = uuid.UUID(row["id"])
    assert parsed.version == 7
    assert parsed.variant == uuid.RFC_4122
    assert row["seq"] == saved.seq == 1
    assert row["station_id"] == "trosterud"
    assert row["device_id"] == "kiosk-test-1"
    assert row["category"] == saved.category == "kitchenware"
    assert row["weight_g"] == saved.weight_g == 2500
    assert row["weight_source"] == saved.weight_source == "scale_stable"
    assert row["channel"] == saved.channel == "self_service"
    assert row["direction"] == saved.direction == "out"
    assert row["sync_state"] == "pending"
    assert row["sync_error"] is None
    assert row["reverses"] is None and saved.reverses is None
    assert row["visit_id"] is None
    assert row["catalog_version"] == store.catalogue.version
    # Stored as UTC text; handed back as an aware UTC instant, the same one we passed in.
    assert datetime.fromisoformat(row["recorded_at"]) == NOON.replace(tzinfo=None)
    assert saved.recorded_at == NOON
    assert saved.recorded_at.utcoffset() is not None
    assert saved.recorded_at.utcoffset().total_seconds() == 0


def test_register_defaults_to_now_in_aware_utc(store: Store, db_path: Path) -> None:
    saved = register_deposit(store=store, category="metal", weight_g=1000)

    assert saved.recorded_at.tzinfo is not None
    assert saved.recorded_at.utcoffset().total_seconds() == 0
    assert saved.channel == "guide"
    assert saved.direction == "in"
    assert saved.weight_source == "manual"
    row = rawdb.deposits(db_path)[0]
    assert datetime.fromisoformat(row["recorded_at"]) == saved.recorded_at.replace(tzinfo=None)


def test_seq_counts_up_from_one_and_ids_are_distinct(store: Store, db_path: Path) -> None:
    saved = [register_deposit(store=store, category="wood", weight_g=100 + i) for i in range(5)]

    assert [s.seq for s in saved] == [1, 2, 3, 4, 5]
    assert len({s.id for s in saved}) == 5
    assert [r["seq"] for r in rawdb.deposits(db_path)] == [1, 2, 3, 4, 5]
    assert all(uuid.UUID(s.id).version == 7 for s in saved)


def test_maximum_weight_itself_is_accepted(store: Store) -> None:
    saved = register_deposit(store=store, category="wood", weight_g=store.max_weight_g)
    assert saved.weight_g == store.max_weight_g


BAD_WEIGHTS = [
    pytest.param(0, "zero", id="zero"),
    pytest.param(-500, "negative", id="negative"),
    pytest.param(2.5, "not_a_number", id="float"),
    pytest.param("1000", "not_a_number", id="string"),
    pytest.param(True, "not_a_number", id="bool"),
    pytest.param(200_001, "too_heavy", id="above-max"),
]


@pytest.mark.parametrize(("weight", "code"), BAD_WEIGHTS)
def test_bad_weight_is_refused_and_writes_nothing(
    store: Store, db_path: Path, weight: object, code: str
) -> None:
    register_deposit(store=store, category="wood", weight_g=1000)

    with pytest.raises(ValidationError) as refused:
        register_deposit(store=store, category="wood", weight_g=weight)

    assert refused.value.code == code
    assert rawdb.count(db_path) == 1
    # A refused input takes no sequence number: the next one follows on.
    assert register_deposit(store=store, category="wood", weight_g=1000).seq == 2


@pytest.mark.parametrize(
    ("category", "direction", "code"),
    [
        pytest.param("plutonium", Direction.IN, "unknown_category", id="unknown"),
        pytest.param("wood", Direction.IN, "inactive_category", id="inactive"),
        pytest.param("metal", Direction.OUT, "direction_not_allowed", id="out-recycling"),
        pytest.param("batteries", Direction.OUT, "direction_not_allowed", id="out-hazardous"),
    ],
)
def test_bad_category_is_refused_and_writes_nothing(
    retired_store: Store, db_path: Path, category: str, direction: Direction, code: str
) -> None:
    register_deposit(store=retired_store, category="metal", weight_g=1000)

    with pytest.raises(ValidationError) as refused:
        register_deposit(store=retired_store, category=category, weight_g=1000, direction=direction)

    assert refused.value.code == code
    assert rawdb.count(db_path) == 1


def test_reuse_item_may_go_out(store: Store) -> None:
    saved = register_deposit(store=store, category="toys", weight_g=800, direction=Direction.OUT)
    assert saved.direction == "out"


def test_undo_appends_a_reversal_and_leaves_the_original(store: Store, db_path: Path) -> None:
    original = register_deposit(store=store, category="wood", weight_g=4000, now=NOON)
    before = rawdb.deposits(db_path)

    reversal = undo_deposit(store=store, deposit_id=original.id, now=NOON)

    rows = rawdb.deposits(db_path)
    assert len(rows) == 2
    assert rows[0] == before[0]  # the original, untouched
    assert rows[1]["id"] == reversal.id != original.id
    assert uuid.UUID(reversal.id).version == 7
    assert rows[1]["reverses"] == reversal.reverses == original.id
    assert reversal.seq == original.seq + 1
    for column in ("category", "weight_g", "weight_source", "channel", "direction"):
        assert rows[1][column] == rows[0][column], column
    assert rows[1]["sync_state"] == "pending"


def test_undo_twice_is_refused(store: Store, db_path: Path) -> None:
    original = register_deposit(store=store, category="wood", weight_g=4000)
    undo_deposit(store=store, deposit_id=original.id)

    with pytest.raises(ValidationError) as refused:
        undo_deposit(store=store, deposit_id=original.id)

    assert refused.value.code == "already_undone"
    assert rawdb.count(db_path) == 2


def test_undoing_a_reversal_is_refused(store: Store, db_path: Path) -> None:
    original = register_deposit(store=store, category="wood", weight_g=4000)
    reversal = undo_deposit(store=store, deposit_id=original.id)

    with pytest.raises(ValidationError) as refused:
        undo_deposit(store=store, deposit_id=reversal.id)

    assert refused.value.code == "not_undoable"
    assert rawdb.count(db_path) == 2


def test_undoing_an_unknown_id_is_refused(store: Store, db_path: Path) -> None:
    with pytest.raises(ValidationError) as refused:
        undo_deposit(store=store, deposit_id=str(uuid.uuid4()))

    assert refused.value.code == "not_undoable"
    assert rawdb.count(db_path) == 0


def test_todays_deposits_marks_undone_and_hides_reversals(store: Store) -> None:
    kept = register_deposit(store=store, category="metal", weight_g=2000, now=NOON)
    undone = register_deposit(store=store, category="wood", weight_g=5000, now=NOON)
    undo_deposit(store=store, deposit_id=undone.id, now=NOON)

    shown = todays_deposits(store=store, now=NOON)

    assert [(d.id, d.undone) for d in shown] == [(undone.id, True), (kept.id, False)]


def test_todays_totals_net_out_reversals(store: Store) -> None:
    register_deposit(store=store, category="metal", weight_g=2000, now=NOON)
    wood = register_deposit(store=store, category="wood", weight_g=5000, now=NOON)
    register_deposit(store=store, category="batteries", weight_g=300, now=NOON)
    register_deposit(store=store, category="toys", weight_g=700, now=NOON)
    register_deposit(
        store=store, category="books_media", weight_g=400, direction=Direction.OUT, now=NOON
    )
    assert todays_totals(store=store, now=NOON)[Kind.RECYCLING] == 7000

    undo_deposit(store=store, deposit_id=wood.id, now=NOON)

    assert todays_totals(store=store, now=NOON) == {
        Kind.RECYCLING: 2000,
        Kind.RESIDUAL: 0,
        Kind.HAZARDOUS: 300,
        Kind.REUSE: 1100,
    }


def test_sync_overview_counts_pending_rows_and_reversals(store: Store) -> None:
    first = register_deposit(store=store, category="metal", weight_g=2000)
    undo_deposit(store=store, deposit_id=first.id)
    overview = sync_overview(store=store)
    assert overview.pending == 2
    assert overview.oldest_unsynced_at == first.recorded_at


def test_undo_after_the_device_id_changed(store: Store, db_path: Path) -> None:
    # settings.toml may name the device later (say at enrolment); records from before keep
    # the id made on first start. A reversal is a new record made by this device now, so it
    # must carry this device's id with this device's next number.
    earlier = [register_deposit(store=store, category="wood", weight_g=1000) for _ in range(3)]
    renamed = replace(store, device_id="kiosk-enrolled")
    first = register_deposit(store=renamed, category="metal", weight_g=500)

    reversal = undo_deposit(store=renamed, deposit_id=earlier[0].id)

    assert reversal.reverses == earlier[0].id
    assert reversal.seq == first.seq + 1 == 2
    row = next(r for r in rawdb.deposits(db_path) if r["id"] == reversal.id)
    assert row["device_id"] == "kiosk-enrolled"
    numbers = {}
    for r in rawdb.deposits(db_path):
        numbers.setdefault(r["device_id"], []).append(r["seq"])
    assert numbers == {"kiosk-test-1": [1, 2, 3], "kiosk-enrolled": [1, 2]}
