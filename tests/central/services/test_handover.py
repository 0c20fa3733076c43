"""The hazardous hand-over counts what the capture view counts (issue 25), on SQLite and
PostgreSQL: a reversal counts with the record it reverses, in that record's period, however
late it was made; one whose original central does not hold counts nothing."""

from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.models import ACTIVITY_TABLES
from central.services import capture, handover, pickups
from contract.records import PickupSource
from tests.central.conftest import Kiosk


def deposit(kiosk: Kiosk, at: str, grams: int, **more: Any) -> dict[str, Any]:
    return {**kiosk.record(recorded_at=at, category="batteries", weight_g=grams, **more),
            "type": "deposit"}  # fmt: skip


def test_a_late_reversal_counts_with_its_original_in_the_period_it_was_emptied_in(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    kept = deposit(kiosk, "2026-03-01T10:00:00.000000Z", 1_000)
    wrong = deposit(kiosk, "2026-03-02T10:00:00.000000Z", 3_000)
    later = deposit(kiosk, "2026-03-15T10:00:00.000000Z", 2_000)
    # Undone on 12 March, after the cabinet was emptied on 10 March with it inside.
    undo = deposit(kiosk, "2026-03-12T09:00:00.000000Z", 3_000, reverses=wrong["id"])
    # A reversal of a record central does not hold counts nowhere.
    orphan = deposit(kiosk, "2026-03-16T09:00:00.000000Z", 500, reverses=kiosk.record()["id"])
    batch = {**kiosk.batch([kept, wrong, later, undo, orphan]), "contract_version": 5}
    assert api.post("/api/v1/batches", json=batch, headers=kiosk.auth).is_success
    rows = [("FA-1", "2026-03-10T08:00:00Z"), ("FA-2", "2026-03-20T08:00:00Z")]
    with Session(app.state.engine) as session:
        done = pickups.store_pickups(
            session=session,
            rows=[
                {
                    "ticket_no": t,
                    "weighed_at": at,
                    "station_id": "trosterud",
                    "fraction": "hazardous",
                    "net_kg": 5,
                }
                for t, at in rows
            ],
            source=PickupSource.IMPORT,
            now=datetime.now(UTC),
        )
        assert not done.refused, done.refused
        session.commit()
        t = ACTIVITY_TABLES["pickup"]
        first, second = session.scalars(select(t.c.id).order_by(t.c.weighed_at)).all()
        sheets = [handover.handover(session=session, pickup_id=p) for p in (first, second)]
        view = capture.periods(session, station_id="trosterud", year=2026)

    def batteries(sheet: handover.Handover) -> tuple[int, int]:
        (line,) = [ln for ln in sheet.lines if "batteries" in ln.categories]
        return line.registered_g, line.items

    assert batteries(sheets[0]) == (1_000, 1)  # 1 kg kept; the 3 kg undone with its original
    assert batteries(sheets[1]) == (2_000, 1)  # the reversal is not taken off here again
    # The capture view's periods, which count reversals the same way, agree.
    hazardous = [p.registered_g for p in view if p.fraction == "hazardous"]
    assert hazardous == [1_000, 2_000]
