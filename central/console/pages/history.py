"""A station's earlier figures that no kiosk recorded: an admin enters one per report row and
year or month with its source, or uploads the CSV (docs/effect-history.md) and reads a row-by-
row report. Post/redirect/get; each change writes an audit line in its own transaction."""

from datetime import datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from central.console.deps import (
    IMPORT_REPORT_COOKIE,
    get_station,
    import_report,
    language,
    redirect_showing_once,
    render,
    require,
    shown_once,
)
from central.core.deps import NowDep, SessionDep, StaffDep
from central.models import AuditEvent, EffectHistory
from central.services import auth, effect_history
from central.services.effect_entered import value_text
from central.services.effect_output import labels
from contract.effect import Row

router = APIRouter(include_in_schema=False)
MAX_UPLOAD = 1_000_000  # bytes: a station's history is a few hundred lines
AdminDep = Annotated[auth.Staff, require("admin")]
FIELDS = ("row", "year", "month", "value", "other_agency_kg", "source")


def _entries(session: Session, station_id: str, lang: str) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(EffectHistory)
        .where(EffectHistory.station_id == station_id)
        .order_by(EffectHistory.year, EffectHistory.month, EffectHistory.row,
                  EffectHistory.entered_at.desc(), EffectHistory.id.desc())
    )  # fmt: skip
    out, seen = [], set()
    for item in rows:
        cell = (item.row, item.year, item.month)
        row = Row(item.row)
        period = f"{item.year}" + (f"-{item.month:02d}" if item.month else "")
        out.append({
            "label": labels(lang)[row], "period": period,
            "value": value_text(row, item.value),
            "other": value_text(row, item.other_agency_g) if item.other_agency_g else "",
            "source": item.source, "by": item.entered_by, "at": item.entered_at,
            "current": cell not in seen,  # the newest entry of a cell is the one reported
        })  # fmt: skip
        seen.add(cell)
    return out


def _page(
    request: Request,
    session: Session,
    staff: auth.Staff,
    station_id: str,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    station = get_station(session, station_id)
    return render(request, "history.html", staff, status_code, station=station,
                  entries=_entries(session, station_id, language(request)),
                  labels=labels(language(request)),
                  form=context.pop("form", {}), **context)  # fmt: skip


@router.get("/stations/{station_id}/history", response_class=HTMLResponse)
def history_page(
    request: Request,
    station_id: str,
    session: SessionDep,
    staff: StaffDep,
    added: str | None = None,
) -> HTMLResponse:
    # The import's row-by-row report, read back once from its audit line (post/redirect/get).
    result = import_report(request, session, action="import_history", target=station_id)
    response = _page(request, session, staff, station_id, added=added, result=result)
    shown_once(request, response, IMPORT_REPORT_COOKIE)
    return response


@router.post("/stations/{station_id}/history", response_class=HTMLResponse)
def add_entry(
    request: Request,
    station_id: str,
    session: SessionDep,
    staff: AdminDep,
    now: NowDep,
    row: Annotated[str, Form()] = "",
    year: Annotated[str, Form()] = "",
    month: Annotated[str, Form()] = "",
    value: Annotated[str, Form()] = "",
    other_agency_kg: Annotated[str, Form()] = "",
    source: Annotated[str, Form()] = "",
) -> Response:
    get_station(session, station_id)
    form = {"station": station_id, "row": row, "year": year, "month": month, "value": value,
            "other_agency_kg": other_agency_kg, "source": source}  # fmt: skip
    try:
        entry = effect_history.judge(form, {station_id})
    except effect_history.Invalid as exc:
        return _page(request, session, staff, station_id, 400, form=form,
                     error=f"{exc.field}: {exc.reason}")  # fmt: skip
    if effect_history.store(session=session, entry=entry, actor=staff.username, now=now):
        detail = f"{entry.row.value} {entry.period}: {entry.value}; {entry.source}"
        auth.record(session=session, actor=staff.username, action="enter_history",
                    target=station_id, now=now, detail=detail)  # fmt: skip
    session.commit()
    return RedirectResponse(
        f"/stations/{station_id}/history?added={entry.row.value}+{entry.period}", status_code=303
    )


@router.post("/stations/{station_id}/history/import", response_class=HTMLResponse)
async def import_file(
    request: Request,
    station_id: str,
    session: SessionDep,
    staff: AdminDep,
    now: NowDep,
    file: Annotated[UploadFile, File()],
) -> Response:
    data = await file.read(MAX_UPLOAD + 1)
    # The database work runs in the thread pool: a wait for SQLite's write lock never stalls
    # the event loop.
    return await run_in_threadpool(_import, request, session, staff, station_id, now, data)


def _import(
    request: Request,
    session: Session,
    staff: auth.Staff,
    station_id: str,
    now: datetime,
    data: bytes,
) -> Response:
    get_station(session, station_id)
    try:
        if len(data) > MAX_UPLOAD:
            raise ValueError(f"file: larger than {MAX_UPLOAD // 1000} kB")
        rows = effect_history.read_csv(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        reason = "file: not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else str(exc)
        return _page(request, session, staff, station_id, 400, error=reason)
    done = effect_history.import_rows(session=session, rows=rows, actor=staff.username,
                                      now=now, only_station=station_id)  # fmt: skip
    summary = f"{done.imported} imported, {done.unchanged} unchanged, {len(done.refused)} refused"
    lines = [summary] + [f"row {r.row}: {r.field}: {r.reason}" for r in done.refused]
    line = AuditEvent(at=now, actor=staff.username, action="import_history", target=station_id,
                      detail="\n".join(lines)[:20_000])  # fmt: skip
    session.add(line)
    session.flush()
    session.commit()
    # Post/redirect/get: the report is shown once; a reload neither imports nor shows it again.
    page = f"/stations/{quote(station_id, safe='')}/history"
    return redirect_showing_once(request, page, IMPORT_REPORT_COOKIE, str(line.id))
