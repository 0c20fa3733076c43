"""REG's yearly figures: net kilograms per station, year and kind."""

from dataclasses import dataclass

from sqlalchemy import case, extract, func, select
from sqlalchemy.orm import Session

from central.models import Record
from central.services.catalogue import category_kinds

RECORDS = Record.__table__


@dataclass(frozen=True, slots=True)
class YearTotals:
    """Net grams for one station and year; reversals are subtracted."""

    station_id: str
    year: int
    recycling_g: int = 0
    hazardous_g: int = 0
    reuse_in_g: int = 0
    reused_g: int = 0  # reuse items taken home: what the pilot called "reused"


def yearly_report(*, session: Session, year: int | None = None) -> list[YearTotals]:
    """Kilograms per station per year per kind, net of reversals (UTC year of recorded_at)."""
    kinds = category_kinds(session=session)
    year_col = extract("year", RECORDS.c.recorded_at)
    net = func.sum(
        case((RECORDS.c.reverses.is_(None), RECORDS.c.weight_g), else_=-RECORDS.c.weight_g)
    )
    query = select(
        RECORDS.c.station_id, year_col, RECORDS.c.category, RECORDS.c.direction, net
    ).group_by(RECORDS.c.station_id, year_col, RECORDS.c.category, RECORDS.c.direction)
    if year is not None:
        query = query.where(year_col == year)
    totals: dict[tuple[str, int], dict[str, int]] = {}
    for station_id, yr, category, direction, grams in session.execute(query):
        bucket = totals.setdefault((station_id, int(yr)), {})
        kind = kinds.get(category, "recycling")
        key = {"recycling": "recycling_g", "hazardous": "hazardous_g"}.get(kind)
        if key is None:
            key = "reused_g" if direction == "out" else "reuse_in_g"
        bucket[key] = bucket.get(key, 0) + int(grams or 0)
    return [YearTotals(station_id=s, year=y, **v) for (s, y), v in sorted(totals.items())]
