"""The station page's figures: the registered grams as kg at one decimal, by the one rule."""

import re
from datetime import UTC, datetime

from fastapi import FastAPI
from fastapi.testclient import TestClient

from central.core.deps import get_now
from contract.hours import OSLO
from tests.central.conftest import Kiosk


def at(app: FastAPI, moment: datetime) -> None:
    """Answer the console's requests as at ``moment``."""
    app.dependency_overrides[get_now] = lambda: moment.astimezone(UTC)


def test_the_station_page_shows_what_the_guide_typed(
    app: FastAPI, api: TestClient, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    record = kiosk.record(recorded_at="2026-11-26T10:00:00.000000Z", category="metal",
                          weight_g=7250)  # fmt: skip
    assert api.post("/api/v1/batches", json=kiosk.batch([record]), headers=kiosk.auth).is_success
    at(app, datetime(2026, 11, 26, 15, 0, tzinfo=OSLO))  # that afternoon: not "now"-dependent
    page = staff["viewer"].get("/stations/trosterud").text
    # 7,25 kg rounds half up: 7,3 (Python's round() would say 7,2), never "7.3".
    assert page.count('<td class="num">7,3</td>') == 3  # today, this week, this year
    assert "Ingen stasjoner" not in staff["viewer"].get("/").text  # the hint only when empty


def test_the_chart_says_it_plots_only_what_came_in(
    app: FastAPI, api: TestClient, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    taken = kiosk.record(recorded_at="2026-11-26T10:00:00.000000Z", category="toys",
                         weight_g=7250, direction="out", channel="self_service")  # fmt: skip
    assert api.post("/api/v1/batches", json=kiosk.batch([taken]), headers=kiosk.auth).is_success
    at(app, datetime(2026, 11, 26, 15, 0, tzinfo=OSLO))
    page = staff["viewer"].get("/stations/trosterud").text
    caption = "Mottatt i år per kategori (kg; bare retning inn)"
    assert f'aria-label="{caption}"' in page and f"<figcaption>{caption}</figcaption>" in page
    assert 'id="year-chart-data">{}</script>' in page  # the "ut" row is in the table, not here


def test_just_after_new_year_in_oslo_the_page_is_the_new_years(
    app: FastAPI, api: TestClient, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    """00:30 on 1 January in Oslo is still 31 December in UTC: the figures, the effect table
    and its XLSX link are the new year's (Oslo calendar days, as the report counts), and
    this week still holds its days of the old year."""
    old_year = kiosk.record(recorded_at="2026-12-31T22:50:00.000000Z", weight_g=1000)  # 23:50
    new_year = kiosk.record(recorded_at="2026-12-31T23:10:00.000000Z", weight_g=2000)  # 00:10
    sent = api.post("/api/v1/batches", json=kiosk.batch([old_year, new_year]), headers=kiosk.auth)
    assert sent.is_success
    at(app, datetime(2027, 1, 1, 0, 30, tzinfo=OSLO))
    page = staff["viewer"].get("/stations/trosterud").text
    today, week, this_year = "2,0", "3,0", "2,0"  # the week began on Monday 28.12.
    assert (
        f'<td class="num">{today}</td><td class="num">{week}</td><td class="num">{this_year}</td>'
        in page
    )
    # The effect form (and so its XLSX button) picks the new year.
    assert 'name="from_year" min="2000" max="2099" value="2027"' in page
    assert 'value="2026"' not in page


def test_an_empty_overview_says_where_to_add_a_station(staff: dict[str, TestClient]) -> None:
    page = staff["viewer"].get("/").text
    assert "Ingen stasjoner ennå: legg til en under Enheter." in page


def test_a_reversal_counts_where_its_record_counts(
    app: FastAPI, api: TestClient, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    """The figures follow the one reversal rule (contract.effect): an entry undone today
    counts nothing today, but is taken off the day it was registered; the year comes from
    the monthly rollup and today and the week from the week's records, and they agree."""
    march = kiosk.record(recorded_at="2026-03-10T10:00:00.000000Z", category="metal",
                         weight_g=1000)  # fmt: skip
    this_month = kiosk.record(recorded_at="2026-11-05T10:00:00.000000Z", category="metal",
                              weight_g=2000)  # fmt: skip
    monday = kiosk.record(recorded_at="2026-11-23T10:00:00.000000Z", category="metal",
                          weight_g=4000)  # fmt: skip
    today = kiosk.record(recorded_at="2026-11-26T10:00:00.000000Z", category="metal",
                         weight_g=8000)  # fmt: skip
    october = kiosk.record(recorded_at="2026-10-01T10:00:00.000000Z", weight_g=500)  # wood
    undo = [
        kiosk.record(recorded_at="2026-11-26T11:00:00.000000Z", category="metal",
                     weight_g=4000, reverses=monday["id"]),
        kiosk.record(recorded_at="2026-11-26T11:05:00.000000Z", weight_g=500,
                     reverses=october["id"]),
    ]  # fmt: skip
    records = [march, this_month, monday, today, october, *undo]
    assert api.post("/api/v1/batches", json=kiosk.batch(records), headers=kiosk.auth).is_success
    at(app, datetime(2026, 11, 26, 15, 0, tzinfo=OSLO))  # a Thursday: the week began Monday
    page = staff["viewer"].get("/stations/trosterud").text
    rows = re.findall(
        r'<tr><td>([^<]+)</td><td>[^<]*</td><td>[^<]*</td>\s*<td class="num">([^<]*)</td>'
        r'<td class="num">([^<]*)</td><td class="num">([^<]*)</td></tr>',
        page,
    )
    # Metal: today 8, the week 8 (Monday's 4 undone), the year 1 + 2 + 8. The October wood
    # undone today stands nowhere, so it has no row (it showed -0,5 today and this week).
    assert rows == [("Metall", "8,0", "8,0", "11,0")]
