"""GET /api/v1/devices/me/sequence: the device's highest contiguous seq and its gaps."""

from fastapi import APIRouter

from central.api.deps import CurrentDevice, SessionDep
from central.schemas import SequencePublic
from central.services import sequence

router = APIRouter(tags=["devices"])


@router.get("/devices/me/sequence", response_model=SequencePublic)
def my_sequence(device: CurrentDevice, session: SessionDep) -> SequencePublic:
    return sequence.sequence_state(session=session, device_id=device.id)
