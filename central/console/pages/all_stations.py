"""Every station at a glance (/stations): this year against last year to the same day, per
row of the effect table, ranked by any column, with a month-by-month sparkline and the alarms;
and each station's trend chart (a fragment its page loads): monthly, this year over last.
"""

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from central.console.deps import get_station, render
from central.console.i18n import add_nb
from central.core.deps import NowDep, SessionDep, SettingsDep, StaffDep
from central.errors import Invalid
from central.services import alarms, station_compare
from central.services.effect_output import figure_text, labels
from central.services.formatting import EFFECT_KG_DECIMALS, kg
from contract.effect import COUNT_ROWS, Row
from contract.times import OSLO

router = APIRouter(include_in_schema=False)
Text = Annotated[str | None, Query(max_length=40)]

# This module's Norwegian, kept beside its pages so the console's catalogue is not a shared
# edit for every page group; msgids are English, as in central.console.i18n.
add_nb(
    {
        "All stations": "Alle stasjoner",
        "Figure": "Tall",
        "Show": "Vis",
        "This year to {day}": "I år til {day}",
        "Last year to {day}": "I fjor til {day}",
        "Change": "Endring",
        "Month by month": "Måned for måned",
        "Total": "Sum",
        "Every row, all stations": "Alle rader, alle stasjoner",
        "Sorted by {column}, {direction}": "Sortert etter {column}, {direction}",
        "ascending": "stigende",
        "descending": "synkende",
        "Trend": "Utvikling",
        "This year": "I år",
        "Last year": "I fjor",
        "Monthly, this year over last year": "Måned for måned, i år over i fjor",
        "Registered figures, net of reversals; flagged clocks and entered figures not counted.": (
            "Registrerte tall, fratrukket tilbakeføringer; flagget klokke og innførte tall "
            "telles ikke."
        ),
        "Station page": "Stasjonsside",
        "Device page": "Enhetsside",
        "Silent": "Stille",
        "Clock": "Klokke",
        "Gap": "Hull",
    }
)

MONTHS_NB = ("jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des")
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SPARK_W, SPARK_H = 120, 28


def norwegian_day(day: Any) -> str:
    """d.m.yyyy, as Norwegians write a date."""
    return f"{day.day}.{day.month}.{day.year}"


def percent_text(value: float | None) -> str:
    """ "+12,5 %" with a decimal comma; a dash when there is nothing to compare with."""
    if value is None:
        return "–"
    return f"{value:+.1f}".replace(".", ",").replace("-", "\u2212") + "\u00a0%"


def row_label(row: Row, lang: str) -> str:
    return labels(lang)[row]


def chart_value(row: Row, value: int) -> float:
    """What a chart plots: whole kg by the one rule (as the table shows), or the count."""
    return float(value) if row in COUNT_ROWS else float(kg(value, EFFECT_KG_DECIMALS))


def sparkline(this: list[int], last: list[int]) -> dict[str, str]:
    """SVG polyline points for this year's months (solid) over last year's (dashed), on one
    scale, so a station's year is read at a glance beside its number."""
    values = [*this, *last] or [0]
    low, high = min(0, *values), max(0, *values)
    span = (high - low) or 1

    def points(series: list[int]) -> str:
        step = SPARK_W / 11
        return " ".join(
            f"{i * step:.1f},{SPARK_H - 2 - (v - low) * (SPARK_H - 4) / span:.1f}"
            for i, v in enumerate(series)
        )

    return {"this": points(this), "last": points(last)}


def parse_row(text: str | None) -> Row:
    if not text:
        return Row.REUSED_KG
    try:
        return Row(text)
    except ValueError:
        raise Invalid("invalid_row", f"row: {text!r} is not a row of the effect table") from None


def parse_sort(sort: str | None, direction: str | None) -> tuple[str, bool]:
    key = sort or "this"
    if key not in station_compare.SORT_KEYS:
        raise Invalid("invalid_sort", f"sort: {sort!r} is not one of name, this, last, change")
    order = direction or ("asc" if key == "name" else "desc")
    if order not in ("asc", "desc"):
        raise Invalid("invalid_dir", f"dir: {direction!r} is neither asc nor desc")
    return key, order == "desc"


@router.get("/stations", response_class=HTMLResponse)
def stations_overview(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    staff: StaffDep,
    now: NowDep,
    row: Text = None,
    sort: Text = None,
    dir: Text = None,
) -> Response:
    lang = request.query_params.get("lang") or request.cookies.get("lang") or "nb"
    try:
        chosen = parse_row(row)
        key, descending = parse_sort(sort, dir)
    except Invalid as exc:
        return render(request, "stations_overview.html", staff, 422, error=exc.message,
                      comparison=None, alarms=[], row_choices=[], chosen=None)  # fmt: skip
    today = now.astimezone(OSLO).date()
    comparison = station_compare.compare_stations(
        session=session, today=today, row=chosen, sort=key, descending=descending
    )
    fleet = alarms.fleet(
        session=session,
        silent_after=timedelta(hours=settings.silent_alarm_hours),
        clock_limit_s=settings.clock_alarm_s,
        gap_after=timedelta(minutes=settings.gap_alarm_after_min),
        now=now,
    )
    names = {s.station_id: s.name for s in fleet}

    def link(column: str) -> str:
        # A header's link: this column, the other way round when it is the current one.
        flip = "asc" if (column == key and descending) else "desc"
        if column != key:
            flip = "asc" if column == "name" else "desc"
        return f"?row={chosen.value}&sort={column}&dir={flip}"

    stations = [
        {
            "id": s.station_id,
            "name": s.name,
            "this": figure_text(chosen, s.this_year[chosen], s.this_year[Row.EVENTS]),
            "last": figure_text(chosen, s.last_year[chosen], s.last_year[Row.EVENTS]),
            "change": percent_text(
                station_compare.change_percent(s.this_year[chosen], s.last_year[chosen])
            ),
            "spark": sparkline(s.months_this[chosen], s.months_last[chosen]),
        }
        for s in comparison.stations
    ]
    # Oslo's own line, the stations' months added up: the trend of the whole network.
    # Every station has the same months, so they add up month by month.
    all_this = [
        sum(m) for m in zip(*(s.months_this[chosen] for s in comparison.stations), strict=True)
    ]
    all_last = [
        sum(m) for m in zip(*(s.months_last[chosen] for s in comparison.stations), strict=True)
    ]
    every_row = [
        {
            "label": row_label(r, lang),
            "this": figure_text(r, comparison.total_this[r], comparison.total_this[Row.EVENTS]),
            "last": figure_text(r, comparison.total_last[r], comparison.total_last[Row.EVENTS]),
            "change": percent_text(
                station_compare.change_percent(comparison.total_this[r], comparison.total_last[r])
            ),
        }
        for r in Row
    ]
    return render(
        request,
        "stations_overview.html",
        staff,
        comparison=comparison,
        chosen=chosen,
        chosen_label=row_label(chosen, lang),
        row_choices=[(r.value, row_label(r, lang)) for r in Row],
        stations=stations,
        total={
            "spark": sparkline(all_this, all_last),
            "this": figure_text(
                chosen, comparison.total_this[chosen], comparison.total_this[Row.EVENTS]
            ),
            "last": figure_text(
                chosen, comparison.total_last[chosen], comparison.total_last[Row.EVENTS]
            ),
            "change": percent_text(
                station_compare.change_percent(
                    comparison.total_this[chosen], comparison.total_last[chosen]
                )
            ),
        },
        every_row=every_row,
        sort=key,
        descending=descending,
        links={c: link(c) for c in station_compare.SORT_KEYS},
        this_day=norwegian_day(comparison.today),
        last_day=norwegian_day(comparison.same_day_last_year),
        alarms=alarms.alarms(fleet),
        station_names=names,
        spark_w=SPARK_W,
        spark_h=SPARK_H,
    )


@router.get("/stations/{station_id}/trend", response_class=HTMLResponse)
def station_trend(
    request: Request, station_id: str, session: SessionDep, staff: StaffDep, now: NowDep
) -> HTMLResponse:
    """The station page's trend chart (loaded into it): every row, month by month, this year
    over last year, drawn by the vendored Chart.js with the table beneath it as text."""
    station = get_station(session, station_id)
    lang = request.query_params.get("lang") or request.cookies.get("lang") or "nb"
    today = now.astimezone(OSLO).date()
    year = station_compare.station_year(
        session=session, station_id=station.id, name=station.name, today=today
    )
    months = MONTHS_NB if lang == "nb" else MONTHS_EN
    series = {
        r.value: {
            "label": row_label(r, lang),
            "this": [chart_value(r, v) for v in year.months_this[r]],
            "last": [chart_value(r, v) for v in year.months_last[r]],
        }
        for r in Row
    }
    table = [
        {
            "value": r.value,
            "label": row_label(r, lang),
            "this": [
                figure_text(r, v, e)
                for v, e in zip(year.months_this[r], year.months_this[Row.EVENTS], strict=True)
            ],
            "last": [
                figure_text(r, v, e)
                for v, e in zip(year.months_last[r], year.months_last[Row.EVENTS], strict=True)
            ],
        }
        for r in Row
    ]
    return render(
        request,
        "_trend.html",
        staff,
        station=station,
        chart={
            "months": list(months),
            "series": series,
            "this_year": today.year,
            "last_year": today.year - 1,
        },
        months=months,
        table=table,
        this_year=today.year,
        last_year=today.year - 1,
    )
