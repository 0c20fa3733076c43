"""Issue 20, tried as a new user would: register at the kiosk every kind of delivery (coarse
residual waste too), reuse left and taken, items sent on to a reuse partner, a public event
with participants and repairs and a staff course; sync over a real socket; then central's
report has every figure in its row."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy.orm import Session

from central.services.effect import effect_report
from contract.effect import Row
from contract.hours import OSLO
from kiosk.db import activities
from kiosk.db.deposits import register_deposit
from kiosk.db.station_totals import station_totals
from kiosk.db.store import Store
from kiosk.domain.kinds import Direction
from kiosk.sync.client import CentralClient
from kiosk.sync.engine import run_sync
from tests.helpers.servers import uvicorn_server
from tests.sync.conftest import enrol_store

pytestmark = pytest.mark.slow


def a_day(store: Store, now: datetime) -> None:
    for category, grams, direction in (
        ("wood", 16_000, Direction.IN), ("residual_bulky", 10_000, Direction.IN),
        ("batteries", 1_250, Direction.IN), ("clothes", 16_500, Direction.IN),
        ("toys", 2_000, Direction.OUT),
    ):  # fmt: skip
        register_deposit(store=store, category=category, weight_g=grams, direction=direction,
                         now=now)  # fmt: skip
    activities.send_to_reuse_partner(store=store, partner="Fretex Alna", weight_g=8_000, now=now)
    swap = activities.open_event(store=store, kind="clothes_swap", now=now)
    for _ in range(4):
        activities.count(store=store, event_id=swap.id, counter="participants", delta=1)
    activities.log_repair(store=store, event_id=swap.id, item_category="jacket", outcome="fixed",
                          now=now)  # fmt: skip
    activities.close_event(store=store, event_id=swap.id, reuse_g=3_000, now=now)
    course = activities.open_event(store=store, kind="course", now=now)
    activities.count(store=store, event_id=course.id, counter="participants", delta=1)
    activities.close_event(store=store, event_id=course.id, now=now)


def test_a_day_at_the_station_reaches_every_row(
    central: FastAPI, store: Store, data_dir: Path
) -> None:
    # Registered now: a time before the kiosk was installed would be flagged, never summed.
    now = datetime.now(UTC)
    a_day(store, now)
    kiosk = station_totals(store=store, now=now)["today"]
    with uvicorn_server(central) as url:
        token = enrol_store(central, store, url, data_dir)
        with CentralClient(url, token=token) as client:
            status = run_sync(store=store, client=client)
    assert (status.pending, status.quarantined, status.error) == (0, 0, None)
    with Session(central.state.engine) as session:
        rows = effect_report(session=session, years=[now.astimezone(OSLO).year]).rows
    figures = {row: values[0] for row, values in rows.items()}
    assert figures == {
        Row.REUSED_KG: 10_000, Row.RECYCLED_KG: 16_000, Row.ACTIVITY_REUSE_KG: 3_000,
        Row.BUSINESS_WASTE_KG: 0, Row.EVENTS: 1, Row.LEFT_FOR_REUSE_KG: 16_500,
        Row.RESIDUAL_KG: 10_000, Row.HAZARDOUS_KG: 1_250, Row.PARTICIPANTS: 4,
        Row.VISITORS: 0, Row.REPAIRS_FIXED: 1, Row.REPAIRS_REPAIRABLE: 0,
        Row.REPAIRS_END_OF_LIFE: 0,
    }  # fmt: skip
    # The kiosk's own totals say the same of the same day.
    assert (kiosk.reused_g, kiosk.left_for_reuse_g, kiosk.activity_reuse_g) == (
        10_000, 16_500, 3_000)  # fmt: skip
    assert (kiosk.events, kiosk.participants) == (1, 4)
