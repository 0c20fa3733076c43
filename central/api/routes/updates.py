"""A kiosk that updates itself reports its versions and learns its release channel."""

from fastapi import APIRouter

from central.api.deps import CurrentDevice, SessionDep
from central.api.routes.devices import AUTH, BODY
from central.schemas import UpdateChannelPublic, UpdateReportCreate
from central.services import updates

router = APIRouter(tags=["devices"])


@router.post("/devices/me/update", response_model=UpdateChannelPublic, responses={**AUTH, **BODY})
def report_update(
    body: UpdateReportCreate, device: CurrentDevice, session: SessionDep
) -> UpdateChannelPublic:
    """After a good sync pass a kiosk started by its launcher says what it runs, what it has
    staged and how its last update ended (docs/updates.md); the answer is the channel it
    follows from now on: its own if staff set one, else its station's."""
    channel = updates.record_report(session=session, device=device, report=body)
    session.commit()
    return UpdateChannelPublic(channel=channel)
