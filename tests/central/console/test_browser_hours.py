"""Opening hours and use by hour of week in Debian's chromium, as a new user would: import the
example door-event file, register at matching times, see the heat map, publish winter hours.

axe-core: 0 WCAG 2.1 AA violations on both pages, at 1280 px and on a phone.
"""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from central.services import door_events
from central.services import hours as hours_service
from contract.wire import canonical_sha256
from tests.central.conftest import add_station, issue_code
from tests.central.console import test_browser as shared
from tests.central.console.conftest import PASSWORD, add_user
from tests.central.console.test_browser import DESKTOP, PHONE, check_page, offline_only
from tests.helpers.records import wire_deposit

EXAMPLE = Path(__file__).parents[3] / "docs" / "examples" / "door-events-trosterud.csv"
pytestmark = shared.pytestmark
browser = shared.browser  # the same chromium and central fixtures as the main browser test
server = shared.server


def import_example(app: FastAPI) -> None:
    with Session(app.state.engine) as session:
        rows = door_events.read_csv(EXAMPLE.read_text("utf-8"))
        result = door_events.store_events(
            session=session, rows=rows, source="csv", now=datetime.now(UTC)
        )
        session.commit()
    assert result.inserted == 8 and not result.refused


def register_at(app: FastAPI, url: str, *moments: str) -> None:
    """A kiosk enrolled over HTTP sends one registration at each of ``moments`` (UTC)."""
    with httpx.Client(base_url=url, timeout=10) as client:
        code = issue_code(app, "trosterud")
        token = client.post("/api/v1/enrol", json={"code": code, "device_id": "kiosk-h"}).json()[
            "token"
        ]
        records = [
            wire_deposit(
                id=f"0190c6e0-0000-7000-8000-0000000001{seq:02d}",
                seq=seq,
                device_id="kiosk-h",
                recorded_at=moment,
                category="books_media",
                weight_g=1000,
                weight_source="estimate",
                channel="self_service",
            )
            for seq, moment in enumerate(moments, start=1)
        ]
        batch = {
            "batch_id": "3f1c2d4e-0000-4000-8000-0000000000aa",
            "device_id": "kiosk-h",
            "first_seq": 1,
            "last_seq": len(records),
            "count": len(records),
            "sha256": canonical_sha256(records),
            "sent_at": datetime.now(UTC).isoformat(),
            "records": records,
        }
        sent = client.post(
            "/api/v1/batches", json=batch, headers={"Authorization": f"Bearer {token}"}
        )
        assert sent.status_code == 200, sent.text


def test_heat_map_and_winter_hours_in_the_browser(
    browser: Any, server: tuple[FastAPI, str]
) -> None:
    app, url = server
    add_station(app, "trosterud", "Minigjenbruksstasjon Trosterud")
    add_user(app, "olav", "operator")
    import_example(app)
    # Two of the example's openings are followed by a registration within 15 minutes.
    register_at(app, url, "2026-11-24T07:10:00.000000Z", "2026-11-26T19:50:00.000000Z")

    page = browser.new_page(viewport=DESKTOP, accept_downloads=True)
    outside = offline_only(page, url)
    page.goto(f"{url}/login")
    page.fill("#username", "olav")
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{url}/")

    page.goto(f"{url}/stations/trosterud")
    # The effect report's period and cut-off picker, swapped in by htmx.
    page.fill("input[name=from_year]", "2026")
    page.fill("input[name=to_year]", "2026")
    page.fill("input[name=cutoff]", "2026-11-30")
    page.click("text=Vis effektrapport")
    # Waits for the swapped table: the default years' table is already on the page.
    expect(page.locator("#effect thead th:nth-child(2)")).to_have_text("2026 (to 30.11.26)")
    assert page.url == f"{url}/stations/trosterud"  # swapped in place
    assert "t.o.m. 30.11.2026" in page.inner_text("#effect caption")
    check_page(page, "station_effect")
    page.click("text=Åpningstider")
    page.wait_for_url(f"{url}/stations/trosterud/hours")
    check_page(page)
    for day, spans in (("mon", "11:00-16:00"), ("wed", "11:00-16:00"), ("thu", "11:00-18:00"),
                       ("fri", "11:00-16:00")):  # fmt: skip
        page.fill(f"input[name=w_{day}]", spans)
    page.fill("input[name=s0_name]", "Vinter")
    page.fill("input[name=s0_from]", "2026-11-01")
    page.fill("input[name=s0_to]", "2027-03-31")
    page.fill("input[name=s0_wed]", "12:00-15:00")
    page.fill("input[name=s0_thu]", "12:00-17:00")
    page.fill("input[name=e0_date]", "2026-12-24")
    page.fill("input[name=e0_note]", "Julaften")
    page.click("text=Publiser versjon 1")
    assert "versjon 1 er publisert" in page.inner_text("p.notice")
    check_page(page, "hours")

    page.goto(f"{url}/stations/trosterud/usage?from=2026-11-01&to=2026-11-30")
    figures = page.inner_text("dl.figures")
    assert "Døråpninger\n8" in figures
    assert "Besøk med registrering\n2 (25 %)" in figures
    busiest = page.inner_text("#busy-closed + ol")
    # 07:05 and 07:41 UTC on Tuesday 24 Nov are 08-09 Oslo: the station is closed on Tuesdays.
    assert busiest.splitlines()[0] == "Tir 08–09: åpninger 2, registreringer 1"
    thursday_20 = page.locator("table.heat").first.locator("td[title^='Tor 20']")
    assert thursday_20.inner_text() == "1" and "open" not in thursday_20.get_attribute("class")
    wednesday_13 = page.locator("table.heat").first.locator("td[title^='Ons 13']")
    assert "open" in wednesday_13.get_attribute("class")  # winter Wednesday 12-15 is framed
    check_page(page, "usage")
    with page.expect_download() as download:
        page.click("text=Last ned CSV")
    text = Path(download.value.path()).read_bytes().decode("utf-8-sig")
    assert "tirsdag;08;2;1;nei" in text.splitlines()
    assert outside == []

    phone = browser.new_page(viewport=PHONE)
    phone.context.add_cookies(page.context.cookies())
    for path in (
        "/stations/trosterud/hours",
        "/stations/trosterud/usage?from=2026-11-01",
        "/stations/trosterud/effect?from_year=2025&to_year=2026&months=true",
    ):
        phone.goto(f"{url}{path}")
        check_page(phone)


# Every visible form control, and where it is cut: by an ancestor that clips (overflow other than
# visible) beyond what that ancestor can scroll to, or inside itself (its value wider than its
# box: "12:00-15:0"). An ancestor with overflow hidden or clip shows only its padding box; auto or
# scroll also shows what its scrolling reaches, i.e. its scrollWidth and scrollHeight.
CLIPPED_CONTROLS = """
async () => {
  await document.fonts.ready;
  const cut = [];
  const controls = document.querySelectorAll(
    'input:not([type=hidden]), select, button, textarea');
  for (const el of controls) {
    const name = el.name || el.textContent.trim();
    const box = el.getBoundingClientRect();
    for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      const edge = a.getBoundingClientRect();
      const left = edge.left + a.clientLeft - a.scrollLeft;
      const top = edge.top + a.clientTop - a.scrollTop;
      const clips = (overflow) => overflow === 'hidden' || overflow === 'clip';
      const right = left + (clips(style.overflowX) ? a.clientWidth : a.scrollWidth);
      const bottom = top + (clips(style.overflowY) ? a.clientHeight : a.scrollHeight);
      if (box.left < left - 0.5 || box.right > right + 0.5
          || box.top < top - 0.5 || box.bottom > bottom + 0.5) {
        cut.push(`${name} by ${a.tagName.toLowerCase()}.${a.className}`);
      }
    }
    if (el.scrollWidth > el.clientWidth) {
      cut.push(`${name} inside: ${el.scrollWidth} > ${el.clientWidth} px`);
    }
  }
  return cut;
}
"""
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_no_hours_control_is_cut_at_1280_or_on_a_phone(
    browser: Any, server: tuple[FastAPI, str]
) -> None:
    # The check itself first: a box that clips cuts, one that scrolls does not, a value can.
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.set_content(
        '<div style="overflow: hidden; width: 50px"><input name="hidden" style="width: 90px">'
        '</div><div style="overflow-x: auto; width: 50px"><input name="scrolls"'
        ' style="width: 90px"></div><input name="long" size="3" value="11:00-16:00">'
    )
    cut = page.evaluate(CLIPPED_CONTROLS)
    assert [c.split(":")[0] for c in cut] == ["hidden by div.", "long inside"], cut

    app, url = server
    add_station(app, "trosterud", "Minigjenbruksstasjon Trosterud")
    add_user(app, "olav", "operator")
    with Session(app.state.engine) as session:
        hours_service.publish_hours(
            now=datetime.now(UTC),
            session=session,
            station_id="trosterud",
            actor="olav",
            document={
                "outside_hours": "closed",
                "weekly": {"mon": ["11:00-16:00"], "thu": ["11:00-18:00"]},
                "seasons": [
                    {
                        "name": "Vinter",
                        "from": "2026-11-01",
                        "to": "2027-03-31",
                        "weekly": {"wed": ["12:00-15:00"], "thu": ["12:00-17:00"]},
                    }
                ],
                "exceptions": [{"date": "2026-12-24", "reason": "closed", "note": "Julaften"}],
            },
        )
        session.commit()
    page.goto(f"{url}/login")
    page.fill("#username", "olav")
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{url}/")
    phone = browser.new_page(viewport=PHONE)
    phone.context.add_cookies(page.context.cookies())
    cut, sideways = {}, {}
    for tab in (page, phone):
        tab.goto(f"{url}/stations/trosterud/hours")
        assert tab.input_value("input[name=s0_wed]") == "12:00-15:00"  # the season is shown
        cut[tab.viewport_size["width"]] = tab.evaluate(CLIPPED_CONTROLS)
        sideways[tab.viewport_size["width"]] = tab.evaluate(SIDEWAYS)
    assert cut == {1280: [], 390: []}
    assert sideways == {1280: 0, 390: 0}  # the page itself never scrolls sideways
