"""The API's typed dependencies: the shared ones (central.core.deps) and the device's token."""

from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from central.core.deps import KeyDep as KeyDep
from central.core.deps import NowDep as NowDep
from central.core.deps import SessionDep as SessionDep
from central.core.deps import SettingsDep as SettingsDep
from central.core.deps import StaffDep as StaffDep
from central.errors import Unauthenticated
from central.models import Device
from central.services import stations

_bearer = HTTPBearer(auto_error=False, description="device token from POST /api/v1/enrol")


def get_current_device(
    session: SessionDep,
    key: KeyDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Device:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthenticated("no_token", "Send the device token as 'Authorization: Bearer ...'.")
    device = stations.device_for_token(session=session, key=key, token=credentials.credentials)
    if device is None:
        raise Unauthenticated("bad_token", "The device token is not valid; enrol the kiosk again.")
    if device.revoked_at is not None:
        # A distinct code, so the kiosk can tell its technician why and keep its records.
        raise Unauthenticated(
            "device_revoked", "This device was revoked at central; enrol the kiosk again."
        )
    # The route goes on in the same transaction and connection: FastAPI has already read a
    # declared body. A route that reads its body itself ends this transaction first (batches).
    return device


CurrentDevice = Annotated[Device, Depends(get_current_device)]
