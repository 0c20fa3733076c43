"""Read-only queries behind the console's station page: its figures and category names.

The fleet's health and alarms are central.services.alarms."""

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from central.models import CatalogueVersion, Record
from contract.hours import OSLO


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
    """Net grams (reversals subtracted) per category and direction for today, week and year;
    only categories with something standing in one of them."""
    day, week, year = period_starts(now.astimezone(OSLO).date())
    signed = case((Record.reverses.is_(None), Record.weight_g), else_=-Record.weight_g)

    def since(start: datetime) -> Any:
        return func.coalesce(func.sum(case((Record.recorded_at >= start, signed), else_=0)), 0)

    # In the first days of January this ISO week began last year: read back to its start.
    rows = session.execute(
        select(Record.category, Record.direction, since(day), since(week), since(year))
        .where(Record.station_id == station_id, Record.recorded_at >= min(week, year))
        .group_by(Record.category, Record.direction)
    ).all()
    names = catalogue_names(session=session, lang=lang)
    out = [
        FigureRow(
            category=category,
            name=names.get(category, (category, "recycling"))[0],
            kind=names.get(category, (category, "recycling"))[1],
            direction=direction,
            today_g=int(t or 0),
            week_g=int(w or 0),
            year_g=int(y or 0),
        )
        for category, direction, t, w, y in rows
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
