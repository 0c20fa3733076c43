"""The effect report: the pilot's table per station (or all) and per year or month.

Counted by Oslo calendar day, up to an optional cut-off day; deposits come from the daily
rollup, events and material flows (a few a day) from their own tables. Records with a
flagged clock are listed apart and never summed into a column.
"""

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    case,
    func,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from central.core import clock
from central.errors import Invalid
from central.models import ACTIVITY_TABLES, CatalogueVersion, DepositDay, DepositMonth
from central.services import report_source
from central.services.catalogue import category_kinds
from central.services.effect_history import Entered, entered_cells
from central.services.rollup import ORIGINAL, RECORDS, counted_day_totals, counted_rows
from contract.effect import MEASURE_ROW, Measure, Row
from contract.limits import YEAR_MAX, YEAR_MIN
from contract.records import Audience, FlowKind, FlowSource, Kind, RepairOutcome, default_audience
from contract.times import OSLO

DAYS = DepositDay.__table__
MONTHS = DepositMonth.__table__
EVENTS = ACTIVITY_TABLES["event"]
FLOWS = ACTIVITY_TABLES["material_flow"]
REPAIRS = ACTIVITY_TABLES["repair"]
_FLOW_ROW = {
    FlowKind.ACTIVITY_REUSE: Row.ACTIVITY_REUSE_KG,
    FlowKind.BUSINESS_WASTE: Row.BUSINESS_WASTE_KG,
    FlowKind.REUSE_PARTNER: Row.REUSED_KG,
}
_OUTCOME_ROW = {
    RepairOutcome.FIXED: Row.REPAIRS_FIXED,
    RepairOutcome.REPAIRABLE: Row.REPAIRS_REPAIRABLE,
    RepairOutcome.END_OF_LIFE: Row.REPAIRS_END_OF_LIFE,
}


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
    as_of: datetime | None  # only records received by then count; None: all held now
    periods: list[Period]
    # Grams for the kg rows, a count for EVENTS; one value per period, net of reversals.
    rows: dict[Row, list[int]]
    measures: dict[Measure, list[int]]  # every deposit measure, left for reuse too
    business_waste_other_agency_g: list[int]
    business_waste_notes: list[list[str]]
    repairs: list[dict[str, dict[str, int]]]  # per period: item category -> outcome -> count
    flagged: list[Flagged] = field(default_factory=list)
    # HAZARDOUS_KG by EAL code ("20 01 33*"), per period; filled when asked for (CSV, XLSX).
    hazardous_by_ewc: dict[str, list[int]] = field(default_factory=dict)
    # When it was made: with as_of unset, --as-of this moment makes the same report again.
    made_at: datetime = field(default_factory=clock.now)
    # Figures no kiosk recorded, entered by an admin: shown marked, never added into ``rows``.
    entered: list[Entered] = field(default_factory=list)
    # Per weighable row and period: "registered", "weighed" or "mixed" (report_source).
    sources: dict[Row, list[str]] = field(default_factory=dict)

    @property
    def as_received_by(self) -> datetime:
        """The moment the figures stand as of: ``as_of``, or when the report was made."""
        return self.as_of or self.made_at


# A report's columns: at most ten years at once, from every door (console, API, CLI).
MAX_YEARS = 10
_YEAR = re.compile(r"[0-9]{4}")


def parse_year(text: str, *, name: str) -> int:
    """One year as typed, within the contract's years; else ``Invalid`` naming ``name``."""
    if not _YEAR.fullmatch(text.strip()):
        raise Invalid("invalid_period", f"{name}: {text!r} is not a year")
    year = int(text)
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Invalid("invalid_period", f"{name}: must be within {YEAR_MIN}..{YEAR_MAX}")
    return year


def years_between(first: int, last: int, *, name: str, first_name: str) -> list[int]:
    """The years ``first..last``: the one rule for a report's period, wherever it is typed."""
    for year, field_name in ((first, first_name), (last, name)):
        if not YEAR_MIN <= year <= YEAR_MAX:
            raise Invalid("invalid_period", f"{field_name}: must be within {YEAR_MIN}..{YEAR_MAX}")
    if last < first:
        raise Invalid("invalid_period", f"{name}: must not be before {first_name}")
    if last - first >= MAX_YEARS:
        raise Invalid("invalid_period", f"{name}: at most {MAX_YEARS} years at once")
    return list(range(first, last + 1))


def parse_years(text: str, *, name: str = "year") -> list[int]:
    """ "2023" or a range "2021-2023" (the API's ``year`` and the CLI's ``--year``)."""
    first, dash, last = text.strip().partition("-")
    start = parse_year(first, name=name)
    end = parse_year(last, name=name) if dash else start
    return years_between(start, end, name=name, first_name="the first year")


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


def as_of_moment(text: str) -> datetime:
    """``as_of`` as a UTC moment: a day (2024-02-01 or 01.02.2024) means the end of that
    Oslo day; a time without an offset (2024-02-01T12:00, or 1.2.2024 12:00) is Oslo's wall
    clock."""
    try:
        if "." in text and " " in text.strip():  # 1.2.2024 12:00, as Norwegians write it
            moment = datetime.strptime(text.strip(), "%d.%m.%Y %H:%M")
            return moment.replace(tzinfo=OSLO).astimezone(UTC)
        if "T" in text or " " in text.strip():
            moment = datetime.fromisoformat(text.strip())
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=OSLO)
            return moment.astimezone(UTC)
        day = (
            datetime.strptime(text.strip(), "%d.%m.%Y").date()
            if "." in text
            else date.fromisoformat(text.strip())
        )
    except ValueError:
        raise Invalid(
            "invalid_as_of", "as_of: give a day (2024-02-01) or a moment (2024-02-01T12:00)"
        ) from None
    next_day = datetime.combine(day + timedelta(days=1), time(), OSLO)
    return next_day.astimezone(UTC) - timedelta(microseconds=1)


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
    as_of: datetime | None = None,
    hazardous_detail: bool = False,
) -> EffectReport:
    """The pilot's rows for ``years`` (or their months), up to ``cutoff`` inclusive.

    ``as_of``: only records central had received by that moment count (a published figure
    produced again, exactly); without it the report reads the rollup, as it stands now.
    ``hazardous_detail``: also break hazardous kg down by EAL code (reads those records).
    """
    periods = _periods(years, months=months, cutoff=cutoff)
    report = _blank(periods, station_id, cutoff=cutoff, as_of=as_of)
    if not periods:
        return report
    _deposits(session, report)
    _events(session, report)
    _flows(session, report)
    _repairs(session, report)
    report_source.apply_sources(session, report)  # registrations or tickets, per station
    if hazardous_detail:
        _hazardous_by_ewc(session, report)
    report.entered = entered_cells(
        session=session, station_id=station_id, periods=periods, months=months
    )
    return report


def _periods(years: list[int], *, months: bool, cutoff: date | None) -> list[Period]:
    if not years or any(not 2000 <= y <= 2099 for y in years):
        raise Invalid("invalid_year", "year must be within 2000..2099.")
    return periods_for(sorted(set(years)), months=months, cutoff=cutoff)


def _blank(
    periods: list[Period], station_id: str | None, *, cutoff: date | None,
    as_of: datetime | None = None,
) -> EffectReport:  # fmt: skip
    n = len(periods)
    return EffectReport(
        station_id=station_id,
        cutoff=cutoff,
        as_of=as_of,
        periods=list(periods),
        rows={row: [0] * n for row in Row},
        measures={m: [0] * n for m in Measure},
        business_waste_other_agency_g=[0] * n,
        business_waste_notes=[[] for _ in range(n)],
        repairs=[{} for _ in range(n)],
    )


def station_reports(
    *, session: Session, years: list[int], station_ids: list[str], months: bool = False,
    cutoff: date | None = None,
) -> dict[str, EffectReport]:  # fmt: skip
    """``effect_report`` of each station in ``station_ids``, the same figures, read in one
    pass per table for all of them (the all-stations page: 60 reports cost 2.3 s one by one
    at 10 M records, most of it per-statement overhead). ``entered`` is left empty: a
    comparison never mixes entered figures in; ask ``effect_report`` for a station's."""
    periods = _periods(years, months=months, cutoff=cutoff)
    return span_reports(session=session, periods=periods, station_ids=station_ids, cutoff=cutoff)


def span_reports(
    *, session: Session, periods: list[Period], station_ids: list[str],
    cutoff: date | None = None,
) -> dict[str, EffectReport]:  # fmt: skip
    """``station_reports`` for any columns of Oslo days in order (months wholly inside a
    column are read by month, the other days by day: a month split in two columns too)."""
    reports = {sid: _blank(periods, sid, cutoff=cutoff) for sid in station_ids}
    # The one station's rows alone when one is asked for (its trend chart).
    every = _blank(periods, station_ids[0] if len(station_ids) == 1 else None, cutoff=cutoff)
    if not periods:
        return reports
    _deposits(session, every, reports)
    _events(session, every, reports)
    _flows(session, every, reports)
    _repairs(session, every, reports)
    report_source.apply_sources_each(session, reports)
    return reports


def _add_measure(report: EffectReport, index: int, measure: Measure, grams: int) -> None:
    report.measures[measure][index] += grams
    report.rows[MEASURE_ROW[measure]][index] += grams


def _target(
    report: EffectReport, each: dict[str, EffectReport] | None, station: str
) -> EffectReport | None:
    """Where a row of ``station`` counts: ``report``, or its own when split by station."""
    return report if each is None else each.get(station)


def _split(periods: list[Period]) -> tuple[list[date], list[tuple[int, date, date]]]:
    """The first days of the months each wholly inside one period, and the other days as
    (period index, first, last): a period's days before its first whole month and after
    its last, or all of them when it holds none."""
    whole: list[date] = []
    cut: list[tuple[int, date, date]] = []
    for index, p in enumerate(periods):
        start = p.first
        if start.day != 1:
            start = _month_end(start.year, start.month) + timedelta(days=1)
        months = []
        while _month_end(start.year, start.month) <= p.last:
            months.append(start)
            start = _month_end(start.year, start.month) + timedelta(days=1)
        if not months:
            cut.append((index, p.first, p.last))
            continue
        whole += months
        if p.first < months[0]:
            cut.append((index, p.first, months[0] - timedelta(days=1)))
        if start <= p.last:
            cut.append((index, start, p.last))
    return whole, cut


def _deposits(
    session: Session, report: EffectReport, each: dict[str, EffectReport] | None = None
) -> None:
    """Months wholly inside a column from ``deposit_months``, the other days (a cut-off; last
    year split at the same day) from ``deposit_days``, summed in SQL to their column: a
    month's grams in one row per measure and category where its days take thirty."""
    if report.as_of is not None:
        _deposits_as_of(session, report, report.as_of)
        return
    periods = report.periods
    whole, cut = _split(periods)
    # Split by station when asked; the one station's rows alone when one is asked for.
    by_month = [MONTHS.c.station_id] if each is not None else []
    by_day = [DAYS.c.station_id] if each is not None else []
    columns = {month: _column(periods, month) for month in whole}
    measures = {m.value: m for m in Measure}

    def add(station: list[str], index: int | None, measure: str, grams: int) -> None:
        target = _target(report, each, station[0] if station else "")
        if index is not None and target is not None:
            _add_measure(target, index, measures[measure], int(grams))

    if whole:
        month_where = [MONTHS.c.month.in_(whole), ~MONTHS.c.flagged]
        if report.station_id is not None:
            month_where.append(MONTHS.c.station_id == report.station_id)
        months = (
            select(*by_month, MONTHS.c.month, MONTHS.c.measure, func.sum(MONTHS.c.net_g))
            .where(*month_where)
            .group_by(*by_month, MONTHS.c.month, MONTHS.c.measure)
        )
        for *station, at, measure, grams in session.execute(months).all():
            add(station, columns.get(at), measure, grams)
    if cut:
        column = case(*((DAYS.c.day.between(a, b), i) for i, a, b in cut))
        # As the partial index says it (NOT flagged), so PostgreSQL can use it.
        day_where = [or_(*(DAYS.c.day.between(a, b) for _, a, b in cut)), ~DAYS.c.flagged]
        if report.station_id is not None:
            day_where.append(DAYS.c.station_id == report.station_id)
        by_days = (
            select(*by_day, column, DAYS.c.measure, func.sum(DAYS.c.net_g))
            .where(*day_where)
            .group_by(*by_day, column, DAYS.c.measure)
        )
        for *station, index, measure, grams in session.execute(by_days).all():
            add(station, index, measure, grams)
    flagged = (
        select(DAYS.c.station_id, DAYS.c.measure, func.sum(DAYS.c.net_g), func.sum(DAYS.c.records))
        .where(DAYS.c.flagged)
        .group_by(DAYS.c.station_id, DAYS.c.measure)
    )
    if report.station_id is not None:
        flagged = flagged.where(DAYS.c.station_id == report.station_id)
    for station, measure, grams, count in session.execute(flagged):
        if (target := _target(report, each, station)) is not None:
            target.flagged.append(
                Flagged("deposit", station, None, measure, int(grams), int(count))
            )


def _deposits_as_of(session: Session, report: EffectReport, as_of: datetime) -> None:
    """Deposits as central held them at ``as_of``, read from the records themselves.

    The rollup has no arrival time, so this reads the records of the report's days and sums
    them by day in the database: the originals by themselves, and the few reversals each
    joined to its original by id, whose fields it counts on (``counted_rows``' rule, split so
    that no original is joined to look for a reversal it does not have). Seconds for a year
    of a fleet's 10 M records, where the rollup takes milliseconds (bench/partitioned.py).
    """
    first = datetime.combine(report.periods[0].first, time(), UTC) - timedelta(days=1)
    last = datetime.combine(report.periods[-1].last, time(), UTC) + timedelta(days=2)
    r, o = RECORDS.c, ORIGINAL.c

    def counted(c: Any) -> tuple[Any, ...]:  # the fields a record counts on: c's
        return (c.station_id, c.recorded_at, c.category, c.direction, c.clock_flag)

    def in_report(c: Any) -> ColumnElement[bool]:
        return or_(c.recorded_at.between(first, last), c.clock_flag.is_not(None))

    originals = select(*counted(r), r.weight_g, r.reverses).where(
        r.reverses.is_(None), r.received_at <= as_of, in_report(r)
    )
    reversals = (
        select(*counted(o), r.weight_g, r.reverses)
        .select_from(RECORDS.join(ORIGINAL, o.id == r.reverses))
        .where(r.reverses.is_not(None), r.received_at <= as_of, o.received_at <= as_of)
        .where(in_report(o))
    )
    if report.station_id is not None:
        originals = originals.where(r.station_id == report.station_id)
        reversals = reversals.where(r.station_id == report.station_id)
    totals = counted_day_totals(
        session.connection(), union_all(originals, reversals), category_kinds(session=session)
    )
    flagged: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for (station, day, measure, is_flagged), (grams, count) in sorted(totals.items()):
        if is_flagged:
            flagged[(station, measure)][0] += grams
            flagged[(station, measure)][1] += count
        elif (index := _column(report.periods, day)) is not None:
            _add_measure(report, index, Measure(measure), grams)
    for (station, measure), (grams, count) in flagged.items():
        report.flagged.append(Flagged("deposit", station, None, measure, grams, count))


def _hazardous_by_ewc(session: Session, report: EffectReport) -> None:
    """Hazardous kg per EAL code: the hazardous categories' own records (few), read by the
    same rule as the rollup, so the codes add up to the HAZARDOUS_KG row."""
    ewc: dict[str, str] = {}
    for (document,) in session.execute(
        select(CatalogueVersion.document).order_by(CatalogueVersion.version)
    ):
        for category in json.loads(document)["categories"]:
            if category["kind"] == Kind.HAZARDOUS:
                ewc[category["code"]] = (category.get("ewc") or [category["code"]])[0]
    kinds = category_kinds(session=session)
    codes = [code for code in ewc if kinds.get(code) == Kind.HAZARDOUS]
    if not codes:
        return
    original = ORIGINAL.c
    is_reversal = RECORDS.c.reverses.is_not(None)
    counted_at = case((is_reversal, original.recorded_at), else_=RECORDS.c.recorded_at)
    first = datetime.combine(report.periods[0].first, time(), UTC) - timedelta(days=1)
    last = datetime.combine(report.periods[-1].last, time(), UTC) + timedelta(days=2)
    query = counted_rows().where(RECORDS.c.category.in_(codes), counted_at.between(first, last))
    if report.as_of is not None:
        query = query.where(
            RECORDS.c.received_at <= report.as_of,
            ~is_reversal | (original.received_at <= report.as_of),
        )
    if report.station_id is not None:
        query = query.where(RECORDS.c.station_id == report.station_id)
    out: dict[str, list[int]] = {}
    for _station, at, category, _direction, flag, grams, reverses in session.execute(query):
        index = _column(report.periods, _oslo_day(at))
        if flag is not None or index is None:
            continue
        per = out.setdefault(ewc[category], [0] * len(report.periods))
        per[index] += -grams if reverses else grams
    report.hazardous_by_ewc = dict(sorted(out.items()))


def _select(
    table: Table, report: EffectReport, at_name: str, *columns: ColumnElement[Any]
) -> Select[*tuple[Any, ...]]:
    """Rows of ``table`` near the report's days; a day's exact Oslo date is judged in Python.

    Each row comes with the time and clock flag it counts by: a reversal's are its
    original's (the rule in contract.effect), and a reversal whose original central does
    not hold is left out until the original arrives.
    """
    original = table.alias("original")
    is_reversal = table.c.reverses.is_not(None)
    at = case((is_reversal, original.c[at_name]), else_=table.c[at_name])
    flag = case((is_reversal, original.c.clock_flag), else_=table.c.clock_flag)
    first = datetime.combine(report.periods[0].first, time(), UTC) - timedelta(days=1)
    last = datetime.combine(report.periods[-1].last, time(), UTC) + timedelta(days=2)
    query = (
        select(table.c.station_id, table.c.reverses, flag, at, *columns)
        .select_from(table.outerjoin(original, original.c.id == table.c.reverses))
        .where(~is_reversal | original.c.id.is_not(None))
        # Flagged records are listed whatever their (wrong) time says.
        .where(at.between(first, last) | flag.is_not(None))
    )
    if report.as_of is not None:
        query = query.where(
            table.c.received_at <= report.as_of,
            ~is_reversal | (original.c.received_at <= report.as_of),
        )
    if report.station_id is not None:
        query = query.where(table.c.station_id == report.station_id)
    return query


def _events(
    session: Session, report: EffectReport, each: dict[str, EffectReport] | None = None
) -> None:
    query = _select(
        EVENTS, report, "starts_at", EVENTS.c.kind, EVENTS.c.reuse_g, EVENTS.c.participants,
        EVENTS.c.visitors, EVENTS.c.audience,
    )  # fmt: skip
    for row in session.execute(query):
        station, reverses, flag, starts_at, kind, reuse_g, people, visitors, audience = row
        if (target := _target(report, each, station)) is None:
            continue
        sign = -1 if reverses else 1
        if flag is not None:
            target.flagged.append(Flagged("event", station, starts_at, kind, sign))
            continue
        index = _column(target.periods, _oslo_day(starts_at))
        if index is None:
            continue
        target.rows[Row.ACTIVITY_REUSE_KG][index] += sign * reuse_g
        # The pilot counted public ("innbyggerrettede") events, and their people.
        if (audience or default_audience(kind)) != Audience.PUBLIC:
            continue
        target.rows[Row.EVENTS][index] += sign
        target.rows[Row.PARTICIPANTS][index] += sign * people
        target.rows[Row.VISITORS][index] += sign * visitors


def _flows(
    session: Session, report: EffectReport, each: dict[str, EffectReport] | None = None
) -> None:
    query = _select(
        FLOWS, report, "recorded_at", FLOWS.c.flow, FLOWS.c.source, FLOWS.c.weight_g,
        FLOWS.c.note,
    )  # fmt: skip
    for station, reverses, flag, at, flow, source, grams, note in session.execute(query):
        if (target := _target(report, each, station)) is None:
            continue
        grams = -grams if reverses else grams
        if flag is not None:
            target.flagged.append(Flagged("material_flow", station, at, flow, grams))
            continue
        index = _column(target.periods, _oslo_day(at))
        if index is None:
            continue
        target.rows[_FLOW_ROW[FlowKind(flow)]][index] += grams
        if flow == FlowKind.BUSINESS_WASTE:
            if source == FlowSource.OTHER_AGENCY:
                target.business_waste_other_agency_g[index] += grams
            if note and not reverses and note not in target.business_waste_notes[index]:
                target.business_waste_notes[index].append(note)


def _repairs(
    session: Session, report: EffectReport, each: dict[str, EffectReport] | None = None
) -> None:
    query = _select(REPAIRS, report, "recorded_at", REPAIRS.c.item_category,
                    REPAIRS.c.outcome)  # fmt: skip
    for station, reverses, flag, at, item, outcome in session.execute(query):
        target = _target(report, each, station)
        index = _column(report.periods, _oslo_day(at))
        if target is None or flag is not None or index is None:
            continue
        sign = -1 if reverses else 1
        tally = target.repairs[index].setdefault(item, {})
        tally[outcome] = tally.get(outcome, 0) + sign
        target.rows[_OUTCOME_ROW[RepairOutcome(outcome)]][index] += sign
