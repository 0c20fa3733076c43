"""Signed webhooks from REG's partners: the key system's door openings and the hauler's tickets.

One rule for both: a delivery names its integration in ``X-<Name>-Integration`` (checked before
the body is read), carries ``X-<Name>-Timestamp`` (Unix seconds) and ``X-<Name>-Signature``,
``sha256=`` + HMAC-SHA256 of ``"<timestamp>." + body`` under the integration's secret, and is
JSON with one list of rows, which the caller then judges row by row.
"""

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from central.errors import Malformed, TooLarge, Unauthenticated
from contract.limits import JSON_DEPTH_MAX, json_depth_exceeds

SIGNATURE_PREFIX = "sha256="


def sign(*, secret: str, timestamp: str, body: bytes) -> str:
    """The signature a sender sends: HMAC-SHA256 of "<timestamp>." + body."""
    stamp = timestamp.encode("utf-8", "surrogatepass")
    mac = hmac.new(secret.encode(), stamp + b"." + body, hashlib.sha256)
    return SIGNATURE_PREFIX + mac.hexdigest()


@dataclass(frozen=True)
class Webhook:
    """One partner's webhook: its header name, its body's list and how many rows it may hold."""

    name: str  # the headers' middle word: "Door" for X-Door-Integration
    member: str  # the body's list: {"events": [...]}
    rows_max: int
    too_many: str  # the refusal's code when the list is longer than rows_max

    def secret(self, secrets: Mapping[str, str], integration: str | None) -> str:
        """The named integration's secret; checked before the body is read, so a stranger's
        delivery is refused without central reading it."""
        secret = secrets.get(integration or "")
        if secret is None:
            raise Unauthenticated(
                "unknown_integration",
                f"X-{self.name}-Integration names no integration configured here.",
            )
        return secret

    def verify(
        self,
        *,
        secrets: Mapping[str, str],
        integration: str | None,
        timestamp: str | None,
        signature: str | None,
        body: bytes,
        now: datetime,
        window_s: int,
    ) -> None:
        """Raise ``Unauthenticated`` unless the body is signed by a known integration, recently."""
        secret = self.secret(secrets, integration)
        if not timestamp or not signature:
            raise Unauthenticated(
                "unsigned",
                f"Send X-{self.name}-Timestamp (Unix seconds) and "
                f"X-{self.name}-Signature (sha256=...).",
            )
        # Compare first, so the timestamp header is trusted only once it is known to be signed.
        # As bytes: compare_digest refuses a str with any non-ASCII character (TypeError).
        expected = sign(secret=secret, timestamp=timestamp, body=body).encode()
        if not hmac.compare_digest(expected, signature.encode("utf-8", "surrogatepass")):
            raise Unauthenticated(
                "bad_signature", f"X-{self.name}-Signature does not match the body."
            )
        try:
            sent = int(timestamp)
        except ValueError:
            raise Unauthenticated(
                "bad_timestamp", f"X-{self.name}-Timestamp must be Unix seconds."
            ) from None
        if abs(now.timestamp() - sent) > window_s:
            raise Unauthenticated(
                "stale_timestamp",
                f"X-{self.name}-Timestamp is more than {window_s} s from central's clock; "
                "a replay, or a wrong clock at the sender.",
            )

    def rows(self, body: bytes) -> list[object]:
        """The body's list of rows, each still to be judged; a malformed body is refused whole."""
        if json_depth_exceeds(body):
            raise Malformed("too_deep", f"The body nests more than {JSON_DEPTH_MAX} levels deep.")
        try:
            rows = json.loads(body)[self.member]
            if not isinstance(rows, list):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            raise Malformed(
                "bad_body", f'The body must be JSON: {{"{self.member}": [...]}}.'
            ) from None
        if len(rows) > self.rows_max:
            raise TooLarge(
                self.too_many,
                f"{len(rows)} {self.member} in one delivery; "
                f"send at most {self.rows_max} at a time.",
            )
        return rows
