"""Request body limits for every route: refused by Content-Length before a byte is read, and
counted while reading, so a large or endless body never fills a worker's memory.

Limits come from contract/limits.py; a route whose body may be larger names its own.
"""

from collections.abc import Mapping

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from central.core.asgi_problem import send_problem


class _TooLarge(Exception):
    """Raised from ``receive`` once the body passes the limit; the app never sees the rest."""


class BodyLimit:
    """ASGI middleware: at most ``limits.get(path, default)`` bytes of body per request."""

    def __init__(self, app: ASGIApp, *, default: int, limits: Mapping[str, int]) -> None:
        self.app = app
        self.default = default
        self.limits = dict(limits)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limits.get(scope["path"], self.default)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(send, limit)
            return
        seen = 0
        over = False
        started = False

        async def counted() -> Message:
            nonlocal seen, over
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    over = True
                    raise _TooLarge
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if over:
                return  # the app's own answer to the error it saw; ours goes out instead
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            pass
        except Exception:
            # A framework may wrap the error from receive (FastAPI's form parsing does);
            # once the limit was passed, any error is that one.
            if not over:
                raise
        if over and not started:
            await _refuse(send, limit)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the server refuses a malformed length before we are called
    return None


async def _refuse(send: Send, limit: int) -> None:
    # The client may still be sending; the connection cannot be reused for another request.
    await send_problem(
        send, 413, "body_too_large", f"The request body is larger than {limit} bytes.",
        [(b"connection", b"close")],
    )  # fmt: skip
