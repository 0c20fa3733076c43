"""The guide's PIN: a salted scrypt hash on disk (never the PIN itself) and the lockout policy.

Qt-free so the command line (`kiosk set-pin`) and the lock screen share one implementation.
"""

import hashlib
import hmac
import json
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk import atomic

log = logging.getLogger(__name__)
LOCKOUT_FILE = "pin_lockout.json"  # in the data folder, beside the PIN's hash

# Documented in README.md; `kiosk set-pin` replaces it. Shipped kiosks must change it.
DEFAULT_PIN = "2468"
MIN_LENGTH = 4
MAX_LENGTH = 12
# scrypt cost: ~50 ms and 16 MiB per try on the kiosk PC, slow enough to make an offline
# guess of a short PIN expensive, fast enough not to stall the touchscreen.
_N, _R, _P, _DKLEN = 2**14, 8, 1, 32
_SCHEME = "scrypt"


def _derive(pin: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    return hashlib.scrypt(
        pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=dklen, maxmem=64 * 1024 * 1024
    )


def check_format(pin: str) -> str:
    """The PIN if it is MIN_LENGTH..MAX_LENGTH digits; ValueError otherwise."""
    if not (pin.isascii() and pin.isdigit() and MIN_LENGTH <= len(pin) <= MAX_LENGTH):
        raise ValueError(f"a PIN is {MIN_LENGTH} to {MAX_LENGTH} digits")
    return pin


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """``scrypt$n$r$p$salt$hash`` (hex), with a fresh random salt unless one is given."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = _derive(pin, salt, _N, _R, _P, _DKLEN)
    return f"{_SCHEME}${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    """Whether ``pin`` matches the stored hash; a malformed hash never matches."""
    try:
        scheme, n, r, p, salt, digest = stored.strip().split("$")
        if scheme != _SCHEME:
            return False
        expected = bytes.fromhex(digest)
        actual = _derive(pin, bytes.fromhex(salt), int(n), int(r), int(p), len(expected))
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


def read_pin_hash(path: Path) -> str:
    """The stored hash, or a hash of DEFAULT_PIN on first run (nothing is written then)."""
    try:
        return path.read_text("utf-8").strip()
    except FileNotFoundError:
        return hash_pin(DEFAULT_PIN)


def write_pin(path: Path, pin: str) -> None:
    """Store a new PIN's hash atomically, readable only by the kiosk's user."""
    atomic.write(path, (hash_pin(check_format(pin)) + "\n").encode("utf-8"))


@dataclass
class Lockout:
    """Five wrong PINs lock entry for a period that doubles with every lockout, up to a cap.

    Times are seconds on a monotonic clock passed in by the caller, so a wrong wall clock
    after a cold start cannot shorten or lengthen a running lockout, and tests need no
    sleeping. With ``state_file`` the counts and the lock survive a restart or a power cut
    (written through kiosk.atomic): the file holds the lock's end on the wall clock and its
    period, and a restored lock lasts what is left of it, never more than its period, so a
    clock that came up wrong can at worst shorten it, and pulling the plug never clears it.
    """

    max_tries: int = 5
    base_s: float = 30.0
    cap_s: float = 3600.0
    failures: int = 0
    lockouts: int = 0
    locked_until: float = 0.0
    state_file: Path | None = None
    wall: Callable[[], float] = field(default=time.time, repr=False)
    period_s: float = 0.0

    @classmethod
    def restore(cls, state_file: Path, *, now: float, **policy: Any) -> "Lockout":
        """The lockout as it was before the restart (fresh if there is no readable file)."""
        lockout = cls(state_file=state_file, **policy)
        try:
            state = json.loads(state_file.read_text("utf-8"))
            lockout.failures = int(state["failures"])
            lockout.lockouts = int(state["lockouts"])
            lockout.period_s = float(state["period_s"])
            left = float(state["locked_until_wall"]) - lockout.wall()
        except FileNotFoundError:
            return lockout
        except (ValueError, KeyError, TypeError) as exc:  # not ours to repair: start counting anew
            log.warning("ignoring unreadable PIN lockout state %s: %s", state_file, exc)
            return cls(state_file=state_file, **policy)
        lockout.locked_until = now + min(max(left, 0.0), lockout.period_s)
        return lockout

    def remaining(self, now: float) -> float:
        """Seconds until a PIN may be tried again; 0 when it may be tried now."""
        return max(0.0, self.locked_until - now)

    def record_failure(self, now: float) -> float:
        """Count a wrong PIN; returns the lock period just started, or 0."""
        self.failures += 1
        period = 0.0
        if self.failures >= self.max_tries:
            period = float(min(self.cap_s, self.base_s * 2**self.lockouts))
            self.lockouts += 1
            self.failures = 0
            self.locked_until = now + period
            self.period_s = period
        self._save(now)
        return period

    def record_success(self) -> None:
        changed = self.failures or self.lockouts
        self.failures = 0
        self.lockouts = 0
        self.locked_until = 0.0
        self.period_s = 0.0
        if changed:
            self._save(0.0)

    def _save(self, now: float) -> None:
        if self.state_file is None:
            return
        state = {
            "failures": self.failures,
            "lockouts": self.lockouts,
            "period_s": self.period_s,
            "locked_until_wall": self.wall() + self.remaining(now),
        }
        atomic.write(self.state_file, json.dumps(state).encode("utf-8"))
