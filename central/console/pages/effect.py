"""The console's effect report, for one station or all: a period (years, or their months) and
a cut-off day picked on the page, the pilot's table shown, and the same choice as CSV or XLSX.

Every field is optional: an empty one (the browser sends ``cutoff=``) means absent, and a
refusal is shown on the page with a 4xx naming the field, never swallowed.
"""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from central.console.deps import get_station, htmx, language, parse_day, render
from central.console.i18n import translator
from central.core.deps import NowDep, SessionDep, StaffDep
from central.core.downloads import MEDIA, download
from central.errors import DomainError, Invalid
from central.models import Station
from central.services import effect, effect_entered, effect_output
from contract.effect import Row
from contract.hours import OSLO

router = APIRouter(include_in_schema=False)


class EffectForm(BaseModel):
    """The report's form, as the page and its htmx swaps send it. Plain strings: an empty
    field is absent, and a bad one is refused here by its name."""

    from_year: str | None = None
    to_year: str | None = None
    cutoff: str | None = None
    months: str | None = None
    format: str | None = None
    as_of: str | None = None


Form = Annotated[EffectForm, Query()]


def period_years(first: int | None, last: int | None, this_year: int) -> list[int]:
    """The years asked for; this year when none. Invalid names the field that is wrong."""
    first = first or last or this_year
    last = last or first
    return effect.years_between(first, last, name="to_year", first_name="from_year")


def _year(name: str, text: str | None) -> int | None:
    if not text or not text.strip():
        return None
    return effect.parse_year(text.strip(), name=name)


def _months(text: str | None) -> bool:
    if text is None or text.strip().lower() in ("", "false", "0", "off"):
        return False
    if text.strip().lower() in ("true", "1", "on"):
        return True
    raise Invalid("invalid_months", f"months: {text!r} is neither true nor false")


def _format(text: str | None) -> str:
    fmt = (text or "html").strip().lower() or "html"
    if fmt not in ("html", *MEDIA):
        raise Invalid("invalid_format", f"format: {text!r} is not html, csv or xlsx")
    return fmt


def _page(
    request: Request,
    session: SessionDep,
    staff: StaffDep,
    station: Station | None,
    form: EffectForm,
    now: datetime,
) -> Response:
    """The report the form asks for as a page, or as a download when its format asks."""
    this_year = now.astimezone(OSLO).year
    years = [this_year]
    cutoff, months = None, False
    as_of = (form.as_of or "").strip()
    try:
        years = period_years(
            _year("from_year", form.from_year), _year("to_year", form.to_year), this_year
        )
        cutoff, months, fmt = (
            parse_day("cutoff", form.cutoff),
            _months(form.months),
            _format(form.format),
        )
        report = effect.effect_report(
            session=session,
            years=years,
            station_id=station.id if station else None,
            months=months,
            cutoff=cutoff,
            as_of=effect.as_of_moment(as_of) if as_of else None,
        )
    except DomainError as exc:
        session.rollback()
        context = {"years": years, "cutoff": cutoff, "months": months, "as_of": as_of}
        return render(request, "effect.html", staff, 422, station=station, error=exc.message,
                      report=None, block=_block(request), **context)  # fmt: skip
    session.commit()
    if fmt != "html":
        body = effect_output.as_csv(report) if fmt == "csv" else effect_output.as_xlsx(report)
        name = f"effekt-{station.id if station else 'alle'}-{years[0]}-{years[-1]}.{fmt}"
        return download(body, name)
    lang = language(request)
    _ = translator(lang)
    row_labels = effect_output.labels(lang)
    other = _("from another agency")
    columns = range(len(report.periods))
    rows = [
        (
            row_labels[row],
            [effect_output.cell_text(report, row, i, other) for i in columns],
        )
        for row in Row
    ]
    notes = [effect_output.notes_text(report, i) for i in columns]
    heading = _(effect_entered.FOOTNOTE)  # figures an admin entered: marked *, with sources
    entered = effect_entered.footnotes(report, row_labels, heading)
    return render(request, "effect.html", staff, station=station, report=report, rows=rows,
                  notes=notes, entered=entered, years=years, cutoff=cutoff,
                  months=months, as_of=as_of, block=_block(request))  # fmt: skip


def _block(request: Request) -> str | None:
    # htmx swaps the report in place (the station page's form too): only its block.
    return "effect" if htmx(request) else None


@router.get("/stations/{station_id}/effect", response_class=HTMLResponse)
def effect_page(
    request: Request, station_id: str, session: SessionDep, staff: StaffDep, now: NowDep, form: Form
) -> Response:
    return _page(request, session, staff, get_station(session, station_id), form, now)


@router.get("/effect", response_class=HTMLResponse)
def all_stations_page(
    request: Request, session: SessionDep, staff: StaffDep, now: NowDep, form: Form
) -> Response:
    return _page(request, session, staff, None, form, now)
