"""Issue 20.2: a reversal counts in the period of the record it reverses, and with it.

A published year changes only when something about that year changes: a reversal in a
later year takes nothing from that later year, a reversal of a flagged record is listed
with it and never summed, and a reversal that arrives before its original counts nothing
until the original comes. The rollup and the as-of path (raw records) agree on every case.
"""

from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from central.services.effect import EffectReport, effect_report
from contract.effect import Measure, Row
from tests.central.conftest import Kiosk
from tests.central.services.effect.test_pilot_table import event, flow, reversal, send

LATER = datetime(2099, 1, 1, tzinfo=UTC)  # as of a moment after everything: the raw path


def report(app: FastAPI, *, as_of: datetime | None) -> EffectReport:
    with Session(app.state.engine) as session:
        return effect_report(session=session, years=[2025, 2026], station_id="trosterud",
                             as_of=as_of)  # fmt: skip


def deposit(kiosk: Kiosk, at: str, **extra: Any) -> dict[str, Any]:
    return kiosk.record(type="deposit", recorded_at=at, category="wood", weight_g=45_700, **extra)


@pytest.mark.parametrize("as_of", [None, LATER], ids=["rollup", "as_of"])
def test_a_reversal_in_a_later_year_counts_in_its_originals_year(
    app: FastAPI, api: TestClient, kiosk: Kiosk, as_of: datetime | None
) -> None:
    business = flow(kiosk, "2025-12-20T10:00:00.000000Z", "business_waste", 45_700, "station")
    wood = deposit(kiosk, "2025-12-20T10:00:00.000000Z")
    kept = deposit(kiosk, "2025-12-21T10:00:00.000000Z")
    swap = event(kiosk, "2025-12-20T10:00:00.000000Z", "clothes_swap")
    send(api, kiosk, [business, wood, kept, swap])
    # "Undo" on 5 January 2026: the reversal's own time is in 2026.
    undo = [reversal(kiosk, r) | {"recorded_at": "2026-01-05T10:00:00.000000Z"}
            for r in (business, wood, swap)]  # fmt: skip
    send(api, kiosk, undo)
    got = report(app, as_of=as_of)
    assert got.rows[Row.BUSINESS_WASTE_KG] == [0, 0]
    assert got.rows[Row.RECYCLED_KG] == [45_700, 0]
    assert got.rows[Row.EVENTS] == [0, 0]


@pytest.mark.parametrize("as_of", [None, LATER], ids=["rollup", "as_of"])
def test_a_reversal_of_a_flagged_record_is_listed_with_it_never_summed(
    app: FastAPI, api: TestClient, kiosk: Kiosk, as_of: datetime | None
) -> None:
    # The clock was wrong at registration, then corrected, then the guide pressed "undo".
    wrong = deposit(kiosk, "2031-01-01T10:00:00.000000Z", clock_flag="future")
    moved = flow(kiosk, "2031-01-01T10:00:00.000000Z", "activity_reuse", 8_000, "station",
                 clock_flag="future")  # fmt: skip
    fine = deposit(kiosk, "2026-03-03T10:00:00.000000Z")
    send(api, kiosk, [wrong, moved, fine])
    undo = [reversal(kiosk, r) | {"recorded_at": "2026-03-03T11:00:00.000000Z",
                                  "clock_flag": None} for r in (wrong, moved)]  # fmt: skip
    send(api, kiosk, undo)
    got = report(app, as_of=as_of)
    assert got.rows[Row.RECYCLED_KG] == [0, 45_700]
    assert got.rows[Row.ACTIVITY_REUSE_KG] == [0, 0]
    listed = {(f.type, f.amount, f.records) for f in got.flagged}
    assert ("deposit", 0, 2) in listed  # the flagged record and its reversal, net zero
    assert {("material_flow", 8_000, 1), ("material_flow", -8_000, 1)} <= listed


@pytest.mark.parametrize("as_of", [None, LATER], ids=["rollup", "as_of"])
def test_a_reversal_before_its_original_counts_nothing_until_it_comes(
    app: FastAPI, api: TestClient, kiosk: Kiosk, as_of: datetime | None
) -> None:
    # The original was set aside on the kiosk (quarantined) and sent later, filling a gap.
    original = deposit(kiosk, "2025-06-01T10:00:00.000000Z")
    undo = reversal(kiosk, original) | {"recorded_at": "2026-02-01T10:00:00.000000Z"}
    other = deposit(kiosk, "2026-02-02T10:00:00.000000Z")
    send(api, kiosk, [undo, other])
    got = report(app, as_of=as_of)
    assert got.rows[Row.RECYCLED_KG] == [0, 45_700]
    send(api, kiosk, [original])
    got = report(app, as_of=as_of)
    assert got.rows[Row.RECYCLED_KG] == [0, 45_700]
    assert got.measures[Measure.RECYCLED] == [0, 45_700]


def test_a_partly_held_batch_brings_in_a_reversal_held_before_its_original(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    first = deposit(kiosk, "2025-06-01T10:00:00.000000Z")
    original = deposit(kiosk, "2025-06-02T10:00:00.000000Z")
    undo = reversal(kiosk, original)
    send(api, kiosk, [first])
    send(api, kiosk, [undo])
    # A resend of an older batch with the missing original: the held part adds nothing.
    send(api, kiosk, [first, original])
    assert report(app, as_of=None).rows[Row.RECYCLED_KG] == [45_700, 0]
    assert report(app, as_of=LATER).rows[Row.RECYCLED_KG] == [45_700, 0]
