"""Render the console's pickup pages in headless chromium, over a seeded SQLite central.

    .venv/bin/python scripts/console_screenshots.py      # docs/screenshots/console_*.png

One station: weekly tickets of metal and wood beside what the kiosk registered, half a year
of a self-service mixed container (estimates at the catalogue's defaults, known true weights),
and the hazardous cabinet emptied with a ticket. Then the capture rate with its chart, the
cabinet's hand-over sheet, the weight proposals, and the catalogue editor's code columns, as
an admin sees them.
"""

# ruff: noqa: E402 - the path must be set before the test helpers load
import random
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the seeding helpers live with the tests

from fastapi import FastAPI
from fastapi.testclient import TestClient
from playwright.sync_api import sync_playwright
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from central.core.config import Settings
from central.main import create_app
from central.models import ACTIVITY_TABLES
from central.models import Station as StationRow
from central.services import auth, pickups
from contract.records import PickupSource
from tests.central.conftest import Kiosk, enrol_kiosk
from tests.helpers.records import WIRE_TIME
from tests.helpers.self_service import START, Station
from tests.helpers.servers import uvicorn_server

OUT = ROOT / "docs" / "screenshots"
PASSWORD = "correct-horse-battery"


def tickets(app: FastAPI, rows: list[dict[str, object]]) -> None:
    with Session(app.state.engine) as session:
        done = pickups.store_pickups(
            session=session, rows=rows, source=PickupSource.IMPORT, now=datetime.now(UTC)
        )
        assert not done.refused, done.refused
        session.commit()


def send(api: TestClient, kiosk: Kiosk, rows: list[tuple[datetime, str, int]]) -> None:
    records = [
        kiosk.record(type="deposit", recorded_at=at.strftime(WIRE_TIME), category=c, weight_g=g)
        for at, c, g in rows
    ]
    for i in range(0, len(records), 400):
        batch = kiosk.batch(records[i : i + 400], contract_version=5)
        assert api.post("/api/v1/batches", json=batch, headers=kiosk.auth).is_success


def seed(app: FastAPI, api: TestClient) -> str:
    """Half a year at Trosterud; returns the cabinet pickup's id."""
    kiosk = enrol_kiosk(app, api, "trosterud")
    with Session(app.state.engine) as session:
        session.execute(update(StationRow).values(name="Trosterud miljøstasjon"))
        auth.add_user(
            now=datetime.now(UTC), session=session, username="anna", password=PASSWORD, role="admin"
        )
        session.commit()
    rng = random.Random(2026)
    deliveries: list[tuple[datetime, str, int]] = []
    ticket_rows: list[dict[str, object]] = []
    for fraction, every, rate in (("metal", 2, 0.93), ("wood", 3, 0.81)):
        for n in range(0, 26, every):
            weighed = 0
            for day in range(every * 7 - 1):
                grams = rng.randint(2_000, 30_000)
                weighed += grams
                moment = START + timedelta(weeks=n, days=day, hours=3)
                deliveries.append((moment, fraction, round(grams * rate)))
            ticket_rows.append(
                {
                    "ticket_no": f"{fraction[:2].upper()}-{n}",
                    "weighed_at": (START + timedelta(weeks=n + every)).isoformat(),
                    "station_id": "trosterud",
                    "fraction": fraction,
                    "net_kg": weighed / 1000,
                    "hauler": "Ragn-Sells",
                    "plant": "Haraldrud",
                }
            )
    cabinet = START + timedelta(weeks=10)
    for day, (category, grams) in enumerate(
        [("batteries", 4_200), ("spray_cans", 3_100), ("paint_glue_varnish", 18_500),
         ("light_bulbs_tubes", 1_900), ("chemicals", 6_400), ("batteries", 2_300)]
    ):  # fmt: skip
        deliveries.append((cabinet - timedelta(days=20 - 3 * day), category, grams))
    send(api, kiosk, deliveries)
    ticket_rows.append(
        {
            "ticket_no": "FA-2026-031",
            "weighed_at": cabinet.isoformat(),
            "station_id": "trosterud",
            "fraction": "hazardous",
            "net_kg": 39.8,
            "hauler": "Norsk Gjenvinning",
            "plant": "Norsk Gjenvinning Alnabru",
        }
    )
    tickets(app, ticket_rows)
    Station(app, api, kiosk).grow(26)  # the self-service container
    with Session(app.state.engine) as session:
        t = ACTIVITY_TABLES["pickup"]
        return str(session.scalar(select(t.c.id).where(t.c.fraction == "hazardous")))


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(db_url=f"sqlite:///{Path(tmp) / 'central.sqlite3'}"))
        with TestClient(app, base_url="http://central") as api:
            cabinet = seed(app, api)
        with uvicorn_server(app) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{url}/login")
            page.fill("#username", "anna")
            page.fill("#password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{url}/")
            for name, path, height in (
                # The chart, the totals and the first periods; the table goes on for months.
                ("console_pickups.png", "/pickups?station=trosterud&year=2026", 1300),
                ("console_handover.png", f"/pickups/{cabinet}/handover", None),
                ("console_weights.png", "/weights", None),
            ):
                page.goto(url + path)
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(600)  # the chart's animation
                clip = {"x": 0, "y": 0, "width": 1280, "height": height} if height else None
                page.screenshot(path=str(OUT / name), full_page=True, clip=clip)
                print(OUT / name)
            # The catalogue editor's code columns, where REG types EAL, waste-substance and UN.
            page.goto(f"{url}/catalogue")
            page.eval_on_selector("div.scroll", "e => { e.scrollLeft = e.scrollWidth; }")
            page.locator("div.scroll").screenshot(path=str(OUT / "console_catalogue_codes.png"))
            print(OUT / "console_catalogue_codes.png")
            browser.close()
        app.state.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
