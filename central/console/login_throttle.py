"""Sign-in throttling with growing delays, never a lock a stranger can set: per (account,
address), per address across accounts, and a looser per-account limit that an address the
account signed in from before does not share. In-process: each worker keeps its own."""

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

# Keys kept at most (failure records, and remembered good addresses): a flood of made-up names
# or addresses pushes out the oldest instead of growing without bound.
MAX_KEYS = 100_000


@dataclass(slots=True)
class _Failures:
    count: int = 0
    last: float = 0.0  # the clock at the newest failure
    until: float = 0.0  # no attempt on this key before this


@dataclass(frozen=True, slots=True)
class Tripped:
    """A key that has just begun to delay attempts; the audit log records it."""

    kind: str  # "account+address", "address" or "account"
    delay_s: int


class LoginThrottle:
    """After ``free`` failures on a key the next attempt waits ``base_delay_s``, and each
    failure more doubles the wait, up to ``max_delay_s``. A key is forgotten
    ``forget_after_s`` after its last failure; a good sign-in clears its pair."""

    def __init__(
        self,
        *,
        per_pair: int,
        per_address: int,
        per_account: int,
        base_delay_s: float = 1.0,
        max_delay_s: float = 900.0,
        forget_after_s: float = 3600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._free = {"account+address": per_pair, "address": per_address, "account": per_account}
        self._base = base_delay_s
        self._max = max_delay_s
        self._forget = forget_after_s
        self._clock = clock
        self._failures: OrderedDict[tuple[str, ...], _Failures] = OrderedDict()
        self._known: OrderedDict[tuple[str, str], None] = OrderedDict()  # (account, address)
        self._lock = threading.Lock()

    def _keys(self, account: str, address: str) -> list[tuple[str, ...]]:
        keys: list[tuple[str, ...]] = [("account+address", account, address), ("address", address)]
        # A stranger's guesses slow the account down for other strangers, never for an
        # address the account has signed in from before (its usual place).
        if (account, address) not in self._known:
            keys.append(("account", account))
        return keys

    def _get(self, key: tuple[str, ...], now: float) -> _Failures | None:
        entry = self._failures.get(key)
        if entry is not None and now - entry.last > self._forget and now >= entry.until:
            del self._failures[key]
            return None
        return entry

    def wait_for(self, account: str, address: str) -> int:
        """0 when an attempt may be checked now, else whole seconds to wait (Retry-After)."""
        with self._lock:
            now = self._clock()
            waits = [
                entry.until - now
                for key in self._keys(account, address)
                if (entry := self._get(key, now)) is not None
            ]
            return max(0, math.ceil(max(waits, default=0.0)))

    def failed(self, account: str, address: str) -> list[Tripped]:
        """Count a wrong password (or unknown name, alike); returns the keys that now delay."""
        with self._lock:
            now = self._clock()
            tripped = []
            for key in self._keys(account, address):
                entry = self._get(key, now) or _Failures()
                entry.count += 1
                entry.last = now
                over = entry.count - self._free[key[0]]
                if over >= 0:
                    delay = min(self._max, self._base * 2 ** min(over, 32))
                    entry.until = now + delay
                    if over == 0:
                        tripped.append(Tripped(kind=key[0], delay_s=math.ceil(delay)))
                self._failures.pop(key, None)
                self._failures[key] = entry
            while len(self._failures) > MAX_KEYS:
                self._failures.popitem(last=False)
            return tripped

    def succeeded(self, account: str, address: str) -> None:
        """A good sign-in: the pair starts afresh and the address is the account's own."""
        with self._lock:
            self._failures.pop(("account+address", account, address), None)
            self._known.pop((account, address), None)
            self._known[(account, address)] = None
            while len(self._known) > MAX_KEYS:
                self._known.popitem(last=False)
