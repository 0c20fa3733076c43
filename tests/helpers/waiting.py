"""Wait for a condition with a deadline, for tests that watch another thread."""

import time
from collections.abc import Callable


def wait_until(condition: Callable[[], object], *, timeout_s: float = 10.0) -> None:
    """Return once ``condition()`` is true; fail the test after ``timeout_s``, a bound for a
    broken test far above a loaded machine's wait, never a measurement."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout_s} s")
        time.sleep(0.005)
