"""Validation names the field, and central's request model refuses exactly what it refuses."""

import json
from typing import Any

import pytest
from pydantic import ValidationError

from central.schemas import DepositCreate
from contract.fields import INT_MAX, REGISTRY, Field, RecordType, register, validate_record
from contract.wire import upgrade_record
from tests.contract.test_wire import V1_RECORD, V2_RECORD

BAD = [
    ("visit_id", "v\x00", "NUL"),
    ("category", "wo\ud800od", "surrogate"),
    ("seq", 2**31, "within 1..2147483647"),
    ("seq", 0, "within"),
    ("weight_g", 2**31, "within"),
    ("catalog_version", -1, "within"),
    ("catalog_version", 2**31, "within"),
    ("seq", True, "integer"),
    ("seq", "1", "integer"),
    ("recorded_at", "0001-01-01T00:00:00+05:00", "UTC"),
    ("recorded_at", "9999-12-31T23:59:59-05:00", "UTC"),
    ("recorded_at", "0001-01-01T00:00:00Z", "years 2000..2099"),
    ("recorded_at", "9999-12-31T23:59:59Z", "years 2000..2099"),
    ("recorded_at", "2026-11-26T10:00:00", "offset"),
    ("recorded_at", "yesterday", "isoformat"),
    ("id", "01936B2E-7A00-7000-8000-000000000001", "UUID"),
    ("id", "01936b2e-7a00-7000-8000-000000000001\n", "UUID"),  # "$" matches before a newline
    ("reverses", "not-a-uuid", "UUID"),
    ("station_id", "", "at least 1"),
    ("station_id", "x" * 65, "at most 64"),
    ("visit_id", "x" * 37, "at most 36"),
    ("channel", "phone", "one of guide, self_service"),
    ("clock_flag", "late", "one of"),
    ("weight_source", None, "null"),
]


def test_a_valid_record_has_no_problems() -> None:
    assert validate_record(V2_RECORD) == []
    assert validate_record(upgrade_record(1, V1_RECORD)) == []
    assert validate_record({**V2_RECORD, "reverses": V2_RECORD["id"], "clock_flag": "future"}) == []


@pytest.mark.parametrize(("field", "value", "message"), BAD)
def test_each_bad_value_is_named_by_its_field(field: str, value: Any, message: str) -> None:
    problems = validate_record({**V2_RECORD, field: value})
    assert [name for name, _ in problems] == [field]
    assert message in problems[0][1]


def test_missing_unknown_and_untyped_fields_are_named() -> None:
    missing = {k: v for k, v in V2_RECORD.items() if k != "seq"}
    assert validate_record(missing) == [("seq", "is missing")]
    assert validate_record({**V2_RECORD, "colour": "red"}) == [
        ("colour", "is not a field of this record type")
    ]
    assert [f for f, _ in validate_record(V1_RECORD)] == ["type"]
    assert validate_record([V2_RECORD]) == [("record", "must be an object")]


@pytest.mark.parametrize(("field", "value", "message"), BAD)
def test_central_refuses_what_the_contract_refuses(field: str, value: Any, message: str) -> None:
    body = json.dumps({**V2_RECORD, field: value})
    with pytest.raises(ValidationError) as caught:
        DepositCreate.model_validate_json(body)
    if field == "category" and "\ud800" in value:
        # A lone surrogate cannot be valid JSON: refused before any field (central answers 400).
        assert [error["type"] for error in caught.value.errors()] == ["json_invalid"]
        return
    assert {error["loc"][0] for error in caught.value.errors()} == {field}


def test_central_accepts_what_the_contract_accepts() -> None:
    assert DepositCreate.model_validate_json(json.dumps(V2_RECORD)).seq == 1
    edge = {**V2_RECORD, "seq": INT_MAX, "weight_g": INT_MAX, "catalog_version": 0}
    assert validate_record(edge) == []
    assert DepositCreate.model_validate_json(json.dumps(edge)).weight_g == INT_MAX


def test_a_field_without_limits_would_let_the_bad_values_through() -> None:
    # Planted fault: the same checks with the limits removed pass every bad integer, so the
    # tests above fail when a declaration loses its limits.
    loose = Field("seq", "int")
    assert loose.check(2**31) is None
    assert Field("seq", "int", min=1, max=INT_MAX).check(2**31) is not None


def test_a_record_type_is_declared_once() -> None:
    with pytest.raises(ValueError, match="declared twice"):
        register(RecordType("deposit", ()))
    assert set(REGISTRY) == {"deposit", "event", "repair", "material_flow", "feedback", "pickup"}
