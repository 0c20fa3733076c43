"""The console in Debian's chromium over a real socket: sign in, alarm, revoke, publish, XLSX.

axe-core (vendored from npm) runs in every page: 0 WCAG 2.1 AA violations, at 1280 px and on
a phone. With KIOSK_SCREENSHOTS_DIR=docs/screenshots set, screenshots of the main pages are
written there as console_*.png (a plain test run leaves the checkout untouched).
"""

import io
import os
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from openpyxl import load_workbook

from central.core.config import Settings
from central.main import create_app
from tests.central.conftest import add_station, issue_code
from tests.central.console.conftest import PASSWORD, add_user, make_silent
from tests.helpers.records import wire_deposit
from tests.helpers.servers import uvicorn_server

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).with_name("vendor") / "axe.min.js"
SHOTS = os.environ.get("KIOSK_SCREENSHOTS_DIR")
WCAG21AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian chromium not installed"),
]


@pytest.fixture
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[FastAPI, str]]:
    app = create_app(Settings(db_url=f"sqlite:///{tmp_path / 'central.sqlite3'}"))
    with uvicorn_server(app) as url:
        yield app, url
    app.state.engine.dispose()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG21AA
    )
    return [
        {"id": v["id"], "nodes": [n["html"] for n in v["nodes"]][:3]} for v in result["violations"]
    ]


def offline_only(page: Any, base: str) -> list[str]:
    """Block and remember any request leaving our server: the intranet has no internet."""
    outside: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(base):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return outside


def test_axe_finds_a_planted_violation(browser: Any) -> None:
    # Without this, "0 violations" below could mean axe never ran.
    page = browser.new_page()
    page.set_content(
        '<html lang="en"><head><title>t</title></head>'
        '<body><main><img src="x.png"></main></body></html>'
    )
    assert [v["id"] for v in axe_violations(page)] == ["image-alt"]


def enrol_and_deliver(app: FastAPI, url: str) -> tuple[str, str]:
    """A kiosk enrolled over HTTP that delivers 12.5 kg of wood now; returns (device, token)."""
    from contract.wire import canonical_sha256

    add_station(app, "trosterud", "Minigjenbruksstasjon Trosterud")
    with httpx.Client(base_url=url, timeout=10) as client:
        enrolled = client.post(
            "/api/v1/enrol", json={"code": issue_code(app, "trosterud"), "device_id": "kiosk-1"}
        )
        token = enrolled.json()["token"]
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        records = [
            wire_deposit(
                id=f"0190c6e0-0000-7000-8000-00000000000{seq}",
                seq=seq,
                device_id="kiosk-1",
                recorded_at=now,
                weight_g=grams,
            )
            for seq, grams in ((1, 10_000), (2, 2_500))
        ]
        batch = {
            "batch_id": "3f1c2d4e-0000-4000-8000-000000000001",
            "device_id": "kiosk-1",
            "first_seq": 1,
            "last_seq": 2,
            "count": 2,
            "sha256": canonical_sha256(records),
            "sent_at": datetime.now(UTC).isoformat(),
            "records": records,
        }
        sent = client.post(
            "/api/v1/batches", json=batch, headers={"Authorization": f"Bearer {token}"}
        )
        assert sent.status_code == 200, sent.text
    return "kiosk-1", token


def check_page(page: Any, name: str | None = None) -> None:
    assert axe_violations(page) == [], page.url
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} scrolls sideways: {width}px"
    if name and SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"console_{name}.png"), full_page=True)


def test_staff_sign_in_see_an_alarm_revoke_publish_and_download(
    browser: Any, server: tuple[FastAPI, str]
) -> None:
    app, url = server
    add_user(app, "anna", "admin")
    device_id, token = enrol_and_deliver(app, url)
    page = browser.new_page(viewport=DESKTOP, accept_downloads=True)
    outside = offline_only(page, url)

    page.goto(f"{url}/")
    assert page.url.startswith(f"{url}/login")
    check_page(page, "login")
    page.fill("#username", "anna")
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{url}/")
    assert page.inner_text("#alarms").strip().endswith("Ingen alarmer.")

    make_silent(app, device_id)
    page.reload()
    alarm = page.locator(f"li.alarm-silent[data-device='{device_id}']")
    assert re.search(r"Stille i 7[23] timer", alarm.inner_text())
    check_page(page, "overview")

    page.click("text=Minigjenbruksstasjon Trosterud")
    page.wait_for_selector("#year-chart")
    # chart.js is a deferred script: wait until it has drawn, not only for the canvas.
    page.wait_for_function("window.Chart && Chart.getChart('year-chart')")
    assert page.evaluate("Chart.getChart('year-chart').data.datasets[0].data") == [12.5]
    check_page(page, "station")
    with page.expect_download() as download:
        page.click("text=Last ned XLSX")
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Minigjenbruksstasjon Trosterud"
    assert rows[1][0] == "Kategori" and rows[1][6] == "I år (kg)"
    assert rows[2] == ("Trevirke", "wood", "materialgjenvinning", "inn", 12.5, 12.5, 12.5)

    page.goto(f"{url}/catalogue")
    check_page(page)
    page.fill("input[name=c0_name_nb]", "Treverk")
    # The bundled catalogue's version is whatever assets ship; the console offers the next.
    from assets import default_catalogue_document

    following = default_catalogue_document()["version"] + 1
    page.click(f"text=Publiser versjon {following}")
    assert page.inner_text("p.notice") == f"Katalogversjon {following} er publisert."
    check_page(page, "catalogue")

    page.goto(f"{url}/devices")
    page.select_option("#code-station", "trosterud")
    page.click("text=Lag kode")
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", page.inner_text("#enrol-code"))
    page.on("dialog", lambda dialog: dialog.accept())
    page.click(f"button[aria-label='Tilbakekall {device_id}']")
    assert page.inner_text("p.notice") == f"Enhet {device_id} er tilbakekalt."
    check_page(page, "devices")
    refused = httpx.get(
        f"{url}/api/v1/devices/me/sequence", headers={"Authorization": f"Bearer {token}"}
    )
    assert refused.json()["detail"]["code"] == "device_revoked"

    page.goto(f"{url}/audit")
    audit = page.inner_text("table")
    codes = page.eval_on_selector_all("td[data-action]", "tds => tds.map(t => t.dataset.action)")
    for action in ("sign_in", "publish_catalogue", "issue_enrol_code", "revoke_device"):
        assert action in codes
    # Shown in words, not codes.
    assert "Logget inn" in audit and "Tilbakekalte en enhet" in audit and "sign_in" not in audit
    check_page(page, "audit")

    page.goto(f"{url}/?lang=en")
    assert page.inner_text("h1") == "Overview"
    check_page(page)
    page.goto(f"{url}/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    assert outside == []

    phone = browser.new_page(viewport=PHONE)
    phone.context.add_cookies(page.context.cookies())
    for path, name in (
        ("/", "overview_phone"),
        ("/stations/trosterud", None),
        ("/devices", None),
        ("/catalogue", None),
        ("/audit", None),
    ):
        phone.goto(f"{url}{path}")
        check_page(phone, name)
