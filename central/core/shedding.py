"""Admission of batch uploads: one limit for central (all its workers) that adapts to
measured latency, a short queue before refusing, and retry hints finer than a second
(Retry-After-Ms).

No figure here is tuned to one machine: the limit follows what central does now.
"""

import asyncio
import heapq
import math
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from central.core.asgi_problem import send_problem
from central.core.shared_admission import Numbers, SharedAdmission

Clock = Callable[[], float]
# A batch's cost is its latency per byte of body; a tiny body counts as this many bytes, so
# that a request's fixed cost does not read as a slow worker.
_MIN_COST_BYTES = 1024


class AdaptiveLimit:
    """How many batches central takes at once, from their latency (after the gradient
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


class Place(Protocol):
    """A request waiting in the line for a place (an asyncio future in the server)."""

    def done(self) -> bool: ...

    def set_result(self, ticket: Ticket, /) -> None: ...


class BatchGate:
    """Central's batch uploads: in flight, queued, shed; kept on ``app.state.batch_gate``.

    A request past the limit waits in a FIFO queue if fewer than a limit's worth wait before
    it, so it is expected in within about one batch's time; it gives up after twice that
    (CoDel's idea: a queue that does not drain quickly is refused, not grown). The rest are
    refused with the moment central expects to have room for them, paced so a crowd is not
    sent back together.

    One limit for central as a whole: with ``shared`` (the file `serve` makes for its
    workers) every worker process reads and writes the same numbers under one lock, so the
    workers' batches in flight, their queue and what the limit learnt are central's, not one
    worker's each; alone, the gate's own attributes are those numbers. A place another
    worker frees is not handed to this worker's queue: its first in line looks every quarter
    of a place's time (the line across workers is kept by arrival number).

    The worker's first batch is its warm-up (imports, the pool's first connection, cold
    caches: seconds where a warm batch takes tens of milliseconds); it teaches nothing, or
    every hint of the night would be paced by it. So a client should send its first two
    batches one at a time (the kiosk's ``ALONE_FIRST``): until the second is answered a
    central just started admits one batch at once (the baseline is measured alone) and
    refuses another for ``first_retry_after_s``, a whole second, nothing being measured yet.
    """

    def __init__(
        self,
        *,
        limit: AdaptiveLimit,
        first_retry_after_s: float,
        clock: Clock = time.monotonic,
        shared: SharedAdmission | None = None,
    ) -> None:
        self.limiter = limit
        self.first_retry_after_s = first_retry_after_s  # before any batch was measured
        self.clock = clock
        self.shared = shared
        self.in_flight = 0
        self.shed = 0
        self.queued_total = 0
        self.admitted = 0
        self.latency_s: float | None = None  # a batch's mean time in central (EWMA)
        self._mean_bytes: float | None = None
        self._waiting: deque[tuple[int, Place]] = deque()  # (arrival number, place)
        self._arrivals = 0
        self._waiting_elsewhere = 0  # in other workers' queues
        self._first_elsewhere: int | None = None  # their first in line's arrival number
        # When each refused request was told to come back, while that is still ahead.
        self._promises: list[float] = []  # a heap
        self._warm = False  # the first batch (the warm-up) has finished
        self._holding = False

    @contextmanager
    def _synced(self) -> Iterator[None]:
        """Central's numbers in this gate's attributes for the time of one step, and what the
        step changed back in the shared file; alone (or inside a step), nothing to do."""
        if self.shared is None or self._holding:
            yield
            return
        with self.shared.hold() as numbers:
            self._holding = True
            try:
                self._load(numbers)
                yield
                self._store(numbers)
            finally:
                self._holding = False

    def _load(self, numbers: Numbers) -> None:
        limiter = self.limiter
        if numbers.ready:  # else the first worker to look starts central's from its own
            limiter.limit, limiter.baseline = numbers.limit, numbers.baseline
            limiter.since_alone, limiter.slow_start = numbers.since_alone, numbers.slow_start
            self.latency_s, self._mean_bytes = numbers.latency_s, numbers.mean_bytes
            self.admitted, self.shed = numbers.admitted, numbers.shed
            self.queued_total, self._arrivals = numbers.queued_total, numbers.arrivals
        self.in_flight = numbers.in_flight_all
        self._waiting_elsewhere = numbers.waiting_all - len(self._waiting)
        self._first_elsewhere = numbers.oldest_elsewhere
        if self.shared is not None:
            self._promises = self.shared.promises()

    def _store(self, numbers: Numbers) -> None:
        limiter = self.limiter
        numbers.ready = True
        numbers.limit, numbers.baseline = limiter.limit, limiter.baseline
        numbers.since_alone, numbers.slow_start = limiter.since_alone, limiter.slow_start
        numbers.latency_s, numbers.mean_bytes = self.latency_s, self._mean_bytes
        numbers.admitted, numbers.shed = self.admitted, self.shed
        numbers.queued_total, numbers.arrivals = self.queued_total, self._arrivals
        numbers.in_flight_all = self.in_flight
        if self.shared is not None:
            first = self._waiting[0][0] if self._waiting else None
            self.shared.set_waiting(len(self._waiting), first)
            self.shared.set_promises(self._promises)

    @property
    def limit(self) -> int:
        """Batches admitted at once now: the floor (one) while the baseline is measured."""
        if self.limiter.probing:
            return self.limiter.floor
        return max(1, int(self.limiter.limit))

    @property
    def queued(self) -> int:
        return len(self._waiting) + self._waiting_elsewhere

    def decide(self) -> str:
        """``"admit"``, ``"queue"`` or ``"refuse"`` for a request arriving now."""
        with self._synced():
            if self.in_flight < self.limit and not self.queued:
                return "admit"
            # Behind fewer than a limit's worth, a request is expected in within one batch's
            # time. Before any batch was measured there is no such promise to make.
            room = max(1, int(self.limiter.limit))
            if self.latency_s is not None and self.queued < room:
                return "queue"
            return "refuse"

    def admit(self) -> Ticket:
        with self._synced():
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
        with self._synced():
            self.shed += 1
            if self.latency_s is None:
                return Refused(self.first_retry_after_s)
            now = self.clock()
            while self._promises and self._promises[0] <= now:
                heapq.heappop(self._promises)  # come back (or given up): no longer ahead
            step = self._step()  # a place frees this often
            ahead = max(self.in_flight + self.queued - self.limit, 0)
            if self.limiter.finding:
                # The pace is not known yet (the limit is still climbing from one): a line
                # drawn at it would send a crowd away for minutes. Come back once what is in
                # now has drained; a return too early costs one more refusal, one too late an
                # idle place.
                wait = step * (ahead + 1)
            else:
                wait = step * (ahead + len(self._promises) + 1)
            heapq.heappush(self._promises, now + wait)
            return Refused(wait)

    def _step(self) -> float:
        return (self.latency_s or 0.0) / max(1, int(self.limiter.limit))

    def join(self, place: Place) -> None:
        """Put a request in the line; a place is handed to it with ``set_result``."""
        with self._synced():
            self._arrivals += 1
            self._waiting.append((self._arrivals, place))
            self.queued_total += 1

    def give_up(self, place: Place) -> Refused | None:
        """A request's wait in the line is over: refused, or None if it got a place after
        all (one freed elsewhere at the last moment)."""
        with self._synced():
            self._hand_over()
            if place.done():
                return None
            self._waiting = deque(w for w in self._waiting if w[1] is not place)
            return self.refuse()

    async def enter(self) -> Ticket | Refused:
        """Take a place, waiting in the queue if that is quick, or be refused."""
        arrived = self.clock()
        entered = await self._enter()
        if isinstance(entered, Ticket):
            entered.waited_s = max(entered.started - arrived, 0.0)
        return entered

    async def _enter(self) -> Ticket | Refused:
        loop = asyncio.get_running_loop()
        with self._synced():
            decision = self.decide()
            if decision == "admit":
                return self.admit()
            if decision == "refuse":
                return self.refuse()
            future: asyncio.Future[Ticket] = loop.create_future()
            self.join(future)
            budget = 2 * (self.latency_s or 0.0)
            # Alone, every place that frees here is handed over at once: nothing to look for.
            look_every = budget if self.shared is None else max(self._step() / 4, 0.001)
            deadline = loop.time() + budget
        while (left := deadline - loop.time()) > 0:
            try:
                return await asyncio.wait_for(asyncio.shield(future), min(left, look_every))
            except TimeoutError:
                self.hand_over()  # a place another worker freed
                if future.done():
                    return future.result()
        refused = self.give_up(future)
        return future.result() if refused is None else refused

    def leave(self, ticket: Ticket, *, size: int) -> None:
        """A batch that took a place finished (whatever its answer): learn, hand over."""
        with self._synced():
            latency = max(self.clock() - ticket.started, 0.0)
            alone = ticket.alone_at_start and self.admitted == ticket.admitted_before
            self.in_flight -= 1
            if not self._warm:  # the warm-up: see the class's docstring
                self._warm = True
                self._hand_over()
                return
            size = size or int(self._mean_bytes or _MIN_COST_BYTES)
            mean = self._mean_bytes
            self._mean_bytes = size if mean is None else 0.9 * mean + 0.1 * size
            self.latency_s = (
                latency if self.latency_s is None else 0.9 * self.latency_s + 0.1 * latency
            )
            cost = latency / max(size, _MIN_COST_BYTES)
            self.limiter.on_sample(cost, in_flight=self.in_flight + 1, alone=alone)
            self._hand_over()

    def hand_over(self) -> None:
        """Hand free places to this worker's line, if it is first in central's line."""
        with self._synced():
            self._hand_over()

    def _hand_over(self) -> None:
        while self._waiting and self.in_flight < self.limit:
            number, place = self._waiting[0]
            if self._first_elsewhere is not None and self._first_elsewhere < number:
                return  # another worker's request came first: it takes the place
            self._waiting.popleft()
            if not place.done():
                place.set_result(self.admit())


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
