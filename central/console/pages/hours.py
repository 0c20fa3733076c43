"""Console pages for one station's opening hours (edit and publish) and its use by hour of
week (heat map with the hours drawn over it, busiest closed and quietest open hours, CSV)."""

import json
import re
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from central.console.deps import (
    form_int,
    get_station,
    language,
    parse_day,
    published_notice,
    render,
    require,
)
from central.console.i18n import translator
from central.console.reasons import reason_text
from central.core.deps import NowDep, SessionDep, SettingsDep, StaffDep
from central.core.downloads import download
from central.errors import DomainError, Invalid
from central.services import auth, door_stats, usage_map
from central.services import hours as hours_service
from contract.fields import TIME_MAX, TIME_MIN
from contract.hours import OSLO, WEEKDAYS, ExceptionReason, OutsideHours
from contract.limits import FORM_ROWS_MAX

router = APIRouter(include_in_schema=False)
BLANK_SEASONS = 1
BLANK_EXCEPTIONS = 3
# The days a record can fall on, by the contract's time range.
FIRST_DAY = TIME_MIN.date()
LAST_DAY = TIME_MAX.date() - timedelta(days=1)
EMPTY: dict[str, Any] = {
    "version": 0,
    "outside_hours": OutsideHours.CLOSED.value,
    "weekly": {},
    "seasons": [],
    "exceptions": [],
}


def _spans_text(spans: list[str]) -> str:
    return ", ".join(spans)


def _spans(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


_DOTTED = re.compile(r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.?(?:(?P<y>\d{4}))?$")
_ISO = re.compile(r"^(?:(?P<y>\d{4})-)?(?P<m>\d\d)-(?P<d>\d\d)$")


def season_day_from_form(text: str) -> str:
    """A season's day as typed, Norwegian style (01.11, or 01.11.2027 for that year only), as
    the document's MM-DD or YYYY-MM-DD; anything else goes on as typed, for the contract to
    refuse naming the field."""
    found = _DOTTED.match(text)
    if not found:
        return text
    month_day = f"{int(found['m']):02d}-{int(found['d']):02d}"
    return f"{found['y']}-{month_day}" if found["y"] else month_day


def season_day(value: str) -> str:
    """The document's MM-DD or YYYY-MM-DD as the form shows it: 01.11 or 01.11.2027."""
    found = _ISO.match(value)
    if not found:
        return value
    return ".".join(part for part in (found["d"], found["m"], found["y"]) if part)


def _current(session: Session, station_id: str) -> dict[str, Any]:
    row = hours_service.latest_hours(session=session, station_id=station_id)
    return json.loads(row.document) if row else dict(EMPTY)


def _hours_page(
    request: Request,
    session: Session,
    staff: auth.Staff,
    station_id: str,
    now: datetime,
    status_code: int = 200,
    **extra: Any,
) -> HTMLResponse:
    station = get_station(session, station_id)
    current = _current(session, station_id)
    document = extra.pop("document", None) or current
    in_force = hours_service.hours_in_force(session=session, station_id=station_id)
    return render(
        request,
        "hours.html",
        staff,
        status_code=status_code,
        station=station,
        document=document,
        version=current["version"],
        next_version=current["version"] + 1,
        weekdays=WEEKDAYS,
        reasons=[r.value for r in ExceptionReason],
        spans_text=_spans_text,
        season_day=season_day,
        blank_seasons=BLANK_SEASONS,
        blank_exceptions=BLANK_EXCEPTIONS,
        status=in_force.status(now) if in_force else None,
        **extra,
    )


@router.get("/stations/{station_id}/hours", response_class=HTMLResponse)
def hours_page(
    request: Request, station_id: str, session: SessionDep, staff: StaffDep, now: NowDep
) -> HTMLResponse:
    # After a publish (post/redirect/get): the notice, while that version is still the latest.
    return _hours_page(
        request,
        session,
        staff,
        station_id,
        now,
        published=published_notice(request, int(_current(session, station_id)["version"])),
    )


def document_from_form(form: Any) -> dict[str, Any]:
    """The hours document the form describes; rows left blank are skipped. Checking is the
    contract's (central.services.hours.publish_hours), so the form and the API refuse alike."""

    def get(name: str) -> str:
        value = form.get(name, "")
        return value.strip() if isinstance(value, str) else ""

    def count(name: str) -> int:
        return form_int(form, name, low=0, high=FORM_ROWS_MAX)

    def week(prefix: str) -> dict[str, list[str]]:
        return {day: _spans(get(f"{prefix}{day}")) for day in WEEKDAYS}

    seasons = []
    for i in range(count("season_count")):
        p = f"s{i}_"
        if not (get(p + "name") or get(p + "from") or get(p + "to")):
            continue
        seasons.append(
            {"name": get(p + "name"), "from": season_day_from_form(get(p + "from")),
             "to": season_day_from_form(get(p + "to")), "weekly": week(p)}
        )  # fmt: skip
    exceptions = []
    for i in range(count("exception_count")):
        p = f"e{i}_"
        if not get(p + "date"):
            continue
        exception: dict[str, Any] = {"date": get(p + "date"), "reason": get(p + "reason")}
        if get(p + "note"):
            exception["note"] = get(p + "note")
        if get(p + "hours"):
            exception["hours"] = _spans(get(p + "hours"))
        exceptions.append(exception)
    return {
        "outside_hours": get("outside_hours"),
        "weekly": week("w_"),
        "seasons": seasons,
        "exceptions": exceptions,
    }


@router.post("/stations/{station_id}/hours", response_class=HTMLResponse)
async def publish_hours(
    request: Request,
    station_id: str,
    session: SessionDep,
    staff: Annotated[auth.Staff, require("operator")],
    now: NowDep,
) -> Response:
    form = await request.form()
    return await run_in_threadpool(_publish, request, session, staff, station_id, form, now)


def _publish(
    request: Request,
    session: Session,
    staff: auth.Staff,
    station_id: str,
    form: Any,
    now: datetime,
) -> Response:
    get_station(session, station_id)  # 404 for an unknown station, before reading the form
    document: dict[str, Any] = {}
    try:
        document = document_from_form(form)
        row = hours_service.publish_hours(
            now=now, session=session, station_id=station_id, document=document, actor=staff.username
        )
    except DomainError as exc:
        session.rollback()
        return _hours_page(
            request,
            session,
            staff,
            station_id,
            now,
            status_code=400,
            error=field_label(exc.message, language(request)),
            document={**EMPTY, **document},
        )
    auth.record(
        now=now,
        session=session,
        actor=staff.username,
        action="publish_hours",
        target=station_id,
        detail=f"version {row.version}",
    )
    session.commit()
    return RedirectResponse(
        f"/stations/{quote(station_id, safe='')}/hours?published={row.version}", status_code=303
    )


_PATH = re.compile(
    r"^(?:(?P<group>seasons|exceptions)\[(?P<index>\d+)\]\.?)?(?P<rest>[\w.]*?)(?:\[\d+\])?: "
)
_PARTS = {
    "weekly": "Weekly hours", "outside_hours": "Outside opening hours, the kiosk",
    "name": "Name", "from": "From", "to": "To", "date": "Date", "reason": "Reason",
    "note": "Note", "hours": "Hours (only for changed)",
}  # fmt: skip


def field_label(message: str, lang: str) -> str:
    """``seasons[0].weekly.thu[1]: ...`` as "Season 1, Thu (seasons[0].weekly.thu[1]): ...",
    in the page's language: the form's own words first, the document's path kept, the reason
    translated as every page's (central.console.reasons)."""
    _ = translator(lang)
    found = _PATH.match(message)
    if not found:
        return reason_text(message, lang)
    words = []
    if found["group"]:
        group = "Season" if found["group"] == "seasons" else "Exception"
        words.append(f"{_(group)} {int(found['index']) + 1}")
    for part in found["rest"].split("."):
        if part in WEEKDAYS:
            words.append(_(part.capitalize()))
        elif part in _PARTS and not (part == "weekly" and found["group"]):
            words.append(_(_PARTS[part]))
    path, _colon, reason = message.partition(": ")
    reason = reason_text(reason, lang)
    return f"{', '.join(words)} ({path}): {reason}" if words else f"{path}: {reason}"


# --- use by hour of week ------------------------------------------------------------------


def _period(first: date | None, last: date | None, now: datetime) -> tuple[date, date]:
    """Default: the last 365 days to today (Oslo). Refused naming the field if reversed or
    outside the days a record can have (year 1 or 9999 overflowed the day arithmetic)."""
    for name, day in (("from", first), ("to", last)):
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise Invalid("invalid_period", f"{name}: must be a day in {FIRST_DAY}..{LAST_DAY}")
    today = now.astimezone(OSLO).date()
    last = last or today
    first = first or last - timedelta(days=364)
    if first > last:
        raise Invalid("invalid_period", "from: must not be after to")
    if (last - first).days > 366 * 5:
        raise Invalid("invalid_period", "from: a period is at most five years")
    return first, last


def _usage_map(
    session: Session, settings: Any, station_id: str, first: date, last: date
) -> usage_map.UsageMap:
    start, end = usage_map.period_bounds(first, last)
    usage = door_stats.station_usage(
        session=session,
        station_id=station_id,
        start=start.astimezone(UTC),
        end=end.astimezone(UTC),
        window=timedelta(minutes=settings.visit_window_min),
    )
    hours = hours_service.hours_in_force(session=session, station_id=station_id)
    return usage_map.build(usage, hours, first, last)


def _station_usage(
    station_id: str,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    first: Annotated[str | None, Query(alias="from")] = None,
    last: Annotated[str | None, Query(alias="to")] = None,
) -> usage_map.UsageMap:
    """The usage page's and its CSV's one reading of the period and the map over it; days as
    every filter reads them (deps.parse_day), else ``Invalid`` naming the field."""
    get_station(session, station_id)
    start, end = _period(parse_day("from", first), parse_day("to", last), now)
    return _usage_map(session, settings, station_id, start, end)


@router.get("/stations/{station_id}/usage", response_class=HTMLResponse)
def usage_page(
    request: Request,
    station_id: str,
    session: SessionDep,
    settings: SettingsDep,
    staff: StaffDep,
    now: NowDep,
    first: Annotated[str | None, Query(alias="from")] = None,
    last: Annotated[str | None, Query(alias="to")] = None,
) -> HTMLResponse:
    station = get_station(session, station_id)
    try:
        result = _station_usage(station_id, session, settings, now, first, last)
    except Invalid as exc:  # the page again, the reason in the page's language
        fields = {"from": first or "", "to": last or ""}
        return render(request, "usage.html", staff, 422, station=station, map=None,
                      fields=fields, error=exc.message)  # fmt: skip
    return render(
        request, "usage.html", staff, station=station, map=result,
        weekdays=WEEKDAYS, window=settings.visit_window_min,
    )  # fmt: skip


StationUsage = Annotated[usage_map.UsageMap, Depends(_station_usage)]


@router.get("/stations/{station_id}/usage.csv")
def usage_csv(station_id: str, staff: StaffDep, result: StationUsage) -> Response:
    name = f"{station_id}-bruk-{result.first}-{result.last}.csv"
    return download(usage_map.to_csv(result), name)
