"""The key system's signed webhook of door openings; answers which rows were kept or refused."""

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Header, Request
from starlette.concurrency import run_in_threadpool

from central.api.deps import NowDep, SessionDep, SettingsDep
from central.core.errors import problem
from central.schemas import DoorEventsPublic, DoorRefusalPublic
from central.services import door_events
from contract.limits import DOOR_BODY_MAX_BYTES, DOOR_EVENTS_MAX, JSON_DEPTH_MAX

router = APIRouter(tags=["door events"])


@router.post(
    "/door-events",
    response_model=DoorEventsPublic,
    responses={
        **problem(422, "invalid header, named in the message"),
        **problem(503, "database busy or unreachable; retry after Retry-After"),
        **problem(400, f"body is not JSON with an 'events' list, or nested over {JSON_DEPTH_MAX}"),
        **problem(401, "unknown integration, bad signature or stale timestamp"),
        **problem(413, f"body over {DOOR_BODY_MAX_BYTES} bytes or over {DOOR_EVENTS_MAX} events"),
    },
)
async def receive_door_events(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    x_door_integration: Annotated[str | None, Header()] = None,
    x_door_timestamp: Annotated[str | None, Header()] = None,
    x_door_signature: Annotated[str | None, Header()] = None,
) -> DoorEventsPublic:
    """Store each signed event's id, station and time; identity fields are dropped unread.

    The answer counts new rows and repeats, and lists each refused row by number and reason:
    one bad row never costs the good rows of the same delivery.
    """
    # A stranger's delivery is refused before its body is read; the body's size is bounded
    # by the BodyLimit middleware (DOOR_BODY_MAX_BYTES) before and while it is read.
    door_events.WEBHOOK.secret(settings.door_secrets, x_door_integration)
    # The signature covers the exact bytes, so the raw body is read before any parsing.
    body = await request.body()
    door_events.WEBHOOK.verify(
        secrets=settings.door_secrets,
        integration=x_door_integration,
        timestamp=x_door_timestamp,
        signature=x_door_signature,
        body=body,
        now=now,
        window_s=settings.door_replay_window_s,
    )
    events = door_events.WEBHOOK.rows(body)

    def store() -> door_events.DoorImport:
        result = door_events.store_events(session=session, rows=events, source="webhook", now=now)
        session.commit()
        return result

    result = await run_in_threadpool(store)
    return DoorEventsPublic(
        inserted=result.inserted,
        duplicates=result.duplicates,
        refused=[DoorRefusalPublic(**asdict(r)) for r in result.refused],
    )
