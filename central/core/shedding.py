"""Admission of batch uploads: a per-worker limit that adapts to measured latency, a short
queue before refusing, and retry hints finer than a second (Retry-After-Ms).

No figure here is tuned to one machine: the limit follows what central does now.
"""

import asyncio
import heapq
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from central.core.asgi_problem import send_problem

Clock = Callable[[], float]
# A batch's cost is its latency per byte of body; a tiny body counts as this many bytes, so
# that a request's fixed cost does not read as a slow worker.
_MIN_COST_BYTES = 1024


class AdaptiveLimit:
    """How many batches one worker takes at once, from their latency (after the gradient
    limit of Netflix's concurrency-limits).

    A sample is a finished batch's cost, its latency per byte of body. The baseline is the
    cost of batches that had central to themselves (nothing else in flight from start to
    end): what a batch costs without queueing inside central. The gradient
    ``tolerance * baseline / cost``, kept within 0.5..1, scales the limit down as batches
    slow down from sharing central (threads, the GIL, the database); the limit then grows
    back by one. A limit that is not used (fewer than half of it in
    flight) learns nothing. Smoothed, and kept within ``floor..ceiling``.

    The baseline is measured again every ``probe_every`` samples (``probing``: the gate
    then admits one batch alone), so it follows a central that became faster or slower.
    """

    def __init__(
        self,
        *,
        initial: float,
        floor: int = 1,
        ceiling: int,
        tolerance: float = 1.5,
        smoothing: float = 0.2,
        probe_every: int = 200,
    ) -> None:
        if not 1 <= floor <= ceiling:
            raise ValueError(f"need 1 <= floor ({floor}) <= ceiling ({ceiling})")
        self.floor = floor
        self.ceiling = ceiling
        self.tolerance = tolerance
        self.smoothing = smoothing
        self.probe_every = probe_every
        self.limit = min(max(float(initial), floor), ceiling)
        self.baseline: float | None = None  # cost of a batch alone in central (EWMA)
        self.since_alone = 0  # samples since the last alone one
        # Slow start (TCP's): from its first measure until batches first slow down, the
        # limit grows by a whole batch per sample, so a night that begins with every kiosk
        # at once is not held to one or two in flight while the limit creeps up by 0.2.
        self.slow_start = True

    @property
    def probing(self) -> bool:
        """True while the baseline is unknown or old: admit one batch alone to measure it."""
        if self.floor == self.ceiling:  # a fixed limit: nothing to learn
            return False
        return self.baseline is None or self.since_alone >= self.probe_every

    @property
    def finding(self) -> bool:
        """True until the limit has found its level: measuring the baseline or in slow start."""
        return self.probing or (self.slow_start and self.floor < self.ceiling)

    def on_sample(self, cost: float, *, in_flight: int, alone: bool) -> float:
        """Learn from one finished batch; ``in_flight`` counts it. Returns the new limit."""
        if not cost > 0:  # a clock that did not move tells nothing
            return self.limit
        if alone:
            self.since_alone = 0
            self.baseline = cost if self.baseline is None else 0.7 * self.baseline + 0.3 * cost
        else:
            self.since_alone += 1
        if self.baseline is None or in_flight * 2 < self.limit:
            return self.limit
        gradient = max(0.5, min(1.0, self.tolerance * self.baseline / cost))
        if self.slow_start and gradient == 1.0:
            self.limit = min(self.limit + 1.0, self.ceiling)
            return self.limit
        self.slow_start = False
        # One more batch of room each time (additive increase). With the square root of the
        # limit, as the gradient limit adds, a worker on one core settles at four batches,
        # each four times as slow as alone; with one, at about two and a half.
        target = self.limit * gradient + 1.0
        smoothed = self.limit * (1 - self.smoothing) + target * self.smoothing
        self.limit = min(max(smoothed, self.floor), self.ceiling)
        return self.limit


@dataclass
class Ticket:
    """An admitted batch: when it started and what was admitted up to it."""

    started: float
    admitted_before: int  # the gate's admission count after this one
    alone_at_start: bool
    waited_s: float = 0.0  # in the queue before it started


@dataclass
class Refused:
    """Not admitted: come back after ``retry_after_s`` (central's own estimate)."""

    retry_after_s: float


class BatchGate:
    """This worker's batch uploads: in flight, queued, shed; kept on ``app.state.batch_gate``.

    One event loop per worker, so plain counters are race-free. A request past the limit
    waits in a FIFO queue if fewer than a limit's worth wait before it, so it is expected in
    within about one batch's time; it gives up after twice that (CoDel's idea: a queue that
    does not drain quickly is refused, not grown). The rest are refused with the moment
    central expects to have room for them, paced so a crowd is not sent back together.

    The worker's first batch is its warm-up (imports, the pool's first connection, cold
    caches: seconds where a warm batch takes tens of milliseconds); it teaches nothing, or
    every hint of the night would be paced by it.
    """

    def __init__(
        self, *, limit: AdaptiveLimit, first_retry_after_s: float, clock: Clock = time.monotonic
    ) -> None:
        self.limiter = limit
        self.first_retry_after_s = first_retry_after_s  # before any batch was measured
        self.clock = clock
        self.in_flight = 0
        self.shed = 0
        self.queued_total = 0
        self.admitted = 0
        self.latency_s: float | None = None  # a batch's mean time in central (EWMA)
        self._mean_bytes: float | None = None
        self._waiting: deque[asyncio.Future[Ticket]] = deque()
        # When each refused request was told to come back, while that is still ahead.
        self._promises: list[float] = []  # a heap
        self._warm = False  # the first batch (the warm-up) has finished

    @property
    def limit(self) -> int:
        """Batches admitted at once now: the floor (one) while the baseline is measured."""
        if self.limiter.probing:
            return self.limiter.floor
        return max(1, int(self.limiter.limit))

    @property
    def queued(self) -> int:
        return len(self._waiting)

    def decide(self) -> str:
        """``"admit"``, ``"queue"`` or ``"refuse"`` for a request arriving now."""
        if self.in_flight < self.limit and not self._waiting:
            return "admit"
        # Behind fewer than a limit's worth, a request is expected in within one batch's
        # time. Before any batch was measured there is no such promise to make.
        room = max(1, int(self.limiter.limit))
        if self.latency_s is not None and len(self._waiting) < room:
            return "queue"
        return "refuse"

    def admit(self) -> Ticket:
        self.in_flight += 1
        self.admitted += 1
        return Ticket(self.clock(), self.admitted, alone_at_start=self.in_flight == 1)

    def refuse(self) -> Refused:
        """Refuse now, with the next free moment at central's current pace: after what is in
        flight and queued has drained, and after each request refused before this one that
        is still to come back got its own turn, so a crowd told to come back is spread out,
        not sent back together. The turns are counted, not kept as moments: spaced at the
        pace of now, so one slow batch early in the night does not push every later hint
        behind the line it set."""
        self.shed += 1
        if self.latency_s is None:
            return Refused(self.first_retry_after_s)
        now = self.clock()
        while self._promises and self._promises[0] <= now:
            heapq.heappop(self._promises)  # come back (or given up): no longer ahead
        step = self.latency_s / max(1, int(self.limiter.limit))  # a place frees this often
        ahead = max(self.in_flight + len(self._waiting) - self.limit, 0)
        if self.limiter.finding:
            # The pace is not known yet (the limit is still climbing from one): a line drawn
            # at it would send a crowd away for minutes. Come back once what is in now has
            # drained; a return too early costs one more refusal, one too late an idle place.
            wait = step * (ahead + 1)
        else:
            wait = step * (ahead + len(self._promises) + 1)
        heapq.heappush(self._promises, now + wait)
        return Refused(wait)

    async def enter(self) -> Ticket | Refused:
        """Take a place, waiting in the queue if that is quick, or be refused."""
        arrived = self.clock()
        entered = await self._enter()
        if isinstance(entered, Ticket):
            entered.waited_s = max(entered.started - arrived, 0.0)
        return entered

    async def _enter(self) -> Ticket | Refused:
        decision = self.decide()
        if decision == "admit":
            return self.admit()
        if decision == "refuse":
            return self.refuse()
        future: asyncio.Future[Ticket] = asyncio.get_running_loop().create_future()
        self._waiting.append(future)
        self.queued_total += 1
        budget = 2 * (self.latency_s or 0.0)
        try:
            return await asyncio.wait_for(asyncio.shield(future), timeout=budget)
        except TimeoutError:
            if future.done():  # handed a place at the same moment: keep it
                return future.result()
            future.cancel()
            self._waiting.remove(future)
            return self.refuse()

    def leave(self, ticket: Ticket, *, size: int) -> None:
        """A batch that took a place finished (whatever its answer): learn, hand over."""
        latency = max(self.clock() - ticket.started, 0.0)
        alone = ticket.alone_at_start and self.admitted == ticket.admitted_before
        if not self._warm:  # the warm-up: see the class's docstring
            self._warm = True
            self._hand_over()
            return
        size = size or int(self._mean_bytes or _MIN_COST_BYTES)
        self._mean_bytes = size if self._mean_bytes is None else 0.9 * self._mean_bytes + 0.1 * size
        self.latency_s = latency if self.latency_s is None else 0.9 * self.latency_s + 0.1 * latency
        cost = latency / max(size, _MIN_COST_BYTES)
        self.limiter.on_sample(cost, in_flight=self.in_flight, alone=alone)
        self._hand_over()

    def _hand_over(self) -> None:
        self.in_flight -= 1
        while self._waiting and self.in_flight < self.limit:
            future = self._waiting.popleft()
            if not future.done():
                future.set_result(self.admit())


class BatchShedder:
    """ASGI middleware: admits requests to ``path`` through ``gate``, before reading a body."""

    def __init__(self, app: ASGIApp, *, path: str, gate: BatchGate) -> None:
        self.app = app
        self.path = path
        self.gate = gate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        gate = self.gate
        ticket = await gate.enter()
        if isinstance(ticket, Refused):
            await _busy(send, ticket.retry_after_s)
            return
        size = _content_length(scope)
        left = False

        async def send_then_leave(message: Message) -> None:
            # The place is free before the answer's last byte goes out: a kiosk that sends
            # its next batch on reading the answer must never find its own batch in the way.
            nonlocal left
            if message["type"] == "http.response.start":
                timing = server_timing(ticket, now=gate.clock())
                message = {**message, "headers": [*message.get("headers", ()), timing]}
            last = message["type"] == "http.response.body" and not message.get("more_body")
            if last and not left:
                left = True
                gate.leave(ticket, size=size)
            await send(message)

        try:
            await self.app(scope, receive, send_then_leave)
        finally:
            if not left:
                gate.leave(ticket, size=size)


def server_timing(ticket: Ticket, *, now: float) -> tuple[bytes, bytes]:
    """Server-Timing (W3C) of an admitted batch: its wait in the queue and its time in
    central up to the answer, in milliseconds, so a client (or the fleet bench) can tell
    central's share of a slow answer from the network's and its own."""
    batch_ms = max(now - ticket.started, 0.0) * 1000
    value = f"queue;dur={ticket.waited_s * 1000:.1f}, batch;dur={batch_ms:.1f}"
    return (b"server-timing", value.encode())


def _content_length(scope: Scope) -> int:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return max(int(value), 0)
            except ValueError:
                return 0
    return 0


def retry_headers(retry_after_s: float) -> list[tuple[bytes, bytes]]:
    """Retry-After in whole seconds (HTTP allows nothing finer; rounded up, at least 1) and
    Retry-After-Ms with central's estimate in milliseconds, which the kiosk prefers."""
    millis = max(1, math.ceil(retry_after_s * 1000))
    seconds = max(1, math.ceil(millis / 1000))
    return [(b"retry-after", str(seconds).encode()), (b"retry-after-ms", str(millis).encode())]


async def _busy(send: Send, retry_after_s: float) -> None:
    message = (
        "Central is taking as many batches as it can; retry after Retry-After-Ms (or Retry-After)."
    )
    await send_problem(send, 503, "busy", message, retry_headers(retry_after_s))
