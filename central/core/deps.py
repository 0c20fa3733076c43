"""Typed FastAPI dependencies both the API and the console use: settings, a database session,
the key, the moment, and the signed-in staff member (the console's session cookie)."""

from collections.abc import Iterator
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from central.core import clock
from central.core.config import Settings
from central.errors import NotSignedIn
from central.services import auth

SESSION_COOKIE = "mg_session"


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
    return clock.now()


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]
KeyDep = Annotated[bytes, Depends(get_key)]
NowDep = Annotated[datetime, Depends(get_now)]


def current_staff(request: Request, session: SessionDep) -> auth.Staff:
    """The staff member signed in by the session cookie; never a device's bearer token.

    A session lives by the real clock (``clock.now``), not by the request's moment: a page
    asked about another moment (a test's pinned ``NowDep``) still knows who is asking."""
    staff = auth.staff_for_cookie(
        now=clock.now(), session=session, token=request.cookies.get(SESSION_COOKIE)
    )
    if staff is None:
        raise NotSignedIn
    return staff


StaffDep = Annotated[auth.Staff, Depends(current_staff)]
