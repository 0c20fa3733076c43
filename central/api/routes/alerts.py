"""Every current alarm as JSON, for monitoring: by the monitoring token or a staff session."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from central.core.deps import NowDep, SessionDep, SettingsDep, current_staff
from central.core.errors import problem
from central.core.security import hash_secret, same_hash
from central.services import alarms

router = APIRouter(tags=["console"])


def alerts_reader(request: Request, session: SessionDep) -> str:
    """Who reads the alerts: the monitoring tool by its token, else a signed-in staff member.

    Only the monitoring token's keyed hash is held, compared in constant time; a device token
    hashes to something else, so it is refused like any wrong token.
    """
    expected = request.app.state.monitoring_hash
    scheme, _, presented = request.headers.get("authorization", "").partition(" ")
    if (
        expected
        and scheme.lower() == "bearer"
        and same_hash(hash_secret(presented.strip(), key=request.app.state.key), expected)
    ):
        return "monitoring"
    return current_staff(request, session).username


@router.get(
    "/alerts",
    responses={
        **problem(401, "No staff session and no valid monitoring token."),
        **problem(503, "The database cannot be reached."),
    },
)
def alerts(
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    _reader: Annotated[str, Depends(alerts_reader)],
) -> list[dict[str, Any]]:
    """Every current alarm (silent, clock, gap), for monitoring.

    Needs a staff session, or the monitoring token as ``Authorization: Bearer ...``.
    """
    return [
        {"kind": a.kind, "station_id": a.station_id, "device_id": a.device_id, **a.detail}
        for a in alarms.alarms(alarms.current_fleet(session=session, settings=settings, now=now))
    ]
