"""Admission of batches: the adaptive limit, the short queue and the paced retry hints,
driven by an injected clock and a model of central (no timing of real work)."""

import asyncio

import pytest
from starlette.types import Message, Receive, Scope, Send

from central.core.shedding import (
    AdaptiveLimit,
    BatchGate,
    BatchShedder,
    Refused,
    Ticket,
    retry_headers,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def learnt(limit: AdaptiveLimit, baseline: float) -> AdaptiveLimit:
    limit.on_sample(baseline, in_flight=1, alone=True)
    return limit


def test_the_baseline_is_measured_alone_first() -> None:
    limit = AdaptiveLimit(initial=1, ceiling=20)
    assert limit.probing
    limit.on_sample(5.0, in_flight=3, alone=False)  # shared central: not the baseline
    assert (limit.probing, limit.baseline) == (True, None)
    limit.on_sample(2.0, in_flight=1, alone=True)
    assert (limit.probing, limit.baseline) == (False, 2.0)


def test_the_limit_grows_while_batches_stay_near_their_cost_alone() -> None:
    limit = learnt(AdaptiveLimit(initial=1, ceiling=20), 1.0)
    seen = [limit.limit]
    for _ in range(30):
        seen.append(limit.on_sample(1.2, in_flight=int(limit.limit), alone=False))
    assert seen == sorted(seen) and seen[-1] > 4


def test_the_limit_shrinks_when_batches_slow_down_and_keeps_its_bounds() -> None:
    limit = learnt(AdaptiveLimit(initial=16, floor=6, ceiling=20), 1.0)
    before = limit.limit
    after = limit.on_sample(8.0, in_flight=16, alone=False)
    assert after < before
    for _ in range(100):
        limit.on_sample(50.0, in_flight=int(limit.limit), alone=False)
    assert limit.limit == 6  # the floor
    for _ in range(200):
        limit.on_sample(0.5, in_flight=int(limit.limit), alone=False)
    assert limit.limit == 20  # the ceiling


def test_an_unused_limit_learns_nothing() -> None:
    limit = learnt(AdaptiveLimit(initial=10, ceiling=20), 1.0)
    assert limit.on_sample(9.0, in_flight=4, alone=False) == 10
    assert limit.on_sample(0.5, in_flight=4, alone=False) == 10


def test_the_baseline_is_measured_again_after_a_while() -> None:
    limit = learnt(AdaptiveLimit(initial=4, ceiling=20, probe_every=5), 1.0)
    for _ in range(4):
        limit.on_sample(1.0, in_flight=4, alone=False)
    assert not limit.probing
    limit.on_sample(1.0, in_flight=4, alone=False)
    assert limit.probing
    limit.on_sample(3.0, in_flight=1, alone=True)  # central became slower
    assert not limit.probing and limit.baseline == pytest.approx(0.7 * 1.0 + 0.3 * 3.0)


def test_a_fixed_limit_never_probes() -> None:
    limit = AdaptiveLimit(initial=20, floor=20, ceiling=20)
    assert not limit.probing
    assert limit.on_sample(100.0, in_flight=20, alone=False) == 20


def converge(*, speed: float, parallel: int, samples: int = 400, tolerance: float = 1.5) -> float:
    """A model of central: up to ``parallel`` batches run side by side at full speed, more
    share it; a batch alone costs ``speed``. Returns the limit the batches settle at."""
    limit = AdaptiveLimit(initial=1, ceiling=64, probe_every=10**9, tolerance=tolerance)
    limit.on_sample(speed, in_flight=1, alone=True)
    for _ in range(samples):
        running = int(limit.limit)  # a busy night: every place is taken
        cost = speed * max(1.0, running / parallel)
        limit.on_sample(cost, in_flight=running, alone=False)
    return limit.limit


@pytest.mark.parametrize("parallel", [1, 2, 4])
def test_the_limit_follows_what_central_can_do_not_how_fast_the_machine_is(parallel: int) -> None:
    fast, slow = converge(speed=1.0, parallel=parallel), converge(speed=3.0, parallel=parallel)
    assert fast == pytest.approx(slow)  # a 3x slower machine settles at the same limit
    # Enough to keep every parallel lane busy, not so many that a batch waits for long.
    assert parallel <= int(fast) <= 2 * parallel + 3


def test_a_limit_that_ignores_latency_fails_that_check() -> None:
    # Planted fault: a tolerance no slowdown reaches; the limit runs to the ceiling.
    assert converge(speed=1.0, parallel=1, tolerance=1000.0) > 2 * 1 + 3


def gate_with(clock: Clock, *, baseline: float | None = 1.0, limit: int = 2) -> BatchGate:
    limiter = AdaptiveLimit(initial=limit, floor=limit, ceiling=limit)
    gate = BatchGate(limit=limiter, first_retry_after_s=1.0, clock=clock)
    if baseline is not None:
        gate.latency_s = baseline
    return gate


def test_past_the_limit_a_request_queues_then_is_refused() -> None:
    clock = Clock()
    gate = gate_with(clock, limit=2)
    assert [gate.decide(), gate.admit() and gate.decide()] == ["admit", "admit"]
    gate.admit()
    assert gate.decide() == "queue"


def test_before_any_batch_was_measured_nothing_queues() -> None:
    clock = Clock()
    gate = gate_with(clock, baseline=None, limit=1)
    gate.admit()
    assert gate.decide() == "refuse"
    assert gate.refuse() == Refused(1.0)  # the configured first hint
    assert gate.shed == 1


def test_refused_requests_are_told_to_come_back_one_after_another() -> None:
    clock = Clock()
    gate = gate_with(clock, baseline=0.2, limit=2)
    gate.admit()
    gate.admit()
    hints = [gate.refuse().retry_after_s for _ in range(4)]
    # A place frees every 0.2 s / 2 = 0.1 s: each refused request gets the next one.
    assert hints == pytest.approx([0.1, 0.2, 0.3, 0.4])
    clock.now += 10  # promises in the past are forgotten
    assert gate.refuse().retry_after_s == pytest.approx(0.1)


def test_hints_follow_the_pace_of_now_not_the_line_a_slow_start_set() -> None:
    clock = Clock()
    gate = gate_with(clock, baseline=4.0, limit=2)  # a slow first measure: 2 s a place
    gate.admit()
    gate.admit()
    early = [gate.refuse().retry_after_s for _ in range(10)]
    assert early == pytest.approx([2.0 * n for n in range(1, 11)])
    gate.latency_s = 0.2  # warm now: a place frees every 0.1 s
    # Ten refused are still to come back: this one is the eleventh at today's pace, not
    # behind the 20 s line the slow measure drew (20.1 s).
    assert gate.refuse().retry_after_s == pytest.approx(1.1)
    clock.now += 5.0  # the first two came back, and the one told 1.1 s
    assert gate.refuse().retry_after_s == pytest.approx(0.9)


def test_while_the_limit_is_still_climbing_a_refusal_waits_only_for_what_is_in() -> None:
    clock = Clock()
    limiter = learnt(AdaptiveLimit(initial=1, ceiling=20), 1.0)  # slow start: limit 2
    gate = BatchGate(limit=limiter, first_retry_after_s=1.0, clock=clock)
    gate.latency_s = 1.0
    gate.admit()
    gate.admit()
    # Central's pace is not known yet: a line at 0.5 s a place would send the hundredth
    # kiosk away for 50 s while the limit climbs. Each is told when what is in has drained.
    hints = [gate.refuse().retry_after_s for _ in range(100)]
    assert hints == pytest.approx([0.5] * 100)
    limiter.on_sample(8.0, in_flight=2, alone=False)  # batches slowed down: level found
    assert not limiter.finding
    # Now the line holds: the hundred still to come back are ahead of the next one.
    assert gate.refuse().retry_after_s == pytest.approx(0.5 * 101)


def test_the_limit_grows_a_batch_a_sample_until_batches_first_slow_down() -> None:
    limit = learnt(AdaptiveLimit(initial=1, ceiling=20), 1.0)  # its first sample: 2
    seen = [limit.on_sample(1.0, in_flight=int(limit.limit), alone=False) for _ in range(4)]
    assert seen == [3.0, 4.0, 5.0, 6.0]  # slow start: one more each sample
    slowed = limit.on_sample(4.0, in_flight=6, alone=False)  # 4x its cost alone
    assert slowed < 6.0 and not limit.slow_start
    # After that the growth is the smoothed one: a fifth of a batch a sample.
    assert limit.on_sample(1.0, in_flight=int(limit.limit), alone=False) == pytest.approx(
        slowed + 0.2
    )


def test_a_queued_request_gets_the_first_place_that_frees() -> None:
    async def scenario() -> None:
        clock = Clock()
        gate = gate_with(clock, baseline=5.0, limit=1)
        first = await gate.enter()
        assert isinstance(first, Ticket)
        waiting = asyncio.ensure_future(gate.enter())
        await asyncio.sleep(0)  # let it join the queue
        assert (gate.queued, gate.in_flight) == (1, 1)
        clock.now += 0.5
        gate.leave(first, size=10_000)
        second = await waiting
        assert isinstance(second, Ticket) and second.started == clock.now
        assert (gate.queued, gate.in_flight, gate.shed) == (0, 1, 0)

    asyncio.run(scenario())


def test_a_queue_that_does_not_drain_in_time_refuses() -> None:
    async def scenario() -> None:
        gate = gate_with(Clock(), baseline=0.0, limit=1)  # its budget is 2 x 0 s
        await gate.enter()
        refused = await gate.enter()
        assert isinstance(refused, Refused)
        assert (gate.queued, gate.in_flight, gate.shed) == (0, 1, 1)

    asyncio.run(scenario())


def test_a_batch_alone_in_central_sets_the_baseline() -> None:
    clock = Clock()
    limiter = AdaptiveLimit(initial=1, ceiling=8)
    gate = BatchGate(limit=limiter, first_retry_after_s=1.0, clock=clock)
    assert gate.limit == 1  # measuring the baseline: one at a time
    # The worker's first batch is its warm-up (cold caches, the first connection): seconds,
    # which would pace every hint of the night. It teaches nothing.
    warm_up = gate.admit()
    clock.now += 4.0
    gate.leave(warm_up, size=2048)
    assert (limiter.baseline, gate.latency_s, gate.in_flight, gate.limit) == (None, None, 0, 1)
    assert gate.refuse() == Refused(1.0)  # still the configured first hint
    ticket = gate.admit()
    clock.now += 0.25
    gate.leave(ticket, size=2048)
    assert limiter.baseline == pytest.approx(0.25 / 2048)
    assert gate.latency_s == pytest.approx(0.25)
    # Two that overlapped are not alone: the baseline stays.
    one, two = gate.admit(), gate.admit()
    clock.now += 1.0
    gate.leave(one, size=2048)
    gate.leave(two, size=2048)
    assert limiter.baseline == pytest.approx(0.25 / 2048)


@pytest.mark.parametrize(
    ("seconds", "after", "millis"), [(0.04, b"1", b"40"), (2.3, b"3", b"2300"), (0.0, b"1", b"1")]
)
def test_the_hint_is_whole_seconds_and_milliseconds(
    seconds: float, after: bytes, millis: bytes
) -> None:
    assert retry_headers(seconds) == [(b"retry-after", after), (b"retry-after-ms", millis)]


def test_an_answer_says_how_long_it_queued_and_how_long_central_took() -> None:
    async def scenario() -> None:
        clock = Clock()
        gate = gate_with(clock, baseline=5.0, limit=1)
        release = asyncio.Event()

        async def central(scope: Scope, receive: Receive, send: Send) -> None:
            if scope.get("held"):
                await release.wait()
            clock.now += 0.25  # the batch's own work
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"{}"})

        shedder = BatchShedder(central, path="/batches", gate=gate)

        async def post(*, held: bool) -> bytes:
            sent: list[Message] = []

            async def send(message: Message) -> None:
                sent.append(message)

            async def receive() -> Message:
                return {"type": "http.request", "body": b"", "more_body": False}

            scope = {"type": "http", "path": "/batches", "headers": [], "held": held}
            await shedder(scope, receive, send)
            return dict(sent[0]["headers"])[b"server-timing"]

        first = asyncio.ensure_future(post(held=True))
        await asyncio.sleep(0)
        second = asyncio.ensure_future(post(held=False))
        await asyncio.sleep(0)
        assert (gate.in_flight, gate.queued) == (1, 1)
        clock.now += 0.5  # the second waits behind the first
        release.set()
        # The first took 0.75 s in central; the second waited those 0.75 s, then took 0.25 s.
        assert [await first, await second] == [
            b"queue;dur=0.0, batch;dur=750.0",
            b"queue;dur=750.0, batch;dur=250.0",
        ]

    asyncio.run(scenario())
