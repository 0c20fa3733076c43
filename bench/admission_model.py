"""Model: central's admission (the real BatchGate and AdaptiveLimit) against a simulated central.

No clock but the model's own, no real work: a fleet night as events. Central is a processor
shared by the batches in flight (``parallel`` of them run at full speed, more share it); a
batch alone takes 1 unit, the worker's first (its warm-up) 5. Each of ``workers`` gates
admits, queues or refuses for the kiosks on its connections; a refused kiosk sleeps central's
hint plus up to 50 % (the kiosk's jitter). Figures are in units of a batch's time alone, so
they do not depend on any machine: p50, p99 of answered posts, the night's end, the share of
it central was busy, each worker's limit at the end. The last line is one JSON object.
Run: .venv/bin/python bench/admission_model.py
"""

import heapq
import json
import random
from dataclasses import dataclass, field

from central.core.shedding import AdaptiveLimit, BatchGate, Ticket


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
    kiosks: int = 220
    seed: int = 1
    now: float = 0.0
    busy: float = 0.0
    running: dict[int, list] = field(default_factory=dict)  # kiosk: [work left, ticket, sent]
    events: list[tuple[float, int, int]] = field(default_factory=list)  # (when, order, kiosk)
    latencies: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.gates = [
            BatchGate(
                limit=AdaptiveLimit(initial=1, ceiling=20),
                first_retry_after_s=1.0,
                clock=lambda: self.now,
            )
            for _ in range(self.workers)
        ]
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
        gate = self.gate(kiosk)
        ticket = ticket or gate.admit()
        self.running[kiosk] = [5.0 if gate.admitted == 1 else 1.0, ticket, sent]

    def rate(self) -> float:
        return min(1.0, self.parallel / len(self.running))

    def advance(self, to: float) -> None:
        if self.running:
            for batch in self.running.values():
                batch[0] -= (to - self.now) * self.rate()
            self.busy += (to - self.now) * min(len(self.running), self.parallel)
        self.now = to

    def refuse(self, kiosk: int) -> None:
        hint = self.gate(kiosk).refuse().retry_after_s
        self.arrive_at(self.now + hint * (1 + 0.5 * self.rng.random()), kiosk)

    def run(self) -> dict:
        while self.events or self.running:
            finish = None
            if self.running:
                kiosk, batch = min(self.running.items(), key=lambda kv: kv[1][0])
                finish = (self.now + max(batch[0], 0.0) / self.rate(), kiosk)
            if self.events and (finish is None or self.events[0][0] <= finish[0]):
                when, _, kiosk = heapq.heappop(self.events)
                self.advance(when)
                gate = self.gate(kiosk)
                decision = gate.decide()
                if decision == "admit":
                    self.start(kiosk, when)
                elif decision == "queue":
                    deadline = when + 2 * (gate.latency_s or 0.0)  # the gate's own budget
                    gate._waiting.append(Waiter(kiosk, when, deadline, self))
                    gate.queued_total += 1
                else:
                    self.refuse(kiosk)
                for gate in self.gates:
                    for waiter in [w for w in gate._waiting if w.deadline <= self.now]:
                        gate._waiting.remove(waiter)
                        self.refuse(waiter.kiosk)
                continue
            assert finish is not None
            self.advance(finish[0])
            kiosk = finish[1]
            _, ticket, sent = self.running.pop(kiosk)
            self.latencies.append(self.now - sent)
            self.gate(kiosk).leave(ticket, size=100_000)  # hands its place to the queue
            self.left[kiosk] -= 1
            if self.left[kiosk]:
                self.arrive_at(self.now, kiosk)
        ordered = sorted(self.latencies)
        return {
            "parallel": self.parallel,
            "workers": self.workers,
            "p50": round(ordered[len(ordered) // 2], 2),
            "p99": round(ordered[int(0.99 * len(ordered))], 2),
            "night": round(self.now, 1),
            "busy": round(self.busy / self.now / self.parallel, 2),
            "limits": [round(g.limiter.limit, 2) for g in self.gates],
            "shed": sum(g.shed for g in self.gates),
        }


def main() -> dict:
    runs = []
    for parallel in (1.0, 2.0, 3.0):
        for workers in (1, 2):
            run = Night(parallel=parallel, workers=workers).run()
            print(json.dumps(run))
            runs.append(run)
    summary = {"runs": runs}
    print(json.dumps(summary))
    return summary


if __name__ == "__main__":
    main()
