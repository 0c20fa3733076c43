"""Console page for people (admins): add users, disable and enable them, reset passwords and
change roles. Every change is one audit line; the last active admin cannot be locked out."""

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.console.deps import language, render, require
from central.console.i18n import translator
from central.core.deps import NowDep, SessionDep, StaffDep
from central.errors import RoleRefused
from central.models import StaffUser
from central.services import auth

router = APIRouter(include_in_schema=False)
AdminDep = Annotated[auth.Staff, require("admin")]
Password = Annotated[str, Form(max_length=1024)]
# What each finished change says after the redirect (English msgids; Bokmål in i18n.py).
DONE_WORDS = {
    "added": "User {user} added.",
    "disabled": "User {user} disabled; every session of theirs has ended.",
    "enabled": "User {user} enabled again.",
    "password": "New password set for {user}.",
    "role": "Role of {user} changed.",
}


class Refused(Exception):
    """A change refused for a reason staff can act on; ``msgid`` is the English text."""

    def __init__(self, msgid: str, *, status_code: int = 400, **values: Any) -> None:
        super().__init__(msgid)
        self.msgid = msgid
        self.status_code = status_code
        self.values = values


def _page(
    request: Request, session: Session, staff: auth.Staff, status_code: int = 200, **extra: Any
) -> HTMLResponse:
    users = session.scalars(select(StaffUser).order_by(StaffUser.username)).all()
    done = request.query_params.get("done")
    who = request.query_params.get("user", "")
    return render(
        request,
        "users.html",
        staff,
        status_code=status_code,
        users=users,
        roles=auth.ROLES,
        done=DONE_WORDS.get(done or ""),
        done_user=who,
        **extra,
    )


@router.get("/users", response_class=HTMLResponse)
def users_page(request: Request, session: SessionDep, staff: StaffDep) -> HTMLResponse:
    if not staff.may("admin"):
        raise RoleRefused
    return _page(request, session, staff)


def _user(session: Session, user_id: int) -> StaffUser:
    user = session.get(StaffUser, user_id)
    if user is None:
        raise Refused("No such user.")
    return user


def _same_twice(password: str, again: str) -> None:
    if password != again:
        raise Refused("The two passwords differ.")
    if len(password) < auth.MIN_PASSWORD:
        raise Refused("A password needs at least {count} characters.", count=auth.MIN_PASSWORD)


def _not_last_admin(session: Session, user: StaffUser) -> None:
    if auth.is_last_active_admin(session=session, user=user):
        raise Refused(
            "{user} is the last active admin: make another admin first.",
            status_code=409,
            user=user.username,
        )


def _done(session: Session, what: str, user: str) -> Response:
    session.commit()
    # Post/redirect/get: a reload shows the page, it does not post again.
    return RedirectResponse("/users?" + urlencode({"done": what, "user": user}), status_code=303)


def _refused(request: Request, session: Session, staff: auth.Staff, exc: Refused) -> Response:
    session.rollback()
    _ = translator(language(request))
    return _page(
        request, session, staff, status_code=exc.status_code, error=_(exc.msgid, **exc.values)
    )


@router.post("/users")
def add_user(
    now: NowDep,
    request: Request,
    session: SessionDep,
    staff: AdminDep,
    username: Annotated[str, Form(max_length=64)],
    role: Annotated[str, Form(max_length=16)],
    password: Password,
    password_again: Password,
) -> Response:
    username = username.strip()
    try:
        if not username:
            raise Refused("A user needs a username.")
        if username.startswith(auth.OIDC_PREFIX):
            raise Refused(
                "Names starting with {prefix} are kept for the city's sign-in.",
                prefix=auth.OIDC_PREFIX,
            )
        if role not in auth.ROLES:
            raise Refused("Unknown role.")
        if session.scalar(select(StaffUser.id).where(StaffUser.username == username)):
            raise Refused("There is already a user named {user}.", user=username)
        _same_twice(password, password_again)
        auth.add_user(now=now, session=session, username=username, password=password, role=role)
    except Refused as exc:
        return _refused(request, session, staff, exc)
    auth.record(
        now=now,
        session=session,
        actor=staff.username,
        action="add_user",
        target=username,
        detail=role,
    )
    return _done(session, "added", username)


@router.post("/users/{user_id}/disable")
def disable_user(
    request: Request, user_id: int, session: SessionDep, staff: AdminDep, now: NowDep
) -> Response:
    try:
        user = _user(session, user_id)
        if user.username == staff.username:
            # An admin who disabled themselves lost the console at once, mid-task; another
            # admin can do it (and the page offers no button on one's own row).
            raise Refused(
                "user: you cannot disable yourself ({user}); ask another admin.",
                status_code=409,
                user=user.username,
            )
        _not_last_admin(session, user)
    except Refused as exc:
        return _refused(request, session, staff, exc)
    auth.set_disabled(now=now, session=session, username=user.username, disabled=True)
    auth.record(
        now=now, session=session, actor=staff.username, action="disable_user", target=user.username
    )
    return _done(session, "disabled", user.username)


@router.post("/users/{user_id}/enable")
def enable_user(
    request: Request, user_id: int, session: SessionDep, staff: AdminDep, now: NowDep
) -> Response:
    try:
        user = _user(session, user_id)
    except Refused as exc:
        return _refused(request, session, staff, exc)
    auth.set_disabled(now=now, session=session, username=user.username, disabled=False)
    auth.record(
        now=now, session=session, actor=staff.username, action="enable_user", target=user.username
    )
    return _done(session, "enabled", user.username)


@router.post("/users/{user_id}/password")
def reset_password(
    now: NowDep,
    request: Request,
    user_id: int,
    session: SessionDep,
    staff: AdminDep,
    password: Password,
    password_again: Password,
) -> Response:
    try:
        user = _user(session, user_id)
        if user.username.startswith(auth.OIDC_PREFIX):
            raise Refused(
                "{user} signs in through the city's sign-in and has no password here.",
                user=user.username,
            )
        _same_twice(password, password_again)
    except Refused as exc:
        return _refused(request, session, staff, exc)
    auth.set_password(session=session, username=user.username, password=password)
    auth.record(
        now=now,
        session=session,
        actor=staff.username,
        action="reset_password",
        target=user.username,
    )
    return _done(session, "password", user.username)


@router.post("/users/{user_id}/role")
def change_role(
    now: NowDep,
    request: Request,
    user_id: int,
    session: SessionDep,
    staff: AdminDep,
    role: Annotated[str, Form(max_length=16)],
) -> Response:
    try:
        user = _user(session, user_id)
        if role not in auth.ROLES:
            raise Refused("Unknown role.")
        if role != "admin" and user.username == staff.username:
            # As with disabling: an admin who demoted themselves lost this page mid-task.
            raise Refused(
                "role: you cannot take your own role away ({user}); ask another admin.",
                status_code=409,
                user=user.username,
            )
        if role != "admin":
            _not_last_admin(session, user)
    except Refused as exc:
        return _refused(request, session, staff, exc)
    before = user.role
    auth.set_role(session=session, username=user.username, role=role)
    auth.record(
        now=now,
        session=session,
        actor=staff.username,
        action="set_role",
        target=user.username,
        detail=f"{before} -> {role}",
    )
    return _done(session, "role", user.username)
