"""HTTP client for central: explicit timeouts, TLS verification on, errors sorted for retry.

Every failure becomes one of three kinds: ``Transient`` (retry later: 5xx, timeouts,
resets, a garbled answer), ``Rejected`` (a 4xx about the request, naming the record if
central did) and ``AuthFailed`` (401: the token is wrong; retrying cannot help).
"""

import gzip
import math
import ssl
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import httpx

from contract.hours import HOURS_FORMAT

if TYPE_CHECKING:
    from kiosk.sync.outbox import OutgoingBatch

DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=5.0)
USER_AGENT = "minigjenbruk-kiosk"
# Overload and gateways: central (or the way to it) is busy or down, whatever was sent.
_NOT_POISON = frozenset({502, 503, 504})


class Transient(Exception):
    """Worth retrying: central did not give a usable answer.

    ``retry_after`` is central's Retry-After in seconds when it shed load (503/429).
    """

    def __init__(
        self, message: str, *, retry_after: float | None = None, status: int | None = None
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        # Central's HTTP status when it answered (5xx); None when it was not reached.
        self.status = status

    @property
    def server_error(self) -> bool:
        """Central answered and failed on the request itself, not from load or a gateway:
        repeated on the same batch, it points at a record central cannot take."""
        return self.status is not None and self.status >= 500 and self.status not in _NOT_POISON


def _retry_after(response: httpx.Response) -> float | None:
    """Central's retry hint in seconds: Retry-After-Ms (its own estimate, to the millisecond)
    when readable, else Retry-After. Only the delta-seconds form: central sends that, and an
    HTTP date needs a clock."""
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        try:
            value = float(response.headers.get(name, "")) * scale
        except ValueError:
            continue
        if math.isfinite(value) and value >= 0:
            return min(value, 3600.0)
    return None


@dataclass
class Rejected(Exception):
    """Central refused the request (4xx) and said why."""

    status: int
    code: str
    message: str
    record_id: str | None = None

    def __str__(self) -> str:
        where = f" (record {self.record_id})" if self.record_id else ""
        return f"{self.status} {self.code}: {self.message}{where}"


class AuthFailed(Rejected):
    """401: the device token is missing or wrong; the kiosk must be enrolled again."""


def tls_verify(ca_file: str) -> bool | ssl.SSLContext:
    """Trust only REG's own CA when ``ca_file`` names it (settings: central_ca_file), else the
    system's trust store. Either way a central whose certificate does not verify is refused."""
    if not ca_file:
        return True
    return ssl.create_default_context(cafile=ca_file)


class CentralClient:
    """One kiosk's connection to central. Safe to use from one worker thread."""

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        gzip_level: int = 1,
        transport: httpx.BaseTransport | None = None,
        verify: bool | ssl.SSLContext = True,
    ) -> None:
        headers = {"User-Agent": USER_AGENT}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.gzip_level = gzip_level
        self._http = httpx.Client(
            base_url=base_url.rstrip("/") + "/api/v1",
            headers=headers,
            timeout=timeout,
            verify=verify,
            transport=transport,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "CentralClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _request(
        self, method: str, path: str, *, expect_body: bool = True, **kwargs: Any
    ) -> dict[str, Any]:
        try:
            response = self._http.request(method, path, **kwargs)
            response.read()
        except httpx.TransportError as exc:
            raise Transient(f"{type(exc).__name__}: {exc}") from exc
        if response.status_code >= 500 or response.status_code == 429:
            raise Transient(
                f"central answered {response.status_code}",
                retry_after=_retry_after(response),
                status=response.status_code,
            )
        if not expect_body and response.status_code < 400:
            return {}
        try:
            body = response.json()
        except ValueError as exc:
            if response.status_code >= 400:
                raise Rejected(response.status_code, "unreadable", response.text[:200]) from exc
            raise Transient(f"unreadable answer: {exc}") from exc
        if response.status_code >= 400:
            detail = body.get("detail") if isinstance(body, dict) else None
            if not isinstance(detail, dict):
                detail = {"code": "refused", "message": str(detail)}
            error = AuthFailed if response.status_code == 401 else Rejected
            raise error(
                response.status_code,
                str(detail.get("code", "refused")),
                str(detail.get("message", "")),
                detail.get("record_id"),
            )
        if not isinstance(body, dict):
            raise Transient("answer is not a JSON object")
        return body

    def health(self) -> dict[str, Any]:
        return self._request("GET", "/health")

    def reachable(self) -> bool:
        """One cheap connectivity check (GET /health); False instead of raising."""
        try:
            self.health()
        except (Transient, Rejected):
            return False
        return True

    def enrol(
        self, *, code: str, device_id: str, takeover: bool = False, label: str | None = None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"code": code, "device_id": device_id}
        if takeover:  # only when asked: a central one release behind does not know the key
            body["takeover"] = True
        if label:  # the same: without --label, a central before labels enrols the kiosk too
            body["label"] = label
        return self._request("POST", "/enrol", json=body)

    def check_in(
        self, *, status: dict[str, Any], catalogue_since: int, hours_since: int
    ) -> dict[str, Any]:
        """POST /devices/me/check-in: the pass's first request. Sends the backlog; the answer
        has central's clock, and the catalogue and the station's hours when newer."""
        body = {"status": status, "catalogue_since": catalogue_since, "hours_since": hours_since}
        # It reads recurring seasons; a central from before ignores the parameter.
        params = {"hours_format": HOURS_FORMAT}
        answer = self._request("POST", "/devices/me/check-in", json=body, params=params)
        _with_clock(answer.get("catalogue"))
        return answer

    def report_status(self, status: dict[str, Any]) -> None:
        """POST /devices/me/status: the backlog as the kiosk sees it, for central's console."""
        self._request("POST", "/devices/me/status", json=status, expect_body=False)

    def report_update(self, report: dict[str, Any]) -> dict[str, Any]:
        """POST /devices/me/update: versions and the last update's outcome (docs/updates.md);
        the answer names the release channel to follow."""
        return self._request("POST", "/devices/me/update", json=report)

    def catalog(self, *, since: int) -> dict[str, Any]:
        """GET /catalog: what a central from before check-in offers instead (no token needed)."""
        return _with_clock(self._request("GET", "/catalog", params={"since": since}))

    def sequence(self) -> dict[str, Any]:
        return self._request("GET", "/devices/me/sequence")

    def held_batches(self, batches: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """POST /devices/me/batches/held: which of these (batch_id, sha256) central holds
        from this device, with that very hash. Entries that are not such a pair, or that the
        kiosk did not ask about, are dropped: the caller acts only on its own pairs."""
        body = {"batches": [{"batch_id": b, "sha256": h} for b, h in batches]}
        answer = self._request("POST", "/devices/me/batches/held", json=body)
        held = answer.get("held")
        if not isinstance(held, list):
            raise Transient("answer has no list of held batches")
        asked = set(batches)
        pairs = (
            (entry.get("batch_id"), entry.get("sha256"))
            for entry in held
            if isinstance(entry, dict)
        )
        return [pair for pair in pairs if pair in asked]

    def post_batch(self, batch: "OutgoingBatch") -> dict[str, Any]:
        """Send one batch; returns central's answer after checking it is about this batch."""
        body = batch.body()
        headers = {"Content-Type": "application/json"}
        if self.gzip_level:
            body = gzip.compress(body, compresslevel=self.gzip_level)
            headers["Content-Encoding"] = "gzip"
        answer = self._request("POST", "/batches", content=body, headers=headers)
        if answer.get("batch_id") != batch.batch_id or answer.get("count") != batch.count:
            raise Transient("answer does not match the batch sent")
        return answer


def _with_clock(answer: object) -> dict[str, Any]:
    """A catalogue answer with central's clock, or Transient: an answer without it (a proxy's
    page, a broken central) is retried like an unreadable one, never a crash of the pass."""
    if isinstance(answer, dict) and isinstance(answer.get("server_time"), str):
        try:
            datetime.fromisoformat(answer["server_time"].replace("Z", "+00:00"))
        except ValueError:
            pass
        else:
            return answer
    raise Transient("central's answer has no catalogue with a readable server_time")
