"""Issue 9, findings 1-3: every contradiction and every bad value is refused by name, not stored."""

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from central.models import Device, DeviceEvent
from tests.central.conftest import Kiosk, add_station, issue_code, record_count


def post(api: TestClient, kiosk: Kiosk, records: list[dict[str, Any]]) -> Any:
    return api.post("/api/v1/batches", json=kiosk.batch(records), headers=kiosk.auth)


def sequence(api: TestClient, kiosk: Kiosk) -> dict[str, Any]:
    return api.get("/api/v1/devices/me/sequence", headers=kiosk.auth).json()


def test_a_reinstalled_kiosk_reusing_seqs_is_refused_and_never_counted_twice(
    app: FastAPI, api: TestClient
) -> None:
    # Finding 1: same device id, database lost, enrolled again, seq starts at 1 again.
    add_station(app, "trosterud")
    first = api.post(
        "/api/v1/enrol", json={"code": issue_code(app, "trosterud"), "device_id": "kiosk-1"}
    )
    old = Kiosk("kiosk-1", "trosterud", first.json()["token"])
    assert post(api, old, [old.record(weight_g=1000) for _ in range(3)]).status_code == 200

    plain = api.post(
        "/api/v1/enrol", json={"code": issue_code(app, "trosterud"), "device_id": "kiosk-1"}
    )
    assert plain.status_code == 409
    assert plain.json()["detail"]["code"] == "device_exists"
    # It names both reasons a technician meets it for: a revoked kiosk, a restored one.
    assert "after a revoke" in str(plain.json()["detail"]) and "--takeover" in plain.text

    again = api.post(
        "/api/v1/enrol",
        json={"code": issue_code(app, "trosterud"), "device_id": "kiosk-1", "takeover": True},
    )
    assert again.status_code == 200, again.text
    assert (again.json()["highest_seq"], again.json()["takeover"]) == (3, True)
    new = Kiosk("kiosk-1", "trosterud", again.json()["token"])
    reused = [new.record(weight_g=5000) for _ in range(3)]
    refused = post(api, new, reused)
    assert refused.status_code == 409
    assert refused.json()["detail"]["code"] == "seq_taken"
    assert refused.json()["detail"]["record_id"] == reused[0]["id"]
    assert record_count(app) == 3
    # The old token stopped working; the takeover is on record with both token hashes.
    assert post(api, old, [old.record()]).status_code == 401
    with Session(app.state.engine) as session:
        events = session.query(DeviceEvent).order_by(DeviceEvent.id).all()
        device = session.get(Device, "kiosk-1")
        assert [e.kind for e in events] == ["enrolled", "takeover"]
        assert events[1].old_token_hash == events[0].new_token_hash
        assert events[1].new_token_hash == device.token_hash
        assert events[1].highest_seq == 3
    # Continuing above central's highest_seq, as the kiosk does after a takeover, is accepted.
    new.next_seq = 4
    assert post(api, new, [new.record(weight_g=5000) for _ in range(3)]).status_code == 200
    assert sequence(api, new)["highest_contiguous_seq"] == 6


def test_two_records_sharing_an_id_in_one_batch_are_422_naming_it(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    # Finding 2: one id with seq 3 and seq 4; central used to keep one and lose seq 4.
    head = [kiosk.record(), kiosk.record()]
    assert post(api, kiosk, head).status_code == 200
    third = kiosk.record()
    fourth = kiosk.record(id=third["id"])
    response = post(api, kiosk, [third, fourth])
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert (detail["code"], detail["record_id"], detail["index"]) == (
        "duplicate_id",
        third["id"],
        1,
    )
    assert record_count(app) == 2
    assert sequence(api, kiosk)["highest_seq"] == 2


def test_an_id_held_with_other_content_is_409_and_a_true_replay_is_a_duplicate(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    record = kiosk.record()
    assert post(api, kiosk, [record]).status_code == 200
    replay = post(api, kiosk, [dict(record)])  # same content, new batch id
    assert replay.status_code == 200
    assert (replay.json()["inserted"], replay.json()["duplicates"]) == (0, 1)

    changed = post(api, kiosk, [dict(record, weight_g=9999)])
    assert changed.status_code == 409
    assert changed.json()["detail"]["code"] == "record_differs"
    assert changed.json()["detail"]["record_id"] == record["id"]

    moved = kiosk.record(id=record["id"])  # same id under another seq
    response = post(api, kiosk, [moved])
    assert response.status_code == 409
    assert response.json()["detail"]["record_id"] == record["id"]
    assert record_count(app) == 1


def test_a_partly_held_batch_with_one_changed_record_writes_nothing(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    records = [kiosk.record() for _ in range(4)]
    assert post(api, kiosk, records[:2]).status_code == 200
    tampered = [records[0], dict(records[1], category="metal"), records[2], records[3]]
    response = post(api, kiosk, tampered)
    assert response.status_code == 409
    assert response.json()["detail"]["index"] == 1
    assert record_count(app) == 2


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("visit_id", "v\x00"),
        ("category", "wo\x00od"),
        ("seq", 2**31),
        ("catalog_version", 2**31),
        ("weight_g", 2**31),
        ("recorded_at", "0001-01-01T00:30:00+01:00"),
        ("recorded_at", "9999-12-31T23:30:00-01:00"),
    ],
)
def test_values_no_column_can_hold_are_422_naming_the_field(
    app: FastAPI, api: TestClient, kiosk: Kiosk, field: str, value: object
) -> None:
    # Finding 3: each of these used to be a 500, which blocks a kiosk's queue for good.
    good = kiosk.record()
    bad = kiosk.record(**{field: value})
    response = post(api, kiosk, [good, bad])
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert field in detail["message"]
    if field != "seq":  # a seq that large is first caught as the batch's last_seq
        assert (detail["record_id"], detail["index"]) == (bad["id"], 1)
    assert record_count(app) == 0


def test_an_enrolment_code_with_a_lone_surrogate_is_422(app: FastAPI, api: TestClient) -> None:
    body = b'{"code":"AAAA\\ud800A","device_id":"x"}'
    response = api.post("/api/v1/enrol", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json()["detail"]["message"].startswith("code")


def test_a_database_refusal_is_a_named_4xx_and_writes_nothing(app: FastAPI) -> None:
    """The last-resort handler: values the schema let through but the database refuses."""

    def clash() -> None:
        with Session(app.state.engine) as session:
            session.execute(
                text("INSERT INTO stations (id, name, created_at) VALUES ('s', 'x', :t)"),
                {"t": "2026-01-01 00:00:00"},
            )
            session.execute(
                text("INSERT INTO stations (id, name, created_at) VALUES ('s', 'y', :t)"),
                {"t": "2026-01-01 00:00:00"},
            )
            session.commit()

    def bad_value() -> None:
        with Session(app.state.engine) as session:
            session.execute(
                text("INSERT INTO stations (id, name, created_at) VALUES ('t', 'x', :t)"),
                {"t": "2026-01-01 00:00:00"},
            )
            session.execute(text("SELECT CAST(:v AS INTEGER) + 2147483647"), {"v": "2"})
            if session.get_bind().dialect.name == "sqlite":
                from sqlalchemy.exc import DataError

                raise DataError("SELECT", {}, ValueError("integer out of range"))
            session.commit()

    app.add_api_route("/planted/clash", clash, methods=["POST"])
    app.add_api_route("/planted/value", bad_value, methods=["POST"])
    with TestClient(app, raise_server_exceptions=False) as client:
        conflict = client.post("/planted/clash")
        value = client.post("/planted/value")
    assert conflict.status_code == 409
    assert conflict.json()["detail"]["code"] == "conflict"
    assert value.status_code == 422
    assert "out of range" in value.json()["detail"]["message"]
    with Session(app.state.engine) as session:
        assert session.scalar(text("SELECT count(*) FROM stations")) == 0
