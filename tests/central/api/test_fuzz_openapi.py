"""Schemathesis fuzzes central's own OpenAPI with a real enrolled token, on SQLite and PostgreSQL.

Every documented operation (the kiosk API and /api/v1/*; the console's HTML forms are not in the
schema) must answer without a 5xx, with a documented status and a body matching its schema, and
a schema-valid request must never be called malformed (400)."""

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import Case, CheckContext, GenerationMode, Response
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.central.conftest import Kiosk

# Per operation and mode; 7 operations x 2 modes x 2 databases stays well under a minute.
EXAMPLES = 12


def _not_400(ctx: CheckContext, response: Response, case: Case) -> bool:
    """A request the schema allows may be refused (401, 409, 422...), never called malformed."""
    assert response.status_code != 400, f"schema-valid request got 400: {response.text}"
    return True


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_central_answers_every_generated_request_as_documented(
    app: FastAPI, kiosk: Kiosk, mode: GenerationMode
) -> None:
    # schemathesis.pytest.from_fixture cannot parametrize under pytest 9 (it sets
    # Function._nodeid), so each operation's strategy is driven by hypothesis directly.
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    checks = [*CHECKS, _not_400] if mode is GenerationMode.POSITIVE else CHECKS
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/v1/batches", "/api/v1/enrol"}
    for operation in operations:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def call(case: Case) -> None:
            case.call_and_validate(headers=kiosk.auth, checks=checks)

        try:
            call()
        except Unsatisfiable:
            # An operation without inputs (GET /health) has no invalid request to make.
            if mode is GenerationMode.POSITIVE:
                raise
