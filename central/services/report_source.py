"""Which source a station's recycling and hazardous rows come from, by effective date, and
the effect report's figures under that rule (contract.effect.SOURCE_RULE).

A station turned self-service on 1 March keeps its registrations before that day and takes
the tickets weighed from it on. The report keeps, per weighable row and period, which source
it used: registered, weighed, or mixed (the change fell inside the period, or stations differ).
"""

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.errors import Invalid
from central.models import ACTIVITY_TABLES, DepositDay, Station, StationReportSource
from central.services.catalogue import category_kinds
from central.services.pickups import categories_of
from contract.effect import (
    WEIGHABLE_MEASURES,
    WEIGHABLE_ROWS,
    WEIGHED_ROW_OF_KIND,
    FigureSource,
    source_on,
)
from contract.limits import YEAR_MAX, YEAR_MIN
from contract.records import Kind
from contract.times import OSLO

if TYPE_CHECKING:
    from central.services.effect import EffectReport

_PICKUPS = ACTIVITY_TABLES["pickup"]
_DAYS = DepositDay.__table__


def set_source(
    *, session: Session, station_id: str, effective_from: str, source: str, actor: str,
    now: datetime,
) -> StationReportSource:  # fmt: skip
    """Add one change of a station's source, from an Oslo day; refused naming the field."""
    if session.get(Station, station_id) is None:
        raise Invalid("station_id", f"station_id {station_id!r} is not a station here.")
    try:
        day = date.fromisoformat(effective_from.strip())
    except ValueError:
        raise Invalid("effective_from", "effective_from must be a day, e.g. 2026-03-01.") from None
    if not YEAR_MIN <= day.year <= YEAR_MAX:
        raise Invalid("effective_from", f"effective_from must be within {YEAR_MIN}..{YEAR_MAX}.")
    if source not in (FigureSource.REGISTERED, FigureSource.WEIGHED):
        raise Invalid("source", "source must be registered or weighed.")
    row = StationReportSource(station_id=station_id, effective_from=day, source=source,
                              set_by=actor, set_at=now)  # fmt: skip
    session.add(row)
    session.flush()
    return row


def history(*, session: Session, station_id: str) -> list[StationReportSource]:
    t = StationReportSource
    query = select(t).where(t.station_id == station_id).order_by(t.effective_from, t.id)
    return list(session.scalars(query))


def changes(session: Session, station_id: str | None) -> dict[str, list[tuple[date, FigureSource]]]:
    """Each station's changes in date order (a later entry for the same date after)."""
    t = StationReportSource
    query = select(t.station_id, t.effective_from, t.source).order_by(t.effective_from, t.id)
    if station_id is not None:
        query = query.where(t.station_id == station_id)
    out: dict[str, list[tuple[date, FigureSource]]] = defaultdict(list)
    for station, day, source in session.execute(query):
        out[station].append((day, FigureSource(source)))
    return out


def _weighed_spans(
    steps: list[tuple[date, FigureSource]], first: date, last: date
) -> list[tuple[date, date]]:
    """The runs of days within first..last on which the source is WEIGHED."""
    cuts = sorted({first, *(d for d, _s in steps if first < d <= last)})
    spans = []
    for index, start in enumerate(cuts):
        end = cuts[index + 1] - timedelta(days=1) if index + 1 < len(cuts) else last
        if source_on(steps, start) is FigureSource.WEIGHED:
            spans.append((start, end))
    return spans


def _utc(day: date) -> datetime:
    return datetime.combine(day, time(), OSLO).astimezone(UTC)


def apply_sources(session: Session, report: "EffectReport") -> None:
    """Replace registered by weighed kg where a station's setting says so, and say which."""
    n = len(report.periods)
    report.sources = {row: [FigureSource.REGISTERED.value] * n for row in WEIGHABLE_ROWS}
    by_station = changes(session, report.station_id)
    if not by_station or report.as_of is not None:
        return  # an as-of report reproduces what was published: registrations, as then
    kinds = category_kinds(session=session)
    for station, steps in by_station.items():
        _apply(session, report, station, steps, kinds)


def apply_sources_each(session: Session, reports: dict[str, "EffectReport"]) -> None:
    """``apply_sources`` for each station's own report (as-of reports are not asked for),
    the settings read once for all of them."""
    every = changes(session, None)
    kinds = category_kinds(session=session) if every else {}
    for station, report in reports.items():
        n = len(report.periods)
        report.sources = {row: [FigureSource.REGISTERED.value] * n for row in WEIGHABLE_ROWS}
        if (steps := every.get(station)) and report.as_of is None:
            _apply(session, report, station, steps, kinds)


def _apply(
    session: Session, report: "EffectReport", station: str,
    steps: list[tuple[date, FigureSource]], kinds: dict[str, str],
) -> None:  # fmt: skip
    for index, period in enumerate(report.periods):
        spans = _weighed_spans(steps, period.first, period.last)
        if not spans:
            continue
        whole = spans == [(period.first, period.last)]
        mark = FigureSource.WEIGHED if whole and report.station_id else FigureSource.MIXED
        for row in WEIGHABLE_ROWS:
            report.sources[row][index] = mark.value
        for first, last in spans:
            _swap(session, report, index, station, first, last, kinds)


def _swap(
    session: Session, report: "EffectReport", index: int, station: str, first: date, last: date,
    kinds: dict[str, str],
) -> None:  # fmt: skip
    registered = (
        select(_DAYS.c.measure, func.sum(_DAYS.c.net_g))
        .where(
            _DAYS.c.station_id == station,
            _DAYS.c.day.between(first, last),
            ~_DAYS.c.flagged,
            _DAYS.c.measure.in_([m.value for m in WEIGHABLE_MEASURES]),
        )
        .group_by(_DAYS.c.measure)
    )
    for measure, grams in session.execute(registered):
        row = WEIGHABLE_MEASURES[next(m for m in WEIGHABLE_MEASURES if m.value == measure)]
        report.rows[row][index] -= int(grams)
    t = _PICKUPS
    # Net of reversals: a reversal repeats its pickup (weighed_at too), so it subtracts.
    weighed = select(t.c.fraction, t.c.reverses, t.c.net_weight_g).where(
        t.c.station_id == station,
        t.c.weighed_at >= _utc(first),
        t.c.weighed_at < _utc(last + timedelta(days=1)),
        t.c.net_weight_g.is_not(None),
    )
    for fraction, reverses, grams in session.execute(weighed):
        kind = kinds.get((categories_of(str(fraction), kinds) or [""])[0])
        target = WEIGHED_ROW_OF_KIND.get(Kind(kind)) if kind else None
        if target is not None:
            report.rows[target][index] += -int(grams) if reverses else int(grams)
