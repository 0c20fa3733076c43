"""The one place where domain errors become HTTP: a status per error class, one error body."""

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError

from central import errors
from central.schemas import ProblemPublic

STATUS: dict[type[errors.DomainError], int] = {
    errors.Malformed: 400,
    errors.Rejected: 400,
    errors.Unauthenticated: 401,
    errors.Forbidden: 403,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.TooLarge: 413,
    errors.Unsupported: 415,
    errors.Invalid: 422,
    errors.RateLimited: 429,
}


def status_of(exc: errors.DomainError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


def problem(status: int, description: str) -> dict[int | str, dict[str, Any]]:
    """An OpenAPI ``responses=`` entry: this status, with the documented error body."""
    return {status: {"model": ProblemPublic, "description": description}}


def _domain(_request: Request, exc: errors.DomainError) -> JSONResponse:
    status = status_of(exc)
    headers: dict[str, str] = {}
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    if isinstance(exc, errors.RateLimited):
        headers["Retry-After"] = str(exc.retry_after)
    return JSONResponse({"detail": exc.detail()}, status_code=status, headers=headers or None)


def _conflict(_request: Request, exc: IntegrityError) -> JSONResponse:
    # Two copies of one batch racing: the loser's transaction rolled back; nothing was
    # written twice, and the kiosk's retry gets the stored answer.
    return JSONResponse(
        {
            "detail": {
                "code": "conflict",
                "message": "Concurrent write; retry.",
                "record_id": None,
                "index": None,
            }
        },
        status_code=503,
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(errors.DomainError, _domain)
    app.add_exception_handler(IntegrityError, _conflict)
