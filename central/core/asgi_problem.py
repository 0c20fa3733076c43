"""A refusal sent by an ASGI middleware before any route runs (a body too large, central too
busy): the same JSON body as every other refusal (central/core/errors.py)."""

import json
from collections.abc import Sequence

from starlette.types import Send


async def send_problem(
    send: Send, status: int, code: str, message: str, headers: Sequence[tuple[bytes, bytes]] = ()
) -> None:
    detail = {"code": code, "message": message, "record_id": None, "index": None}
    body = json.dumps({"detail": detail}).encode()
    start = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *headers,
    ]
    await send({"type": "http.response.start", "status": status, "headers": start})
    await send({"type": "http.response.body", "body": body})
