"""Property test of POST /batches against real central (SQLite, PostgreSQL) over a socket.

Random batches, adversarial on purpose: ids and seqs drawn from small pools so they collide,
extreme integers, odd Unicode, times at the edges, replays, one device's batches sent at
once. A model of the contract says which batches must be accepted; after every example,
central's (device, seq, id, content) set must equal the model's, and the mark its prefix.
"""

import json
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.core.config import Settings
from central.main import create_app
from central.models import Device, Record
from contract import fields
from contract.wire import canonical_sha256
from kiosk.domain.ids import uuid7
from tests.central.conftest import add_station, issue_code
from tests.helpers.records import wire_deposit
from tests.helpers.servers import database_url, uvicorn_server

MAX_WEIGHT = 200_000
LOW, HIGH = fields.TIME_MIN, fields.TIME_MAX
CATEGORIES = ("wood", "metal", "no-such-category")
WEIGHTS = (1, 1500, MAX_WEIGHT, MAX_WEIGHT + 1, 0, -1, 2**31 - 1, 2**31, 2**63)
SEQS = (*range(1, 13), 2**31 - 1, 2**31)
TIMES = (
    "2026-11-26T10:00:00.000000Z",
    "2026-03-29T00:30:00+00:00",
    "2026-03-29T02:30:00+02:00",  # the contract takes UTC only: refused
    "2000-01-01T00:00:00+01:00",  # 1999 in UTC: refused
    "2100-12-31T23:59:59-01:00",  # 2101 in UTC: refused
    "0001-01-01T00:30:00+01:00",
    "9999-12-31T23:30:00-01:00",
)
ODD_TEXT = st.text(
    alphabet=st.sampled_from(["a", "ø", "\x00", "\u0301", "\U0001f600", "\u202e", " "]),
    max_size=40,
)

clean_spec = st.tuples(
    st.integers(0, 15),  # index into the example's id pool: ids collide on purpose
    st.integers(1, 16),  # and so do seqs
    st.sampled_from((1, 1500, MAX_WEIGHT)),
    st.sampled_from((None, "v-1")),
    st.sampled_from(TIMES[:2]),
    st.sampled_from(CATEGORIES[:2]),
)
adversarial_spec = st.tuples(
    st.integers(0, 15),
    st.sampled_from(SEQS),
    st.sampled_from(WEIGHTS),
    st.one_of(st.none(), ODD_TEXT, st.just("v\ud800")),  # a lone surrogate: not JSON
    st.sampled_from(TIMES),
    st.sampled_from(CATEGORIES),
)
# Mostly clean records, so that batches get through and contradict each other.
record_spec = st.tuples(st.integers(0, 4), clean_spec, adversarial_spec).map(
    lambda t: t[2] if t[0] == 3 else t[1]
)
step = st.one_of(
    st.tuples(st.just("batch"), st.lists(record_spec, min_size=1, max_size=4)),
    st.tuples(st.just("replay"), st.integers(0, 10)),
    st.tuples(st.just("change"), st.integers(0, 10)),  # an earlier record, other content
    st.tuples(st.just("concurrent"), st.integers(2, 4)),
)


@pytest.fixture(params=["sqlite", "pg"])
def central(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[FastAPI, str]]:
    with database_url(request.param, tmp_path) as url:
        app = create_app(
            Settings(
                db_url=url,
                max_weight_g=MAX_WEIGHT,
                data_dir=tmp_path,
                enrol_per_client_per_min=100_000,
                enrol_overall_per_min=100_000,
            )
        )
        add_station(app, "trosterud")
        with uvicorn_server(app) as base:
            yield app, base
        app.state.engine.dispose()


def _instant(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value)
    except (ValueError, OverflowError):
        return None
    if moment.utcoffset() != timedelta(0):
        return None
    return moment if LOW <= moment < HIGH else None


def _valid(r: dict[str, Any]) -> bool:
    visit = r["visit_id"]
    visit_ok = visit is None or (len(visit) <= 36 and "\x00" not in visit and "\ud800" not in visit)
    return (
        1 <= r["weight_g"] <= MAX_WEIGHT
        and 1 <= r["seq"] <= 2**31 - 1
        and r["category"] != "no-such-category"
        and visit_ok
        and _instant(r["recorded_at"]) is not None
    )


def _content(r: dict[str, Any]) -> tuple[Any, ...]:
    return (r["seq"], r["id"], r["weight_g"], r["visit_id"], _instant(r["recorded_at"]),
            r["category"])  # fmt: skip


class Model:
    """What central must hold for one device, by the contract."""

    def __init__(self) -> None:
        self.by_id: dict[str, tuple[Any, ...]] = {}
        self.by_seq: dict[int, str] = {}
        self.accepted_batches: set[str] = set()

    def accepts(self, records: list[dict[str, Any]]) -> bool:
        if len({r["id"] for r in records}) < len(records):
            return False
        if len({r["seq"] for r in records}) < len(records):
            return False
        for r in records:
            if not _valid(r):
                return False
            held = self.by_id.get(r["id"])
            if held is not None and held != _content(r):
                return False
            if self.by_seq.get(r["seq"], r["id"]) != r["id"]:
                return False
        return True

    def take(self, batch: dict[str, Any]) -> None:
        self.accepted_batches.add(batch["batch_id"])
        for r in batch["records"]:
            self.by_id[r["id"]] = _content(r)
            self.by_seq[r["seq"]] = r["id"]

    def prefix(self) -> int:
        n = 0
        while n + 1 in self.by_seq:
            n += 1
        return n


def _record(device: str, pool: list[str], spec: tuple[Any, ...]) -> dict[str, Any]:
    index, seq, weight, visit, moment, category = spec
    return wire_deposit(
        id=pool[index], seq=seq, device_id=device, recorded_at=moment, category=category,
        weight_g=weight, visit_id=visit,
    )  # fmt: skip


def _batch(device: str, records: list[dict[str, Any]]) -> dict[str, Any]:
    try:
        digest = canonical_sha256(records)
    except UnicodeEncodeError:  # a lone surrogate: central refuses the JSON itself
        digest = "0" * 64
    seqs = [r["seq"] for r in records]
    return {
        "batch_id": str(uuid.uuid4()), "device_id": device, "first_seq": min(seqs),
        "last_seq": max(seqs), "count": len(records), "sha256": digest,
        "sent_at": "2026-11-26T10:00:05Z", "records": records,
    }  # fmt: skip


def _send(client: httpx.Client, batch: dict[str, Any]) -> httpx.Response:
    # ensure_ascii keeps a lone surrogate as its \\ud800 escape, as a broken client would.
    body = json.dumps(batch).encode("ascii")
    response = client.post(
        "/api/v1/batches", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code < 500, response.text
    return response


def _send_as_kiosk(client: httpx.Client, batch: dict[str, Any]) -> httpx.Response:
    """Send as a kiosk does: a "busy" answer (admission, which writes nothing) is retried
    after the hint it gives; any other answer is the batch's."""
    body = json.dumps(batch).encode("ascii")
    while True:
        response = client.post(
            "/api/v1/batches", content=body, headers={"Content-Type": "application/json"}
        )
        if response.status_code != 503 or response.json()["detail"]["code"] != "busy":
            assert response.status_code < 500, response.text
            return response
        time.sleep(int(response.headers["Retry-After-Ms"]) / 1000)


def _held(app: FastAPI, device: str) -> set[tuple[Any, ...]]:
    with Session(app.state.engine) as session:
        rows = session.execute(
            select(
                Record.seq,
                Record.id,
                Record.weight_g,
                Record.visit_id,
                Record.recorded_at,
                Record.category,
            ).where(Record.device_id == device)
        ).all()
    return {tuple(row) for row in rows}


@settings(
    max_examples=10,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=3, max_size=6))
def test_central_holds_exactly_the_accepted_records(
    central: tuple[FastAPI, str], steps: list[tuple[str, Any]]
) -> None:
    app, base = central
    device = str(uuid7())  # a fresh device per example; the database is shared
    enrolled = httpx.post(
        f"{base}/api/v1/enrol",
        json={"code": issue_code(app, "trosterud"), "device_id": device},
        timeout=30,
    )
    token = enrolled.json()["token"]
    pool = [str(uuid7()) for _ in range(16)]
    model = Model()
    sent: list[dict[str, Any]] = []
    auth = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=auth, timeout=60) as client:
        for kind, arg in steps:
            before = _held(app, device)
            if kind == "batch":
                batch = _batch(device, [_record(device, pool, spec) for spec in arg])
                expected = model.accepts(batch["records"])
                response = _send(client, batch)
                sent.append(batch)
            elif kind == "change":
                if not sent:
                    continue
                earlier = sent[arg % len(sent)]["records"][0]
                batch = _batch(device, [dict(earlier, weight_g=777)])
                expected = model.accepts(batch["records"])
                response = _send(client, batch)
                sent.append(batch)
            elif kind == "replay":
                if not sent:
                    continue
                batch = sent[arg % len(sent)]
                expected = batch["batch_id"] in model.accepted_batches or model.accepts(
                    batch["records"]
                )
                response = _send(client, batch)
            else:
                top = max(model.by_seq, default=0)
                batches = [
                    _batch(device, [
                        _record(device, [str(uuid7())], (0, top + 3 * b + i + 1, 1000, None,
                                                          TIMES[0], "wood"))
                        for i in range(3)
                    ])
                    for b in range(arg)
                ]  # fmt: skip
                start = threading.Barrier(arg)

                def concurrent(batch: dict[str, Any], start: threading.Barrier = start) -> int:
                    with httpx.Client(base_url=base, headers=auth, timeout=60) as own:
                        start.wait()
                        return _send_as_kiosk(own, batch).status_code

                with ThreadPoolExecutor(arg) as threads:
                    statuses = list(threads.map(concurrent, batches))
                assert statuses == [200] * arg
                for batch in batches:
                    model.take(batch)
                continue
            assert (response.status_code == 200) == expected, (kind, response.text)
            if expected:
                model.take(batch)
            else:
                assert _held(app, device) == before  # a refusal writes nothing
    assert _held(app, device) == set(model.by_id.values())
    with Session(app.state.engine) as session:
        assert session.get(Device, device).highest_contiguous_seq == model.prefix()
