"""The devices: every station's kiosks, enrolment codes, revocation and new stations; and one
device's page: its label (operators set it), status as the kiosk last reported it, last
reported error, the numbers central is missing, and its contact history (enrolments,
takeovers, batches)."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.console.deps import get_station, redirect_showing_once, render, require, shown_once
from central.console.pages.updates import OUTCOME_WORDS
from central.core.deps import NowDep, SessionDep, SettingsDep, StaffDep
from central.errors import NotFound
from central.models import Batch, Device, DeviceEvent, Station
from central.schemas import DEVICE_LABEL_MAX
from central.services import alarms, auth, sequence
from central.services import stations as station_service
from central.services.revocation import revoke_device
from contract.limits import IDENTIFIER_PATTERN
from contract.updates import UpdateOutcome

router = APIRouter(include_in_schema=False)
HISTORY_ROWS = 50
# A new enrolment code travels from the POST to the page as a new feed token does
# (pages/feed.py): in a cookie only /devices reads and the page deletes, so it is shown once,
# never lands in a URL, and a reload issues no second code.
NEW_CODE_COOKIE = "mg_enrol_new"
# A kiosk with many holes lists the first ones and says how many more (the API has them all).
GAPS_SHOWN = 20
# The kiosk's own reports that are errors: an update it refused or rolled back.
FAILED_UPDATES = {UpdateOutcome.REFUSED, UpdateOutcome.ROLLED_BACK, UpdateOutcome.SELF_TEST_FAILED}


def _devices_page(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    staff: auth.Staff,
    now: datetime,
    **extra: Any,
) -> HTMLResponse:
    status = extra.pop("status_code", 200)
    stations = alarms.current_fleet(session=session, settings=settings, now=now)
    return render(request, "devices.html", staff, stations=stations, status_code=status, **extra)


@router.get("/devices", response_class=HTMLResponse)
def devices_page(
    request: Request, session: SessionDep, settings: SettingsDep, staff: StaffDep, now: NowDep
) -> HTMLResponse:
    # After a revoke or a new station (post/redirect/get): its notice, if it is so.
    revoked = session.get(Device, request.query_params.get("revoked", ""))
    station = session.get(Station, request.query_params.get("station", ""))
    response = _devices_page(
        request,
        session,
        settings,
        staff,
        now,
        revoked=revoked.id if revoked and revoked.revoked_at else None,
        saved_station=station.id if station else None,
        issued=_issued(request.cookies.get(NEW_CODE_COOKIE, "")),
    )
    shown_once(request, response, NEW_CODE_COOKIE)
    response.headers["Cache-Control"] = "no-store"
    return response


def _issued(text: str) -> dict[str, Any] | None:
    """The code, station and expiry the enrol-code POST put in its cookie; None if absent or
    not of that shape."""
    code, _, rest = text.partition("|")
    station_id, _, expires = rest.partition("|")
    if not (code and station_id and expires.isdigit()):
        return None
    return {"code": code, "station_id": station_id,
            "expires": datetime.fromtimestamp(int(expires), UTC)}  # fmt: skip


@router.post("/devices/revoke")
def revoke(
    now: NowDep,
    session: SessionDep,
    staff: Annotated[auth.Staff, require("operator")],
    device_id: Annotated[str, Form(min_length=1, max_length=1024)],
) -> RedirectResponse:
    """The device is named in the form, not the path: no id, even one stored before ids were
    checked ("..", "../catalogue?x"), can make the browser post somewhere else."""
    device = revoke_device(now=now, session=session, device_id=device_id)
    auth.record(
        now=now, session=session, actor=staff.username, action="revoke_device", target=device.id
    )
    session.commit()
    return RedirectResponse(f"/devices?revoked={quote(device.id, safe='')}", status_code=303)


@router.post("/devices/enrol-code")
def enrol_code(
    now: NowDep,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    staff: Annotated[auth.Staff, require("operator")],
    station_id: Annotated[str, Form(max_length=64)],
) -> RedirectResponse:
    get_station(session, station_id)
    code, expires = station_service.issue_enrol_code(
        now=now,
        session=session,
        key=request.app.state.key,
        station_id=station_id,
        ttl=timedelta(hours=settings.enrol_code_ttl_hours),
    )
    auth.record(
        now=now, session=session, actor=staff.username, action="issue_enrol_code", target=station_id
    )
    session.commit()
    value = f"{code}|{station_id}|{int(expires.timestamp())}"
    return redirect_showing_once(request, "/devices", NEW_CODE_COOKIE, value)


@router.post("/stations")
def add_station(
    now: NowDep,
    session: SessionDep,
    staff: Annotated[auth.Staff, require("operator")],
    station_id: Annotated[str, Form(pattern=IDENTIFIER_PATTERN)],
    name: Annotated[str, Form(min_length=1, max_length=200)],
) -> RedirectResponse:
    station_service.add_station(now=now, session=session, station_id=station_id, name=name.strip())
    auth.record(
        now=now,
        session=session,
        actor=staff.username,
        action="save_station",
        target=station_id,
        detail=name,
    )
    session.commit()
    return RedirectResponse(f"/devices?station={quote(station_id, safe='')}", status_code=303)


# Each kind of contact in words, and its detail (English msgids; Bokmål in i18n.py).
CONTACT_WORDS = {
    "batch": ("Batch received", "{count} records, seq {first}–{last}"),
    "enrolled": ("Enrolled", "from {client}; central held seq {seq}"),
    "takeover": ("Taken over (kiosk reinstalled)", "from {client}; central held seq {seq}"),
    "status": ("Last status report", ""),
}


@dataclass(frozen=True, slots=True)
class Contact:
    at: datetime
    kind: str  # a key of CONTACT_WORDS
    values: dict[str, object]


def _device(session: Session, device_id: str) -> Device:
    device = session.get(Device, device_id)
    if device is None:
        raise NotFound("unknown_device", f"No device {device_id!r}.")
    return device


def contact_history(
    *, session: Session, device: Device, limit: int = HISTORY_ROWS
) -> list[Contact]:
    """The newest ``limit`` contacts, newest first. Central keeps every batch and enrolment,
    but only the last status report, so that shows once."""
    batches = session.execute(
        select(Batch.received_at, Batch.first_seq, Batch.last_seq, Batch.count)
        .where(Batch.device_id == device.id)
        .order_by(Batch.received_at.desc())
        .limit(limit)
    ).all()
    events = session.execute(
        select(DeviceEvent.at, DeviceEvent.kind, DeviceEvent.client, DeviceEvent.highest_seq)
        .where(DeviceEvent.device_id == device.id)
        .order_by(DeviceEvent.at.desc())
        .limit(limit)
    ).all()
    rows = [
        Contact(at, "batch", {"count": n, "first": first, "last": last})
        for at, first, last, n in batches
    ]
    rows += [
        Contact(at, kind, {"client": client or "?", "seq": seq}) for at, kind, client, seq in events
    ]
    if device.reported_at is not None:
        rows.append(Contact(device.reported_at, "status", {}))
    return sorted(rows, key=lambda c: c.at, reverse=True)[:limit]


@router.get("/devices/{device_id}", response_class=HTMLResponse)
def device_page(
    request: Request, device_id: str, session: SessionDep, staff: StaffDep
) -> HTMLResponse:
    device = _device(session, device_id)
    station = session.get_one(Station, device.station_id)
    failed = device.update_outcome in FAILED_UPDATES
    return render(
        request,
        "device.html",
        staff,
        device=device,
        station=station,
        history=contact_history(session=session, device=device),
        # The missing numbers themselves, as `kiosk-central gaps` gives them.
        sequence=sequence.sequence_state(session=session, device_id=device.id),
        gaps_shown=GAPS_SHOWN,
        last_error=device if failed else None,
        saved=request.query_params.get("saved") == "label",
        contact_words=CONTACT_WORDS,
        outcome_words={k.value: v for k, v in OUTCOME_WORDS.items()},
        label_max=DEVICE_LABEL_MAX,
    )


@router.post("/devices/{device_id}/label")
def set_label(
    now: NowDep,
    device_id: str,
    session: SessionDep,
    staff: Annotated[auth.Staff, require("operator")],
    label: Annotated[str, Form(max_length=DEVICE_LABEL_MAX, pattern=r"^[^\x00-\x1f\x7f]*$")] = "",
) -> RedirectResponse:
    device = _device(session, device_id)
    before = device.label or ""
    device.label = label.strip() or None  # an empty label shows the id again
    auth.record(
        now=now,
        session=session,
        actor=staff.username,
        action="label_device",
        target=device.id,
        detail=f"{before} -> {device.label or ''}",
    )
    session.commit()
    # Post/redirect/get: a reload shows the page, it does not post again.
    return RedirectResponse(f"/devices/{quote(device.id, safe='')}?saved=label", status_code=303)
