"""Central's API against a real database: enrolment, exact-once batches, refusals, gaps."""

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from assets import default_catalogue_document
from central.api.routes import batches
from central.models import Device
from central.services import catalogue, effect
from contract.effect import Row
from tests.central.conftest import (
    Kiosk,
    add_station,
    enrol_kiosk,
    gzipped,
    issue_code,
    record_count,
    record_ids,
)


def test_health_and_openapi_describe_the_batch_contract(api: TestClient) -> None:
    health = api.get("/api/v1/health")
    assert health.status_code == 200
    assert health.json()["status"] == "ok"
    schema = api.get("/openapi.json").json()
    body = schema["paths"]["/api/v1/batches"]["post"]["requestBody"]
    assert body["content"]["application/json"]["schema"]["$ref"].endswith("/BatchCreate")
    record = schema["components"]["schemas"]["DepositCreate"]
    assert {"id", "seq", "weight_g", "clock_flag"} <= set(record["properties"])


def test_enrolment_code_works_once(app: FastAPI, api: TestClient) -> None:
    add_station(app, "trosterud", "Minigjenbruksstasjon Trosterud")
    code = issue_code(app, "trosterud")
    first = api.post("/api/v1/enrol", json={"code": code, "device_id": "dev-a"})
    assert first.status_code == 200
    assert first.json()["station_id"] == "trosterud"
    with Session(app.state.engine) as session:
        stored = session.get(Device, "dev-a")
        assert stored.token_hash != first.json()["token"]  # only the hash is kept
    again = api.post("/api/v1/enrol", json={"code": code, "device_id": "dev-b"})
    assert again.status_code == 403
    assert again.json()["detail"]["code"] == "code_used"
    with Session(app.state.engine) as session:
        assert session.get(Device, "dev-b") is None


def test_expired_enrolment_code_is_refused(app: FastAPI, api: TestClient) -> None:
    add_station(app, "trosterud")
    code = issue_code(app, "trosterud", ttl=timedelta(seconds=-1))
    response = api.post("/api/v1/enrol", json={"code": code, "device_id": "dev-x"})
    assert response.status_code == 403
    assert "expired" in response.json()["detail"]["message"]
    with Session(app.state.engine) as session:
        assert session.get(Device, "dev-x") is None


def test_batch_is_stored_and_a_replay_gets_the_same_answer(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    batch = kiosk.batch([kiosk.record() for _ in range(50)])
    headers = {**kiosk.auth, "Content-Encoding": "gzip", "Content-Type": "application/json"}
    first = api.post("/api/v1/batches", content=gzipped(batch), headers=headers)
    assert first.status_code == 200, first.text
    assert first.json()["inserted"] == 50
    assert first.json()["highest_contiguous_seq"] == 50
    replay = api.post("/api/v1/batches", content=gzipped(batch), headers=headers)
    assert replay.json() == first.json()
    assert record_count(app) == 50


def test_a_resend_is_answered_from_the_batch_table_without_reading_its_records(
    app: FastAPI, api: TestClient, kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = kiosk.batch([kiosk.record() for _ in range(20)])
    body = json.dumps(batch).encode()  # batch_id and sha256 before records, as a kiosk sends
    first = api.post("/api/v1/batches", content=body, headers=kiosk.auth)
    assert first.status_code == 200, first.text
    validated: list[int] = []
    real = batches._BATCH

    class Counting:
        def validate_json(self, raw: bytes) -> Any:
            validated.append(len(raw))
            return real.validate_json(raw)

    monkeypatch.setattr(batches, "_BATCH", Counting())
    again = api.post("/api/v1/batches", content=body, headers=kiosk.auth)
    assert again.json() == first.json()
    assert validated == []  # the stored answer, not thousands of records validated again
    # The same batch id with other records is no resend: it is read whole and refused.
    other = kiosk.batch(
        [kiosk.record() for _ in range(3)], batch_id=batch["batch_id"], device_id=kiosk.device_id
    )
    reused = api.post("/api/v1/batches", json=other, headers=kiosk.auth)
    assert reused.status_code == 409
    assert reused.json()["detail"]["code"] == "batch_id_reused"
    assert len(validated) == 1
    assert record_count(app) == 20


def test_records_already_held_are_skipped_in_a_new_batch(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    records = [kiosk.record() for _ in range(10)]
    api.post("/api/v1/batches", json=kiosk.batch(records[:6]), headers=kiosk.auth)
    answer = api.post("/api/v1/batches", json=kiosk.batch(records), headers=kiosk.auth).json()
    assert (answer["inserted"], answer["duplicates"]) == (4, 6)
    assert sorted(record_ids(app)) == sorted(r["id"] for r in records)


def test_wrong_or_missing_token_is_401(app: FastAPI, api: TestClient, kiosk: Kiosk) -> None:
    batch = kiosk.batch([kiosk.record()])
    wrong = api.post("/api/v1/batches", json=batch, headers={"Authorization": "Bearer nope"})
    missing = api.post("/api/v1/batches", json=batch)
    assert (wrong.status_code, missing.status_code) == (401, 401)
    assert "enrol" in wrong.json()["detail"]["message"]
    assert record_count(app) == 0


def test_record_for_another_station_is_403_naming_it(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    good = kiosk.record()
    foreign = kiosk.record(station_id="grorud")
    response = api.post("/api/v1/batches", json=kiosk.batch([good, foreign]), headers=kiosk.auth)
    assert response.status_code == 403
    assert response.json()["detail"]["record_id"] == foreign["id"]
    assert "grorud" in response.json()["detail"]["message"]
    assert record_count(app) == 0  # the whole batch or nothing


def test_malformed_json_is_400(app: FastAPI, api: TestClient, kiosk: Kiosk) -> None:
    response = api.post(
        "/api/v1/batches",
        content=b'{"batch_id": ',
        headers={**kiosk.auth, "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["detail"]["code"] == "malformed_json"
    assert record_count(app) == 0


def test_invalid_weight_is_refused_naming_the_record(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    heavy = kiosk.record(weight_g=200_001)
    zero = kiosk.record(weight_g=0)
    for bad in (heavy, zero):
        records = [kiosk.record(), bad]
        response = api.post("/api/v1/batches", json=kiosk.batch(records), headers=kiosk.auth)
        assert response.status_code == 422
        detail = response.json()["detail"]
        assert detail["record_id"] == bad["id"]
        assert "weight_g" in detail["message"]
    assert record_count(app) == 0


def test_unknown_category_and_out_of_recycling_are_refused(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    for bad, code in (
        (kiosk.record(category="plutonium"), "unknown_category"),
        (kiosk.record(category="wood", direction="out"), "direction_not_allowed"),
    ):
        response = api.post("/api/v1/batches", json=kiosk.batch([bad]), headers=kiosk.auth)
        assert response.status_code == 422
        assert response.json()["detail"]["code"] == code
        assert response.json()["detail"]["record_id"] == bad["id"]
    assert record_count(app) == 0


def test_oversized_batch_is_413(app: FastAPI, api: TestClient, kiosk: Kiosk) -> None:
    records = [kiosk.record() for _ in range(501)]  # the fixture's limit is 500
    response = api.post("/api/v1/batches", json=kiosk.batch(records), headers=kiosk.auth)
    assert response.status_code == 413
    assert "501" in response.json()["detail"]["message"]
    assert record_count(app) == 0


def test_damaged_batch_fails_its_hash(app: FastAPI, api: TestClient, kiosk: Kiosk) -> None:
    batch = kiosk.batch([kiosk.record()])
    batch["records"][0]["weight_g"] = 9999
    response = api.post("/api/v1/batches", json=batch, headers=kiosk.auth)
    assert response.status_code == 422
    assert response.json()["detail"]["code"] == "sha256_mismatch"
    assert record_count(app) == 0


def test_a_seq_used_twice_in_a_batch_is_refused(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    first = kiosk.record()
    twin = kiosk.record(seq=first["seq"])
    last = kiosk.record()
    response = api.post(
        "/api/v1/batches", json=kiosk.batch([first, twin, last]), headers=kiosk.auth
    )
    assert response.status_code == 422
    assert response.json()["detail"]["code"] == "duplicate_seq"
    assert record_count(app) == 0


def test_gap_report_finds_a_gap_made_on_purpose(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    records = [kiosk.record() for _ in range(10)]
    sent = records[:5] + records[7:]  # seq 6 and 7 held back
    api.post("/api/v1/batches", json=kiosk.batch(sent), headers=kiosk.auth)
    state = api.get("/api/v1/devices/me/sequence", headers=kiosk.auth).json()
    assert state["highest_contiguous_seq"] == 5
    assert state["gaps"] == [{"first": 6, "last": 7}]
    answer = api.post("/api/v1/batches", json=kiosk.batch(records[5:7]), headers=kiosk.auth)
    assert answer.json()["highest_contiguous_seq"] == 10
    state = api.get("/api/v1/devices/me/sequence", headers=kiosk.auth).json()
    assert (state["highest_contiguous_seq"], state["gaps"]) == (10, [])


def test_catalogue_since_version(app: FastAPI, api: TestClient) -> None:
    first = api.get("/api/v1/catalog", params={"since": 0}).json()
    assert first["changed"] is True
    bundled = first["version"]  # the bundled catalogue central started from
    assert bundled == default_catalogue_document()["version"]
    assert api.get("/api/v1/catalog", params={"since": bundled}).json()["changed"] is False
    newer = dict(first["catalogue"], version=bundled + 1)
    with Session(app.state.engine) as session:
        catalogue.publish_catalogue(now=datetime.now(UTC), session=session, document=newer)
        session.commit()
    answer = api.get("/api/v1/catalog", params={"since": bundled}).json()
    assert answer["version"] == bundled + 1


def test_report_nets_out_reversals_per_station_and_year(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    mistake = kiosk.record(weight_g=70_000)
    undo = kiosk.record(weight_g=70_000, reverses=mistake["id"])
    # The pilot's 2023 figures, split into legal records of at most 200 kg each.
    extra = []
    for grams, category, direction in ((5_880_000, "wood", "in"), (4_043_000, "clothes", "out")):
        while grams > 0:
            step = min(grams, 200_000)
            extra.append(kiosk.record(category=category, direction=direction, weight_g=step))
            grams -= step
    batch = kiosk.batch([mistake, undo, *extra])
    assert api.post("/api/v1/batches", json=batch, headers=kiosk.auth).status_code == 200
    with Session(app.state.engine) as session:
        report = effect.effect_report(session=session, years=[2026], station_id="trosterud")
    assert report.rows[Row.REUSED_KG] == [4_043_000]
    assert report.rows[Row.RECYCLED_KG] == [5_880_000]


def test_device_cannot_enrol_at_a_second_station(app: FastAPI, api: TestClient) -> None:
    kiosk = enrol_kiosk(app, api, "trosterud")
    add_station(app, "grorud")
    response = api.post(
        "/api/v1/enrol", json={"code": issue_code(app, "grorud"), "device_id": kiosk.device_id}
    )
    assert response.status_code == 409
    assert json.loads(response.text)["detail"]["code"] == "device_other_station"


def test_a_body_that_is_not_utf8_is_400_with_the_documented_body(api: TestClient) -> None:
    # Found by the OpenAPI fuzzer: FastAPI's own 400 had neither a documented status nor body.
    response = api.post(
        "/api/v1/enrol", content=b"\xff\xfe{", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["detail"]["code"] == "malformed_body"
