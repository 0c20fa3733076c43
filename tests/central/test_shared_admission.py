"""One admission limit for all of central's workers: gates in separate processes (spawned, as
uvicorn's workers are) share the file `serve` makes; a worker killed while it holds places
gives them back."""

import asyncio
import multiprocessing
import os
import signal
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pytest

from central.core.shared_admission import SharedAdmission
from central.core.shedding import AdaptiveLimit, BatchGate, Refused, Ticket

ANSWER_S = 60  # a spawned worker's answer: generous, it is not what is measured


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Place:
    """A request in the line, as the model has it (the server's is an asyncio future)."""

    def __init__(self) -> None:
        self.ticket: Ticket | None = None

    def done(self) -> bool:
        return self.ticket is not None

    def set_result(self, ticket: Ticket, /) -> None:
        self.ticket = ticket


def gate(path: Path | None, *, limit: int = 2, clock: Clock | None = None) -> BatchGate:
    return BatchGate(
        limit=AdaptiveLimit(initial=limit, floor=limit, ceiling=limit),
        first_retry_after_s=1.0,
        clock=clock or Clock(),
        shared=None if path is None else SharedAdmission(path),
    )


def worker(path: Path, limit: int, commands: Connection) -> None:
    """Another worker process: does what it is told, answers with what it sees."""
    mine = gate(path, limit=limit)
    tickets: list[Ticket] = []
    places: list[Place] = []
    while True:
        command = commands.recv()
        if command == "admit":
            tickets.append(mine.admit())
        elif command == "leave":
            mine.leave(tickets.pop(0), size=1024)
        elif command == "join":
            places.append(Place())
            mine.join(places[-1])
        mine.hand_over()  # reads central's numbers
        commands.send({"in_flight": mine.in_flight, "served": [p.done() for p in places]})


class Worker:
    def __init__(self, path: Path, *, limit: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.commands, theirs = context.Pipe()
        self.process = context.Process(target=worker, args=(path, limit, theirs), daemon=True)
        self.process.start()

    def do(self, command: str) -> dict[str, Any]:
        self.commands.send(command)
        if not self.commands.poll(ANSWER_S):
            raise AssertionError(f"the worker did not answer {command!r}")
        answer: dict[str, Any] = self.commands.recv()
        return answer

    def kill(self) -> None:
        if self.process.exitcode is None:
            assert self.process.pid is not None
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.join(ANSWER_S)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "admission"
    SharedAdmission.create(path)
    return path


@pytest.fixture
def other(path: Path) -> Any:
    other = Worker(path, limit=2)
    yield other
    other.kill()


def test_two_workers_admit_under_one_limit(path: Path, other: Worker) -> None:
    here = gate(path, limit=2)
    assert other.do("admit")["in_flight"] == 1
    assert other.do("admit")["in_flight"] == 2
    # Central's two places are taken, in the other process: this one refuses.
    assert (here.decide(), here.in_flight) == ("refuse", 2)
    assert isinstance(here.refuse(), Refused)
    other.do("leave")
    assert here.decide() == "admit"
    here.admit()
    assert other.do("status")["in_flight"] == 2  # and the other sees this one's


def test_without_the_shared_file_each_worker_admits_its_own(path: Path, other: Worker) -> None:
    # What the test above catches: a gate of its own (today's with one worker) does not see
    # the other worker's places and admits past central's limit.
    here = gate(None, limit=2)
    other.do("admit")
    other.do("admit")
    assert (here.decide(), here.in_flight) == ("admit", 0)


def test_a_killed_worker_gives_its_places_and_its_line_back(path: Path, other: Worker) -> None:
    here = gate(path, limit=2)
    other.do("admit")
    other.do("admit")
    other.do("join")  # one of its requests waits in central's line
    assert (here.decide(), here.in_flight, here.queued) == ("refuse", 2, 1)
    other.kill()  # kill -9: no finally, no atexit
    assert (here.decide(), here.in_flight, here.queued) == ("admit", 0, 0)
    # Its row is used again by the next worker, and nothing of the dead one's is counted.
    again = gate(path, limit=2)
    assert again.shared is not None and again.decide() == "admit"


def test_with_the_reclaim_planted_out_a_killed_workers_places_leak(
    path: Path, other: Worker, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What the test above catches: rows never found dead hold their places for ever.
    monkeypatch.setattr(SharedAdmission, "_dead", lambda self, row: False)
    here = gate(path, limit=2)
    other.do("admit")
    other.do("admit")
    other.kill()
    assert (here.decide(), here.in_flight) == ("refuse", 2)


def test_a_place_freed_in_one_worker_goes_to_the_first_in_central_s_line(path: Path) -> None:
    here = gate(path, limit=1)
    other = Worker(path, limit=1)
    other.do("admit")
    mine = Place()
    here.join(mine)  # first in line
    assert other.do("join")["served"] == [False]  # second, in the other worker
    # The other worker frees its place: its own waiter came after this one's, so it does not
    # take it; this worker's first in line does, when it looks.
    assert other.do("leave") == {"in_flight": 0, "served": [False]}
    here.hand_over()
    assert mine.done() and here.in_flight == 1
    assert other.do("status") == {"in_flight": 1, "served": [False]}
    other.kill()


def test_a_waiting_request_takes_a_place_another_worker_frees(path: Path) -> None:
    async def scenario() -> None:
        clock = Clock()
        first, second = gate(path, limit=1, clock=clock), gate(path, limit=1, clock=clock)
        for _ in range(2):  # the warm-up, then a measured batch of 0.2 s: shared by both
            ticket = first.admit()
            clock.now += 0.2
            first.leave(ticket, size=1024)
        assert second.decide() == "admit" and second.latency_s == pytest.approx(0.2)
        held = first.admit()
        waiting = asyncio.ensure_future(second.enter())
        await asyncio.sleep(0)
        assert (second.in_flight, second.queued) == (1, 1)
        first.leave(held, size=1024)  # nobody waits in this worker: the place stays free
        assert isinstance(await waiting, Ticket)
        assert (first.decide(), first.in_flight, first.queued) == ("queue", 1, 0)

    asyncio.run(scenario())
