"""A station's page: its figures this day, week and year, with their downloads and feedback."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from central.console import exports, queries
from central.console.deps import get_station, language, render
from central.core.deps import NowDep, SessionDep, StaffDep
from central.core.downloads import MEDIA, download
from central.errors import NotFound
from central.services import feedback, formatting
from contract.hours import OSLO

router = APIRouter(include_in_schema=False)


@router.get("/stations/{station_id}", response_class=HTMLResponse)
def station_page(
    request: Request, station_id: str, session: SessionDep, staff: StaffDep, now: NowDep
) -> HTMLResponse:
    station = get_station(session, station_id)
    rows = queries.station_figures(
        session=session, station_id=station_id, lang=language(request), now=now
    )
    grams: dict[str, int] = {}
    for row in rows:
        if row.direction == "in" and row.year_g:  # nothing standing this year: no bar
            grams[row.name] = grams.get(row.name, 0) + row.year_g
    # The chart's bars and tooltips show the table's figures: one decimal by the one rule.
    chart = {name: formatting.chart_kg(g) for name, g in grams.items()}
    # The year of the figures' "this year": Oslo's, which starts an hour before UTC's.
    year = now.astimezone(OSLO).year
    voice = feedback.monthly_answers(session=session, station_id=station_id, year=year)
    return render(
        request,
        "station.html",
        staff,
        station=station,
        rows=rows,
        chart=chart,
        year=year,
        voice=voice,
    )


@router.get("/stations/{station_id}/figures.{fmt}")
def station_download(
    request: Request, station_id: str, fmt: str, session: SessionDep, staff: StaffDep, now: NowDep
) -> Response:
    station = get_station(session, station_id)
    # The same "now" as the page, so the download holds the figures the page showed.
    rows = queries.station_figures(session=session, station_id=station_id, lang="nb", now=now)
    stamp = now.astimezone(OSLO).strftime("%Y-%m-%d")
    name = f"{station_id}-{stamp}.{fmt}"
    if fmt not in MEDIA:
        raise NotFound("unknown_format", "Download as .csv or .xlsx.")
    body = exports.to_csv(rows) if fmt == "csv" else exports.to_xlsx(rows, station.name)
    return download(body, name)
