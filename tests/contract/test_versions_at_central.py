"""Central over its real API (SQLite and PostgreSQL) takes a batch of the previous contract
version as well as the current one, and refuses out-of-contract values by name, writing nothing."""

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.errors import Invalid
from central.models import ACTIVITY_TABLES
from central.services import catalogue, records
from contract import CONTRACT_VERSION
from contract.fields import REGISTRY
from contract.records import DEPOSIT
from contract.wire import canonical_sha256
from tests.central.conftest import Kiosk, record_count


def v2(kiosk: Kiosk, records: list[dict[str, Any]]) -> dict[str, Any]:
    typed = [{**r, "type": "deposit"} for r in records]
    return {**kiosk.batch(typed), "contract_version": 2}


def test_a_batch_of_the_previous_version_is_accepted(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    v1 = kiosk.batch([kiosk.record(), kiosk.record()])  # no contract_version, no "type"
    assert "contract_version" not in v1 and "type" not in v1["records"][0]
    answer = api.post("/api/v1/batches", json=v1, headers=kiosk.auth)
    assert answer.status_code == 200, answer.text
    assert answer.json()["inserted"] == 2
    previous = v2(kiosk, [kiosk.record()])
    answer = api.post("/api/v1/batches", json=previous, headers=kiosk.auth)
    assert answer.status_code == 200, answer.text
    current = {**v2(kiosk, [kiosk.record()]), "contract_version": CONTRACT_VERSION}
    assert CONTRACT_VERSION == 5
    answer = api.post("/api/v1/batches", json=current, headers=kiosk.auth)
    assert answer.status_code == 200, answer.text
    assert answer.json()["highest_contiguous_seq"] == 4
    assert record_count(app) == 4


def feedback(kiosk: Kiosk) -> dict[str, Any]:
    head = {k: v for k, v in kiosk.record().items() if k in DEPOSIT.names}
    keep = ("id", "seq", "device_id", "station_id", "recorded_at", "reverses", "clock_flag")
    return {
        **{k: head.get(k) for k in keep},
        "type": "feedback",
        "question": "found",
        "answer": "good",
        "language": "ar",
        "direction": "out",
    }


@pytest.mark.parametrize("version", [4, 3])
def test_feedback_is_taken_in_version_4_and_refused_by_name_before(
    app: FastAPI, api: TestClient, kiosk: Kiosk, version: int
) -> None:
    batch = {**kiosk.batch([feedback(kiosk)]), "contract_version": version}
    answer = api.post("/api/v1/batches", json=batch, headers=kiosk.auth)
    if version == 4:
        assert answer.status_code == 200, answer.text
        assert answer.json()["inserted"] == 1
        return
    assert answer.status_code == 422, answer.text
    assert (
        "records[0].type: feedback needs contract_version 4" in answer.json()["detail"]["message"]
    )
    with Session(app.state.engine) as session:
        assert session.scalar(select(func.count()).select_from(ACTIVITY_TABLES["feedback"])) == 0


def test_the_hash_is_over_the_records_as_sent(api: TestClient, kiosk: Kiosk) -> None:
    v1 = kiosk.batch([kiosk.record()])
    upgraded = [{**v1["records"][0], "type": "deposit"}]
    wrong = {**v1, "sha256": canonical_sha256(upgraded)}
    answer = api.post("/api/v1/batches", json=wrong, headers=kiosk.auth)
    assert answer.status_code == 422
    assert answer.json()["detail"]["code"] == "sha256_mismatch"


@pytest.mark.parametrize(
    ("version", "typed", "message"),
    [
        (2, False, "records[0].type: required in contract_version 2"),
        (1, True, "records[0].type: not allowed in contract_version 1"),
        (CONTRACT_VERSION + 1, True, "contract_version"),
        (0, False, "contract_version"),
    ],
)
def test_a_batch_that_breaks_its_version_is_refused_by_name(
    app: FastAPI, api: TestClient, kiosk: Kiosk, version: int, typed: bool, message: str
) -> None:
    record = kiosk.record()
    if typed:
        record["type"] = "deposit"
    batch = {**kiosk.batch([record]), "contract_version": version}
    answer = api.post("/api/v1/batches", json=batch, headers=kiosk.auth)
    assert answer.status_code == 422, answer.text
    assert message in answer.json()["detail"]["message"]
    assert record_count(app) == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("visit_id", "v\x00"),
        ("seq", 2**31),
        ("catalog_version", 2**31),
        ("weight_g", 2**31),
        ("recorded_at", "0001-01-01T00:00:00+05:00"),
        ("recorded_at", "9999-12-31T23:59:59-05:00"),
        ("recorded_at", "1999-12-31T23:59:59.999999Z"),
    ],
)
def test_out_of_contract_values_get_a_4xx_naming_the_field(
    app: FastAPI, api: TestClient, kiosk: Kiosk, field: str, value: Any
) -> None:
    good = kiosk.record()
    bad = kiosk.record(**{field: value})
    batch = v2(kiosk, [good, bad])
    batch["last_seq"] = min(batch["last_seq"], 2**31 - 1)  # else the envelope is refused first
    answer = api.post("/api/v1/batches", json=batch, headers=kiosk.auth)
    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    assert detail["message"].startswith(f"{field}:")
    assert (detail["index"], detail["record_id"]) == (1, bad["id"])
    assert record_count(app) == 0


def test_a_lone_surrogate_is_refused_as_malformed_json(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    batch = json.dumps(v2(kiosk, [kiosk.record(visit_id="VISIT")]))
    body = batch.replace("VISIT", "\\ud800").encode()
    answer = api.post("/api/v1/batches", content=body, headers=kiosk.auth)
    assert answer.status_code == 400
    assert answer.json()["detail"]["code"] == "malformed_json"
    assert record_count(app) == 0


def test_central_refuses_a_broken_catalogue_by_field(app: FastAPI) -> None:
    document = {"version": 2, "categories": [{"code": "wood", "kind": "compost"}]}
    with Session(app.state.engine) as session, pytest.raises(Invalid) as refused:
        catalogue.publish_catalogue(now=datetime.now(UTC), session=session, document=document)
    assert refused.value.code == "invalid_catalogue"
    assert refused.value.message.startswith("categories[0].kind:")


@pytest.mark.parametrize("record_type", list(REGISTRY))
def test_centrals_bulk_insert_types_follow_the_declaration(record_type: str) -> None:
    # PostgreSQL's binary COPY lists a type per column in declaration order; a field added
    # to the contract without its type here would be refused by every batch.
    by_kind = {"int": "int4", "time": "timestamptz"}
    declared = tuple(by_kind.get(f.kind, "text") for f in REGISTRY[record_type].fields)
    assert (*declared, "text", "timestamptz") == records.plan(record_type).copy_types


def pickup(kiosk: Kiosk, **over: Any) -> dict[str, Any]:
    head = {k: v for k, v in kiosk.record().items() if k in DEPOSIT.names}
    keep = ("id", "seq", "device_id", "station_id", "recorded_at", "reverses", "clock_flag")
    return {
        **{k: head.get(k) for k in keep},
        "type": "pickup",
        "fraction": "metal",
        "container_id": "C-12",
        "hauler": "Hauler AS",
        "plant": "Haraldrud",
        "net_weight_g": 412_500,
        "ticket_no": "T-1001",
        "weighed_at": head["recorded_at"],
        "source": "kiosk",
        **over,
    }


@pytest.mark.parametrize("version", [5, 4])
def test_a_pickup_is_taken_in_version_5_and_refused_by_name_before(
    app: FastAPI, api: TestClient, kiosk: Kiosk, version: int
) -> None:
    batch = {**kiosk.batch([pickup(kiosk)]), "contract_version": version}
    answer = api.post("/api/v1/batches", json=batch, headers=kiosk.auth)
    if version == 5:
        assert answer.status_code == 200, answer.text
        assert answer.json()["inserted"] == 1
        with Session(app.state.engine) as session:
            table = ACTIVITY_TABLES["pickup"]
            row = session.execute(select(table.c.ticket_no, table.c.net_weight_g)).one()
        assert tuple(row) == ("T-1001", 412_500)
        return
    assert answer.status_code == 422, answer.text
    assert "records[0].type: pickup needs contract_version 5" in answer.json()["detail"]["message"]
    with Session(app.state.engine) as session:
        assert session.scalar(select(func.count()).select_from(ACTIVITY_TABLES["pickup"])) == 0


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"ticket_no": None}, "ticket_no"),
        ({"net_weight_g": None}, "net_weight_g"),
        ({"net_weight_g": 40_000_001}, "net_weight_g"),
        ({"net_weight_g": -1}, "net_weight_g"),
        ({"source": "fax"}, "source"),
    ],
)
def test_a_bad_pickup_is_refused_naming_its_field(
    app: FastAPI, api: TestClient, kiosk: Kiosk, over: dict[str, Any], field: str
) -> None:
    answer = api.post(
        "/api/v1/batches",
        json=kiosk.batch([pickup(kiosk, **over)], contract_version=5),
        headers=kiosk.auth,
    )
    assert answer.status_code == 422, answer.text
    assert field in answer.text
    with Session(app.state.engine) as session:
        assert session.scalar(select(func.count()).select_from(ACTIVITY_TABLES["pickup"])) == 0
