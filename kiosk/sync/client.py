"""HTTP client for central: explicit timeouts, TLS verification on, errors sorted for retry.

Every failure becomes one of three kinds: ``Transient`` (retry later: 5xx, timeouts,
resets, a garbled answer), ``Rejected`` (a 4xx about the request, naming the record if
central did) and ``AuthFailed`` (401: the token is wrong; retrying cannot help).
"""

import gzip
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from kiosk.sync.outbox import OutgoingBatch

DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=5.0)
USER_AGENT = "minigjenbruk-kiosk"


class Transient(Exception):
    """Worth retrying: central did not give a usable answer.

    ``retry_after`` is central's Retry-After in seconds when it shed load (503/429).
    """

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def _retry_after(response: httpx.Response) -> float | None:
    # Only the delta-seconds form: central sends that, and an HTTP date needs a clock.
    try:
        value = float(response.headers.get("retry-after", ""))
    except ValueError:
        return None
    return min(value, 3600.0) if value >= 0 else None


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
        verify: bool = True,
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

    def _request(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = self._http.request(method, path, **kwargs)
            response.read()
        except httpx.TransportError as exc:
            raise Transient(f"{type(exc).__name__}: {exc}") from exc
        if response.status_code >= 500 or response.status_code == 429:
            raise Transient(
                f"central answered {response.status_code}", retry_after=_retry_after(response)
            )
        if response.status_code == 204:
            return {}  # done, nothing to say (the status report)
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

    def enrol(self, *, code: str, device_id: str) -> dict[str, Any]:
        return self._request("POST", "/enrol", json={"code": code, "device_id": device_id})

    def catalog(self, *, since: int) -> dict[str, Any]:
        return self._request("GET", "/catalog", params={"since": since})

    def hours(self, *, since: int) -> dict[str, Any]:
        return self._request("GET", "/hours", params={"since": since})

    def report_status(self, status: dict[str, Any]) -> None:
        """The kiosk's backlog as it sees it (POST /devices/me/status; central answers 204)."""
        self._request("POST", "/devices/me/status", json=status)

    def sequence(self) -> dict[str, Any]:
        return self._request("GET", "/devices/me/sequence")

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
