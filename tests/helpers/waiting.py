"""Waits in the tests end on the event or condition they wait for; the one bound, HANG_S,
only turns a hang into a failure and is no measure of how fast the machine is."""

import time
from collections.abc import Callable

# A bound for a test that will never finish, not for a slow one: the suite runs under xdist
# on shared cores, where a sync pass's child process alone took over 20 s to start. Nothing a
# test waits for takes minutes, so this is far from any machine's pace; the crash and power
# harnesses give their children the same 300 s.
HANG_S = 300.0
HANG_MS = int(HANG_S * 1000)


def wait_until(condition: Callable[[], object], *, timeout_s: float = HANG_S) -> None:
    """Return once ``condition()`` is true; fail the test after ``timeout_s``, which only
    catches a hang, never a measurement."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout_s} s")
        time.sleep(0.005)
