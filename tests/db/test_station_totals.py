"""The station's own totals, today and this year, from local records: the report's measures,
net of reversals, in Oslo calendar days, with events held and their participants."""

from datetime import UTC, datetime

from contract.effect import Measure
from kiosk.db import activities
from kiosk.db.deposits import register_deposit, undo_deposit
from kiosk.db.station_totals import station_totals
from kiosk.db.store import Store
from kiosk.domain.kinds import Direction

NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)
EARLIER_THIS_YEAR = datetime(2026, 3, 2, 12, tzinfo=UTC)
# 23:30 UTC on 31 December 2025 is already 2026 in Oslo.
NEW_YEAR_IN_OSLO = datetime(2025, 12, 31, 23, 30, tzinfo=UTC)
LAST_YEAR = datetime(2025, 12, 31, 22, 30, tzinfo=UTC)


def test_today_and_this_year_by_measure_net_of_reversals(store: Store) -> None:
    def deposit(category: str, grams: int, at: datetime, direction: str = "in") -> str:
        return register_deposit(
            store=store, category=category, weight_g=grams, direction=Direction(direction), now=at
        ).id

    deposit("wood", 2_000, NOW)
    deposit("clothes", 700, NOW, "out")  # reused: handed out
    deposit("toys", 300, NOW, "in")  # left for reuse
    deposit("batteries", 50, NOW)
    undo_deposit(store=store, deposit_id=deposit("metal", 999, NOW), now=NOW)
    deposit("clothes", 1_000, EARLIER_THIS_YEAR, "out")
    deposit("wood", 4_000, NEW_YEAR_IN_OSLO)
    deposit("wood", 8_000, LAST_YEAR)

    totals = station_totals(store=store, now=NOW)
    assert totals["today"].grams == {
        Measure.REUSED: 700,
        Measure.LEFT_FOR_REUSE: 300,
        Measure.RECYCLED: 2_000,
        Measure.RESIDUAL: 0,
        Measure.HAZARDOUS: 50,
    }
    assert totals["year"].grams == {
        Measure.REUSED: 1_700,
        Measure.LEFT_FOR_REUSE: 300,
        Measure.RECYCLED: 6_000,
        Measure.RESIDUAL: 0,
        Measure.HAZARDOUS: 50,
    }


def test_events_count_by_their_start_with_participants_net_of_reversals(store: Store) -> None:
    def held(at: datetime, participants: int) -> str:
        event = activities.open_event(store=store, kind="textile_repair", now=at)
        for _ in range(participants):
            activities.count(store=store, event_id=event.id, counter="participants", delta=1)
        return activities.close_event(store=store, event_id=event.id, now=at).id

    held(NOW, 8)
    held(EARLIER_THIS_YEAR, 21)
    wrong = held(EARLIER_THIS_YEAR, 5)
    activities.reverse(store=store, record_type="event", record_id=wrong, now=NOW)
    held(LAST_YEAR, 70)
    activities.open_event(store=store, kind="market", now=NOW)  # still open: not held yet

    totals = station_totals(store=store, now=NOW)
    assert (totals["today"].events, totals["today"].participants) == (1, 8)
    assert (totals["year"].events, totals["year"].participants) == (2, 29)
