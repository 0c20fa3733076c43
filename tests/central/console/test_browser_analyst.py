"""The analyst's pages in Debian's chromium over a real socket: the all-stations overview
ranked by a header click, a station's trend drawn by the vendored Chart.js, and the records
browser paged to a record's page and its reversal chain. Nothing leaves the server.

axe-core: 0 WCAG 2.1 AA violations on each page, at 1280 px (and the overview on a phone).
"""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from central.core.config import Settings
from central.main import create_app
from contract.times import OSLO
from contract.wire import canonical_sha256
from tests.central.conftest import add_station, issue_code
from tests.central.console import test_browser as shared
from tests.central.console.conftest import PASSWORD, add_user
from tests.central.console.test_browser import DESKTOP, PHONE, check_page, offline_only
from tests.helpers.servers import uvicorn_server

pytestmark = shared.pytestmark
browser = shared.browser
server = shared.server


def deliver(
    app: FastAPI,
    url: str,
    station: str,
    device: str,
    grams: list[int],
    self_service: frozenset[int] = frozenset(),
) -> list[str]:
    """A kiosk at ``station`` sends one wood delivery per weight this year (the first is
    then undone; the seqs in ``self_service`` by a resident); returns the record ids,
    oldest first."""
    add_station(app, station, station.capitalize())
    start = datetime.now(UTC).replace(month=1, day=2, hour=10, minute=0, second=0, microsecond=0)
    with httpx.Client(base_url=url, timeout=10) as client:
        code = issue_code(app, station)
        enrolled = client.post("/api/v1/enrol", json={"code": code, "device_id": device})
        records = [
            {
                "id": f"0190c6e0-0000-7000-8000-{station[:4].encode().hex()}{seq:04d}",
                "seq": seq, "device_id": device, "station_id": station,
                "recorded_at": (start + timedelta(minutes=seq)).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                "category": "wood", "weight_g": g, "weight_source": "scale_stable",
                "channel": "self_service" if seq in self_service else "guide",
                "direction": "in", "reverses": None, "visit_id": None,
                "catalog_version": 1, "clock_flag": None,
            }
            for seq, g in enumerate(grams, start=1)
        ]  # fmt: skip
        undo = {**records[0], "id": records[0]["id"][:-4] + "9999", "seq": len(records) + 1,
                "reverses": records[0]["id"]}  # fmt: skip
        records.append(undo)
        batch = {
            "batch_id": f"3f1c2d4e-0000-4000-8000-{station[:6].encode().hex()}",
            "device_id": device, "first_seq": 1, "last_seq": len(records),
            "count": len(records), "sha256": canonical_sha256(records),
            "sent_at": datetime.now(UTC).isoformat(), "records": records,
        }  # fmt: skip
        auth = {"Authorization": f"Bearer {enrolled.json()['token']}"}
        assert client.post("/api/v1/batches", json=batch, headers=auth).status_code == 200
    return [r["id"] for r in records]


def ranked(page: Any) -> list[str]:
    return page.locator("#ranking tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.station)"
    )


def test_overview_sorts_by_a_header_and_records_lead_to_a_record(
    browser: Any, server: tuple[FastAPI, str]
) -> None:
    app, url = server
    add_user(app, "ida", "viewer")
    deliver(app, url, "trosterud", "kiosk-t", [2000, 5000])
    furuset = deliver(app, url, "furuset", "kiosk-f", [1000, 60000] + [500] * 55)
    page = browser.new_page(viewport=DESKTOP)
    outside = offline_only(page, url)
    page.goto(f"{url}/login?next=/stations")
    page.fill("#username", "ida")
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{url}/stations")

    page.select_option("select[name=row]", "recycled_kg")
    page.click("form.period button[type=submit]")
    page.wait_for_url("**row=recycled_kg**")
    assert ranked(page) == ["furuset", "trosterud"]  # 87,5 kg before 5 kg: most first
    check_page(page, "stations")
    page.click("#ranking th a[data-sort=this]")  # the current column turns round
    page.wait_for_url("**dir=asc**")
    assert ranked(page) == ["trosterud", "furuset"]
    assert page.get_attribute("#ranking th[aria-sort]", "aria-sort") == "ascending"
    page.click("#ranking th a[data-sort=name]")
    page.wait_for_url("**sort=name**")
    assert ranked(page) == ["furuset", "trosterud"]
    phone = browser.new_page(viewport=PHONE)
    phone.context.add_cookies(page.context.cookies())
    phone.goto(f"{url}/stations")
    check_page(phone)

    # A station's page draws its trend with the vendored Chart.js.
    page.click("#ranking tbody a:text('Trosterud')")
    page.wait_for_selector("#trend-chart")
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.getElementById('trend-chart'))"
    )
    page.select_option("#trend-row", "recycled_kg")
    this_year = page.evaluate(
        "() => Chart.getChart(document.getElementById('trend-chart')).data.datasets[0].data"
    )
    assert this_year[0] == 5.0  # January: 5 kg (2 kg undone), whole kg as the table shows
    check_page(page, "station_trend")

    # Records: filter, page on by key, open a record, follow its reversal.
    page.goto(f"{url}/records?station=furuset")
    assert page.locator("#records tbody tr").count() == 50
    check_page(page, "records")
    page.click("a[rel=next]")
    page.wait_for_url("**after=**")
    assert page.locator("#records tbody tr").count() == 8
    page.click(f"#records a[href='/records/deposit/{furuset[-1]}']")
    page.wait_for_url(f"**/records/deposit/{furuset[-1]}")
    assert "Tilbakeføringskjede" in page.inner_text("main")
    check_page(page, "record")
    page.click(f"#chain a[href='/records/deposit/{furuset[0]}']")
    page.wait_for_url(f"**/records/deposit/{furuset[0]}")
    assert page.locator("#chain strong").inner_text() == "denne"  # the original, first
    assert page.locator("#chain li").count() == 2
    page.goto(f"{url}/events")
    check_page(page, "events")
    assert outside == []


@pytest.fixture
def short_reach(tmp_path: Path) -> Iterator[tuple[FastAPI, str]]:
    """Central whose records pages read at most 60 rows of their walk (5,000 by default)."""
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'central.sqlite3'}", records_page_reach=60)
    app = create_app(settings)
    with uvicorn_server(app) as url:
        yield app, url
    app.state.engine.dispose()


def test_a_sparse_filter_searches_further_back_a_stretch_at_a_time(
    browser: Any, short_reach: tuple[FastAPI, str]
) -> None:
    """130 deliveries at Haugerud, two by a resident (seqs 100 and 5): the filter's first
    page reads the newest 60, shows seq 100 and says how far back it looked; "Søk videre
    bakover" reads 60 more (nothing) and then the rest, where seq 5 ends the search."""
    app, url = short_reach
    add_user(app, "ida", "viewer")
    ids = deliver(app, url, "haugerud", "kiosk-h", [500] * 130, frozenset({5, 100}))
    page = browser.new_page(viewport=DESKTOP)
    outside = offline_only(page, url)
    page.goto(f"{url}/login?next=/records")
    page.fill("#username", "ida")
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{url}/records")
    page.select_option("select[name=channel]", "self_service")
    page.fill("input[name=station]", "haugerud")
    page.click("#record-filters button[type=submit]")
    page.wait_for_url("**channel=self_service**")

    def shown() -> list[str]:
        return page.locator("#records tbody tr").evaluate_all(
            "rows => rows.map(r => r.dataset.record)"
        )

    start = datetime.now(UTC).replace(month=1, day=2, hour=10, minute=0, second=0, microsecond=0)
    seq71 = (start + timedelta(minutes=71)).astimezone(OSLO)
    assert shown() == [ids[99]]
    assert page.inner_text("#searched-to") == (
        f"Ingen flere treff tilbake til {seq71:%d.%m.%Y %H:%M}."
    )
    check_page(page, "records_search_further")
    with page.expect_navigation():
        page.click("a[rel=next]:text('Søk videre bakover')")
    assert shown() == [] and "Ingen registreringer passer." not in page.inner_text("main")
    seq11 = (start + timedelta(minutes=11)).astimezone(OSLO)
    assert page.inner_text("#searched-to") == (
        f"Ingen flere treff tilbake til {seq11:%d.%m.%Y %H:%M}."
    )
    with page.expect_navigation():
        page.click("a[rel=next]")
    assert shown() == [ids[4]] and page.locator("#searched-to").count() == 0
    assert page.locator("a[rel=next]").count() == 0  # the walk ended: nothing further back
    assert outside == []
