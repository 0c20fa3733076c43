"""The effect form in Debian's chromium, as a new user would: the optional cut-off left empty
shows the table, a refusal shows on the page, and the XLSX button takes the form's choices.

axe-core: 0 WCAG 2.1 AA violations on the station's and the all-stations effect pages.
"""

import io
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from openpyxl import load_workbook
from playwright.sync_api import expect

from contract.wire import canonical_sha256
from tests.central.conftest import add_station, issue_code
from tests.central.console import test_browser as shared
from tests.central.console.conftest import PASSWORD, add_user
from tests.central.console.test_browser import DESKTOP, check_page, offline_only
from tests.helpers.records import wire_deposit

pytestmark = shared.pytestmark
browser = shared.browser  # the same chromium and central fixtures as the main browser test
server = shared.server


def deliver(app: FastAPI, url: str, *deliveries: tuple[str, int]) -> None:
    """A kiosk enrolled over HTTP sends one wood delivery (recycling) per (UTC moment, grams)."""
    add_station(app, "trosterud", "Minigjenbruksstasjon Trosterud")
    with httpx.Client(base_url=url, timeout=10) as client:
        code = issue_code(app, "trosterud")
        enrolled = client.post("/api/v1/enrol", json={"code": code, "device_id": "kiosk-e"})
        records = [
            wire_deposit(
                id=f"0190c6e0-0000-7000-8000-0000000002{seq:02d}",
                seq=seq, device_id="kiosk-e", recorded_at=moment, weight_g=grams,
            )
            for seq, (moment, grams) in enumerate(deliveries, start=1)
        ]  # fmt: skip
        batch = {
            "batch_id": "3f1c2d4e-0000-4000-8000-0000000000bb",
            "device_id": "kiosk-e",
            "first_seq": 1,
            "last_seq": len(records),
            "count": len(records),
            "sha256": canonical_sha256(records),
            "sent_at": records[-1]["recorded_at"],
            "records": records,
        }
        auth = {"Authorization": f"Bearer {enrolled.json()['token']}"}
        assert client.post("/api/v1/batches", json=batch, headers=auth).status_code == 200


def recycled_cells(page: Any) -> list[str]:
    row = page.locator("#effect tr", has_text="kg til materialgjenvinning")
    return [c.strip() for c in row.locator("td").all_inner_texts()]


def shows_recycled(page: Any, cells: list[str]) -> None:
    """Wait until the recycled row reads ``cells``: a table already on the page (the default
    years) satisfies a wait for "a table" before htmx has swapped in the new one."""
    row = page.locator("#effect tr", has_text="kg til materialgjenvinning")
    expect(row.locator("td")).to_have_text(cells)


def test_effect_form_with_an_empty_cut_off_and_the_xlsx_button(
    browser: Any, server: tuple[FastAPI, str]
) -> None:
    app, url = server
    # 37,25 kg in 2022; 12,5 kg on 30 November and 100 kg on 1 December 2023 (Oslo days).
    deliver(app, url, ("2022-05-02T10:00:00.000000Z", 37_250),
            ("2023-11-30T12:00:00.000000Z", 12_500),
            ("2023-12-01T12:00:00.000000Z", 100_000))  # fmt: skip
    add_user(app, "vera", "viewer")
    page = browser.new_page(viewport=DESKTOP, accept_downloads=True)
    outside = offline_only(page, url)
    page.goto(f"{url}/login")
    page.fill("#username", "vera")
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{url}/")

    page.goto(f"{url}/stations/trosterud")
    page.fill("input[name=from_year]", "2022")
    page.fill("input[name=to_year]", "2023")
    page.fill("input[name=cutoff]", "")  # the browser sends cutoff=
    page.click("text=Vis effektrapport")
    # Whole kg, half up: 37,25 is 37; 112,5 is 113 (neither truncated nor half to even).
    shows_recycled(page, ["37 kg", "113 kg"])
    assert page.url == f"{url}/stations/trosterud"  # swapped in place
    assert recycled_cells(page) == ["37 kg", "113 kg"]

    # A refusal is shown where the table was, naming the field; nothing is swallowed.
    page.fill("input[name=from_year]", "2023")
    page.fill("input[name=to_year]", "2021")
    page.click("text=Vis effektrapport")
    page.wait_for_selector("#effect .error")
    assert "to_year" in page.inner_text("#effect .error")
    assert page.locator("#effect table").count() == 0

    # The XLSX button takes the form's choices: years, cut-off and months.
    page.fill("input[name=from_year]", "2022")
    page.fill("input[name=to_year]", "2023")
    page.fill("input[name=cutoff]", "2023-11-30")
    with page.expect_download() as download:
        page.click("text=Effektrapport (XLSX)")
    assert download.value.suggested_filename == "effekt-trosterud-2022-2023.xlsx"
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Hva", "2022", "2023 (t.o.m. 30.11.23)")
    recycled = next(r for r in rows if r[0] == "kg til materialgjenvinning fra stasjonen")
    assert recycled[1:] == (37.25, 12.5)  # exact kg in the cells, shown whole
    page.check("input[name=months]")
    with page.expect_download() as by_month:
        page.click("text=Effektrapport (XLSX)")
    book = load_workbook(io.BytesIO(Path(by_month.value.path()).read_bytes()))
    header = next(book.active.iter_rows(values_only=True))
    # November ends on the cut-off day, so December is left out and November is whole.
    assert header[1:3] == ("2022-01", "2022-02") and header[-1] == "2023-11"
    assert len(header) == 1 + 12 + 11

    # All stations: the menu's effect report, the same form and table.
    page.click("nav >> text=Effektrapport")
    page.wait_for_url(f"{url}/effect")
    page.fill("input[name=from_year]", "2023")
    page.fill("input[name=to_year]", "2023")
    page.click("text=Vis effektrapport")
    shows_recycled(page, ["113 kg"])
    check_page(page, "effect_all")
    assert outside == []


EXAMPLE = Path(__file__).parents[3] / "docs" / "examples" / "effect-history-trosterud.csv"


def test_an_admin_uploads_the_pilot_years_and_sees_them_marked(
    browser: Any, server: tuple[FastAPI, str]
) -> None:
    app, url = server
    add_station(app, "trosterud", "Minigjenbruksstasjon Trosterud")
    add_user(app, "ada", "admin")
    page = browser.new_page(viewport=DESKTOP)
    outside = offline_only(page, url)
    page.goto(f"{url}/login")
    page.fill("#username", "ada")
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{url}/")
    page.goto(f"{url}/stations/trosterud")
    page.click("text=Tidligere tall")
    page.wait_for_url(f"{url}/stations/trosterud/history")
    page.set_input_files("input[name=file]", str(EXAMPLE))
    page.click("button:text-is('Importer')")
    page.wait_for_selector("text=Import: 5 importert, 0 uendret, 0 avvist")
    assert page.url == f"{url}/stations/trosterud/history"  # post/redirect/get
    check_page(page, "history")
    page.reload()  # imports nothing again, and the report was shown once
    assert page.get_by_text("Import: ").count() == 0
    # One figure by hand: a month of 2023, beside nothing registered.
    page.select_option("select[name=row]", "events")
    page.fill("input[name=year]", "2023")
    page.fill("input[name=month]", "3")
    page.fill("input[name=value]", "1")
    page.fill("input[name=source]", "Aktivitetslogg mars 2023")
    page.click("button:text-is('Lagre')")
    page.wait_for_selector("text=Lagret: events 2023-03")
    page.goto(f"{url}/stations/trosterud/effect?from_year=2021&to_year=2023&cutoff=2023-11-30")
    row = page.locator("#effect tr", has_text="kg ombruk/redesign")
    cells = [c.strip().replace("\u00a0", " ") for c in row.locator("td").all_inner_texts()]
    assert cells == ["350 kg*", "1 600 kg*", ""]
    events = page.locator("#effect tr", has_text="antall offentlige arrangementer")
    assert [c.strip() for c in events.locator("td").all_inner_texts()] == ["2*", "4*", "1*"]
    assert "innført av en administrator" in page.inner_text("#effect")
    check_page(page)
    assert outside == []
