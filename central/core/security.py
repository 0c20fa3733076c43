"""Device tokens and enrolment codes: made with ``secrets``, stored only as keyed hashes.

HMAC-SHA256 with the server's secret (``central.core.secret``): a copy of the database
alone is not enough to test guesses offline, and a token is still found by one index lookup.
"""

import hashlib
import hmac
import secrets

# Unambiguous on a phone keyboard or read aloud: no 0/O, 1/I/L.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def hash_secret(value: str, *, key: bytes) -> str:
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def same_hash(a: str, b: str) -> bool:
    """Constant-time comparison, so response timing says nothing about how close a guess was."""
    return hmac.compare_digest(a.encode("ascii"), b.encode("ascii"))


def new_token() -> str:
    return secrets.token_urlsafe(32)


def new_enrol_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def normalise_code(code: str) -> str:
    return code.strip().upper().replace(" ", "")
