"""The effect report: the pilot's table per station (or all) and per year or month.

Counted by Oslo calendar day, up to an optional cut-off day; deposits come from the daily
rollup, events and material flows (a few a day) from their own tables. Records with a
flagged clock are listed apart and never summed into a column.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, Table, cast, extract, func, select
from sqlalchemy.orm import Session

from central.errors import Invalid
from central.models import ACTIVITY_TABLES, DepositDay
from central.services.effect_history import Entered, entered_cells
from central.services.rollup import OSLO
from contract.effect import Measure, Row
from contract.records import FlowKind, FlowSource

DAYS = DepositDay.__table__
EVENTS = ACTIVITY_TABLES["event"]
FLOWS = ACTIVITY_TABLES["material_flow"]
REPAIRS = ACTIVITY_TABLES["repair"]
_FLOW_ROW = {
    FlowKind.ACTIVITY_REUSE: Row.ACTIVITY_REUSE_KG,
    FlowKind.BUSINESS_WASTE: Row.BUSINESS_WASTE_KG,
}
_MEASURE_ROW = {Measure.REUSED: Row.REUSED_KG, Measure.RECYCLED: Row.RECYCLED_KG}


@dataclass(frozen=True, slots=True)
class Period:
    """One column: a year or a month, as Oslo calendar days ``first``..``last``."""

    label: str
    first: date
    last: date


@dataclass(frozen=True, slots=True)
class Flagged:
    """A record whose kiosk clock was flagged: shown apart, never counted in a column."""

    type: str
    station_id: str
    recorded_at: datetime | None
    what: str
    amount: int  # grams, or 1 for an event; negative for a reversal
    records: int = 1


@dataclass(slots=True)
class EffectReport:
    station_id: str | None
    cutoff: date | None
    periods: list[Period]
    # Grams for the kg rows, a count for EVENTS; one value per period, net of reversals.
    rows: dict[Row, list[int]]
    measures: dict[Measure, list[int]]  # every deposit measure, left for reuse too
    business_waste_other_agency_g: list[int]
    business_waste_notes: list[list[str]]
    repairs: list[dict[str, dict[str, int]]]  # per period: item category -> outcome -> count
    flagged: list[Flagged] = field(default_factory=list)
    # Figures no kiosk recorded, entered by an admin: shown marked, never added into ``rows``.
    entered: list[Entered] = field(default_factory=list)


def periods_for(years: list[int], *, months: bool, cutoff: date | None) -> list[Period]:
    """Year or month columns, dropping any that start after the cut-off."""
    out = []
    for year in years:
        spans = (
            [(f"{year}-{m:02d}", date(year, m, 1), _month_end(year, m)) for m in range(1, 13)]
            if months
            else [(str(year), date(year, 1, 1), date(year, 12, 31))]
        )
        for label, first, last in spans:
            if cutoff is not None and first > cutoff:
                continue
            if cutoff is not None and cutoff < last:
                label, last = f"{label} (to {cutoff:%d.%m.%y})", cutoff
            out.append(Period(label, first, last))
    return out


def _month_end(year: int, month: int) -> date:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


def _oslo_day(moment: datetime) -> date:
    return moment.replace(tzinfo=moment.tzinfo or UTC).astimezone(OSLO).date()


def _column(periods: list[Period], day: date) -> int | None:
    for index, period in enumerate(periods):
        if period.first <= day <= period.last:
            return index
    return None


def effect_report(
    *,
    session: Session,
    years: list[int],
    station_id: str | None = None,
    months: bool = False,
    cutoff: date | None = None,
) -> EffectReport:
    """The pilot's five rows for ``years`` (or their months), up to ``cutoff`` inclusive."""
    if not years or any(not 2000 <= y <= 2099 for y in years):
        raise Invalid("invalid_year", "year must be within 2000..2099.")
    periods = periods_for(sorted(set(years)), months=months, cutoff=cutoff)
    n = len(periods)
    report = EffectReport(
        station_id=station_id,
        cutoff=cutoff,
        periods=periods,
        rows={row: [0] * n for row in Row},
        measures={m: [0] * n for m in Measure},
        business_waste_other_agency_g=[0] * n,
        business_waste_notes=[[] for _ in range(n)],
        repairs=[{} for _ in range(n)],
    )
    if not periods:
        return report
    _deposits(session, report)
    _events(session, report)
    _flows(session, report)
    _repairs(session, report)
    report.entered = entered_cells(
        session=session, station_id=station_id, periods=periods, months=months
    )
    return report


def _deposits(session: Session, report: EffectReport) -> None:
    periods = report.periods
    year = cast(extract("year", DAYS.c.day), Integer)
    month = cast(extract("month", DAYS.c.day), Integer)
    where: list[ColumnElement[bool]] = [
        DAYS.c.day.between(periods[0].first, periods[-1].last),
        # As the partial index says it (NOT flagged), so PostgreSQL can use it.
        ~DAYS.c.flagged,
    ]
    if report.station_id is not None:
        where.append(DAYS.c.station_id == report.station_id)
    # Periods are whole months or years except the cut-off's; grouping by month serves both.
    query = (
        select(year, month, DAYS.c.measure, func.sum(DAYS.c.net_g))
        .where(*where)
        .group_by(year, month, DAYS.c.measure)
    )
    for yr, mo, measure, grams in session.execute(query):
        index = _column(periods, date(yr, mo, 1))
        if index is None:
            continue
        measure = Measure(measure)
        report.measures[measure][index] += int(grams)
        if measure in _MEASURE_ROW:
            report.rows[_MEASURE_ROW[measure]][index] += int(grams)
    flagged = (
        select(DAYS.c.station_id, DAYS.c.measure, func.sum(DAYS.c.net_g), func.sum(DAYS.c.records))
        .where(DAYS.c.flagged)
        .group_by(DAYS.c.station_id, DAYS.c.measure)
    )
    if report.station_id is not None:
        flagged = flagged.where(DAYS.c.station_id == report.station_id)
    for station, measure, grams, count in session.execute(flagged):
        report.flagged.append(Flagged("deposit", station, None, measure, int(grams), int(count)))


def _select(
    table: Table, report: EffectReport, at: ColumnElement[datetime], *columns: ColumnElement[Any]
) -> Select[*tuple[Any, ...]]:
    """Rows of ``table`` near the report's days; a day's exact Oslo date is judged in Python."""
    first = datetime.combine(report.periods[0].first, time(), UTC) - timedelta(days=1)
    last = datetime.combine(report.periods[-1].last, time(), UTC) + timedelta(days=2)
    query = select(table.c.station_id, table.c.reverses, table.c.clock_flag, at, *columns)
    # Flagged records are listed whatever their (wrong) time says.
    query = query.where(at.between(first, last) | table.c.clock_flag.is_not(None))
    if report.station_id is not None:
        query = query.where(table.c.station_id == report.station_id)
    return query


def _events(session: Session, report: EffectReport) -> None:
    query = _select(EVENTS, report, EVENTS.c.starts_at, EVENTS.c.kind, EVENTS.c.reuse_g)
    for station, reverses, flag, starts_at, kind, reuse_g in session.execute(query):
        sign = -1 if reverses else 1
        if flag is not None:
            report.flagged.append(Flagged("event", station, starts_at, kind, sign))
            continue
        index = _column(report.periods, _oslo_day(starts_at))
        if index is not None:
            report.rows[Row.EVENTS][index] += sign
            report.rows[Row.ACTIVITY_REUSE_KG][index] += sign * reuse_g


def _flows(session: Session, report: EffectReport) -> None:
    query = _select(
        FLOWS, report, FLOWS.c.recorded_at, FLOWS.c.flow, FLOWS.c.source, FLOWS.c.weight_g,
        FLOWS.c.note,
    )  # fmt: skip
    for station, reverses, flag, at, flow, source, grams, note in session.execute(query):
        grams = -grams if reverses else grams
        if flag is not None:
            report.flagged.append(Flagged("material_flow", station, at, flow, grams))
            continue
        index = _column(report.periods, _oslo_day(at))
        if index is None:
            continue
        report.rows[_FLOW_ROW[FlowKind(flow)]][index] += grams
        if flow == FlowKind.BUSINESS_WASTE:
            if source == FlowSource.OTHER_AGENCY:
                report.business_waste_other_agency_g[index] += grams
            if note and not reverses and note not in report.business_waste_notes[index]:
                report.business_waste_notes[index].append(note)


def _repairs(session: Session, report: EffectReport) -> None:
    query = _select(REPAIRS, report, REPAIRS.c.recorded_at, REPAIRS.c.item_category,
                    REPAIRS.c.outcome)  # fmt: skip
    counts: dict[int, dict[str, dict[str, int]]] = defaultdict(dict)
    for _station, reverses, flag, at, item, outcome in session.execute(query):
        index = _column(report.periods, _oslo_day(at))
        if flag is not None or index is None:
            continue
        tally = counts[index].setdefault(item, {})
        tally[outcome] = tally.get(outcome, 0) + (-1 if reverses else 1)
    for index, per_item in counts.items():
        report.repairs[index] = per_item
