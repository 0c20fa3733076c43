"""Sign-in and sign-out with a password; the city's provider is central.console.oidc."""

import secrets
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from central.console.deps import (
    LOGIN_CSRF_COOKIE,
    local_path,
    render,
    require,
    set_cookie,
    set_session_cookie,
)
from central.console.login_throttle import LoginThrottle
from central.core import clock
from central.core.deps import SESSION_COOKIE, NowDep, SessionDep, SettingsDep
from central.services import auth

router = APIRouter(include_in_schema=False)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, error: str | None = None, next: str = "/") -> HTMLResponse:
    token = secrets.token_urlsafe(24)
    target = local_path(next)
    oidc = request.app.state.settings.oidc_enabled
    response = render(
        request, "login.html", None, login_csrf=token, error=error, next=target, oidc=oidc
    )
    set_cookie(request, response, LOGIN_CSRF_COOKIE, token)
    return response


@router.post("/login")
def login(
    now: NowDep,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    csrf: Annotated[str, Form()] = "",
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not secrets.compare_digest(expected, csrf):
        return login_form(request, error="csrf", next=next)
    throttle: LoginThrottle = request.app.state.login_throttle
    address = request.client.host if request.client else "unknown"
    wait = throttle.wait_for(username, address)
    if wait:  # not even checked: a guess made now would be as good as one not slowed down
        response: Response = login_form(request, error="throttled", next=next)
        response.status_code = 429
        response.headers["Retry-After"] = str(wait)
        return response
    try:
        user = auth.sign_in(session=session, username=username, password=password)
    except auth.AuthError:
        for tripped in throttle.failed(username, address):
            auth.record(
                now=now,
                session=session,
                actor=username,
                action="sign_in_throttled",
                target=address,
                detail=f"{tripped.kind}: {tripped.delay_s} s and growing",
            )
        session.commit()
        response = login_form(request, error="bad_credentials", next=next)
        response.status_code = 401
        return response
    throttle.succeeded(username, address)
    token = auth.open_session(  # by the real clock, as current_staff reads it
        now=clock.now(), session=session, user=user, ttl=timedelta(hours=settings.session_hours)
    )
    auth.record(now=now, session=session, actor=user.username, action="sign_in")
    session.commit()
    response = RedirectResponse(local_path(next), status_code=303)
    set_session_cookie(request, response, token, settings)
    return response


@router.post("/logout")
def logout(
    now: NowDep,
    request: Request,
    session: SessionDep,
    staff: Annotated[auth.Staff, require("viewer")],
) -> Response:
    auth.close_session(session=session, token=request.cookies.get(SESSION_COOKIE))
    auth.record(now=now, session=session, actor=staff.username, action="sign_out")
    session.commit()
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
