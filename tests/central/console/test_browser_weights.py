"""The weight proposals in Debian's chromium over a real socket: an admin reads a proposal
and accepts it with its button, and the next catalogue version has the weight; the page passes
axe and fits the screen before and after."""

import json
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from central.services import catalogue as catalogue_service
from tests.central.conftest import enrol_kiosk
from tests.central.console import test_browser as shared
from tests.central.console.conftest import PASSWORD, add_user
from tests.central.console.test_browser import DESKTOP, check_page
from tests.helpers.self_service import Station

pytestmark = shared.pytestmark
browser = shared.browser  # the same chromium and central fixtures as the main browser test
server = shared.server


def textiles_weight(app: FastAPI) -> tuple[int, int]:
    with Session(app.state.engine) as session:
        row = catalogue_service.latest_catalogue(session=session)
        assert row is not None
        weights = {c["code"]: c["default_weight_g"] for c in json.loads(row.document)["categories"]}
        return row.version, weights["textiles"]


def test_an_admin_accepts_a_proposal_with_its_button(
    browser: Any, server: tuple[FastAPI, str]
) -> None:
    app, url = server
    with TestClient(app, base_url="http://central") as api:
        Station(app, api, enrol_kiosk(app, api)).grow(12)
    add_user(app, "anna", "admin")
    page = browser.new_page(viewport=DESKTOP)
    page.goto(f"{url}/login")
    page.fill("#username", "anna")
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{url}/")
    page.click("nav >> text=Vekter")
    page.wait_for_url(f"{url}/weights")
    check_page(page, "weights")
    row = page.locator("table.proposals tr", has_text="Tekstiler")
    proposed = int(row.locator("td").nth(1).inner_text().replace("\u00a0", ""))
    version, before = textiles_weight(app)
    assert before == 4_000 and proposed != before
    row.get_by_role("button", name="Godta").click()
    page.wait_for_url(f"{url}/weights?accepted=textiles*")
    assert "Godtatt: textiles" in page.inner_text("[role=status]")
    assert textiles_weight(app) == (version + 1, proposed)
    assert page.locator("table.proposals tr", has_text="Tekstiler").inner_text().endswith("gjelder")
    check_page(page)
