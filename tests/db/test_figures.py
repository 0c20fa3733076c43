"""Issue 20 on the kiosk: an event's audience, items sent on to a reuse partner, the two
reuse figures apart, and the reversal rule in the station's own totals."""

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from kiosk.db import activities
from kiosk.db.deposits import register_deposit, undo_deposit
from kiosk.db.station_totals import station_totals
from kiosk.db.store import Store
from kiosk.domain.errors import ValidationError
from kiosk.domain.kinds import Direction
from kiosk.sync.outbox import next_batch

NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)
YESTERDAY = datetime(2026, 11, 26, 12, tzinfo=UTC)


def test_an_event_is_public_or_internal_by_kind_unless_chosen(store: Store) -> None:
    course = activities.open_event(store=store, kind="course", now=NOW)
    swap = activities.open_event(store=store, kind="clothes_swap", now=NOW)
    open_course = activities.open_event(store=store, kind="course", audience="public", now=NOW)
    assert (course.audience, swap.audience, open_course.audience) == ("internal", "public",
                                                                      "public")  # fmt: skip
    assert {e.id: e.audience for e in activities.open_events(store=store)}[course.id] == "internal"
    closed = activities.close_event(store=store, event_id=open_course.id, now=NOW)
    assert closed.values["audience"] == "public"
    with pytest.raises(ValueError, match="'everyone'"):
        activities.open_event(store=store, kind="market", audience="everyone")


def test_the_events_row_on_the_kiosk_counts_public_events(store: Store) -> None:
    for kind in ("course", "bike_workshop"):
        event = activities.open_event(store=store, kind=kind, now=NOW)
        activities.count(store=store, event_id=event.id, counter="participants", delta=1)
        activities.close_event(store=store, event_id=event.id, now=NOW)
    today = station_totals(store=store, now=NOW)["today"]
    assert (today.events, today.participants) == (1, 1)


def test_items_sent_on_to_a_reuse_partner_need_the_partner(store: Store) -> None:
    with pytest.raises(ValidationError) as refused:
        activities.record_flow(store=store, flow="reuse_partner", source="station", weight_g=800)
    assert refused.value.params["field"] == "note"
    sent = activities.send_to_reuse_partner(store=store, partner="Fretex Alna", weight_g=8_000)
    assert (sent.values["flow"], sent.values["note"]) == ("reuse_partner", "Fretex Alna")


def test_reuse_left_and_reuse_out_are_two_figures(store: Store) -> None:
    def deposit(category: str, grams: int, direction: Direction) -> None:
        register_deposit(store=store, category=category, weight_g=grams, direction=direction,
                         now=NOW)  # fmt: skip

    deposit("clothes", 16_500, Direction.IN)  # left on the shelf
    deposit("toys", 2_000, Direction.OUT)  # taken home
    activities.send_to_reuse_partner(store=store, partner="Fretex", weight_g=8_000, now=NOW)
    # An event that sent 8 kg to reuse: the events panel said "Ombrukt 0 kg".
    event = activities.open_event(store=store, kind="clothes_swap", now=NOW)
    activities.close_event(store=store, event_id=event.id, reuse_g=8_000, now=NOW)
    today = station_totals(store=store, now=NOW)["today"]
    assert (today.left_for_reuse_g, today.reused_g, today.activity_reuse_g) == (
        16_500, 10_000, 8_000)  # fmt: skip


def test_a_reversal_counts_on_its_originals_day(store: Store) -> None:
    wood = register_deposit(store=store, category="wood", weight_g=5_000, now=YESTERDAY)
    flow = activities.send_to_reuse_partner(store=store, partner="Fretex", weight_g=3_000,
                                            now=YESTERDAY)  # fmt: skip
    undo_deposit(store=store, deposit_id=wood.id, now=NOW)
    activities.reverse(store=store, record_type="material_flow", record_id=flow.id, now=NOW)
    totals = station_totals(store=store, now=NOW)
    assert (totals["today"].reused_g, sum(totals["today"].grams.values())) == (0, 0)
    assert (totals["year"].reused_g, sum(totals["year"].grams.values())) == (0, 0)


def test_an_older_central_gets_no_audience_and_no_partner_flow(store: Store) -> None:
    event = activities.open_event(store=store, kind="course", now=NOW)
    activities.close_event(store=store, event_id=event.id, now=NOW)
    activities.send_to_reuse_partner(store=store, partner="Fretex", weight_g=3_000, now=NOW)
    activities.record_flow(store=store, flow="activity_reuse", source="station", weight_g=5)
    v2 = next_batch(store, limit=100, sent_at=NOW, contract_version=2)
    assert v2 is not None
    records = json.loads(v2.records_json)
    assert [r.get("flow") for r in records] == [None, "activity_reuse"]
    assert "audience" not in records[0]
    v3 = next_batch(store, limit=100, sent_at=NOW, contract_version=3)
    assert v3 is not None
    records = json.loads(v3.records_json)
    assert [r.get("flow") for r in records] == [None, "reuse_partner", "activity_reuse"]
    assert records[0]["audience"] == "internal"


def test_the_audience_is_append_only_too(store: Store) -> None:
    event = activities.open_event(store=store, kind="market", now=NOW)
    activities.close_event(store=store, event_id=event.id, now=NOW)
    with pytest.raises(Exception, match="append-only"), store.write() as conn:
        conn.execute(text("UPDATE events SET audience = 'internal'"))
