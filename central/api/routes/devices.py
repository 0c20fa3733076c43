"""The device's own state: its sequence and gaps (GET), and its status report (POST)."""

from fastapi import APIRouter, Response

from central.api.deps import CurrentDevice, SessionDep
from central.api.errors import problem
from central.schemas import DeviceStatusCreate, SequencePublic
from central.services import sequence, stations

router = APIRouter(tags=["devices"])
AUTH = {
    **problem(401, "missing or wrong device token"),
    **problem(503, "database busy or unreachable; retry after Retry-After"),
}


@router.get("/devices/me/sequence", response_model=SequencePublic, responses=AUTH)
def my_sequence(device: CurrentDevice, session: SessionDep) -> SequencePublic:
    return sequence.sequence_state(session=session, device_id=device.id)


@router.post(
    "/devices/me/status",
    status_code=204,
    response_class=Response,
    responses={
        **AUTH,
        **problem(400, "body unreadable (not UTF-8 JSON)"),
        **problem(422, "invalid field, named in the message"),
    },
)
def my_status(body: DeviceStatusCreate, device: CurrentDevice, session: SessionDep) -> Response:
    """The kiosk's backlog as it sees it, sent at every sync pass; shown on the console."""
    stations.record_status(session=session, device=device, status=body)
    session.commit()
    return Response(status_code=204)
