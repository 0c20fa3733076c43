"""The Oppdateringer page in Debian's chromium over a real socket: a kiosk's rollback shows
with its reason, an admin puts its station on the pilot channel (post/redirect/get: a reload
posts nothing again), and axe finds no WCAG 2.1 AA violation at 1280 px and on a phone."""

from typing import Any

import httpx
from fastapi import FastAPI

from tests.central.console.conftest import PASSWORD, add_user
from tests.central.console.test_browser import (
    DESKTOP,
    PHONE,
    browser,  # noqa: F401 - fixture
    check_page,
    enrol_and_deliver,
    offline_only,
    pytestmark,  # noqa: F401 - the browser marks
    server,  # noqa: F401 - fixture
)


def test_an_admin_sees_a_rollback_and_puts_a_station_on_the_pilot_channel(
    browser: Any,  # noqa: F811
    server: tuple[FastAPI, str],  # noqa: F811
) -> None:
    app, url = server
    add_user(app, "anna", "admin")
    _, token = enrol_and_deliver(app, url)
    report = {
        "running_version": "0.2.0",
        "last": {
            "version": "0.3.0rc1",
            "outcome": "rolled_back",
            "reason": "no first frame after 2 starts",
            "at": "2026-12-08T01:40:00Z",
        },
    }
    answer = httpx.post(
        f"{url}/api/v1/devices/me/update",
        json=report,
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.json() == {"channel": "stable"}

    page = browser.new_page(viewport=DESKTOP)
    outside = offline_only(page, url)
    page.goto(f"{url}/login")
    page.fill("#username", "anna")
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{url}/")
    page.click("nav >> text=Oppdateringer")
    assert "no first frame after 2 starts" in page.inner_text("main")
    check_page(page, "updates")

    page.select_option("#st-1", "pilot")
    page.locator("form:has(#st-1) button").click()
    page.wait_for_url(f"{url}/updates?changed=*")
    assert page.inner_text("p.notice") == "Kanal endret: station trosterud: pilot"
    page.reload()  # a GET: nothing is posted again
    answer = httpx.post(
        f"{url}/api/v1/devices/me/update",
        json={"running_version": "0.2.0"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.json() == {"channel": "pilot"}
    assert outside == []

    phone = browser.new_page(viewport=PHONE)
    phone.context.add_cookies(page.context.cookies())
    phone.goto(f"{url}/updates")
    check_page(phone)
