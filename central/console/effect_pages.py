"""The station page's effect report: a period (years, or their months) and a cut-off day
picked on the page, the pilot's table shown, and the same report as CSV or XLSX."""

from datetime import date, datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from central.api.deps import SessionDep
from central.console.routes import StaffDep, _station, render
from central.errors import Invalid
from central.services import effect
from central.services.effect_output import LABELS_NB, format_kg
from contract.effect import Row
from contract.hours import OSLO

router = APIRouter(include_in_schema=False)
MAX_YEARS = 10
Year = Annotated[int | None, Query(ge=2000, le=2099)]


def period_years(first: int | None, last: int | None) -> list[int]:
    """The years asked for; this year when none. Invalid names the field that is wrong."""
    this_year = datetime.now(OSLO).year
    first = first or last or this_year
    last = last or first
    if last < first:
        raise Invalid("invalid_period", "to_year: must not be before from_year")
    if last - first >= MAX_YEARS:
        raise Invalid("invalid_period", f"to_year: at most {MAX_YEARS} years at once")
    return list(range(first, last + 1))


def cell(row: Row, value: int) -> str:
    if row is Row.EVENTS:
        return str(value)
    return f"{format_kg(value)} kg" if value else ""


@router.get("/stations/{station_id}/effect", response_class=HTMLResponse)
def effect_page(
    request: Request,
    station_id: str,
    session: SessionDep,
    staff: StaffDep,
    from_year: Year = None,
    to_year: Year = None,
    cutoff: Annotated[date | None, Query(description="last Oslo day counted")] = None,
    months: bool = False,
) -> HTMLResponse:
    station = _station(session, station_id)
    years = period_years(from_year, to_year)
    report = effect.effect_report(
        session=session, years=years, station_id=station_id, months=months, cutoff=cutoff
    )
    session.commit()
    choice = {"station": station_id, "year": f"{years[0]}-{years[-1]}"}
    choice["months"] = str(months).lower()
    if cutoff:
        choice["cutoff"] = cutoff.isoformat()
    query = urlencode(choice)  # a station id is quoted like any value, never spliced in
    return render(
        request,
        "effect.html",
        staff,
        station=station,
        report=report,
        rows=[(LABELS_NB[row], [cell(row, v) for v in report.rows[row]]) for row in Row],
        years=years,
        cutoff=cutoff,
        months=months,
        download=f"/api/v1/reports/effect?{query}",
    )
