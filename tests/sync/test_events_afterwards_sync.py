"""An event entered afterwards (issue 27) syncs like any event, over a real socket to the real
central (SQLite and PostgreSQL); central's effect report, read through its API, counts it in
the month it was held, not the month it was entered; the console marks it as entered later."""

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from contract.effect import Row
from kiosk.db import activities
from kiosk.db.store import Store
from kiosk.domain.hours import OSLO
from kiosk.sync.client import CentralClient
from kiosk.sync.engine import run_sync
from tests.central.console.conftest import add_user, sign_in
from tests.helpers.servers import database_url, uvicorn_server
from tests.sync.conftest import enrol_store, make_central

pytestmark = pytest.mark.slow


@pytest.fixture(params=["sqlite", "pg"])
def central(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FastAPI]:
    with database_url(request.param, tmp_path) as url:
        app = make_central(url, max_weight_g=200_000)
        yield app
        app.state.engine.dispose()


def month_column(periods: list[dict[str, str]], day: datetime) -> int:
    label = day.date().isoformat()
    (index,) = [i for i, p in enumerate(periods) if p["first"] <= label <= p["last"]]
    return index


def test_an_event_entered_later_counts_in_the_month_it_was_held(
    central: FastAPI, store: Store, data_dir: Path
) -> None:
    # Entered now (a time before the kiosk was installed would be flagged, never summed),
    # held 40 days ago: always in an earlier month than today's, within the 90 days allowed.
    now = datetime.now(UTC)
    held_day = (now.astimezone(OSLO) - timedelta(days=40)).date()
    starts = datetime.combine(held_day, time(11, 0), OSLO)
    later = activities.record_past_event(
        store=store, kind="clothes_swap", starts_at=starts, ends_at=starts + timedelta(hours=3),
        participants=14, visitors=60, reuse_g=25_000, now=now,
    )  # fmt: skip
    # A live event today, for contrast: counted today, and not marked.
    live = activities.open_event(store=store, kind="bike_workshop", now=now)
    activities.count(store=store, event_id=live.id, counter="participants", delta=1, now=now)
    activities.close_event(store=store, event_id=live.id, now=now)
    with uvicorn_server(central) as url:
        token = enrol_store(central, store, url, data_dir)
        with CentralClient(url, token=token) as client:
            status = run_sync(store=store, client=client)
    assert (status.pushed, status.pending, status.quarantined, status.error) == (2, 0, 0, None)

    add_user(central, "viewer", "viewer")
    with TestClient(central, base_url="http://central") as staff:
        assert sign_in(staff, "viewer") == 303
        years = sorted({held_day.year, now.astimezone(OSLO).year})
        year = "-".join(str(y) for y in (years[0], years[-1])) if len(years) > 1 else str(years[0])
        params = {"year": year, "station": "trosterud", "months": "true"}
        report = staff.get("/api/v1/reports/effect", params=params)
        assert report.status_code == 200, report.text
        body = report.json()
        page = staff.get("/stations/trosterud/events").text

    held = month_column(body["periods"], starts)
    entered = month_column(body["periods"], now.astimezone(OSLO))
    assert held != entered
    events, people = body["rows"][Row.EVENTS.value], body["rows"][Row.PARTICIPANTS.value]
    assert (events[held], people[held]) == (1, 14)  # the swap, where it was held
    assert (events[entered], people[entered]) == (1, 1)  # only the live workshop
    assert body["rows"][Row.ACTIVITY_REUSE_KG.value][held] == 25_000
    assert sum(events) == 2

    swap = page.split(f'<tr data-event="{later.id}">')[1].split("</tr>")[0]
    entered_at = now.astimezone(OSLO).strftime("%d.%m.%Y %H:%M")
    assert f"Registrert i etterkant {entered_at}" in swap
    assert starts.strftime("%d.%m.%Y 11:00–14:00") in swap  # listed when it was held
    workshop = page.split(f'<tr data-event="{live.id}">')[1].split("</tr>")[0]
    assert "Registrert i etterkant" not in workshop
