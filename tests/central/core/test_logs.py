"""Central's log events: each one line with its own UTC time, traceback included, as text or
JSON (KIOSK_CENTRAL_LOG_FORMAT), through the same logging config uvicorn gets."""

import json
import logging
import logging.config
import re
from collections.abc import Iterator

import pytest

from central.core.logs import log_config

STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00"


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """dictConfig changes process-wide loggers: put back what the other tests expect."""
    names = ("", "alembic", "uvicorn", "uvicorn.error", "uvicorn.access")
    saved = {name: logging.getLogger(name) for name in names}
    state = {name: (log.handlers[:], log.level, log.propagate) for name, log in saved.items()}
    yield
    for name, log in saved.items():
        log.handlers[:], level, log.propagate = state[name]
        log.setLevel(level)


def log_a_failure(log_format: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    logging.config.dictConfig(log_config(log_format))  # type: ignore[arg-type]
    log = logging.getLogger("central.core.errors")
    try:
        {}["missing"]
    except KeyError:
        log.exception("unexpected error on POST /api/v1/batches")
    logging.getLogger("uvicorn.access").info('127.0.0.1 - "GET /api/v1/health" 200')
    logging.getLogger("alembic.runtime.migration").info("Context impl SQLiteImpl.")
    return capsys.readouterr().err.splitlines()


def test_text_lines_carry_their_time_and_keep_the_traceback_on_one_line(
    restore_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    error, access = log_a_failure("text", capsys)  # alembic's chatter stays out
    assert re.match(rf"^{STAMP} ERROR central.core.errors: unexpected error on POST", error)
    assert "Traceback (most recent call last): | " in error
    assert error.endswith("KeyError: 'missing'")
    assert re.match(rf'^{STAMP} INFO uvicorn.access: 127.0.0.1 - "GET /api/v1/health" 200$', access)


def test_json_lines_are_one_object_each_with_the_traceback_as_a_field(
    restore_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    error, access = (json.loads(line) for line in log_a_failure("json", capsys))
    assert re.fullmatch(STAMP, error["time"])
    assert (error["level"], error["logger"]) == ("ERROR", "central.core.errors")
    assert error["message"] == "unexpected error on POST /api/v1/batches"
    assert error["traceback"].startswith("Traceback") and "KeyError" in error["traceback"]
    assert (access["logger"], "traceback" in access) == ("uvicorn.access", False)
