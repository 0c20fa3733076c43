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
from contract.hours import HOURS_FORMAT

router = APIRouter(tags=["hours"])
# A query parameter, not a body field: a central from before it ignores it, and a kiosk that
# does not send it (one release behind) is sent what it reads.
HoursFormat = Annotated[
    int,
    Query(
        ge=1,
        le=2**31 - 1,
        description=f"the newest hours format the kiosk reads ({HOURS_FORMAT}: recurring seasons)",
    ),
]


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
    hours_format: HoursFormat = 1,
) -> HoursPublic:
    return hours.hours_since(
        now=now,
        session=session,
        station_id=device.station_id,
        since=since,
        hours_format=hours_format,
    )
