"""GET /api/v1/hours?since=VERSION: the enrolled device's station's opening hours, if newer.

The device token says which station. A kiosk gets the same answer inside its check-in
(devices.py), so a sync pass costs one request.
"""

from typing import Annotated

from fastapi import APIRouter, Query

from central.api.deps import CurrentDevice, NowDep, SessionDep
from central.core.errors import problem
from central.schemas import HoursPublic
from central.services import hours

router = APIRouter(tags=["hours"])


@router.get(
    "/hours",
    response_model=HoursPublic,
    responses={
        **problem(401, "missing or wrong device token"),
        **problem(422, "since is not a whole number >= 0"),
        **problem(503, "database busy or unreachable; retry after Retry-After"),
    },
)
def station_hours(
    device: CurrentDevice,
    now: NowDep,
    session: SessionDep,
    since: Annotated[int, Query(ge=0, le=2**31 - 1, description="the version the kiosk has")] = 0,
) -> HoursPublic:
    return hours.hours_since(now=now, session=session, station_id=device.station_id, since=since)
