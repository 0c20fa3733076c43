"""Model: central's admission (the real BatchGate and AdaptiveLimit) against a simulated central.

No clock but the model's own, no real work: a fleet night as events. Central is a processor
shared by the batches in flight (``parallel`` of them run at full speed, more share it); a
batch alone takes 1 unit, the worker's first (its warm-up) 5. Each of ``workers`` gates
admits, queues or refuses for the kiosks on its connections; a refused kiosk sleeps central's
hint plus up to 50 % (the kiosk's jitter). ``shared``: the workers' gates share one
admission state (one limit for central, the file `serve` makes), and a place one worker frees
is taken by another's line when it looks (every quarter of a place's time, as in central).
Figures are in units of a batch's time alone, so they do not depend on any machine: p50, p99
of answered posts, the night's end, the share of it central was busy, each worker's limit at
the end. The last line is one JSON object; ``p99_2_over_1`` is 2 workers' p99 over 1
worker's, per number of lanes, with each worker's own limit and with the shared one.
Run: .venv/bin/python bench/admission_model.py
"""

import heapq
import json
import random
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from central.core.shared_admission import SharedAdmission
from central.core.shedding import AdaptiveLimit, BatchGate, Ticket

LOOK = -1  # an event that is no kiosk: the workers' lines look for a free place


@dataclass
class Waiter:
    """A kiosk in a gate's queue, standing in for the asyncio future the gate hands a place."""

    kiosk: int
    sent: float
    deadline: float
    on_place: "Night"
    _done: bool = False

    def done(self) -> bool:
        return self._done

    def set_result(self, ticket: Ticket) -> None:
        self._done = True
        self.on_place.start(self.kiosk, self.sent, ticket)


@dataclass
class Night:
    parallel: float
    workers: int
    shared: bool = False
    kiosks: int = 220
    seed: int = 1
    now: float = 0.0
    busy: float = 0.0
    running: dict[int, list[Any]] = field(default_factory=dict)  # kiosk: [work left, ticket, sent]
    events: list[tuple[float, int, int]] = field(default_factory=list)  # (when, order, kiosk)
    latencies: list[float] = field(default_factory=list)
    waiting: list[Waiter] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.folder = tempfile.TemporaryDirectory()
        path = Path(self.folder.name) / "admission"
        SharedAdmission.create(path)
        self.gates = [
            BatchGate(
                limit=AdaptiveLimit(initial=1, ceiling=20),
                first_retry_after_s=1.0,
                clock=lambda: self.now,
                shared=SharedAdmission(path) if self.shared else None,
            )
            for _ in range(self.workers)
        ]
        self.started = [0] * self.workers  # batches each worker started (its first: warm-up)
        self.left = {k: self.rng.randint(3, 12) for k in range(self.kiosks)}
        self.order = 0
        for kiosk in range(self.kiosks):
            self.arrive_at(self.rng.random() * 0.5, kiosk)

    def gate(self, kiosk: int) -> BatchGate:
        return self.gates[kiosk % self.workers]  # a kiosk keeps its connection's worker

    def arrive_at(self, when: float, kiosk: int) -> None:
        self.order += 1
        heapq.heappush(self.events, (when, self.order, kiosk))

    def start(self, kiosk: int, sent: float, ticket: Ticket | None = None) -> None:
        ticket = ticket or self.gate(kiosk).admit()
        self.started[kiosk % self.workers] += 1
        self.running[kiosk] = [
            5.0 if self.started[kiosk % self.workers] == 1 else 1.0,
            ticket,
            sent,
        ]

    def rate(self) -> float:
        return min(1.0, self.parallel / len(self.running))

    def advance(self, to: float) -> None:
        if self.running:
            for batch in self.running.values():
                batch[0] -= (to - self.now) * self.rate()
            self.busy += (to - self.now) * min(len(self.running), self.parallel)
        self.now = to

    def refuse(self, kiosk: int) -> None:
        self.retry(kiosk, self.gate(kiosk).refuse().retry_after_s)

    def retry(self, kiosk: int, hint: float) -> None:
        self.arrive_at(self.now + hint * (1 + 0.5 * self.rng.random()), kiosk)

    def hand_over(self) -> None:
        """The lines look for a place freed in another worker (in its own worker it went to
        its own line in ``leave``)."""
        for gate in self.gates:
            gate.hand_over()

    def look_later(self, gate: BatchGate) -> None:
        """In central a line looks every quarter of a place's time: a place freed in another
        worker waits for that look, here up to one such interval (uniformly)."""
        if self.shared:
            every = max((gate.latency_s or 0.0) / max(1, int(gate.limiter.limit)) / 4, 0.001)
            self.arrive_at(self.now + every * self.rng.random(), LOOK)

    def run(self) -> dict[str, Any]:
        while self.events or self.running:
            finish = None
            if self.running:
                kiosk, batch = min(self.running.items(), key=lambda kv: kv[1][0])
                finish = (self.now + max(batch[0], 0.0) / self.rate(), kiosk)
            if self.events and (finish is None or self.events[0][0] <= finish[0]):
                when, _, kiosk = heapq.heappop(self.events)
                self.advance(when)
                if kiosk == LOOK:
                    self.hand_over()
                    continue
                gate = self.gate(kiosk)
                decision = gate.decide()
                if decision == "admit":
                    self.start(kiosk, when)
                elif decision == "queue":
                    deadline = when + 2 * (gate.latency_s or 0.0)  # the gate's own budget
                    waiter = Waiter(kiosk, when, deadline, self)
                    gate.join(waiter)
                    self.waiting.append(waiter)
                else:
                    self.refuse(kiosk)
                for waiter in [w for w in self.waiting if w.done() or w.deadline <= self.now]:
                    self.waiting.remove(waiter)
                    if not waiter.done():
                        refused = self.gate(waiter.kiosk).give_up(waiter)
                        if refused is not None:
                            self.retry(waiter.kiosk, refused.retry_after_s)
                continue
            assert finish is not None
            self.advance(finish[0])
            kiosk = finish[1]
            _, ticket, sent = self.running.pop(kiosk)
            self.latencies.append(self.now - sent)
            self.gate(kiosk).leave(ticket, size=100_000)  # hands its place to the queue
            self.look_later(self.gate(kiosk))
            self.left[kiosk] -= 1
            if self.left[kiosk]:
                self.arrive_at(self.now, kiosk)
        ordered = sorted(self.latencies)
        for gate in self.gates:
            gate.hand_over()  # reads central's numbers (shared) into the gate
        self.folder.cleanup()
        return {
            "parallel": self.parallel,
            "workers": self.workers,
            "shared": self.shared,
            "p50": round(ordered[len(ordered) // 2], 2),
            "p99": round(ordered[int(0.99 * len(ordered))], 2),
            "night": round(self.now, 1),
            "busy": round(self.busy / self.now / self.parallel, 2),
            "limits": [round(g.limiter.limit, 2) for g in self.gates],
            "shed": self.gates[0].shed if self.shared else sum(g.shed for g in self.gates),
        }


def main() -> dict[str, Any]:
    runs = []
    p99_ratio = {}  # 2 workers' p99 over 1 worker's, per lanes: each worker its own, shared
    for parallel in (1.0, 2.0, 3.0):
        one = Night(parallel=parallel, workers=1).run()
        runs.append(one)
        for shared in (False, True):
            two = Night(parallel=parallel, workers=2, shared=shared).run()
            runs.append(two)
            label = (
                f"{int(parallel)}_lane{'s' if parallel > 1 else ''}_{'shared' if shared else 'own'}"
            )
            p99_ratio[label] = round(two["p99"] / one["p99"], 2)
    for run in runs:
        print(json.dumps(run))
    summary = {"runs": runs, "p99_2_over_1": p99_ratio}
    print(json.dumps(summary))
    return summary


if __name__ == "__main__":
    main()
