"""The door webhook and CSV import under hostile input: every bad row is refused with its
reason and the rest kept, every bad delivery is a 4xx, and no body is read past its limit."""

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.cli import main
from central.core.config import Settings
from central.main import create_app
from central.models import DoorEvent
from central.services import door_events
from central.services.webhooks import sign
from contract.limits import (
    BODY_MAX_BYTES,
    CSV_FIELD_MAX_CHARS,
    DOOR_BODY_MAX_BYTES,
    DOOR_EVENTS_MAX,
    JSON_DEPTH_MAX,
)
from tests.central.api.test_door_events import SECRET, door_api, door_app, event, stored

__all__ = ["door_api", "door_app"]  # fixtures, imported to be used here


def signed(body: bytes, *, secret: str = SECRET) -> dict[str, str]:
    timestamp = str(int(time.time()))
    return {
        "X-Door-Integration": "oslonokkelen",
        "X-Door-Timestamp": timestamp,
        "X-Door-Signature": sign(secret=secret, timestamp=timestamp, body=body),
        "Content-Type": "application/json",
    }


def deliver(api: TestClient, body: bytes) -> Any:
    return api.post("/api/v1/door-events", content=body, headers=signed(body))


def test_a_non_ascii_signature_is_401_not_500(door_app: FastAPI, door_api: TestClient) -> None:
    body = json.dumps({"events": [event()]}).encode()
    headers: dict[str, Any] = signed(body)
    # Header bytes beyond ASCII arrive as Latin-1 characters; compare_digest refused a str.
    headers["X-Door-Signature"] = "sha256=\u00e6\u00f8\u00e5".encode()
    response = door_api.post("/api/v1/door-events", content=body, headers=headers)
    assert response.status_code == 401
    assert response.json()["detail"]["code"] == "bad_signature"
    assert stored(door_app) == []


BAD_ROWS = [
    ("late-edge", {"opened_at": "9999-12-31T23:59:59-01:00"}, "bad_opened_at"),
    ("early-edge", {"opened_at": "0001-01-01T00:00:00+01:00"}, "bad_opened_at"),
    ("y2999", {"opened_at": "2999-06-01T10:00:00Z"}, "bad_opened_at"),
    ("y1900", {"opened_at": "1900-06-01T10:00:00Z"}, "bad_opened_at"),
    ("\ud800lone", {}, "bad_event_id"),
    ("nul\x00id", {}, "bad_event_id"),
    ("slashed", {"station_id": "../trosterud"}, "unknown_station"),
    ("nul-station", {"station_id": "troster\x00ud"}, "unknown_station"),
]


def test_each_bad_row_is_refused_with_its_reason_and_the_good_rows_are_kept(
    door_app: FastAPI, door_api: TestClient
) -> None:
    rows = [event("good-1")]
    rows += [event(event_id, **change) for event_id, change, _ in BAD_ROWS]
    rows.append(event("good-2", opened_at="2099-12-31T23:59:59+00:00"))
    # ensure_ascii: the lone surrogate travels as the escape \ud800, as a JSON sender writes it.
    response = deliver(door_api, json.dumps({"events": rows}, ensure_ascii=True).encode())
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["inserted"] == 2
    assert [(r["row"], r["code"]) for r in answer["refused"]] == [
        (i, code) for i, (_, _, code) in enumerate(BAD_ROWS, start=2)
    ]
    years = [r["message"] for r in answer["refused"] if r["event_id"] in ("y2999", "y1900")]
    assert years == ["opened_at must be within years 2000..2099."] * 2
    assert [row[0] for row in stored(door_app)] == ["good-1", "good-2"]


def test_a_body_nested_100000_deep_is_400(door_app: FastAPI, door_api: TestClient) -> None:
    body = b'{"events": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    response = deliver(door_api, body)
    assert response.status_code == 400
    assert response.json()["detail"]["code"] == "too_deep"
    # Just inside the limit is read as usual (and is not an event list of objects).
    inside = b'{"events": [' + b"[" * (JSON_DEPTH_MAX - 2) + b"]" * (JSON_DEPTH_MAX - 2) + b"]}"
    assert deliver(door_api, inside).json()["refused"][0]["code"] == "not_an_object"


def test_more_events_than_the_limit_is_413_and_writes_nothing(
    door_app: FastAPI, door_api: TestClient
) -> None:
    rows = [{"event_id": f"e{i}", "station_id": "trosterud"} for i in range(DOOR_EVENTS_MAX + 1)]
    response = deliver(door_api, json.dumps({"events": rows}).encode())
    assert response.status_code == 413
    assert response.json()["detail"]["code"] == "too_many_events"
    assert stored(door_app) == []


class Sender:
    """An ASGI client's side of one request: a body of ``size`` bytes in 64 KiB chunks,
    made only as the app asks for them, counting what the app took."""

    CHUNK = 64 * 1024

    def __init__(self, size: int, prefix: bytes = b"") -> None:
        self.size = size
        self.prefix = prefix  # the start of the body, so a parser reads on instead of failing
        self.taken = 0

    async def receive(self) -> dict[str, Any]:
        if self.taken >= self.size:
            return {"type": "http.disconnect"}
        part = min(self.CHUNK, self.size - self.taken)
        body = (self.prefix + b" " * part)[:part] if self.taken == 0 else b" " * part
        self.taken += part
        more = self.taken < self.size
        return {"type": "http.request", "body": body, "more_body": more}


def call(app: FastAPI, path: str, headers: dict[str, str], sender: Sender) -> tuple[int, bytes]:
    """One request straight into the real app's ASGI interface; (status, body)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode("latin-1")) for k, v in headers.items()],
        "client": ("127.0.0.1", 5000),
        "server": ("central", 80),
    }
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, sender.receive, send))
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, body


def test_a_declared_500_mb_body_is_refused_before_a_byte_is_read(door_app: FastAPI) -> None:
    sender = Sender(500 * 1024 * 1024)
    headers = {**signed(b"x"), "Content-Length": str(sender.size)}
    status, body = call(door_app, "/api/v1/door-events", headers, sender)
    assert status == 413
    assert json.loads(body)["detail"]["code"] == "body_too_large"
    assert sender.taken == 0


def test_an_undeclared_300_mb_body_is_cut_off_at_the_limit(door_app: FastAPI) -> None:
    # Chunked, no Content-Length: the cap while reading is what stops it.
    sender = Sender(300 * 1024 * 1024)
    status, body = call(door_app, "/api/v1/door-events", signed(b"x"), sender)
    assert status == 413
    assert json.loads(body)["detail"]["code"] == "body_too_large"
    assert sender.taken <= DOOR_BODY_MAX_BYTES + Sender.CHUNK
    assert stored(door_app) == []


def test_a_strangers_delivery_is_refused_unread(door_app: FastAPI) -> None:
    sender = Sender(1024)
    headers = {**signed(b"x"), "X-Door-Integration": "nobody"}
    status, body = call(door_app, "/api/v1/door-events", headers, sender)
    assert status == 401
    assert json.loads(body)["detail"]["code"] == "unknown_integration"
    assert sender.taken == 0


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/login", "application/x-www-form-urlencoded"),
        ("/catalogue", "application/x-www-form-urlencoded"),
        ("/devices/revoke", "multipart/form-data; boundary=xyz"),
        ("/api/v1/enrol", "application/json"),
        ("/api/v1/devices/me/check-in", "application/json"),
    ],
)
def test_every_route_that_reads_a_body_stops_at_the_default_limit(
    door_app: FastAPI, path: str, content_type: str
) -> None:
    part = b'--xyz\r\nContent-Disposition: form-data; name="device_id"\r\n\r\n'
    sender = Sender(20 * 1024 * 1024, prefix=part if "multipart" in content_type else b"")
    status, body = call(door_app, path, {"Content-Type": content_type}, sender)
    assert (status, json.loads(body)["detail"]["code"]) == (413, "body_too_large")
    assert sender.taken <= BODY_MAX_BYTES + Sender.CHUNK


def test_a_batch_over_its_declared_limit_is_refused_unread(app: FastAPI) -> None:
    settings: Settings = app.state.settings
    sender = Sender(settings.max_batch_bytes + 1)
    headers = {"Content-Length": str(sender.size), "Authorization": "Bearer x"}
    status, _ = call(app, "/api/v1/batches", headers, sender)
    assert status == 413
    assert sender.taken == 0


# --- the CSV import ----------------------------------------------------------------------


HEADER = "event_id,station_id,opened_at,user_name\n"


def test_csv_rows_with_a_huge_field_or_an_overflowing_date_are_refused_and_the_rest_kept(
    door_app: FastAPI, central_settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    path = tmp_path / "log.csv"
    huge = "x" * (CSV_FIELD_MAX_CHARS + 1)
    path.write_text(
        HEADER
        + "a1,trosterud,2026-11-26T10:00:00Z,Kari\n"
        + f"a2,trosterud,2026-11-26T10:00:00Z,{huge}\n"
        + "a3,trosterud,9999-12-31T23:59:59-01:00,Ola\n"
        + "a4,trosterud,0001-01-01T00:00:00+01:00,Per\n"
        + "a5,trosterud,2026-11-26T11:00:00Z,Anne\n",
        "utf-8",
    )
    assert main(["--db-url", central_settings.db_url, "import-door-events", str(path)]) == 1
    out, err = capsys.readouterr()
    assert "door events: 2 new, 0 already here, 3 refused" in out
    assert "row 2: unreadable_row" in err
    assert "row 3: bad_opened_at" in err
    assert "row 4: bad_opened_at" in err
    assert "Traceback" not in err
    assert [row[0] for row in stored(door_app)] == ["a1", "a5"]


def test_a_byte_that_is_not_utf8_refuses_only_its_row(
    door_app: FastAPI, central_settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    path = tmp_path / "log.csv"
    path.write_bytes(
        HEADER.encode()
        + b"b1,trosterud,2026-11-26T10:00:00Z,Kari\n"
        + b"b\xff2,trosterud,2026-11-26T10:00:00Z,Ola\n"
        + b"b3,trosterud,2026-11-26T10:00:00Z,Gr\xf8nland\n"  # identity column: never read
    )
    assert main(["--db-url", central_settings.db_url, "import-door-events", str(path)]) == 1
    assert "row 2: bad_event_id" in capsys.readouterr().err
    assert [row[0] for row in stored(door_app)] == ["b1", "b3"]


def test_a_long_csv_is_written_chunk_by_chunk_as_it_is_read(
    door_app: FastAPI, tmp_path: Path
) -> None:
    """Streaming, shown without a clock or a memory reading: when the reader reaches the
    row after the first chunk, that chunk is already in the database (same transaction)."""
    rows = 2 * door_events.CHUNK_ROWS + 7
    path = tmp_path / "long.csv"
    with path.open("w", encoding="utf-8") as file:
        file.write(HEADER)
        for i in range(rows):
            file.write(f"c{i},trosterud,2026-11-26T10:00:00Z,x\n")
    held_when_reading: dict[int, int] = {}
    with Session(door_app.state.engine) as session:

        def watched(source: Iterator[Any]) -> Iterator[Any]:
            for number, row in enumerate(source, start=1):
                if number in (door_events.CHUNK_ROWS + 1, 2 * door_events.CHUNK_ROWS + 1):
                    count = select(func.count()).select_from(DoorEvent)
                    held_when_reading[number] = session.scalar(count) or 0
                yield row

        with path.open(encoding="utf-8", newline="") as file:
            done = door_events.store_events(
                session=session,
                rows=watched(door_events.read_csv(file)),
                source="csv",
                now=datetime.now(UTC),
            )
        session.commit()
    assert (done.inserted, done.duplicates, done.refused) == (rows, 0, [])
    assert held_when_reading == {
        door_events.CHUNK_ROWS + 1: door_events.CHUNK_ROWS,
        2 * door_events.CHUNK_ROWS + 1: 2 * door_events.CHUNK_ROWS,
    }


def test_a_repeat_in_a_later_chunk_is_a_duplicate_not_a_second_row(
    door_app: FastAPI, tmp_path: Path
) -> None:
    path = tmp_path / "repeat.csv"
    lines = [f"r{i},trosterud,2026-11-26T10:00:00Z,x\n" for i in range(door_events.CHUNK_ROWS)]
    path.write_text(HEADER + "".join(lines) + lines[0], "utf-8")
    with Session(door_app.state.engine) as session, path.open(encoding="utf-8") as file:
        now = datetime.now(UTC)
        done = door_events.store_events(
            session=session, rows=door_events.read_csv(file), source="csv", now=now
        )
        session.commit()
    assert (done.inserted, done.duplicates) == (door_events.CHUNK_ROWS, 1)


# --- the secret --------------------------------------------------------------------------


@pytest.mark.parametrize("secret", ["", "abc", "x" * 31])
def test_central_refuses_to_start_with_a_short_door_secret(secret: str) -> None:
    environ = {"KIOSK_CENTRAL_DOOR_SECRETS": json.dumps({"oslonokkelen": secret})}
    with pytest.raises(ValidationError, match="at least 32"):
        Settings.from_env(environ)
    assert Settings.from_env({"KIOSK_CENTRAL_DOOR_SECRETS": json.dumps({"o": "x" * 32})})


def test_central_does_not_start_with_a_short_secret_and_says_which(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite3"
    env = {
        **os.environ,
        "KIOSK_CENTRAL_DOOR_SECRETS": '{"oslonokkelen": "abc"}',
        "KIOSK_CENTRAL_DB_URL": f"sqlite:///{db}",
    }
    env.pop("KIOSK_CENTRAL_SECRET", None)
    # The real command in its own process; a central that started would be stopped by the
    # timeout, and the test fails on that, not on how long it took.
    done = subprocess.run(
        [sys.executable, "-m", "central.cli", "serve", "--port", "0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "KIOSK_CENTRAL_DOOR_SECRETS" in done.stderr and "at least 32" in done.stderr
    assert "Traceback" not in done.stderr
    assert not db.exists()  # refused before anything was made
    with pytest.raises(ValidationError, match="at least 32"):
        create_app(Settings.from_env(env))
