"""Typed FastAPI dependencies: settings, a database session, and the authenticated device."""

import hmac
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from central.core.config import Settings
from central.errors import Forbidden, Unauthenticated
from central.models import Device
from central.services import stations

_bearer = HTTPBearer(auto_error=False, description="device token from POST /api/v1/enrol")
_staff_bearer = HTTPBearer(
    auto_error=False, scheme_name="StaffToken", description="KIOSK_CENTRAL_REPORT_TOKEN"
)


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_session(request: Request) -> Iterator[Session]:
    # Routes commit explicitly before they return, so the commit has happened before any
    # byte of the answer leaves: a lost response can then only mean "already stored".
    with Session(request.app.state.engine, expire_on_commit=False) as session:
        yield session


def get_key(request: Request) -> bytes:
    return request.app.state.key


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]
KeyDep = Annotated[bytes, Depends(get_key)]


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
    # End the lookup's transaction now: on SQLite it holds the write lock (BEGIN IMMEDIATE),
    # and the route is about to wait for a request body arriving over a slow network.
    session.commit()
    return device


CurrentDevice = Annotated[Device, Depends(get_current_device)]


def require_staff(
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_staff_bearer)],
) -> None:
    """Staff-only seam: a configured report token, until the console's staff session lands.

    Replace this dependency with the console's staff-session dependency when it is on main;
    the routes that use ``StaffDep`` need no other change.
    """
    expected = settings.report_token
    if expected is None:
        raise Forbidden("staff_only", "Reports are not enabled: set KIOSK_CENTRAL_REPORT_TOKEN.")
    given = credentials.credentials if credentials is not None else ""
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise Unauthenticated("bad_token", "Send the staff report token as a Bearer token.")


StaffDep = Annotated[None, Depends(require_staff)]
