"""Read-only queries behind the console's station page: its figures and category names.

The fleet's health and alarms are central.services.alarms."""

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.models import CatalogueVersion, DepositMonth, Record
from contract.hours import OSLO

MONTHS = DepositMonth.__table__
RECORDS = Record.__table__
UNDO = RECORDS.alias("undo")


@dataclass(frozen=True, slots=True)
class FigureRow:
    category: str
    name: str
    kind: str
    direction: str
    today_g: int
    week_g: int
    year_g: int


def period_starts(today: date) -> tuple[datetime, datetime, datetime]:
    """Start of today, this ISO week and this year in Oslo time, as UTC instants."""

    def at(day: date) -> datetime:
        return datetime.combine(day, time(), tzinfo=OSLO).astimezone(UTC)

    return at(today), at(today - timedelta(days=today.weekday())), at(date(today.year, 1, 1))


def station_figures(
    *, session: Session, station_id: str, lang: str, now: datetime
) -> list[FigureRow]:
    """Net grams per category and direction for today, this week and this year, in Oslo
    time; only categories with something standing in one of them.

    A reversal counts where the record it reverses counts (``contract.effect``'s rule, as in
    every figure), so an entry undone today leaves nothing today. The year is the monthly
    rollup's (a dozen rows a category, whatever the traffic); today and the week are read
    from the week's records, each with the reversal that undoes it, if any."""
    today = now.astimezone(OSLO).date()
    day, week, _ = period_starts(today)
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    months = MONTHS.c
    for category, direction, grams in session.execute(
        select(months.category, months.direction, func.sum(months.net_g))
        .where(
            months.station_id == station_id,
            months.month.between(date(today.year, 1, 1), date(today.year, 12, 1)),
        )
        .group_by(months.category, months.direction)
    ):
        sums[(category, direction)][2] += int(grams)
    # In the first days of January this ISO week began last year: read from its start. A
    # reversal is found by the unique index on ``reverses``, one probe per record (a join
    # made PostgreSQL walk that whole index).
    original, undo = RECORDS.c, UNDO.c
    undone = select(undo.weight_g).where(undo.reverses == original.id).scalar_subquery()
    for at, category, direction, grams, undone_g in session.execute(
        select(original.recorded_at, original.category, original.direction, original.weight_g,
               undone)
        .where(original.station_id == station_id, original.recorded_at >= week,
               original.reverses.is_(None))
    ):  # fmt: skip
        net = grams - (undone_g or 0)
        bucket = sums[(category, direction)]
        bucket[1] += net
        if at >= day:
            bucket[0] += net
    names = catalogue_names(session=session, lang=lang)
    out = [
        FigureRow(
            category=category,
            name=names.get(category, (category, "recycling"))[0],
            kind=names.get(category, (category, "recycling"))[1],
            direction=direction,
            today_g=t,
            week_g=w,
            year_g=y,
        )
        for (category, direction), (t, w, y) in sums.items()
        # A category whose records were all reversed has nothing standing: no row (the
        # console's one rule, effect_output.figure_text), where it showed 0,0 three times.
        if t or w or y
    ]
    return sorted(out, key=lambda r: (r.kind, r.name, r.direction))


def catalogue_names(*, session: Session, lang: str) -> dict[str, tuple[str, str]]:
    """code -> (name in ``lang``, kind), from the newest catalogue that has the code."""
    names: dict[str, tuple[str, str]] = {}
    for (document,) in session.execute(
        select(CatalogueVersion.document).order_by(CatalogueVersion.version)
    ):
        for c in json.loads(document)["categories"]:
            name = c["names"].get(lang) or c["names"].get("nb") or c["code"]
            names[c["code"]] = (name, c["kind"])
    return names
