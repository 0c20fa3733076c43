"""The guide's PIN: a salted scrypt hash on disk (never the PIN itself) and the lockout policy.

Qt-free so the command line (`kiosk set-pin`) and the lock screen share one implementation.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from pathlib import Path

from kiosk import atomic

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
    after a cold start cannot shorten or lengthen a lockout, and tests need no sleeping.
    """

    max_tries: int = 5
    base_s: float = 30.0
    cap_s: float = 3600.0
    failures: int = 0
    lockouts: int = 0
    locked_until: float = 0.0

    def remaining(self, now: float) -> float:
        """Seconds until a PIN may be tried again; 0 when it may be tried now."""
        return max(0.0, self.locked_until - now)

    def record_failure(self, now: float) -> float:
        """Count a wrong PIN; returns the lock period just started, or 0."""
        self.failures += 1
        if self.failures < self.max_tries:
            return 0.0
        period = float(min(self.cap_s, self.base_s * 2**self.lockouts))
        self.lockouts += 1
        self.failures = 0
        self.locked_until = now + period
        return period

    def record_success(self) -> None:
        self.failures = 0
        self.lockouts = 0
        self.locked_until = 0.0
