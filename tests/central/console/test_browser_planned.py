"""Planned events in Debian's chromium, as staff would: plan one from the station's page, see
it listed, reload without planning it twice, be refused in Norwegian naming the field, change
it and cancel it. axe-core: 0 WCAG 2.1 AA violations, at 1280 px and on a phone."""

from datetime import datetime, timedelta
from typing import Any

from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.models import PlannedEventRow
from contract.times import OSLO
from tests.central.conftest import add_station
from tests.central.console import test_browser as shared
from tests.central.console.conftest import PASSWORD, add_user
from tests.central.console.test_browser import DESKTOP, PHONE, check_page, offline_only

pytestmark = shared.pytestmark
browser = shared.browser  # the same chromium and central fixtures as the main browser test
server = shared.server


def planned_count(app: FastAPI) -> int:
    with Session(app.state.engine) as session:
        return session.scalar(select(func.count()).select_from(PlannedEventRow)) or 0


def test_plan_change_and_cancel_in_the_browser(browser: Any, server: tuple[FastAPI, str]) -> None:
    app, url = server
    add_station(app, "trosterud", "Minigjenbruksstasjon Trosterud")
    add_user(app, "olav", "operator")
    day = (datetime.now(OSLO) + timedelta(days=3)).date()

    page = browser.new_page(viewport=DESKTOP)
    outside = offline_only(page, url)
    page.goto(f"{url}/login")
    page.fill("#username", "olav")
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{url}/")

    page.goto(f"{url}/stations/trosterud")
    page.click("text=Planlagte arrangementer")
    page.wait_for_url(f"{url}/stations/trosterud/planned")
    assert "Ingen planlagte arrangementer framover." in page.inner_text("table")
    check_page(page)

    page.select_option("#plan-kind", "bike_workshop")
    page.fill("#plan-day", day.isoformat())
    page.fill("#plan-start", "17:00")
    page.fill("#plan-end", "19:00")
    page.fill("#plan-place", "Verkstedet bak containeren")
    page.click("button:has-text('Planlegg')")
    page.wait_for_url(f"{url}/stations/trosterud/planned?done=planned")
    assert "Arrangementet er planlagt" in page.inner_text("p.notice")
    row = page.inner_text("tbody tr")
    assert "Sykkelverksted" in row and "17:00–19:00" in row and "Verkstedet" in row
    assert day.strftime("%d.%m.%Y") in row
    page.reload()  # post/redirect/get: a reload plans nothing again
    assert planned_count(app) == 1
    check_page(page, "planned")

    # A refusal names the field in Norwegian, keeps what was typed and writes nothing.
    page.fill("#plan-day", day.isoformat())
    page.fill("#plan-start", "19:00")
    page.fill("#plan-end", "17:00")
    page.click("button:has-text('Planlegg')")
    assert page.inner_text("p.error") == "Avvist, Slutter: må være etter starten"
    assert page.get_attribute("#plan-end", "aria-invalid") == "true"
    assert page.input_value("#plan-place") == ""
    assert planned_count(app) == 1
    check_page(page, "planned_refused")

    page.goto(f"{url}/stations/trosterud/planned")
    page.click("tbody a:has-text('Endre')")
    page.fill("#plan-end", "20:00")
    page.check("input[name=audience][value=internal]")
    page.click("button:has-text('Lagre endringene')")
    page.wait_for_url(f"{url}/stations/trosterud/planned?done=edited")
    row = page.inner_text("tbody tr")
    assert "17:00–20:00" in row and "nei" in row  # internal now: not shown to residents

    page.once("dialog", lambda dialog: dialog.accept())  # the confirm before cancelling
    page.click("tbody button:has-text('Avlys')")
    page.wait_for_url(f"{url}/stations/trosterud/planned?done=cancelled")
    assert "Ingen planlagte arrangementer framover." in page.inner_text("table")
    assert outside == []

    phone = browser.new_page(viewport=PHONE)
    phone.context.add_cookies(page.context.cookies())
    phone.goto(f"{url}/stations/trosterud/planned")
    check_page(phone)
