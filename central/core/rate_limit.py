"""Token buckets for enrolment attempts, per client address and overall.

In-process: each worker process keeps its own buckets, so N workers allow N times the rate.
"""

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable


class TokenBucket:
    """``rate`` attempts a second on average, bursts up to ``burst``."""

    def __init__(
        self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._tokens = float(burst)
        self._at = clock()

    def take(self) -> float:
        """0 when an attempt may go ahead (and uses it up), else seconds until one may."""
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._at) * self.rate)
        self._at = now
        if self._tokens >= 1:
            self._tokens -= 1
            return 0.0
        return (1 - self._tokens) / self.rate


class EnrolLimiter:
    """One bucket per client address (the newest 10,000 kept) and one for everybody."""

    def __init__(
        self,
        *,
        per_client_per_min: int,
        overall_per_min: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._clock = clock
        self._per_client = per_client_per_min
        self._overall = TokenBucket(overall_per_min / 60, overall_per_min, clock)
        self._clients: OrderedDict[str, TokenBucket] = OrderedDict()
        self._lock = threading.Lock()

    def wait_for(self, client: str) -> int:
        """0 to go ahead, else whole seconds to wait (the Retry-After value)."""
        with self._lock:
            bucket = self._clients.pop(client, None) or TokenBucket(
                self._per_client / 60, self._per_client, self._clock
            )
            self._clients[client] = bucket
            if len(self._clients) > 10_000:
                self._clients.popitem(last=False)
            wait = bucket.take()
            if not wait:
                wait = self._overall.take()
            return math.ceil(wait)
