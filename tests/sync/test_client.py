"""The HTTP client against httpx.MockTransport: how each kind of answer is sorted."""

import gzip
import hashlib
import json
from datetime import UTC, datetime

import httpx
import pytest

from kiosk.sync.client import AuthFailed, CentralClient, Rejected, Transient
from kiosk.sync.outbox import build_batch

RECORD = {"id": "r-1", "seq": 1, "weight_g": 5}
BATCH = build_batch("dev-1", [RECORD], sent_at=datetime(2026, 11, 26, tzinfo=UTC))


def client_for(handler) -> CentralClient:
    return CentralClient(
        "https://central.test", token="t0k", transport=httpx.MockTransport(handler)
    )


def test_batch_is_gzipped_with_the_token_and_explicit_timeouts() -> None:
    seen: dict[str, object] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen["auth"] = request.headers["Authorization"]
        seen["encoding"] = request.headers["Content-Encoding"]
        seen["body"] = json.loads(gzip.decompress(request.content))
        seen["timeout"] = request.extensions["timeout"]
        seen["path"] = request.url.path
        return httpx.Response(200, json={"batch_id": BATCH.batch_id, "count": 1, "inserted": 1})

    with client_for(handler) as client:
        assert client.post_batch(BATCH)["inserted"] == 1
    assert seen["auth"] == "Bearer t0k"
    assert seen["encoding"] == "gzip"
    assert seen["body"]["records"] == [RECORD]
    assert seen["body"]["batch_id"] == BATCH.batch_id
    canonical = json.dumps([RECORD], sort_keys=True, separators=(",", ":")).encode()
    assert seen["body"]["sha256"] == hashlib.sha256(canonical).hexdigest()
    assert seen["path"] == "/api/v1/batches"
    assert all(seen["timeout"][k] for k in ("connect", "read", "write", "pool"))


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_server_errors_are_transient(status: int) -> None:
    with (
        client_for(lambda r: httpx.Response(status, text="busy")) as client,
        pytest.raises(Transient),
    ):
        client.post_batch(BATCH)


def test_connection_errors_and_timeouts_are_transient() -> None:
    def reset(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadError("connection reset by peer", request=request)

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    for handler in (reset, slow):
        with client_for(handler) as client, pytest.raises(Transient):
            client.post_batch(BATCH)


def test_a_refusal_names_the_record() -> None:
    detail = {"code": "invalid_weight", "message": "weight_g 0 is outside", "record_id": "r-1"}
    client = client_for(lambda r: httpx.Response(422, json={"detail": detail}))
    with client, pytest.raises(Rejected) as caught:
        client.post_batch(BATCH)
    assert (caught.value.status, caught.value.code, caught.value.record_id) == (
        422,
        "invalid_weight",
        "r-1",
    )


def test_401_means_enrol_again() -> None:
    answer = {"detail": {"code": "bad_token", "message": "not valid"}}
    client = client_for(lambda r: httpx.Response(401, json=answer))
    with client, pytest.raises(AuthFailed):
        client.post_batch(BATCH)


def test_an_answer_about_another_batch_is_not_trusted() -> None:
    other = {"batch_id": "another", "count": 1, "inserted": 1}
    with client_for(lambda r: httpx.Response(200, json=other)) as client, pytest.raises(Transient):
        client.post_batch(BATCH)


def test_tls_verification_is_on_by_default() -> None:
    client = CentralClient("https://central.test")
    try:
        pool = client._http._transport._pool  # httpx keeps the SSL context on its pool
        assert pool._ssl_context.verify_mode.name == "CERT_REQUIRED"
    finally:
        client.close()


def test_reachable_is_a_yes_or_no() -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("no route to host", request=request)

    up = {"status": "ok", "database": "sqlite", "server_time": "2026-11-26T10:00:00Z"}
    with client_for(lambda r: httpx.Response(200, json=up)) as client:
        assert client.reachable() is True
    with client_for(down) as client:
        assert client.reachable() is False
    with client_for(lambda r: httpx.Response(503)) as client:
        assert client.reachable() is False


@pytest.mark.parametrize(("header", "seconds"), [("7", 7.0), ("soon", None), ("-1", None)])
def test_retry_after_is_read_from_a_503(header: str, seconds: float | None) -> None:
    answer = httpx.Response(503, headers={"Retry-After": header})
    with client_for(lambda r: answer) as client, pytest.raises(Transient) as caught:
        client.health()
    assert caught.value.retry_after == seconds


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"Retry-After": "1", "Retry-After-Ms": "40"}, 0.04),  # the finer hint wins
        ({"Retry-After": "2", "Retry-After-Ms": "1250"}, 1.25),
        ({"Retry-After": "3", "Retry-After-Ms": "later"}, 3.0),  # unreadable: the whole second
        ({"Retry-After": "3", "Retry-After-Ms": "nan"}, 3.0),
        ({"Retry-After-Ms": "-5"}, None),
    ],
)
def test_a_fractional_retry_hint_is_honoured(
    headers: dict[str, str], seconds: float | None
) -> None:
    answer = httpx.Response(503, headers=headers)
    with client_for(lambda r: answer) as client, pytest.raises(Transient) as caught:
        client.health()
    assert caught.value.retry_after == seconds
