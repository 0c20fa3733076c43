"""POST /api/v1/enrol: a one-time code becomes a device token (central keeps only its hash)."""

from datetime import UTC, datetime

from fastapi import APIRouter

from central.api.deps import SessionDep
from central.schemas import EnrolCreate, EnrolPublic, ProblemPublic
from central.services import stations

router = APIRouter(tags=["enrolment"])


@router.post(
    "/enrol",
    response_model=EnrolPublic,
    responses={400: {"model": ProblemPublic, "description": "unknown, used or expired code"}},
)
def enrol(body: EnrolCreate, session: SessionDep) -> EnrolPublic:
    device, station, token = stations.enrol_device(
        session=session, code=body.code, device_id=body.device_id
    )
    session.commit()
    return EnrolPublic(
        device_id=device.id,
        station_id=station.id,
        station_name=station.name,
        token=token,
        server_time=datetime.now(UTC),
    )
