"""Pickups on the console: registered against weighed (table and chart, per station and
across stations), the mapping of a plant's fraction names and container ids, and the import
of a ticket file with its row-by-row report. Post/redirect/get; changes are audited."""

from datetime import UTC, datetime
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from central.console.deps import (
    IMPORT_REPORT_COOKIE,
    import_report,
    parse_day,
    redirect_showing_once,
    render,
    require,
    shown_once,
)
from central.console.i18n import add_nb
from central.core.deps import NowDep, SessionDep, StaffDep
from central.core.downloads import attachment
from central.errors import DomainError, Invalid
from central.models import ACTIVITY_TABLES, AuditEvent, Station
from central.services import auth, capture, handover, pickups, report_source
from central.services.catalogue import category_kinds
from contract.records import PickupSource
from contract.times import OSLO

router = APIRouter(include_in_schema=False)
AdminDep = Annotated[auth.Staff, require("admin")]
MAX_UPLOAD = 8_000_000  # bytes: a year of tickets for every station is well under this

# This page's Bokmål, kept here so the shared catalogue is not edited by every branch.
add_nb(
    {
        "Pickups": "Hentinger",
        "Registered against weighed": "Registrert mot veid",
        "All stations": "Alle stasjoner",
        "Fraction": "Fraksjon",
        "Pickups counted": "Hentinger",
        "Registered (kg)": "Registrert (kg)",
        "Weighed (kg)": "Veid (kg)",
        "Capture rate": "Fangstgrad",
        "Period from": "Periode fra",
        "to (pickup)": "til (henting)",
        "Ticket": "Veiebevis",
        "since the first records": "fra de første registreringene",
        "no ticket": "uten veiebevis",
        "No pickups with a weight this year.": "Ingen hentinger med vekt i år.",
        "Mappings": "Koblinger",
        "Name in the file (fraction or container id)": "Navn i filen (fraksjon eller container-id)",
        "Category code, or codes joined by +": "Kategorikode, eller koder koblet med +",
        "Station (for a container)": "Stasjon (for en container)",
        "Delete": "Slett",
        "Import tickets (CSV or XLSX)": "Importer veiebevis (CSV eller XLSX)",
        "Report source": "Kilde for rapporten",
        "From (day)": "Fra (dag)",
        "registered": "registrert",
        "weighed": "veid",
        "Set by": "Satt av",
        "Hazardous waste hand-over": "Overlevering av farlig avfall",
        "Hand-over sheet": "Overleveringsskjema",
        "Place of collection": "Innsamlingssted",
        "EAL code": "EAL-kode",
        "Waste substance no.": "Avfallsstoffnr.",
        "UN no.": "UN-nr.",
        "Items": "Antall",
        "kg weighed": "kg veid",
        "kg registered": "kg registrert",
        "Code missing in the catalogue": "Kode mangler i katalogen",
        "Handed over by (station)": "Overlevert av (stasjon)",
        "Received by (driver)": "Mottatt av (sjåfør)",
        "Print": "Skriv ut",
        "Hauler": "Transportør",
        "Plant": "Mottaksanlegg",
        "Capture rate by fraction (registered ÷ weighed)": (
            "Fangstgrad per fraksjon (registrert ÷ veid)"
        ),
    }
)


def _rate(value: Any) -> str:
    return "–" if value is None else f"{value * 100:.0f} %"


def _page(
    request: Request,
    session: Session,
    staff: auth.Staff,
    *,
    year: int,
    station: str | None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    found = capture.periods(session, station_id=station, year=year)
    totals = capture.totals(found, across=station is None)
    chart = {
        "labels": [t.fraction for t in totals],
        "rates": [None if t.rate is None else round(float(t.rate) * 100, 1) for t in totals],
    }
    stations = list(session.scalars(select(Station).order_by(Station.name)))
    sources = report_source.history(session=session, station_id=station) if station else []
    cabinet = _hazardous_pickups(session, station, year) if station else []
    return render(
        request,
        "pickups.html",
        staff,
        status_code,
        year=year,
        station=station,
        stations=stations,
        periods=found if station else [],
        totals=totals,
        chart=chart,
        rate=_rate,
        sources=sources,
        cabinet=cabinet,
        mappings=pickups.list_mappings(session=session),
        form=context.pop("form", {}),
        **context,
    )


@router.get("/pickups", response_class=HTMLResponse)
def pickups_page(
    request: Request,
    session: SessionDep,
    staff: StaffDep,
    now: NowDep,
    year: int | None = None,
    station: str | None = None,
) -> HTMLResponse:
    year = year if year is not None and 2000 <= year <= 2099 else now.astimezone(OSLO).year
    station = station or None
    if station is not None and session.get(Station, station) is None:
        station = None
    result = import_report(request, session, action="import_pickups")
    response = _page(request, session, staff, year=year, station=station, result=result)
    shown_once(request, response, IMPORT_REPORT_COOKIE)
    return response


@router.post("/pickups/mappings", response_class=HTMLResponse)
def save_mapping(
    request: Request,
    session: SessionDep,
    staff: AdminDep,
    now: NowDep,
    label: Annotated[str, Form()] = "",
    fraction: Annotated[str, Form()] = "",
    station_id: Annotated[str, Form()] = "",
) -> Response:
    form = {"label": label, "fraction": fraction, "station_id": station_id}
    try:
        row = pickups.save_mapping(
            session=session, label=label, fraction=fraction, station_id=station_id, now=now
        )
    except DomainError as exc:
        session.rollback()
        year = now.astimezone(OSLO).year
        return _page(
            request,
            session,
            staff,
            year=year,
            station=None,
            status_code=422,
            form=form,
            error=f"{exc.code}: {exc.message}",
        )
    auth.record(
        session=session,
        actor=staff.username,
        action="map_pickups",
        target=row.key,
        detail=f"{row.fraction} {row.station_id or ''}".strip(),
        now=now,
    )
    session.commit()
    return RedirectResponse("/pickups#mappings", status_code=303)


@router.get("/pickups/{pickup_id}/handover", response_class=HTMLResponse)
def handover_sheet(
    request: Request, pickup_id: str, session: SessionDep, staff: StaffDep, format: str = "html"
) -> Response:
    """The printable hand-over sheet for the driver to sign, or its JSON, CSV or XLSX."""
    if format not in _HANDOVER_FORMATS:
        raise Invalid("format", f"format: must be one of {', '.join(_HANDOVER_FORMATS)}")
    sheet = handover.handover(session=session, pickup_id=pickup_id)
    if format == "json":
        return JSONResponse(handover.as_json(sheet))
    if format in ("csv", "xlsx"):
        name = f"overlevering-{sheet.station_id}-{sheet.weighed_at:%Y%m%d}.{format}"
        body = handover.as_csv(sheet) if format == "csv" else handover.as_xlsx(sheet)
        return Response(body, media_type=_HANDOVER_FORMATS[format], headers=attachment(name))
    return render(request, "handover.html", staff, sheet=sheet)


_HANDOVER_FORMATS = {
    "html": "text/html",
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _hazardous_pickups(session: Session, station: str, year: int) -> list[Any]:
    t = ACTIVITY_TABLES["pickup"]
    kinds = category_kinds(session=session)
    low, high = capture.year_bounds(year)
    rows = session.execute(
        select(t.c.id, t.c.fraction, t.c.weighed_at, t.c.ticket_no)
        .where(
            t.c.station_id == station,
            t.c.reverses.is_(None),
            t.c.weighed_at >= low,
            t.c.weighed_at < high,
        )
        .order_by(t.c.weighed_at)
    )
    return [
        r
        for r in rows
        if any(kinds.get(c) == "hazardous" for c in pickups.categories_of(r.fraction, kinds))
    ]


@router.post("/pickups/sources", response_class=HTMLResponse)
def set_source(
    request: Request,
    session: SessionDep,
    staff: AdminDep,
    now: NowDep,
    station_id: Annotated[str, Form()] = "",
    effective_from: Annotated[str, Form()] = "",
    source: Annotated[str, Form()] = "",
) -> Response:
    """A station's recycling and hazardous rows from registrations or tickets, from a day."""
    try:
        # The day as every console field reads one (deps.parse_day: 1.3.2026 or the date
        # field's 2026-03-01), to the service's ISO.
        day = parse_day("effective_from", effective_from)
        row = report_source.set_source(
            session=session,
            station_id=station_id,
            effective_from=day.isoformat() if day else "",
            source=source,
            actor=staff.username,
            now=now,
        )
    except DomainError as exc:
        session.rollback()
        year = now.astimezone(OSLO).year
        station = station_id if session.get(Station, station_id) else None
        return _page(
            request,
            session,
            staff,
            year=year,
            station=station,
            status_code=422,
            error=exc.message,  # it names the field
        )
    auth.record(
        session=session,
        actor=staff.username,
        action="report_source",
        target=row.station_id,
        detail=f"{row.source} from {row.effective_from}",
        now=now,
    )
    session.commit()
    return RedirectResponse(f"/pickups?station={quote(row.station_id)}#sources", status_code=303)


@router.post("/pickups/mappings/delete", response_class=HTMLResponse)
def delete_mapping(
    session: SessionDep, staff: AdminDep, now: NowDep, key: Annotated[str, Form()] = ""
) -> Response:
    pickups.delete_mapping(session=session, key=key)
    auth.record(session=session, actor=staff.username, action="unmap_pickups", target=key, now=now)
    session.commit()
    return RedirectResponse("/pickups#mappings", status_code=303)


@router.post("/pickups/import", response_class=HTMLResponse)
async def import_tickets(
    request: Request,
    session: SessionDep,
    staff: AdminDep,
    now: NowDep,
    file: Annotated[UploadFile, File()],
) -> Response:
    data = await file.read(MAX_UPLOAD + 1)
    name = Path(file.filename or "tickets.csv").name
    return await run_in_threadpool(_import, request, session, staff, now, name, data)


def _import(
    request: Request, session: Session, staff: auth.Staff, now: datetime, name: str, data: bytes
) -> Response:
    year = now.astimezone(OSLO).year
    suffix = ".xlsx" if name.casefold().endswith(".xlsx") else ".csv"
    try:
        if len(data) > MAX_UPLOAD:
            raise ValueError(f"file: larger than {MAX_UPLOAD // 1_000_000} MB")
        with TemporaryDirectory() as folder:
            path = Path(folder) / f"upload{suffix}"
            path.write_bytes(data)
            done = pickups.store_pickups(
                session=session, rows=pickups.read_file(path), source=PickupSource.IMPORT, now=now
            )
    except (DomainError, ValueError) as exc:
        session.rollback()
        reason = exc.message if isinstance(exc, DomainError) else str(exc)
        return _page(
            request, session, staff, year=year, station=None, status_code=400, error=reason
        )
    summary = (
        f"{len(done.imported)} imported, {len(done.repeats)} skipped as repeats, "
        f"{len(done.refused)} refused"
    )
    lines = [summary] + [f"row {r.row}: {r.field}: {r.message}" for r in done.refused]
    line = AuditEvent(
        at=now.astimezone(UTC),
        actor=staff.username,
        action="import_pickups",
        target=name[:200],
        detail="\n".join(lines)[:20_000],
    )
    session.add(line)
    session.flush()
    session.commit()
    # Post/redirect/get: the report is shown once; a reload neither imports nor shows it again.
    return redirect_showing_once(request, "/pickups", IMPORT_REPORT_COOKIE, str(line.id))
