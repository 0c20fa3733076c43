"""The Feed page in Debian's chromium over a real socket: a viewer makes a token, sees it
once (a reload shows it no more), reads the OData feed with it, revokes it, and axe finds no
WCAG 2.1 AA violation at 1280 px and on a phone."""

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


def test_a_viewer_makes_a_feed_token_reads_the_feed_and_revokes_it(
    browser: Any,  # noqa: F811
    server: tuple[FastAPI, str],  # noqa: F811
) -> None:
    app, url = server
    add_user(app, "ola", "viewer")
    enrol_and_deliver(app, url)

    page = browser.new_page(viewport=DESKTOP)
    outside = offline_only(page, url)
    page.goto(f"{url}/login")
    page.fill("#username", "ola")
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{url}/")
    page.click("nav >> text=Datastrøm")
    page.fill("#token-name", "Power BI, effekt")
    page.click("text=Lag token")
    page.wait_for_url(f"{url}/feed")
    token = page.inner_text("#new-token")
    assert "Power BI, effekt" in page.inner_text("table")
    check_page(page, "feed")
    page.reload()  # a GET: the token is not shown again, and nothing is posted again
    assert page.locator("#new-token").count() == 0
    assert page.locator("tbody tr").count() == 1

    feed = httpx.get(f"{url}/feed/odata/Records", auth=("excel", token), timeout=10)
    assert feed.status_code == 200 and len(feed.json()["value"]) >= 1

    phone = browser.new_page(viewport=PHONE)
    phone.context.add_cookies(page.context.cookies())
    phone.goto(f"{url}/feed")
    check_page(phone)

    page.click("tbody button")
    page.wait_for_url(f"{url}/feed?revoked=*")
    assert "tilbakekalt" in page.inner_text("p.notice")
    feed = httpx.get(f"{url}/feed/odata/Records", auth=("excel", token), timeout=10)
    assert feed.status_code == 401
    assert outside == []
