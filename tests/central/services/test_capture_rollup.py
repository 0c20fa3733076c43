"""The capture view's daily rollup (``capture_days``) kept by ingest, on SQLite and PostgreSQL:
after batches that arrive late, out of order (a reversal before its original, the original
then sent in a batch whose seq range has a gap) and replayed, it holds exactly what
rebuilding it from the records (migration 0023) gives; so does the effect report's."""

from datetime import date
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.models import CaptureDay, DepositDay
from central.services.catalogue import category_kinds
from central.services.rollup import rebuild_capture, rebuild_rollup
from tests.central.conftest import Kiosk


def send(api: TestClient, kiosk: Kiosk, records: list[dict[str, Any]]) -> None:
    answer = api.post("/api/v1/batches", json=kiosk.batch(records), headers=kiosk.auth)
    assert answer.status_code == 200, answer.text


def table(app: FastAPI) -> dict[tuple[Any, ...], tuple[int, int]]:
    with Session(app.state.engine) as session:
        c = CaptureDay.__table__.c
        rows = session.execute(
            select(c.station_id, c.category, c.day, c.estimated, c.catalog_version,
                   c.net_g, c.records)
        ).all()  # fmt: skip
    return {tuple(r[:5]): (int(r[5]), int(r[6])) for r in rows if r[6]}


def test_ingest_keeps_the_rollup_as_a_rebuild_makes_it(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    def at(day: int, hour: int) -> str:
        return f"2026-01-{day:02d}T{hour:02d}:30:00.000000Z"

    wood = kiosk.record(recorded_at=at(1, 23), category="wood", weight_g=5000)  # 2 Jan in Oslo
    metal = kiosk.record(recorded_at=at(2, 9), category="metal", weight_g=700)
    guessed = kiosk.record(
        recorded_at=at(2, 10), category="wood", weight_g=3000, weight_source="estimate"
    )
    gone = kiosk.record(recorded_at=at(3, 12), category="clothes", weight_g=400, direction="out")
    send(api, kiosk, [wood, metal, guessed, gone])
    # Undone days later: counts on 2 January, with the record it reverses.
    undo = kiosk.record(recorded_at=at(9, 8), category="wood", weight_g=5000, reverses=wood["id"])
    send(api, kiosk, [undo])
    # A reversal that arrives before its original (a gap below it on the kiosk).
    late = kiosk.record(recorded_at=at(4, 8), category="metal", weight_g=250)
    early_undo = kiosk.record(
        recorded_at=at(12, 8), category="metal", weight_g=250, reverses=late["id"]
    )
    send(api, kiosk, [early_undo])
    after_orphan = table(app)
    send(api, kiosk, [late, kiosk.record(recorded_at=at(4, 9), category="metal", weight_g=90)])
    send(api, kiosk, [late])  # a resend adds nothing
    kept = table(app)
    # The reversal whose original is not held counts nothing yet; the out delivery never.
    assert after_orphan == {
        ("trosterud", "wood", date(2026, 1, 2), False, 1): (0, 2),
        ("trosterud", "metal", date(2026, 1, 2), False, 1): (700, 1),
        ("trosterud", "wood", date(2026, 1, 2), True, 1): (3000, 1),
    }
    # The original lands with its reversal: net zero, beside the other delivery that day.
    assert kept[("trosterud", "metal", date(2026, 1, 4), False, 1)] == (90, 3)
    report_days = days(app)
    with Session(app.state.engine) as session:
        rebuild_capture(session.connection())
        rebuild_rollup(session.connection(), category_kinds(session=session))
        session.commit()
    assert table(app) == kept
    # The effect report's rollup, kept by the same code, holds the late pair too.
    assert days(app) == report_days


def days(app: FastAPI) -> dict[tuple[Any, ...], tuple[int, int]]:
    with Session(app.state.engine) as session:
        c = DepositDay.__table__.c
        rows = session.execute(
            select(c.station_id, c.day, c.measure, c.flagged, c.net_g, c.records)
        ).all()
    return {tuple(r[:4]): (int(r[4]), int(r[5])) for r in rows if r[5]}
