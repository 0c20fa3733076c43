"""A resident's answer as a record on a real SQLite file: one seq space with the rest,
append-only, the question following from the direction, and refused with a bad value."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from kiosk.db.deposits import register_deposit
from kiosk.db.feedback import record_feedback
from kiosk.db.records import RECORD_TABLES
from kiosk.db.store import Store


def test_feedback_takes_the_next_number_and_its_question_follows_the_direction(
    store: Store,
) -> None:
    deposit = register_deposit(store=store, category="wood", weight_g=900)
    took = record_feedback(store=store, answer="good", language="ar", direction="out")
    left = record_feedback(store=store, answer="bad", language="ur", direction="in")
    assert [deposit.seq, took.seq, left.seq] == [1, 2, 3]
    with store.read() as conn:
        rows = conn.execute(
            text("SELECT question, answer, language, direction FROM feedback ORDER BY seq")
        ).all()
    assert [tuple(r) for r in rows] == [
        ("found", "good", "ar", "out"),
        ("how_was_it", "bad", "ur", "in"),
    ]


def test_feedback_is_append_only(store: Store) -> None:
    saved = record_feedback(store=store, answer="so_so", language="nb", direction="in")
    with pytest.raises(IntegrityError, match="append-only"), store.write() as conn:
        conn.execute(text("UPDATE feedback SET answer = 'good' WHERE id = :id"), {"id": saved.id})
    with pytest.raises(IntegrityError, match="append-only"), store.write() as conn:
        conn.execute(text("DELETE FROM feedback"))


def test_a_seq_held_by_feedback_is_refused_to_another_type(store: Store) -> None:
    # The planted fault: a deposit numbered without looking at the feedback table.
    saved = record_feedback(store=store, answer="good", language="en", direction="out")
    with pytest.raises(IntegrityError, match="another record type"), store.write() as conn:
        conn.execute(
            text(
                "INSERT INTO deposits (id, seq, device_id, station_id, recorded_at, category,"
                " weight_g, weight_source, channel, direction, catalog_version) VALUES"
                " ('x', :seq, :device, 's', '2026-01-01 00:00:00.000000', 'wood', 1,"
                " 'manual', 'guide', 'in', 1)"
            ),
            {"seq": saved.seq, "device": store.device_id},
        )
    assert "feedback" in RECORD_TABLES


def test_an_unknown_language_is_refused_and_nothing_is_written(store: Store) -> None:
    with pytest.raises(ValueError, match="xx"):
        record_feedback(store=store, answer="good", language="xx", direction="in")
    with store.read() as conn:
        assert conn.execute(text("SELECT count(*) FROM feedback")).scalar_one() == 0
