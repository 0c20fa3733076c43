"""Brukere, a device's page and the audit log in Debian's chromium over a real socket: an
admin adds a colleague and disables them (their open page signs out at once), an operator
names a kiosk, the audit log filters; axe finds no WCAG 2.1 AA violation at 1280 px or on a
phone, and a reload after each form posts nothing again."""

from typing import Any

from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.models import AuditEvent, Device
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

KARI_PASSWORD = "kari sitt lange passord"


def _sign_in(page: Any, url: str, username: str, password: str) -> None:
    page.goto(f"{url}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button.primary")
    page.wait_for_url(f"{url}/")


def _count(app: FastAPI, action: str) -> int:
    with Session(app.state.engine) as session:
        query = select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)
        return int(session.scalar(query) or 0)


def test_an_admin_adds_and_disables_a_colleague_whose_page_signs_out(
    browser: Any,  # noqa: F811
    server: tuple[FastAPI, str],  # noqa: F811
) -> None:
    app, url = server
    add_user(app, "anna", "admin")
    page = browser.new_page(viewport=DESKTOP)
    outside = offline_only(page, url)
    _sign_in(page, url, "anna", PASSWORD)
    page.click("nav >> text=Brukere")
    page.wait_for_url(f"{url}/users")
    page.fill("#new-username", "kari")
    page.select_option("#new-role", "operator")
    page.fill("#new-password", KARI_PASSWORD)
    page.fill("#new-password-again", KARI_PASSWORD)
    page.click("form[action='/users'] button.primary")
    page.wait_for_url(f"{url}/users?done=added&user=kari")
    assert page.inner_text("p.notice") == "Brukeren kari er lagt til."
    page.reload()  # post/redirect/get: nothing is posted again
    assert _count(app, "add_user") == 1

    colleague = browser.new_page(viewport=DESKTOP)
    _sign_in(colleague, url, "kari", KARI_PASSWORD)
    page.reload()
    kari_row = page.locator("tr", has=page.locator("th", has_text="kari"))
    assert kari_row.locator("time").count() == 1  # her sign-in just now
    check_page(page, "people")
    page.set_viewport_size(PHONE)
    check_page(page)
    page.set_viewport_size(DESKTOP)

    page.on("dialog", lambda dialog: dialog.accept())  # "Deaktivere kari? ..."
    page.click("button[aria-label='Deaktiver kari']")
    page.wait_for_url(f"{url}/users?done=disabled&user=kari")
    assert "alle øktene deres er avsluttet" in page.inner_text("p.notice")
    colleague.goto(f"{url}/devices")
    assert colleague.url.startswith(f"{url}/login")

    # No admin can disable themselves: their own row has no button.
    anna_row = page.locator("tr", has=page.locator("th", has_text="anna"))
    assert anna_row.locator("form[action$='/disable']").count() == 0
    assert "(deg)" in anna_row.inner_text()
    # Nor demote themselves (the last admin, here): their own row shows the role, no form.
    assert anna_row.locator("form[action$='/role']").count() == 0
    assert anna_row.locator("td").first.inner_text().startswith("admin")
    check_page(page)
    assert outside == []


def test_an_operator_names_a_kiosk_and_the_audit_log_shows_it_in_words(
    browser: Any,  # noqa: F811
    server: tuple[FastAPI, str],  # noqa: F811
) -> None:
    app, url = server
    add_user(app, "ola", "operator")
    device_id, _ = enrol_and_deliver(app, url)
    page = browser.new_page(viewport=DESKTOP)
    outside = offline_only(page, url)
    _sign_in(page, url, "ola", PASSWORD)
    page.click("nav >> text=Enheter")
    page.click(f"a[href='/devices/{device_id}']")
    page.wait_for_url(f"{url}/devices/{device_id}")
    page.fill("#device-label", "Trosterud disk")
    page.click("form[action$='/label'] button")
    page.wait_for_url(f"{url}/devices/{device_id}?saved=label")
    assert page.inner_text("h1").startswith("Trosterud disk")
    assert "2 registreringer, sekvens 1–2" in page.inner_text("#history-h + div")
    page.reload()
    assert _count(app, "label_device") == 1
    with Session(app.state.engine) as session:
        assert session.get_one(Device, device_id).label == "Trosterud disk"
    check_page(page, "device")
    page.set_viewport_size(PHONE)
    check_page(page)
    page.set_viewport_size(DESKTOP)

    page.click("nav >> text=Enheter")
    assert "Trosterud disk" in page.inner_text("ul.devices")
    page.click("nav >> text=Revisjonslogg")
    page.select_option("#f-station", "trosterud")
    page.click("form.filters button")
    page.wait_for_url(f"{url}/audit?**")
    text = page.inner_text("table")
    assert "Ga en enhet navn" in text and "Kiosk meldt inn" in text
    check_page(page, "audit_filtered")
    page.set_viewport_size(PHONE)
    check_page(page)
    assert outside == []
