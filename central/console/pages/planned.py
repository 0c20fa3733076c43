"""Console pages for a station's planned events (/stations/{id}/planned): list, plan, edit and
cancel. Kiosks take the upcoming ones with the opening hours; the attract screen shows the next
public one and the guide opens today's in one tap."""

import re
from datetime import date, datetime, time
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from central.console.deps import get_station, language, parse_day, render, require
from central.console.i18n import add_nb, translator
from central.console.pages.events import KIND_NB
from central.core.deps import NowDep, SessionDep, StaffDep
from central.errors import Invalid
from central.services import auth
from central.services import planned as planned_service
from central.services.planned import Plan, PlanRefused
from contract.planned import PLACE_MAX
from contract.records import EventKind, default_audience
from contract.times import OSLO

router = APIRouter(include_in_schema=False)
OperatorDep = Annotated[auth.Staff, require("operator")]
_CLOCK = re.compile(r"([0-2]?[0-9])[:.]([0-5][0-9])")
# The form's fields, as the refusal names them (English msgids; Bokmål below).
FIELD_WORDS = {
    "kind": "Kind",
    "audience": "For whom",
    "day": "Day",
    "start": "Starts",
    "end": "Ends",
    "place": "Place",
    "station": "Station",
    "event": "Event",
}
DONE_WORDS = {
    "planned": "Event planned. Kiosks show it after their next sync.",
    "edited": "Event changed. Kiosks take the change at their next sync.",
    "cancelled": "Event cancelled. Kiosks drop it at their next sync.",
}
add_nb(
    {
        "Planned events": "Planlagte arrangementer",
        "Plan an event": "Planlegg et arrangement",
        "Change the event": "Endre arrangementet",
        "For whom": "For hvem",
        "Day": "Dag",
        "Starts": "Starter",
        "Ends": "Slutter",
        "Station": "Stasjon",
        "Event": "Arrangement",
        "For residents (public)": "For innbyggere (offentlig)",
        "Internal (staff course)": "Internt (kurs for ansatte)",
        "public": "offentlig",
        "internal": "internt",
        "Plan": "Planlegg",
        "Save changes": "Lagre endringene",
        "Edit": "Endre",
        "Cancel the event": "Avlys",
        "Cancel {kind} {when}? Kiosks drop it at their next sync.": (
            "Avlyse {kind} {when}? Kioskene fjerner det ved neste synkronisering."
        ),
        "No planned events ahead.": "Ingen planlagte arrangementer framover.",
        "Place (optional, short)": "Sted (valgfritt, kort)",
        "at most {count} characters; empty: at the station": (
            "høyst {count} tegn; tomt: på stasjonen"
        ),
        "Oslo time. Public events are shown to residents on the kiosk's first screen.": (
            "Oslo-tid. Offentlige arrangementer vises for innbyggerne på kioskens første skjerm."
        ),
        "Back to the list": "Tilbake til listen",
        "Refused, {field}: {reason}": "Avvist, {field}: {reason}",
        DONE_WORDS["planned"]: (
            "Arrangementet er planlagt. Kioskene viser det etter neste synkronisering."
        ),
        DONE_WORDS["edited"]: (
            "Arrangementet er endret. Kioskene får endringen ved neste synkronisering."
        ),
        DONE_WORDS["cancelled"]: (
            "Arrangementet er avlyst. Kioskene fjerner det ved neste synkronisering."
        ),
        # Why a field is refused (the service's reasons and the form's own).
        "unknown kind": "ukjent type",
        "unknown audience": "ukjent målgruppe",
        "must be after the start": "må være etter starten",
        "is in the past": "er allerede passert",
        "is too far ahead": "er for langt fram i tid",
        "an event lasts at most a day": "et arrangement varer høyst ett døgn",
        "must be at most 80 characters": "kan ha høyst 80 tegn",
        "must be one line of text": "må være én linje tekst",
        "must be a day like 18.06.2026": "må være en dag som 18.06.2026",
        "must be a time like 17:00": "må være et klokkeslett som 17:00",
        "no such station": "finnes ikke",
        "no such planned event here": "finnes ikke her",
    }
)


def _kinds() -> list[tuple[str, str]]:
    return [(k.value, KIND_NB[k]) for k in EventKind]


def _page(
    request: Request,
    session: Session,
    staff: auth.Staff,
    station_id: str,
    now: datetime,
    status_code: int = 200,
    **extra: Any,
) -> HTMLResponse:
    station = get_station(session, station_id)
    now = now.astimezone(OSLO)
    rows = planned_service.upcoming_rows(session=session, station_id=station_id, now=now)
    done = DONE_WORDS.get(request.query_params.get("done") or "")
    return render(
        request,
        "planned.html",
        staff,
        status_code=status_code,
        station=station,
        rows=rows,
        kinds=_kinds(),
        kind_words=dict(_kinds()),
        place_max=PLACE_MAX,
        done=done,
        form=extra.pop("form", None) or _blank(now.date()),
        **extra,
    )


def _blank(today: date) -> dict[str, str]:
    return {"kind": EventKind.BIKE_WORKSHOP.value, "audience": "", "day": today.isoformat(),
            "start": "17:00", "end": "19:00", "place": ""}  # fmt: skip


def _form_of(row: Any) -> dict[str, str]:
    start, end = row.starts_at.astimezone(OSLO), row.ends_at.astimezone(OSLO)
    return {"kind": row.kind, "audience": row.audience, "day": start.date().isoformat(),
            "start": f"{start:%H:%M}", "end": f"{end:%H:%M}", "place": row.place}  # fmt: skip


@router.get("/stations/{station_id}/planned", response_class=HTMLResponse)
def planned_page(
    request: Request, station_id: str, session: SessionDep, staff: StaffDep, now: NowDep
) -> HTMLResponse:
    return _page(request, session, staff, station_id, now)


@router.get("/stations/{station_id}/planned/{event_id}", response_class=HTMLResponse)
def edit_page(
    request: Request,
    station_id: str,
    event_id: str,
    session: SessionDep,
    staff: StaffDep,
    now: NowDep,
) -> HTMLResponse:
    get_station(session, station_id)
    row = planned_service.find_event(session=session, station_id=station_id, event_id=event_id)
    return _page(request, session, staff, station_id, now, editing=row, form=_form_of(row))


def _text(form: Any, name: str, limit: int = 200) -> str:
    value = form.get(name, "")
    if not isinstance(value, str):
        return ""
    return value.strip()[: limit + 1]  # one over the limit still reads as too long


def _day(text: str) -> date:
    # Read as every console day is (deps.parse_day); refused in this form's own words.
    try:
        day = parse_day("day", text)
    except Invalid:
        day = None
    if day is None:
        raise PlanRefused("day", "must be a day like 18.06.2026")
    return day


def _clock(name: str, text: str) -> time:
    found = _CLOCK.fullmatch(text)
    if not found or int(found[1]) > 23:
        raise PlanRefused(name, "must be a time like 17:00")
    return time(int(found[1]), int(found[2]))


def form_values(form: Any) -> dict[str, str]:
    """The form's values as typed (trimmed), to judge and to show again if refused."""
    values = {name: _text(form, name) for name in ("kind", "audience", "day", "start", "end")}
    values["place"] = _text(form, "place", PLACE_MAX)
    return values


def plan_from_form(values: dict[str, str]) -> Plan:
    """The plan the form's ``values`` ask for; ``PlanRefused`` naming the field."""
    kind = values["kind"]
    if kind not in tuple(EventKind):
        raise PlanRefused("kind", "unknown kind")
    audience = values["audience"] or default_audience(kind).value
    day = _day(values["day"])
    starts = datetime.combine(day, _clock("start", values["start"]), tzinfo=OSLO)
    ends = datetime.combine(day, _clock("end", values["end"]), tzinfo=OSLO)
    return Plan(kind=kind, audience=audience, starts_at=starts, ends_at=ends,
                place=values["place"])  # fmt: skip


def _refused(
    request: Request,
    session: Session,
    staff: auth.Staff,
    station_id: str,
    exc: PlanRefused,
    values: dict[str, str],
    now: datetime,
    editing: Any = None,
) -> HTMLResponse:
    session.rollback()
    _ = translator(language(request))
    field = _(FIELD_WORDS.get(exc.field, exc.field))
    reason = _(exc.reason)
    message = _("Refused, {field}: {reason}", field=field, reason=reason)
    return _page(
        request, session, staff, station_id, now, status_code=400, error=message,
        bad_field=exc.field, form=values or None, editing=editing,
    )  # fmt: skip


def _done(session: Session, station_id: str, what: str) -> Response:
    session.commit()
    # Post/redirect/get: a reload shows the list, it does not plan the event again.
    url = f"/stations/{quote(station_id, safe='')}/planned?" + urlencode({"done": what})
    return RedirectResponse(url, status_code=303)


def _detail(row: Any) -> str:
    start, end = row.starts_at.astimezone(OSLO), row.ends_at.astimezone(OSLO)
    place = f", {row.place}" if row.place else ""
    return f"{row.id}: {row.kind} ({row.audience}) {start:%d.%m.%Y %H:%M}-{end:%H:%M}{place}"


@router.post("/stations/{station_id}/planned")
async def plan(
    request: Request, station_id: str, session: SessionDep, staff: OperatorDep, now: NowDep
) -> Response:
    form = await request.form()
    get_station(session, station_id)
    # Kept whatever is refused: a typo in the day must not empty the other fields.
    values = form_values(form)
    try:
        plan = plan_from_form(values)
        row = planned_service.plan_event(
            session=session, station_id=station_id, plan=plan, actor=staff.username,
            now=now,
        )  # fmt: skip
    except PlanRefused as exc:
        return _refused(request, session, staff, station_id, exc, values, now)
    auth.record(now=now, session=session, actor=staff.username, action="plan_event",
                target=station_id, detail=_detail(row))  # fmt: skip
    return _done(session, station_id, "planned")


@router.post("/stations/{station_id}/planned/{event_id}")
async def edit(
    request: Request,
    station_id: str,
    event_id: str,
    session: SessionDep,
    staff: OperatorDep,
    now: NowDep,
) -> Response:
    form = await request.form()
    get_station(session, station_id)
    editing = planned_service.find_event(session=session, station_id=station_id, event_id=event_id)
    # Kept whatever is refused: a typo in the day must not empty the other fields.
    values = form_values(form)
    try:
        plan = plan_from_form(values)
        row = planned_service.edit_event(
            session=session, station_id=station_id, event_id=event_id, plan=plan,
            now=now,
        )  # fmt: skip
    except PlanRefused as exc:
        return _refused(request, session, staff, station_id, exc, values, now, editing)
    auth.record(now=now, session=session, actor=staff.username, action="edit_planned_event",
                target=station_id, detail=_detail(row))  # fmt: skip
    return _done(session, station_id, "edited")


@router.post("/stations/{station_id}/planned/{event_id}/cancel")
def cancel(
    station_id: str, event_id: str, session: SessionDep, staff: OperatorDep, now: NowDep
) -> Response:
    get_station(session, station_id)
    row = planned_service.cancel_event(
        session=session, station_id=station_id, event_id=event_id, now=now
    )
    auth.record(now=now, session=session, actor=staff.username, action="cancel_planned_event",
                target=station_id, detail=_detail(row))  # fmt: skip
    return _done(session, station_id, "cancelled")
