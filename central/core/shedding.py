"""Load shedding: a bounded number of batch uploads in flight per worker, the rest get 503.

A batch waiting behind a full database only grows the queue and the kiosk's timeout; a
prompt 503 with Retry-After lets the kiosk come back when there is room.
"""

import json
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send


@dataclass
class BatchGate:
    """This worker's batch uploads in flight and shed; kept on ``app.state.batch_gate``."""

    limit: int
    retry_after_s: int
    in_flight: int = 0  # one event loop per worker, so plain counters are race-free
    shed: int = 0


class BatchShedder:
    """ASGI middleware: at most ``gate.limit`` requests to ``path`` at once in this process."""

    def __init__(self, app: ASGIApp, *, path: str, gate: BatchGate) -> None:
        self.app = app
        self.path = path
        self.gate = gate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        gate = self.gate
        if gate.in_flight >= gate.limit:
            gate.shed += 1
            await self._busy(send)
            return
        gate.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            gate.in_flight -= 1

    async def _busy(self, send: Send) -> None:
        detail = {
            "code": "busy",
            "message": "Central is taking as many batches as it can; retry after Retry-After.",
            "record_id": None,
            "index": None,
        }
        body = json.dumps({"detail": detail}).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"retry-after", str(self.gate.retry_after_s).encode()),
        ]
        await send({"type": "http.response.start", "status": 503, "headers": headers})
        await send({"type": "http.response.body", "body": body})
