"""The device's own state: its sequence and gaps (GET), its check-in at the start of every
sync pass, and its status report (POST)."""

from fastapi import APIRouter, Response

from central.api.deps import CurrentDevice, NowDep, SessionDep
from central.api.routes.hours import HoursFormat
from central.core.errors import problem
from central.schemas import (
    BatchRef,
    CheckInCreate,
    CheckInPublic,
    DeviceStatusCreate,
    HeldBatchesCreate,
    HeldBatchesPublic,
    SequencePublic,
)
from central.services import catalogue, hours, ingest, sequence, stations
from contract.limits import BODY_MAX_BYTES

router = APIRouter(tags=["devices"])
AUTH = {
    **problem(401, "missing or wrong device token"),
    **problem(503, "database busy or unreachable; retry after Retry-After"),
}
BODY = {
    **problem(400, "body unreadable (not UTF-8 JSON)"),
    **problem(413, f"body over {BODY_MAX_BYTES} bytes (body_too_large)"),
    **problem(422, "invalid field, named in the message"),
}


@router.get("/devices/me/sequence", response_model=SequencePublic, responses=AUTH)
def my_sequence(device: CurrentDevice, session: SessionDep) -> SequencePublic:
    return sequence.sequence_state(session=session, device_id=device.id)


@router.post("/devices/me/check-in", response_model=CheckInPublic, responses={**AUTH, **BODY})
def check_in(
    body: CheckInCreate,
    device: CurrentDevice,
    session: SessionDep,
    now: NowDep,
    hours_format: HoursFormat = 1,
) -> CheckInPublic:
    """The first request of every sync pass, so an idle pass costs one round trip: the kiosk's
    status is stored as by POST /devices/me/status, and the answer carries central's clock,
    the newest contract version and catalogue (as GET /catalog) and the station's opening
    hours (as GET /hours), each only when newer than the version the kiosk holds, and what
    central holds of this device's records (as GET /devices/me/sequence): the checkpoint the
    kiosk compares with its own. ``hours_format`` says which hours documents the kiosk reads
    (as GET /hours)."""
    stations.record_status(now=now, session=session, device=device, status=body.status)
    answer = CheckInPublic(
        catalogue=catalogue.catalogue_since(now=now, session=session, since=body.catalogue_since),
        hours=hours.hours_since(
            now=now,
            session=session,
            station_id=device.station_id,
            since=body.hours_since,
            hours_format=hours_format,
        ),
        sequence=sequence.sequence_state(session=session, device_id=device.id),
    )
    session.commit()  # one transaction: one pooled connection, one commit
    return answer


@router.post(
    "/devices/me/status",
    status_code=204,
    response_class=Response,
    responses={**AUTH, **BODY},
)
def my_status(
    body: DeviceStatusCreate, device: CurrentDevice, session: SessionDep, now: NowDep
) -> Response:
    """The kiosk's backlog as it sees it, sent at the end of a sync pass that changed it;
    shown on the console."""
    stations.record_status(now=now, session=session, device=device, status=body)
    session.commit()
    return Response(status_code=204)


@router.post(
    "/devices/me/batches/held",
    response_model=HeldBatchesPublic,
    responses={**AUTH, **BODY},
)
def held_batches(
    body: HeldBatchesCreate, device: CurrentDevice, session: SessionDep
) -> HeldBatchesPublic:
    """Which of these batches central holds from this device with that very hash: asked by
    a kiosk whose answers were lost, once per pass, so it marks their records synced without
    sending them again (as CouchDB's ``_revs_diff``). Reads only."""
    pairs = [(b.batch_id, b.sha256) for b in body.batches]
    held = ingest.held_batches(session=session, device=device, batches=pairs)
    session.commit()  # ends the token lookup's transaction
    return HeldBatchesPublic(held=[BatchRef(batch_id=b, sha256=h) for b, h in held])
