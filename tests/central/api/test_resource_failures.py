"""A failure of central's own resources is a 503 with Retry-After, never a 500, whatever
wrapper it comes in: psycopg's raw COPY cursor included (a full disk during a sync)."""

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from central.core.config import Settings
from central.core.resources import resource_failure
from central.main import create_app
from tests.central.conftest import Kiosk, enrol_kiosk, gzipped, record_count
from tests.helpers.servers import pg_schema_url

# Planted in the test's own schema: PostgreSQL raises the error with the given SQLSTATE on
# the INSERT ... SELECT that bulk_insert runs through psycopg's raw cursor.
_RAISE = """
CREATE FUNCTION fail_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'planted failure' USING ERRCODE = '{state}'; END $$;
CREATE TRIGGER fail_insert BEFORE INSERT ON records
FOR EACH STATEMENT EXECUTE FUNCTION fail_insert();
"""


def _plant(app: FastAPI, state: str) -> None:
    with app.state.engine.begin() as conn:
        conn.exec_driver_sql(_RAISE.format(state=state))


def _post(api: TestClient, kiosk: Kiosk) -> Any:
    # Enough rows to need new pages: SQLite fills the free room of the pages it has first.
    batch = kiosk.batch([kiosk.record() for _ in range(300)])
    headers = kiosk.auth | {"Content-Encoding": "gzip"}
    return api.post("/api/v1/batches", content=gzipped(batch), headers=headers)


def _fill_sqlite(app: FastAPI) -> None:
    # SQLite's own SQLITE_FULL: every new connection may not grow the file past its size now.
    def cap(dbapi_connection: Any, _record: Any) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(app.state.engine, "connect", cap)
    app.state.engine.dispose()


def test_a_full_disk_during_a_batch_is_503_with_retry_after(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    if app.state.engine.dialect.name == "postgresql":
        _plant(app, "53100")  # disk_full, from the raw COPY/merge cursor, never wrapped
    else:
        _fill_sqlite(app)
    answer = _post(api, kiosk)
    assert answer.status_code == 503, answer.text
    assert answer.headers["Retry-After"] == "5"
    assert answer.json()["detail"]["code"] == "database_unavailable"
    assert answer.json()["detail"]["record_id"] is None  # no record is blamed
    assert record_count(app) == 0


@pytest.fixture
def pg_app(tmp_path: Path) -> Iterator[FastAPI]:
    with pg_schema_url() as url:
        application = create_app(Settings(db_url=url, data_dir=tmp_path))
        yield application
        application.state.engine.dispose()


@pytest.mark.parametrize(
    ("state", "status"),
    [
        ("53200", 503),  # out of memory
        ("53300", 503),  # too many connections
        ("08006", 503),  # connection failure
        ("57P01", 503),  # admin shutdown
        ("58030", 503),  # I/O error
        ("XX000", 500),  # internal error: a bug, which a 503 must not hide
    ],
)
def test_sqlstate_classes_from_the_raw_cursor(pg_app: FastAPI, state: str, status: int) -> None:
    with TestClient(pg_app, base_url="http://central", raise_server_exceptions=False) as api:
        kiosk = enrol_kiosk(pg_app, api)
        _plant(pg_app, state)
        answer = _post(api, kiosk)
    assert answer.status_code == status, (state, answer.text)
    assert ("Retry-After" in answer.headers) == (status == 503)


def test_the_classifier_reads_every_wrapper() -> None:
    full = psycopg.errors.DiskFull("could not extend file")
    assert resource_failure(full)
    assert resource_failure(OperationalError("COPY", {}, full))  # SQLAlchemy's wrapper
    try:
        raise RuntimeError("while copying") from full
    except RuntimeError as chained:
        assert resource_failure(chained)
    assert resource_failure(PoolTimeout("QueuePool limit reached"))
    assert resource_failure(MemoryError())
    locked = sqlite3.OperationalError("database is locked")
    locked.sqlite_errorcode = sqlite3.SQLITE_BUSY  # type: ignore[attr-defined]
    assert resource_failure(locked)
    assert not resource_failure(psycopg.errors.UniqueViolation("dup"))
    assert not resource_failure(psycopg.errors.UndefinedTable("no such table"))
    assert not resource_failure(ValueError("a bug"))
    missing = sqlite3.OperationalError("no such table: records")
    missing.sqlite_errorcode = sqlite3.SQLITE_ERROR  # type: ignore[attr-defined]
    assert not resource_failure(missing)


def test_an_exhausted_connection_pool_is_503(central_settings: Settings) -> None:
    app = create_app(central_settings)
    # One connection, held by someone else: the request waits 0.1 s for it, then gives up.
    app.state.engine.dispose()
    app.state.engine = create_engine(
        central_settings.db_url, pool_size=1, max_overflow=0, pool_timeout=0.1
    )
    try:
        with TestClient(app, base_url="http://central") as api:
            kiosk = enrol_kiosk(app, api)
            with app.state.engine.connect():
                answer = _post(api, kiosk)
            assert answer.status_code == 503, answer.text
            assert answer.headers["Retry-After"] == "5"
            assert _post(api, kiosk).status_code == 200  # the connection is back: it goes
    finally:
        app.state.engine.dispose()
