"""The console's Feed page: each staff member issues and revokes their own read-only tokens
for the OData feed (docs/feed.md). A new token is shown once, after a redirect."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from central.console.deps import redirect_showing_once, render, require, shown_once
from central.core.deps import KeyDep, NowDep, SessionDep, StaffDep
from central.services import auth, feed_tokens

router = APIRouter(include_in_schema=False)
# The new token travels from the POST to the page in a cookie that only /feed reads and the
# page deletes, so it is shown once and never lands in a URL, a log or the browser's history.
NEW_TOKEN_COOKIE = "mg_feed_new"


@router.get("/feed", response_class=HTMLResponse)
def feed_page(request: Request, session: SessionDep, staff: StaffDep) -> HTMLResponse:
    fresh = request.cookies.get(NEW_TOKEN_COOKIE)
    response = render(
        request,
        "feed.html",
        staff,
        tokens=feed_tokens.tokens_of(session=session, user_id=staff.user_id),
        fresh=fresh,
        revoked=request.query_params.get("revoked"),
        service_url=f"{request.base_url}feed/odata/",
    )
    shown_once(request, response, NEW_TOKEN_COOKIE)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/feed/tokens")
def create_token(
    now: NowDep,
    request: Request,
    session: SessionDep,
    key: KeyDep,
    staff: Annotated[auth.Staff, require("viewer")],
    name: Annotated[str, Form(min_length=1, max_length=feed_tokens.NAME_MAX)],
) -> RedirectResponse:
    issued = feed_tokens.issue(now=now, session=session, key=key, user_id=staff.user_id, name=name)
    auth.record(
        now=now,
        session=session,
        actor=staff.username,
        action="issue_feed_token",
        target=f"feed token {issued.token.id}",
        detail=issued.token.name,
    )
    session.commit()
    return redirect_showing_once(request, "/feed", NEW_TOKEN_COOKIE, issued.secret)


@router.post("/feed/tokens/{token_id}/revoke")
def revoke_token(
    now: NowDep, token_id: int, session: SessionDep, staff: Annotated[auth.Staff, require("viewer")]
) -> RedirectResponse:
    row = feed_tokens.revoke(now=now, session=session, user_id=staff.user_id, token_id=token_id)
    auth.record(
        now=now,
        session=session,
        actor=staff.username,
        action="revoke_feed_token",
        target=f"feed token {row.id}",
        detail=row.name,
    )
    session.commit()
    return RedirectResponse(f"/feed?revoked={row.id}", status_code=303)
