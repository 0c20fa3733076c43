"""Today's and this year's totals for the station, from the kiosk's own records.

So a guide can answer a visitor without the network. The measures and rows are the effect
report's (``contract.effect``), net of reversals under its one rule (a reversal counts in
its original's period), in Oslo calendar days like the report.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, case, func, select

from contract.effect import Measure, measure_of
from contract.records import Audience, EventKind, FlowKind
from kiosk.db.deposits import local_day_bounds
from kiosk.db.records import RECORD_TABLES
from kiosk.db.store import Store
from kiosk.domain.clock import utc_now
from kiosk.domain.hours import OSLO


@dataclass(frozen=True, slots=True)
class StationTotals:
    """Net grams per deposit measure, and the effect report's reuse rows, for one period.

    ``grams``: deposits per measure (REUSED is taken out only; LEFT_FOR_REUSE left in).
    ``reused_g``: the report's "kg ombruk fra minigjenbruksstasjonen": reuse items taken out
    plus those the guide sent on to a reuse partner. ``left_for_reuse_g``: "kg levert til
    ombruk". ``activity_reuse_g``: events' reuse kg plus activity-reuse flows ("kg
    ombruk/redesign i aktiviteter"). ``events`` and ``participants``: public events only.
    """

    grams: dict[Measure, int]
    events: int
    participants: int
    reused_g: int = 0
    left_for_reuse_g: int = 0
    activity_reuse_g: int = 0


def local_year_bounds(now: datetime | None = None) -> tuple[datetime, datetime]:
    """Start and end of the Oslo calendar year containing ``now``, as UTC instants."""
    local = (now or utc_now()).astimezone(OSLO)
    start = datetime(local.year, 1, 1, tzinfo=OSLO)
    end = datetime(local.year + 1, 1, 1, tzinfo=OSLO)
    return start.astimezone(UTC), end.astimezone(UTC)


def _counted(table: Table, at: str, start: datetime, end: datetime) -> tuple[Any, Any, Any]:
    """(sign, the table joined to each reversal's original, a WHERE for the period): a
    reversal counts at its original's time; one whose original is not here counts nothing."""
    original = table.alias(f"original_{table.name}")
    is_reversal = table.c.reverses.is_not(None)
    when = case((is_reversal, original.c[at]), else_=table.c[at])
    joined = table.outerjoin(original, original.c.id == table.c.reverses)
    where: ColumnElement[bool] = (
        (~is_reversal | original.c.id.is_not(None)) & (when >= start) & (when < end)
    )
    return case((is_reversal, -1), else_=1), joined, where


def _totals(store: Store, start: datetime, end: datetime) -> StationTotals:
    deposits, events, flows = (RECORD_TABLES[n] for n in ("deposit", "event", "material_flow"))
    sign, joined, period = _counted(deposits, "recorded_at", start, end)
    by_category = (
        select(deposits.c.category, deposits.c.direction, func.sum(sign * deposits.c.weight_g))
        .select_from(joined)
        .where(deposits.c.station_id == store.station_id, period)
        .group_by(deposits.c.category, deposits.c.direction)
    )
    sign, joined, period = _counted(events, "starts_at", start, end)
    # NULL audience (an event from before contract version 3): the default by kind.
    by_kind = case(
        (events.c.kind == EventKind.COURSE.value, Audience.INTERNAL.value),
        else_=Audience.PUBLIC.value,
    )  # fmt: skip  (contract default_audience)
    public = func.coalesce(events.c.audience, by_kind) == Audience.PUBLIC.value
    held = (
        select(
            func.sum(case((public, sign), else_=0)),
            func.sum(case((public, sign * events.c.participants), else_=0)),
            func.sum(sign * events.c.reuse_g),
        )
        .select_from(joined)
        .where(events.c.station_id == store.station_id, period)
    )
    sign, joined, period = _counted(flows, "recorded_at", start, end)
    by_flow = (
        select(flows.c.flow, func.sum(sign * flows.c.weight_g))
        .select_from(joined)
        .where(flows.c.station_id == store.station_id, period)
        .group_by(flows.c.flow)
    )
    grams = dict.fromkeys(Measure, 0)
    with store.read() as conn:
        for code, direction, net in conn.execute(by_category):
            category = store.catalogue.get(code)
            if category is not None:  # a category keeps its kind across catalogue versions
                grams[measure_of(category.kind, direction)] += net
        count, participants, event_reuse = conn.execute(held).one()
        flowed = {flow: int(net or 0) for flow, net in conn.execute(by_flow)}
    return StationTotals(
        grams,
        count or 0,
        participants or 0,
        reused_g=grams[Measure.REUSED] + flowed.get(FlowKind.REUSE_PARTNER, 0),
        left_for_reuse_g=grams[Measure.LEFT_FOR_REUSE],
        activity_reuse_g=(event_reuse or 0) + flowed.get(FlowKind.ACTIVITY_REUSE, 0),
    )


def todays_station_totals(*, store: Store, now: datetime | None = None) -> StationTotals:
    """Today's figures only (the guide's totals under the list), in the Oslo calendar day."""
    return _totals(store, *local_day_bounds(now or utc_now()))


def station_totals(*, store: Store, now: datetime | None = None) -> dict[str, StationTotals]:
    """``{"today": ..., "year": ...}`` for this station, in Oslo calendar days."""
    now = now or utc_now()
    return {
        "today": _totals(store, *local_day_bounds(now)),
        "year": _totals(store, *local_year_bounds(now)),
    }
