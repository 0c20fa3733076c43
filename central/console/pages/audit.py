"""Console audit log: staff actions (``audit_log``) and kiosk enrolments and takeovers
(``device_events``) in one list, newest first, filtered by who, what, station and period,
paged by keyset, each action in words."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import Select, String, and_, cast, literal, or_, select, union_all
from sqlalchemy.orm import Session

from central.console.deps import parse_day, render
from central.core.deps import SessionDep, StaffDep
from central.errors import DomainError, Invalid
from central.models import AuditEvent, Device, DeviceEvent, Station
from central.services import auth
from central.services.formatting import day_text
from contract.hours import OSLO

router = APIRouter(include_in_schema=False)
PAGE_ROWS = 100
# Every action in words (English msgids; Bokmål in i18n.py). Device events are prefixed
# "device:" so no staff action can take their names. An unknown code is shown as it is.
ACTION_WORDS = {
    "sign_in": "Signed in",
    "sign_out": "Signed out",
    "sign_in_refused": "Sign-in refused",
    "sign_in_throttled": "Sign-in slowed down",
    "add_user": "Added a user",
    "disable_user": "Disabled a user",
    "enable_user": "Enabled a user",
    "reset_password": "Set a new password",
    "set_role": "Changed a role",
    "save_station": "Saved a station",
    "issue_enrol_code": "Issued an enrolment code",
    "revoke_device": "Revoked a device",
    "label_device": "Named a device",
    "publish_catalogue": "Published the catalogue",
    "publish_hours": "Published opening hours",
    "plan_event": "Planned an event",
    "edit_planned_event": "Changed a planned event",
    "cancel_planned_event": "Cancelled a planned event",
    "set_update_channel": "Changed an update channel",
    "issue_feed_token": "Issued a feed token",
    "revoke_feed_token": "Revoked a feed token",
    "enter_history": "Entered earlier figures",
    "import_history": "Imported earlier figures",
    "report_source": "Chose a station's report source",
    "map_pickups": "Mapped a name in the pickup files",
    "unmap_pickups": "Removed a pickup mapping",
    "import_pickups": "Imported weighbridge tickets",
    "accept_weight": "Accepted a learned default weight",
    "reclassify": "Gave a category a new kind",
    "device:enrolled": "Kiosk enrolled",
    "device:takeover": "Kiosk taken over (reinstalled)",
}


class BadFilter(DomainError):
    """A filter field that cannot be read; the page names it."""


@dataclass(frozen=True, slots=True)
class Filters:
    who: str = ""
    what: str = ""
    station: str = ""
    start: date | None = None  # Oslo calendar days, both included
    end: date | None = None
    before: tuple[datetime, str, int] | None = None  # the keyset: (at, source, id)

    def query(self, **changes: Any) -> str:
        values = {
            "who": self.who,
            "what": self.what,
            "station": self.station,
            "from": day_text(self.start) if self.start else "",
            "to": day_text(self.end) if self.end else "",
            **changes,
        }
        return urlencode({k: v for k, v in values.items() if v})


def typed_text(params: Any, name: str) -> str:
    return (params.get(name) or "").strip()[:64]


def parse_filters(params: Any) -> Filters:
    before = None
    if cursor := params.get("before"):
        try:
            at, source, ident = cursor.split("~")
            if source not in ("a", "d"):
                raise ValueError(source)
            before = (datetime.fromisoformat(at), source, int(ident))
        except ValueError:
            raise BadFilter("bad_filter", "before") from None
    return Filters(
        who=typed_text(params, "who"),
        what=typed_text(params, "what"),
        station=typed_text(params, "station"),
        start=parse_day("from", params.get("from")),
        end=parse_day("to", params.get("to")),
        before=before,
    )


def _oslo_start(day: date) -> datetime:
    return datetime.combine(day, time(), OSLO)


def _staff_rows(f: Filters) -> Select[*tuple[Any, ...]]:
    a = AuditEvent
    q = select(
        a.at.label("at"),
        literal("a").label("source"),
        a.id.label("id"),
        a.actor.label("actor"),
        a.action.label("action"),
        a.target.label("target"),
        a.detail.label("detail"),
    )
    if f.who:
        q = q.where(a.actor == f.who)
    if f.what:
        q = q.where(a.action == f.what)
    if f.station:  # a staff line names the station, or a device of it, as its target
        devices = select(Device.id).where(Device.station_id == f.station)
        q = q.where(or_(a.target == f.station, a.target.in_(devices)))
    return _period(q, a.at, a.id, "a", f)


def _device_rows(f: Filters) -> Select[*tuple[Any, ...]]:
    d = DeviceEvent
    q = select(
        d.at.label("at"),
        literal("d").label("source"),
        d.id.label("id"),
        cast(d.client, String).label("actor"),
        ("device:" + d.kind).label("action"),
        d.device_id.label("target"),
        d.station_id.label("detail"),
    )
    if f.who:
        q = q.where(d.client == f.who)
    if f.what:
        q = q.where("device:" + d.kind == f.what)
    if f.station:
        q = q.where(d.station_id == f.station)
    return _period(q, d.at, d.id, "d", f)


def _period(
    q: Select[*tuple[Any, ...]], at: Any, ident: Any, source: str, f: Filters
) -> Select[*tuple[Any, ...]]:
    if f.start:
        q = q.where(at >= _oslo_start(f.start))
    if f.end:
        q = q.where(at < _oslo_start(f.end + timedelta(days=1)))
    if f.before:  # rows after the cursor in (at, source, id) order, newest first
        cursor_at, cursor_source, cursor_id = f.before
        if source < cursor_source:
            q = q.where(at <= cursor_at)
        elif source > cursor_source:
            q = q.where(at < cursor_at)
        else:
            q = q.where(or_(at < cursor_at, and_(at == cursor_at, ident < cursor_id)))
    return q


def audit_rows(*, session: Session, filters: Filters, limit: int = PAGE_ROWS) -> list[Any]:
    """One page, newest first, and one row more than ``limit`` if another page follows."""
    halves = [
        _staff_rows(filters).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit + 1),
        _device_rows(filters)
        .order_by(DeviceEvent.at.desc(), DeviceEvent.id.desc())
        .limit(limit + 1),
    ]
    both = union_all(*(h.subquery().select() for h in halves)).subquery()
    ordered = select(both).order_by(both.c.at.desc(), both.c.source.desc(), both.c.id.desc())
    return list(session.execute(ordered.limit(limit + 1)).all())


def _page(
    request: Request, session: Session, staff: auth.Staff, status_code: int = 200, **extra: Any
) -> HTMLResponse:
    staff_actions = session.scalars(select(AuditEvent.action).distinct()).all()
    device_kinds = session.scalars(select(DeviceEvent.kind).distinct()).all()
    actions = sorted({*staff_actions, *(f"device:{k}" for k in device_kinds)})
    stations = list(session.scalars(select(Station.id).order_by(Station.id)))
    return render(
        request,
        "audit.html",
        staff,
        status_code=status_code,
        actions=actions,
        stations=stations,
        words=ACTION_WORDS,
        **extra,
    )


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, session: SessionDep, staff: StaffDep) -> HTMLResponse:
    try:
        filters = parse_filters(request.query_params)
    except BadFilter as exc:
        field = exc.message
        return _page(request, session, staff, 400, bad_field=field, filters=Filters(), rows=[])
    except Invalid as exc:  # a day, read as every filter reads one (deps.parse_day)
        # The form shows again what was typed, to be mended, not an empty form.
        params = request.query_params
        typed = {name: (params.get(name) or "").strip()[:64] for name in ("from", "to")}
        kept = Filters(who=typed_text(params, "who"), what=typed_text(params, "what"),
                       station=typed_text(params, "station"))  # fmt: skip
        return _page(request, session, staff, 400, error=exc.message, filters=kept, days=typed,
                     rows=[])  # fmt: skip
    rows = audit_rows(session=session, filters=filters)
    next_page = None
    if len(rows) > PAGE_ROWS:
        rows = rows[:PAGE_ROWS]
        last = rows[-1]
        next_page = filters.query(before=f"{last.at.isoformat()}~{last.source}~{last.id}")
    days = {"from": day_text(filters.start) if filters.start else "",
            "to": day_text(filters.end) if filters.end else ""}  # fmt: skip
    return _page(request, session, staff, filters=filters, days=days, rows=rows,
                 next_page=next_page)  # fmt: skip
