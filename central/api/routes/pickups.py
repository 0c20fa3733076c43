"""A hauler's or weighbridge's signed webhook of tickets; answers each row's outcome."""

from typing import Annotated

from fastapi import APIRouter, Header, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from central.api.deps import NowDep, SessionDep, SettingsDep
from central.core.errors import problem
from central.services import pickups
from contract.limits import DOOR_BODY_MAX_BYTES, JSON_DEPTH_MAX, PICKUP_ROWS_MAX
from contract.records import PickupSource

router = APIRouter(tags=["pickups"])
BODY_MAX_BYTES = DOOR_BODY_MAX_BYTES  # a delivery of tickets is bounded like one of doors


class PickupRefusalPublic(BaseModel):
    row: int = Field(description="1-based: the ticket's place in the delivery")
    field: str = Field(description="the field that was wrong")
    code: str
    message: str


class PickupsPublic(BaseModel):
    """What became of each ticket of a delivery, by its 1-based place."""

    imported: list[int]
    repeats: list[int] = Field(description="the same ticket with the same content, skipped")
    refused: list[PickupRefusalPublic]


@router.post(
    "/pickups",
    response_model=PickupsPublic,
    responses={
        **problem(422, "invalid header, named in the message"),
        **problem(503, "database busy or unreachable; retry after Retry-After"),
        **problem(400, f"body is not JSON with a 'pickups' list, or nested over {JSON_DEPTH_MAX}"),
        **problem(401, "unknown integration, bad signature or stale timestamp"),
        **problem(409, "another import was writing at the same moment; retry"),
        **problem(413, f"body over {BODY_MAX_BYTES} bytes or over {PICKUP_ROWS_MAX} tickets"),
    },
)
async def receive_pickups(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    x_pickup_integration: Annotated[str | None, Header()] = None,
    x_pickup_timestamp: Annotated[str | None, Header()] = None,
    x_pickup_signature: Annotated[str | None, Header()] = None,
) -> PickupsPublic:
    """Store each signed ticket as a pickup; one bad row never costs the good rows."""
    pickups.WEBHOOK.secret(settings.pickup_secrets, x_pickup_integration)
    body = await request.body()
    pickups.WEBHOOK.verify(
        secrets=settings.pickup_secrets,
        integration=x_pickup_integration,
        timestamp=x_pickup_timestamp,
        signature=x_pickup_signature,
        body=body,
        now=now,
        window_s=settings.door_replay_window_s,
    )
    rows = pickups.WEBHOOK.rows(body)

    def store() -> pickups.PickupImport:
        try:
            result = pickups.store_pickups(
                session=session, rows=rows, source=PickupSource.WEBHOOK, now=now
            )
        except Exception:
            session.rollback()
            raise
        session.commit()
        return result

    result = await run_in_threadpool(store)
    return PickupsPublic(
        imported=result.imported,
        repeats=result.repeats,
        refused=[
            PickupRefusalPublic(row=r.row, field=r.field, code=r.code, message=r.message)
            for r in result.refused
        ],
    )
