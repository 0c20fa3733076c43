"""The one place where errors become HTTP, for the API and the console alike: a status per
domain error class, one error body, and the console's sign-in redirect."""

import logging
import sqlite3
from typing import Any
from urllib.parse import quote

import psycopg
from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, StatementError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException

from central import errors
from central.core.resources import resource_failure
from central.schemas import ProblemPublic

logger = logging.getLogger(__name__)

STATUS: dict[type[errors.DomainError], int] = {
    errors.Malformed: 400,
    # 403, not 400: the request is well formed (the fuzzer holds 400 to "malformed").
    errors.Rejected: 403,
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


def _body(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    detail = {"code": code, "message": message, "record_id": None, "index": None}
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


def _invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
    # FastAPI's own body echoes the input, which cannot be encoded when it holds a lone
    # surrogate; name the field and the rule only.
    error = exc.errors()[0]
    field = ".".join(str(part) for part in error["loc"] if part != "body") or "body"
    return _body(422, "invalid_request", f"{field}: {error['msg']}")


def _unavailable(exc: BaseException) -> JSONResponse:
    # Central's own resources failed (disk full, database down, pool exhausted, memory):
    # the request may be fine, so never a 500, which a kiosk would take for a bad record.
    logger.error("central's resources failed: %s: %s", type(exc).__name__, exc)
    return _body(503, "database_unavailable", "Database busy, full or unreachable; retry.",
                 {"Retry-After": "5"})  # fmt: skip


def _database(_request: Request, exc: StatementError) -> JSONResponse:
    """Last resort: a value the schema let through but the database refused.

    The request's session rolls back as it closes, so nothing was written. The message
    names the column or constraint, as the database reported it.
    """
    if resource_failure(exc):
        return _unavailable(exc)
    logger.warning("database refused a request: %s", exc.orig or exc)
    reason = str(exc.orig or exc).splitlines()[0][:300]
    if isinstance(exc, IntegrityError):
        return _body(409, "conflict", f"Contradicts what central holds: {reason}")
    if isinstance(exc, DBAPIError) and not isinstance(exc, DataError):
        raise exc
    return _body(422, "invalid_value", f"A value does not fit its column: {reason}")


def _resources(_request: Request, exc: Exception) -> JSONResponse:
    """A failure that came unwrapped (psycopg's raw COPY cursor, the pool, memory): 503 when
    it is central's resources, else the bug it is (500, with its traceback logged)."""
    if resource_failure(exc):
        return _unavailable(exc)
    raise exc


async def _http(request: Request, exc: HTTPException) -> Response:
    # FastAPI's own refusals (a body that is not UTF-8 is 400) get the documented body on the
    # API; the console's pages keep FastAPI's default.
    if not request.url.path.startswith("/api/"):
        return await http_exception_handler(request, exc)
    code = "malformed_body" if exc.status_code == 400 else "refused"
    return _body(exc.status_code, code, str(exc.detail), dict(exc.headers or {}) or None)


def _not_signed_in(request: Request, _exc: errors.NotSignedIn) -> Response:
    if request.method == "GET" and not request.url.path.startswith("/api/"):
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
    detail = {"code": "not_signed_in", "message": "Sign in on the console first."}
    return JSONResponse({"detail": detail}, status_code=401)


def _role_refused(_request: Request, _exc: errors.RoleRefused) -> Response:
    detail = {"code": "forbidden", "message": "Your role does not allow this."}
    return JSONResponse({"detail": detail}, status_code=403)


def install(app: FastAPI) -> None:
    # Starlette types every handler as taking Exception, though it dispatches by class.
    app.add_exception_handler(errors.DomainError, _domain)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _invalid_request)  # type: ignore[arg-type]
    app.add_exception_handler(StatementError, _database)  # type: ignore[arg-type]
    for unwrapped in (psycopg.Error, sqlite3.Error, PoolTimeout, MemoryError):
        app.add_exception_handler(unwrapped, _resources)
    app.add_exception_handler(HTTPException, _http)  # type: ignore[arg-type]
    app.add_exception_handler(errors.NotSignedIn, _not_signed_in)  # type: ignore[arg-type]
    app.add_exception_handler(errors.RoleRefused, _role_refused)  # type: ignore[arg-type]
