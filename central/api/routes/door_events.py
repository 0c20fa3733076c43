"""The key system's signed webhook of door openings; answers which rows were kept or refused."""

import json
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Header, Request
from starlette.concurrency import run_in_threadpool

from central.api.deps import SessionDep, SettingsDep
from central.core.errors import problem
from central.errors import Malformed, TooLarge
from central.schemas import DoorEventsPublic, DoorRefusalPublic
from central.services import door_events
from contract.limits import DOOR_BODY_MAX_BYTES, DOOR_EVENTS_MAX, JSON_DEPTH_MAX, json_depth_exceeds

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
    door_events.integration_secret(settings.door_secrets, x_door_integration)
    # The signature covers the exact bytes, so the raw body is read before any parsing.
    body = await request.body()
    now = datetime.now(UTC)
    door_events.verify_signature(
        secrets=settings.door_secrets,
        integration=x_door_integration,
        timestamp=x_door_timestamp,
        signature=x_door_signature,
        body=body,
        now=now,
        window_s=settings.door_replay_window_s,
    )
    if json_depth_exceeds(body):
        raise Malformed("too_deep", f"The body nests more than {JSON_DEPTH_MAX} levels deep.")
    try:
        events = json.loads(body)["events"]
        if not isinstance(events, list):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        raise Malformed("bad_body", 'The body must be JSON: {"events": [...]}.') from None
    if len(events) > DOOR_EVENTS_MAX:
        raise TooLarge(
            "too_many_events",
            f"{len(events)} events in one delivery; send at most {DOOR_EVENTS_MAX} at a time.",
        )

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
