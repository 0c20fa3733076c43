"""Today's and this year's totals for the station, from the kiosk's own records.

So a guide can answer a visitor without the network. The measures are the effect report's
(``contract.effect.measure_of``), net of reversals, in Oslo calendar days like the report.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Table, case, func, select

from contract.effect import Measure, measure_of
from kiosk.db.deposits import local_day_bounds
from kiosk.db.records import RECORD_TABLES
from kiosk.db.store import Store
from kiosk.domain.hours import OSLO


@dataclass(frozen=True, slots=True)
class StationTotals:
    """Net grams per measure, and public events held (by their start) with participants."""

    grams: dict[Measure, int]
    events: int
    participants: int


def local_year_bounds(now: datetime | None = None) -> tuple[datetime, datetime]:
    """Start and end of the Oslo calendar year containing ``now``, as UTC instants."""
    local = (now or datetime.now(UTC)).astimezone(OSLO)
    start = datetime(local.year, 1, 1, tzinfo=OSLO)
    end = datetime(local.year + 1, 1, 1, tzinfo=OSLO)
    return start.astimezone(UTC), end.astimezone(UTC)


def _sign(table: Table) -> object:
    return case((table.c.reverses.is_(None), 1), else_=-1)


def _totals(store: Store, start: datetime, end: datetime) -> StationTotals:
    deposits = RECORD_TABLES["deposit"]
    events = RECORD_TABLES["event"]
    sign = _sign(deposits)
    by_category = (
        select(deposits.c.category, deposits.c.direction, func.sum(sign * deposits.c.weight_g))
        .where(
            deposits.c.station_id == store.station_id,
            deposits.c.recorded_at >= start,
            deposits.c.recorded_at < end,
        )
        .group_by(deposits.c.category, deposits.c.direction)
    )
    event_sign = _sign(events)
    held = select(func.sum(event_sign), func.sum(event_sign * events.c.participants)).where(
        events.c.station_id == store.station_id,
        events.c.starts_at >= start,
        events.c.starts_at < end,
    )
    grams = dict.fromkeys(Measure, 0)
    with store.read() as conn:
        for code, direction, net in conn.execute(by_category):
            category = store.catalogue.get(code)
            if category is not None:  # a category keeps its kind across catalogue versions
                grams[measure_of(category.kind, direction)] += net
        count, participants = conn.execute(held).one()
    return StationTotals(grams, count or 0, participants or 0)


def station_totals(*, store: Store, now: datetime | None = None) -> dict[str, StationTotals]:
    """``{"today": ..., "year": ...}`` for this station, in Oslo calendar days."""
    now = now or datetime.now(UTC)
    return {
        "today": _totals(store, *local_day_bounds(now)),
        "year": _totals(store, *local_year_bounds(now)),
    }
