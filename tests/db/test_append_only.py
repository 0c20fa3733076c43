"""The file itself refuses to forget: triggers block DELETE and UPDATE of registered facts."""

from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from kiosk.db.deposits import register_deposit
from kiosk.db.store import Store
from tests.helpers import rawdb

REGISTERED = {
    "id": "'00000000-0000-7000-8000-000000000000'",
    "seq": "99",
    "device_id": "'other-device'",
    "station_id": "'other-station'",
    "recorded_at": "'2000-01-01 00:00:00.000000'",
    "category": "'metal'",
    "weight_g": "1",
    "weight_source": "'estimate'",
    "channel": "'self_service'",
    "direction": "'out'",
    "reverses": "NULL",
    "visit_id": "'some-visit'",
    "catalog_version": "999",
}


def test_delete_is_refused(store: Store, db_path: Path) -> None:
    saved = register_deposit(store=store, category="wood", weight_g=4000)
    before = rawdb.deposits(db_path)

    with pytest.raises(IntegrityError, match="append-only"), store.write() as conn:
        conn.exec_driver_sql("DELETE FROM deposits WHERE id = ?", (saved.id,))

    assert rawdb.deposits(db_path) == before


@pytest.mark.parametrize(("column", "value"), REGISTERED.items(), ids=list(REGISTERED))
def test_update_of_a_registered_column_is_refused(
    store: Store, db_path: Path, column: str, value: str
) -> None:
    register_deposit(store=store, category="wood", weight_g=4000)
    before = rawdb.deposits(db_path)

    with pytest.raises(IntegrityError, match="append-only"), store.write() as conn:
        conn.exec_driver_sql(f"UPDATE deposits SET {column} = {value}")

    assert rawdb.deposits(db_path) == before


def test_every_registered_column_is_guarded(db_path: Path) -> None:
    # A column added later must be either listed in the trigger or be sync bookkeeping.
    columns = {name for _, name, *_ in rawdb.rows(db_path, "PRAGMA table_info(deposits)")}
    # clock_flag (migration 0002) is sync bookkeeping: set when a sync finds the time impossible.
    # adopted_by (0003) is set once at enrolment, guarded by its own trigger (tested below).
    assert columns - set(REGISTERED) == {"sync_state", "sync_error", "clock_flag", "adopted_by"}


def test_adoption_happens_once_and_never_after_sync(store: Store, db_path: Path) -> None:
    saved = register_deposit(store=store, category="wood", weight_g=4000)
    with store.write() as conn:
        conn.exec_driver_sql(
            f"UPDATE deposits SET adopted_by = 'haugenstua' WHERE id = '{saved.id}'"
        )
    with pytest.raises(IntegrityError, match="adopted at most once"), store.write() as conn:
        conn.exec_driver_sql("UPDATE deposits SET adopted_by = 'other'")
    later = register_deposit(store=store, category="wood", weight_g=4000)
    with store.write() as conn:
        conn.exec_driver_sql(f"UPDATE deposits SET sync_state = 'synced' WHERE id = '{later.id}'")
    with pytest.raises(IntegrityError, match="adopted at most once"), store.write() as conn:
        conn.exec_driver_sql(f"UPDATE deposits SET adopted_by = 'x' WHERE id = '{later.id}'")


def test_sync_bookkeeping_may_change(store: Store, db_path: Path) -> None:
    saved = register_deposit(store=store, category="wood", weight_g=4000)

    with store.write() as conn:
        conn.exec_driver_sql(
            "UPDATE deposits SET sync_state = 'quarantined', sync_error = 'batch 4xx' WHERE id = ?",
            (saved.id,),
        )

    row = rawdb.deposits(db_path)[0]
    assert (row["sync_state"], row["sync_error"]) == ("quarantined", "batch 4xx")
    assert (row["id"], row["weight_g"], row["category"]) == (saved.id, 4000, "wood")


def test_the_quarantine_log_is_append_only(store: Store) -> None:
    from kiosk.sync.outbox import quarantine, quarantine_log

    saved = register_deposit(store=store, category="wood", weight_g=4000)
    assert quarantine(store, record_id=saved.id, reason="422 invalid_record: visit_id")
    for sql in ("UPDATE quarantine_log SET reason = 'x'", "DELETE FROM quarantine_log"):
        with pytest.raises(IntegrityError, match="append-only"), store.write() as conn:
            conn.exec_driver_sql(sql)
    [entry] = quarantine_log(store)
    assert (entry.record_id, entry.event, entry.reason) == (
        saved.id,
        "quarantined",
        "422 invalid_record: visit_id",
    )
