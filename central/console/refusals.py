"""A refusal a browser's page request meets (an unknown station, a form field FastAPI's own
check refused, a role that may not): the console's page in its language, not the API's JSON.

Only for a request that asks for HTML and is not the API's or the feed's; everything else
gets the documented error body from central.core.errors, as before."""

from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from central import errors
from central.console.deps import local_path, render
from central.console.i18n import add_nb
from central.core import clock
from central.core.deps import SESSION_COOKIE
from central.core.errors import status_of
from central.services import auth

add_nb({"Refused": "Avvist", "Back to where you were": "Tilbake dit du var"})

# FastAPI's own form checks, as reasons the Bokmål catalogue knows (central/console/reasons.py).
_CHECKS = {
    "missing": "is required",
    "string_too_long": "must be a string of at most {max_length} characters",
    "string_too_short": "must be a string of 1..{max_length} characters",
    "string_pattern_mismatch": "must be an identifier like trosterud (letters, digits, . _ -)",
    "int_parsing": "must be a whole number",
}


def _page(request: Request) -> bool:
    path = request.url.path
    wants_html = "text/html" in request.headers.get("accept", "")
    return wants_html and not path.startswith(("/api/", "/feed/odata"))


def _staff(request: Request) -> auth.Staff | None:
    with Session(request.app.state.engine) as session:
        token = request.cookies.get(SESSION_COOKIE)
        return auth.staff_for_cookie(now=clock.now(), session=session, token=token)


def _reason(exc: Exception) -> str:
    if isinstance(exc, RequestValidationError):
        error = exc.errors()[0]
        where = ("body", "query", "path")  # where FastAPI found it; the field is the name
        field = ".".join(str(part) for part in error["loc"] if part not in where) or "body"
        words = _CHECKS.get(error["type"], error["msg"])
        return f"{field}: {words.format(max_length=(error.get('ctx') or {}).get('max_length'))}"
    if isinstance(exc, errors.RoleRefused):
        return "Your role does not allow this."
    assert isinstance(exc, errors.DomainError)
    return exc.message


def install(app: FastAPI) -> None:
    """Put the page before each of these classes' handlers, which stay for everything else."""
    for cls in (errors.DomainError, RequestValidationError, errors.RoleRefused):
        fallback = app.exception_handlers[cls]

        async def handle(request: Request, exc: Exception, fallback: Any = fallback) -> Response:
            if not _page(request):
                return await _call(fallback, request, exc)
            status = 422 if isinstance(exc, RequestValidationError) else 403
            if isinstance(exc, errors.DomainError):
                status = status_of(exc)
            came = urlsplit(request.headers.get("referer", "/"))
            back = local_path(came.path + (f"?{came.query}" if came.query else ""))
            staff = await run_in_threadpool(_staff, request)  # a database read: off the loop
            return render(request, "refused.html", staff, status, error=_reason(exc), back=back)

        app.add_exception_handler(cls, handle)


async def _call(handler: Any, request: Request, exc: Exception) -> Response:
    result = handler(request, exc)
    return await result if hasattr(result, "__await__") else result  # type: ignore[no-any-return]
