"""The status report's counts are JSON Schema integers, and JSON Schema counts 3028.0 as an
integer: central agrees with its own OpenAPI document (the fuzzer's finding), and still
refuses what is not a whole number."""

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from central.models import Device
from tests.central.api.test_status import REPORT
from tests.central.conftest import Kiosk

CHECK_IN = "/api/v1/devices/me/check-in"
STATUS = "/api/v1/devices/me/status"


def check_in(status: dict[str, Any], **rest: Any) -> dict[str, Any]:
    return {"status": status, "catalogue_since": 0, "hours_since": 0} | rest


def test_an_integral_float_is_taken_as_the_integer(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    status = {**REPORT, "pending": 12.0, "quarantined": 3028.0}
    answer = api.post(CHECK_IN, json=check_in(status, catalogue_since=0.0), headers=kiosk.auth)
    assert answer.status_code == 200, answer.text
    assert api.post(STATUS, json=status, headers=kiosk.auth).status_code == 204
    with Session(app.state.engine) as session:
        device = session.get(Device, kiosk.device_id)
        assert (device.pending, device.quarantined) == (12, 3028)
        assert isinstance(device.quarantined, int)


@pytest.mark.parametrize("value", [3028.5, "3028", True, -1.0, 2.0**31, 1e300])
def test_what_is_not_a_whole_number_in_range_is_still_422_naming_the_field(
    api: TestClient, kiosk: Kiosk, value: Any
) -> None:
    answer = api.post(STATUS, json={**REPORT, "quarantined": value}, headers=kiosk.auth)
    assert answer.status_code == 422
    assert "quarantined" in answer.json()["detail"]["message"]


def test_the_schema_says_integer_for_what_central_takes(api: TestClient) -> None:
    schema = api.get("/openapi.json").json()["components"]["schemas"]
    for name in ("pending", "quarantined"):
        assert schema["DeviceStatusCreate"]["properties"][name]["type"] == "integer"
