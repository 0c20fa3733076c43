"""One id is one record: an id central holds under another record type is refused with 409
naming the record, whichever type came first, and the refused batch writes nothing.
Runs on SQLite and PostgreSQL (the ``app`` fixture)."""

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, make_url, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from central.core.config import Settings
from central.main import create_app
from central.models import ACTIVITY_TABLES, Record
from tests.central.conftest import Kiosk, enrol_kiosk
from tests.central.services.effect.test_pilot_table import event, flow, repair, send
from tests.helpers.servers import PG_ENV

AT = "2026-06-01T17:00:00.000000Z"
EVENT_ID = "0190a000-0000-7000-8000-000000000001"


def counts(app: FastAPI) -> dict[str, int]:
    tables = {"deposit": Record.__table__, **ACTIVITY_TABLES}
    with Session(app.state.engine) as session:
        return {n: session.scalar(select(func.count()).select_from(t)) for n, t in tables.items()}


def refused(api: TestClient, kiosk: Kiosk, records: list[dict[str, Any]]) -> dict[str, Any]:
    response = api.post(
        "/api/v1/batches", json=kiosk.batch(records, contract_version=2), headers=kiosk.auth
    )
    assert response.status_code == 409, response.text
    return response.json()["detail"]


def deposit(kiosk: Kiosk, **overrides: Any) -> dict[str, Any]:
    return kiosk.record(type="deposit", **overrides)


def make(kiosk: Kiosk, record_type: str, **overrides: Any) -> dict[str, Any]:
    """A valid record of ``record_type`` for ``kiosk``, with ``overrides`` applied."""
    made = {
        "deposit": lambda: deposit(kiosk),
        "event": lambda: event(kiosk, AT),
        "repair": lambda: repair(kiosk, AT, EVENT_ID, "toy", "fixed"),
        "material_flow": lambda: flow(kiosk, AT, "activity_reuse", 500, "station"),
    }[record_type]()
    return made | overrides


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("deposit", "event"),
        ("event", "deposit"),
        ("event", "repair"),
        ("material_flow", "repair"),
    ],
)
def test_an_id_held_under_another_type_is_refused_by_name(
    app: FastAPI, api: TestClient, kiosk: Kiosk, first: str, then: str
) -> None:
    held = make(kiosk, first)
    send(api, kiosk, [held])
    before = counts(app)
    fine = deposit(kiosk)
    clash = make(kiosk, then)
    clash["id"] = held["id"]
    detail = refused(api, kiosk, [fine, clash])
    assert detail["code"] == "record_differs"
    assert (detail["record_id"], detail["index"]) == (held["id"], 1)
    assert held["id"] in detail["message"] and first in detail["message"]
    assert counts(app) == before  # the good deposit in the same batch was not kept either


def test_one_batch_holding_an_id_twice_under_two_types_is_refused(
    api: TestClient, kiosk: Kiosk
) -> None:
    first = deposit(kiosk)
    twin = event(kiosk, AT) | {"id": first["id"]}
    response = api.post(
        "/api/v1/batches", json=kiosk.batch([first, twin], contract_version=2), headers=kiosk.auth
    )
    assert response.status_code in (409, 422), response.text
    assert response.json()["detail"]["record_id"] == first["id"]


# Valid ids but not UUIDv7: they sort below and above every id a kiosk makes, so a check that
# looked only at the batch's time window, or got either end of its id range wrong by one,
# would let them through.
LOWEST = "00000000-0000-4000-8000-000000000000"
HIGHEST = "ffffffff-ffff-4fff-bfff-ffffffffffff"


@pytest.mark.parametrize("held_id", [LOWEST, HIGHEST])
@pytest.mark.parametrize(("first", "then"), [("event", "deposit"), ("deposit", "event")])
def test_an_id_far_outside_the_kiosks_time_order_is_still_refused(
    app: FastAPI, api: TestClient, kiosk: Kiosk, held_id: str, first: str, then: str
) -> None:
    send(api, kiosk, [make(kiosk, first, id=held_id)])
    before = counts(app)
    # The clash sits in the middle of the batch: its id, not its place, makes an end.
    records = [deposit(kiosk), make(kiosk, then, id=held_id), deposit(kiosk)]
    detail = refused(api, kiosk, records)
    assert detail["code"] == "record_differs"
    assert (detail["record_id"], detail["index"]) == (held_id, 1)
    assert f"already held as a {first}" in detail["message"]
    assert counts(app) == before


@pytest.mark.parametrize(("first", "then"), [("event", "deposit"), ("deposit", "event")])
def test_a_seq_held_under_another_type_names_the_batch_record(
    app: FastAPI, api: TestClient, kiosk: Kiosk, first: str, then: str
) -> None:
    held = make(kiosk, first)  # seq 1
    send(api, kiosk, [held])
    before = counts(app)
    records = [deposit(kiosk), make(kiosk, then, seq=held["seq"]), deposit(kiosk)]
    detail = refused(api, kiosk, records)
    assert detail["code"] == "seq_taken"
    assert (detail["record_id"], detail["index"]) == (records[1]["id"], 1)
    assert held["id"] in detail["message"] and first in detail["message"]
    assert counts(app) == before


def test_a_mixed_batch_sent_again_is_all_duplicates(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    # Its own events and seqs are found again in every table: none of that is a clash.
    records = [deposit(kiosk), make(kiosk, "event"), deposit(kiosk), make(kiosk, "repair")]
    send(api, kiosk, records)
    before = counts(app)
    again = kiosk.batch(records, contract_version=2)  # a new batch id: judged record by record
    response = api.post("/api/v1/batches", json=again, headers=kiosk.auth)
    assert response.status_code == 200, response.text
    assert (response.json()["inserted"], response.json()["duplicates"]) == (0, 4)
    assert counts(app) == before


@contextmanager
def numeric_collation_database() -> Iterator[str]:
    """A new PostgreSQL database whose text collation reads digit runs as numbers (ICU
    ``kn``): there "9fff..." sorts before "2000...", the opposite of byte order. Dropped after."""
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set; PostgreSQL tests need a server")
    name = f"kt_icu_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            try:
                conn.execute(
                    text(
                        f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' "
                        "LOCALE_PROVIDER icu ICU_LOCALE 'en-u-kn' LOCALE 'C.UTF-8'"
                    )
                )
            except DBAPIError as exc:
                pytest.skip(f"this PostgreSQL cannot make an ICU database: {exc.orig}")
        try:
            yield make_url(base).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def test_the_id_range_holds_whatever_the_database_collation(tmp_path: Path) -> None:
    # In byte order (Python's) the batch's ids run from 2000... to 9fff...; in this database's
    # order 9fff... comes first, so a range bounded by Python's min and max but compared in
    # the database's collation would be empty and miss the clash.
    held_id = "9fffffff-ffff-4fff-bfff-ffffffffffff"
    with numeric_collation_database() as url:
        app = create_app(Settings(db_url=url, max_weight_g=200_000, data_dir=tmp_path))
        try:
            with TestClient(app, base_url="http://central") as api:
                kiosk = enrol_kiosk(app, api)
                send(api, kiosk, [make(kiosk, "event", id=held_id)])
                records = [
                    deposit(kiosk, id="20000000-0000-7000-8000-000000000000"),
                    deposit(kiosk, id=held_id),
                ]
                detail = refused(api, kiosk, records)
                assert detail["code"] == "record_differs"
                assert (detail["record_id"], detail["index"]) == (held_id, 1)
        finally:
            app.state.engine.dispose()
