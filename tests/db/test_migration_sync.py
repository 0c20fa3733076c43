"""Migration 0002 (sync): the clock flag may change, registered facts still may not."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from kiosk.db import migrate
from kiosk.db.deposits import register_deposit
from kiosk.db.store import Store


def test_append_only_triggers_survive_the_sync_migration(store: Store) -> None:
    saved = register_deposit(store=store, category="wood", weight_g=1200)
    assert (
        migrate.current_revision(store.engine) == migrate.HEAD
    )  # through 0002 and every later one
    with store.write() as conn:
        conn.execute(
            text("UPDATE deposits SET clock_flag = 'future' WHERE id = :i"), {"i": saved.id}
        )
    with pytest.raises(IntegrityError, match="append-only"), store.write() as conn:
        conn.execute(text("UPDATE deposits SET weight_g = 1 WHERE id = :i"), {"i": saved.id})
    with store.read() as conn:
        row = conn.execute(
            text("SELECT weight_g, clock_flag FROM deposits WHERE id = :i"), {"i": saved.id}
        ).one()
    assert tuple(row) == (1200, "future")
