"""The overview: every station's devices with their health, and the alarms, refreshed in place."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from central.console.deps import render
from central.core.deps import NowDep, SessionDep, SettingsDep, StaffDep
from central.services import alarms

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def overview(
    request: Request, session: SessionDep, settings: SettingsDep, staff: StaffDep, now: NowDep
) -> HTMLResponse:
    stations = alarms.current_fleet(session=session, settings=settings, now=now)
    return render(
        request, "overview.html", staff, stations=stations, alarms=alarms.alarms(stations)
    )


@router.get("/alarms", response_class=HTMLResponse)
def alarms_fragment(
    request: Request, session: SessionDep, settings: SettingsDep, staff: StaffDep, now: NowDep
) -> HTMLResponse:
    """The alarm list alone: the overview's htmx refresh swaps it in place."""
    current = alarms.alarms(alarms.current_fleet(session=session, settings=settings, now=now))
    return render(request, "overview.html", staff, block="alarms", alarms=current)
