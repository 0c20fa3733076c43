"""POST /api/v1/enrol: a one-time code becomes a device token (central keeps only its hash)."""

from fastapi import APIRouter, Request

from central.api.deps import KeyDep, NowDep, SessionDep
from central.core.errors import problem
from central.errors import RateLimited
from central.schemas import EnrolCreate, EnrolPublic
from central.services import stations
from contract.limits import BODY_MAX_BYTES

router = APIRouter(tags=["enrolment"])


@router.post(
    "/enrol",
    response_model=EnrolPublic,
    responses={
        **problem(400, "body unreadable (not UTF-8 JSON)"),
        **problem(403, "unknown, used or expired code"),
        **problem(409, "device_exists (enrolled already; send takeover) or device_other_station"),
        **problem(413, f"body over {BODY_MAX_BYTES} bytes (body_too_large)"),
        **problem(422, "invalid field, named in the message"),
        **problem(429, "too many attempts from this address or overall; see Retry-After"),
        **problem(503, "database busy or unreachable; retry after Retry-After"),
    },
)
def enrol(
    body: EnrolCreate, request: Request, session: SessionDep, key: KeyDep, now: NowDep
) -> EnrolPublic:
    client = request.client.host if request.client else "unknown"
    wait = request.app.state.enrol_limiter.wait_for(client)
    if wait:
        raise RateLimited(
            "too_many_attempts", f"Too many enrolment attempts; try again in {wait} s.",
            retry_after=wait,
        )  # fmt: skip
    done = stations.enrol_device(
        now=now,
        session=session,
        key=key,
        code=body.code,
        device_id=body.device_id,
        takeover=body.takeover,
        client=client,
        label=body.label,
    )
    session.commit()
    return EnrolPublic(
        device_id=done.device.id,
        station_id=done.station.id,
        station_name=done.station.name,
        token=done.token,
        server_time=now,
        highest_seq=done.highest_seq,
        takeover=done.takeover,
    )
