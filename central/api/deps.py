"""Typed FastAPI dependencies: settings, a database session, and the authenticated device."""

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from central.core.config import Settings
from central.errors import Unauthenticated
from central.models import Device
from central.services import stations

_bearer = HTTPBearer(auto_error=False, description="device token from POST /api/v1/enrol")


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_session(request: Request) -> Iterator[Session]:
    # Routes commit explicitly before they return, so the commit has happened before any
    # byte of the answer leaves: a lost response can then only mean "already stored".
    with Session(request.app.state.engine, expire_on_commit=False) as session:
        yield session


def get_key(request: Request) -> bytes:
    key: bytes = request.app.state.key
    return key


def get_now() -> datetime:
    """The moment a request is answered at (UTC); tests override it to pin the moment."""
    return datetime.now(UTC)


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]
KeyDep = Annotated[bytes, Depends(get_key)]
NowDep = Annotated[datetime, Depends(get_now)]


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
