"""Every GET page of the console in Debian's chromium, at 1280x800 and 390x844: axe-core finds
no WCAG 2.1 AA violation and nothing scrolls sideways on the phone.

The pages are read from the app's own router, so a console page added without a URL here
fails ``test_every_console_get_route_is_walked``. One central is seeded once (two stations,
deliveries, a reversal, events with repairs, a planned event, pickups with tickets, a feed
token, an alarm) so tables and charts have rows; the walk signs in as an admin.
"""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.core.config import Settings
from central.main import create_app
from central.models import ACTIVITY_TABLES, StaffUser
from central.services import feed_tokens, pickups, planned
from contract.records import PickupSource
from tests.central.conftest import Kiosk, enrol_kiosk
from tests.central.console import test_browser as shared
from tests.central.console.conftest import PASSWORD, add_user, make_silent
from tests.central.console.test_browser import CHROMIUM, axe_violations
from tests.central.console.test_event_pages import event, repair, send
from tests.helpers.records import WIRE_TIME
from tests.helpers.self_service import Station
from tests.helpers.servers import uvicorn_server

playwright_api = shared.playwright_api
pytestmark = shared.pytestmark
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}

# Console GET routes that are not a page of their own, and why.
DOWNLOADS = {"/stations/{station_id}/figures.{fmt}", "/stations/{station_id}/usage.csv",
             "/records.csv"}  # fmt: skip
# An htmx fragment is a block of its page's template; the walk waits until the page has it.
FRAGMENTS = {"/alarms": "/", "/stations/{station_id}/trend": "/stations/{station_id}"}
# What each page waits for before axe runs (an htmx load or a drawn chart).
READY = {
    "/stations/{station_id}": "() => window.Chart && Chart.getChart('year-chart')"
    " && Chart.getChart(document.getElementById('trend-chart'))",
    "/docs": "() => document.querySelector('.swagger-ui .info .title')",
}


# What sticks out past the viewport's right edge, named, for a failure's message.
WIDE = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
  .slice(0, 5).map(e => e.outerHTML.slice(0, 120))"""


# Each form field a sighted user cannot see a label for: it needs a <label> on screen, or
# aria-labelledby naming text on screen (a grid's column and row headers). An aria-label alone,
# or a visually hidden label, satisfies axe but leaves the box unexplained on screen.
UNLABELLED = """() => {
  const seen = e => { const r = e.getBoundingClientRect();
    return r.width > 2 && r.height > 2 && getComputedStyle(e).visibility !== 'hidden'
      && e.innerText.trim() !== ''; };
  return [...document.querySelectorAll('input, select, textarea')].filter(f => {
    if (['hidden', 'submit', 'button'].includes(f.type)) return false;
    const box = f.getBoundingClientRect();
    if (!box.width && !box.height) return false;
    const by = (f.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
      .map(id => document.getElementById(id));
    if (by.length) return !by.every(e => e && seen(e));
    return ![...f.labels].some(seen);
  }).map(f => f.outerHTML.slice(0, 120));
}"""


# A date written the ISO way in what the page shows (a <time>'s datetime is not shown).
ISO_DATES = """() => document.body.innerText.match(/\\b\\d{4}-\\d{2}-\\d{2}\\b/g) || []"""


def console_get_routes(app: FastAPI) -> set[str]:
    """Every GET route the console's page modules add to ``app`` (not the API's, not the feed's).

    FastAPI 0.165 keeps an included router as one entry that holds the original router and
    its prefix, so the walk goes down into each.
    """

    def walk(routes: list[Any], prefix: str) -> Iterator[tuple[str, APIRoute]]:
        for route in routes:
            if isinstance(route, APIRoute):
                yield prefix + route.path, route
            elif hasattr(route, "original_router"):
                yield from walk(route.original_router.routes, prefix + route.include_context.prefix)

    return {
        path
        for path, route in walk(app.routes, "")
        if "GET" in route.methods and route.endpoint.__module__.startswith("central.console.")
    }


def seed(app: FastAPI, api: TestClient) -> dict[str, str]:
    """A year of a network in miniature; returns the path parameters the pages take."""
    add_user(app, "anna", "admin")
    add_user(app, "ida", "viewer")
    trosterud = enrol_kiosk(app, api, "trosterud")
    furuset = enrol_kiosk(app, api, "furuset")
    now = datetime.now(UTC)
    this_year = now.replace(month=1, day=3, hour=9, minute=0, second=0, microsecond=0)
    deposits: list[tuple[Kiosk, list[dict[str, Any]]]] = [(trosterud, []), (furuset, [])]
    for (kiosk, records), grams in zip(deposits, (2_500, 7_250), strict=True):
        for month in range(now.month):
            for year in (this_year.year - 1, this_year.year):
                at = this_year.replace(year=year, month=month + 1)
                records.append(
                    kiosk.record(recorded_at=at.strftime(WIRE_TIME), weight_g=grams + month * 100)
                )
    first = deposits[0][1][0]
    deposits[0][1].append(
        trosterud.record(
            recorded_at=first["recorded_at"], weight_g=first["weight_g"], reverses=first["id"]
        )
    )
    for kiosk, records in deposits:
        assert api.post("/api/v1/batches", json=kiosk.batch(records), headers=kiosk.auth).is_success
    hazardous = [trosterud.record(recorded_at=(now - timedelta(days=d)).strftime(WIRE_TIME),
                                  category=c, weight_g=g)
                 for d, c, g in ((3, "batteries", 4_200), (2, "spray_cans", 3_100))]  # fmt: skip
    batch = trosterud.batch(hazardous)
    assert api.post("/api/v1/batches", json=batch, headers=trosterud.auth).is_success
    bike = event(trosterud)
    send(api, trosterud, [bike, repair(trosterud, bike["id"], "bicycle", "fixed"),
                          repair(trosterud, bike["id"], "lamp", "repairable")])  # fmt: skip
    Station(app, api, enrol_kiosk(app, api, "tveita")).grow(8)  # pickups with tickets
    make_silent(app, furuset.device_id)
    with Session(app.state.engine) as session:
        tomorrow = (now + timedelta(days=1)).replace(hour=15, minute=0, second=0, microsecond=0)
        plan = planned.Plan(kind="bike_workshop", audience="public", starts_at=tomorrow,
                            ends_at=tomorrow + timedelta(hours=2), place="Verkstedet")  # fmt: skip
        planned_id = planned.plan_event(
            session=session, station_id="trosterud", plan=plan, actor="anna", now=now
        ).id
        anna = session.scalar(select(StaffUser).where(StaffUser.username == "anna"))
        assert anna is not None
        feed_tokens.issue(session=session, key=app.state.key, user_id=anna.id, name="Power BI",
                          now=now)  # fmt: skip
        cabinet = {"ticket_no": "FA-1", "weighed_at": now.isoformat(), "station_id": "trosterud",
                   "fraction": "hazardous", "net_kg": 39.8, "hauler": "Norsk Gjenvinning",
                   "plant": "Alnabru"}  # fmt: skip
        done = pickups.store_pickups(session=session, rows=[cabinet], source=PickupSource.IMPORT,
                                     now=now)  # fmt: skip
        assert not done.refused, done.refused
        table = ACTIVITY_TABLES["pickup"]
        pickup_id = session.scalar(select(table.c.id).where(table.c.fraction == "hazardous"))
        session.commit()
    assert pickup_id is not None
    return {
        "station_id": "trosterud",
        "device_id": trosterud.device_id,
        "event_id": planned_id,
        "pickup_id": str(pickup_id),
        "type": "deposit",
        "record_id": str(first["id"]),
    }


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FastAPI, str, dict]]:
    db = tmp_path_factory.mktemp("every_page") / "central.sqlite3"
    app = create_app(Settings(db_url=f"sqlite:///{db}"))
    with TestClient(app, base_url="http://central") as api:
        params = seed(app, api)
    with uvicorn_server(app) as url:
        yield app, url, params
    app.state.engine.dispose()


@pytest.fixture(scope="module")
def signed_in(central: tuple[FastAPI, str, dict]) -> Iterator[tuple[Any, list[dict]]]:
    """One chromium and the admin's cookies, signed in through the form once."""
    _, url, _ = central
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = chromium.new_page()
        page.goto(f"{url}/login")
        page.fill("#username", "anna")
        page.fill("#password", PASSWORD)
        page.click("button.primary")
        page.wait_for_url(f"{url}/")
        cookies = page.context.cookies()
        page.close()
        yield chromium, cookies
        chromium.close()


# Read from a fresh app at collection, so the parameters are the router's own list.
PAGES = sorted(
    console_get_routes(create_app(Settings(db_url="sqlite://"))) - DOWNLOADS - set(FRAGMENTS)
)


def test_every_console_get_route_is_walked() -> None:
    routes = console_get_routes(create_app(Settings(db_url="sqlite://")))
    assert len(routes) >= 25
    assert set(FRAGMENTS.values()) <= set(PAGES)  # a fragment is checked inside its page
    assert routes == set(PAGES) | DOWNLOADS | set(FRAGMENTS)
    assert "/login" in PAGES and "/records/{type}/{record_id}" in PAGES


def problems(page: Any, size: str) -> list[object]:
    """axe's WCAG 2.1 AA violations, the fields without a label on screen, ISO dates shown,
    then the page's width if it scrolls sideways."""
    found: list[object] = list(axe_violations(page))
    if unlabelled := page.evaluate(UNLABELLED):
        found.append({"no label on screen": unlabelled})
    if iso := page.evaluate(ISO_DATES):
        found.append({"ISO dates": iso[:5]})
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > SIZES[size]["width"]:
        found.append({"scrolls sideways": width, "wide": page.evaluate(WIDE)})
    return found


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("route", PAGES)
def test_page_meets_wcag21aa(
    route: str, size: str, central: tuple[FastAPI, str, dict], signed_in: tuple[Any, list[dict]]
) -> None:
    _, url, params = central
    chromium, cookies = signed_in
    context = chromium.new_context(viewport=SIZES[size])
    if route != "/login":
        context.add_cookies(cookies)
    page = context.new_page()
    try:
        response = page.goto(url + route.format(**params))
        assert response is not None and response.status == 200, route
        if route in READY:
            page.wait_for_function(READY[route])
        page.wait_for_load_state("networkidle")
        if route not in ("/login", "/docs"):  # the menu marks where the reader is
            assert page.locator("nav a[aria-current=page]").count() == 1, route
        assert problems(page, size) == [], (route, size)
    finally:
        context.close()


def test_the_walk_catches_planted_faults(
    central: tuple[FastAPI, str, dict], signed_in: tuple[Any, list[dict]]
) -> None:
    # Without this, "no problems" above could mean the checks never looked.
    _, url, params = central
    chromium, cookies = signed_in
    context = chromium.new_context(viewport=SIZES["phone"])
    context.add_cookies(cookies)
    page = context.new_page()

    def planted(route: Any) -> None:
        html = (
            route.fetch()
            .text()
            .replace(
                "</main>",
                '<button class="ds-button"></button><p style="color:#bbb">grå</p>'
                '<label class="visually-hidden" for="planted">Skjult</label><input id="planted">'
                '<input aria-label="Bare for skjermleser">'
                "<p>Sist sett 2026-12-07 12:05</p>"
                '<p style="white-space:nowrap">' + "Minigjenbruksstasjon " * 10 + "</p></main>",
            )
        )
        route.fulfill(body=html, content_type="text/html; charset=utf-8")

    page.route(url + "/devices/" + params["device_id"], planted)
    page.goto(url + "/devices/" + params["device_id"])
    found = problems(page, "phone")
    context.close()
    assert [p["id"] for p in found if "id" in p] == ["button-name", "color-contrast"]
    assert any("scrolls sideways" in p for p in found)
    unlabelled = [p["no label on screen"] for p in found if "no label on screen" in p]
    assert [[html.split(">")[0] for html in fields] for fields in unlabelled] == [
        ['<input id="planted"', '<input aria-label="Bare for skjermleser"']
    ]

    # A console page added without a URL in the walk is found in the router and refused.
    app = create_app(Settings(db_url="sqlite://"))

    def new_page() -> str:
        return "<html></html>"

    new_page.__module__ = "central.console.pages.planted"
    app.get("/planted")(new_page)
    assert console_get_routes(app) - set(PAGES) - DOWNLOADS - set(FRAGMENTS) == {"/planted"}
