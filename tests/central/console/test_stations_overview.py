"""All stations at a glance (/stations): this year against last year to the same Oslo day,
per effect row, ranked by any column, with totals, sparklines and alarms that link; and the
station page's trend fragment. On SQLite and PostgreSQL (the ``app`` fixture's two params)."""

import json
import re
from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from central.core.deps import get_now
from central.models import Station
from central.services.station_compare import change_percent, same_day_last_year
from contract.hours import OSLO
from tests.central.conftest import Kiosk, enrol_kiosk
from tests.central.console.conftest import make_silent

NOON = datetime(2026, 6, 15, 12, 0, tzinfo=OSLO)


def deliver(api: TestClient, kiosk: Kiosk, *deliveries: tuple[str, int]) -> None:
    records = [kiosk.record(recorded_at=at, weight_g=grams) for at, grams in deliveries]
    sent = api.post("/api/v1/batches", json=kiosk.batch(records), headers=kiosk.auth)
    assert sent.status_code == 200, sent.text


@pytest.fixture
def two_stations(app: FastAPI, api: TestClient) -> tuple[Kiosk, Kiosk]:
    """Trosterud: 12,5 kg wood this year, 10 kg last year to the day, 99 kg after that day.
    Furuset: 30 kg this year, nothing last year."""
    trosterud = enrol_kiosk(app, api, "trosterud")
    furuset = enrol_kiosk(app, api, "furuset")
    deliver(api, trosterud,
            ("2026-03-02T10:00:00.000000Z", 12_500),
            ("2025-02-10T10:00:00.000000Z", 10_000),
            ("2025-06-16T10:00:00.000000Z", 99_000))  # fmt: skip
    deliver(api, furuset, ("2026-06-15T08:00:00.000000Z", 30_000))
    with Session(app.state.engine) as session:  # names that sort otherwise than the ids
        session.execute(
            update(Station).where(Station.id == "trosterud").values(name="Alna: Trosterud")
        )
        session.execute(update(Station).where(Station.id == "furuset").values(name="Furuset"))
        session.commit()
    app.dependency_overrides[get_now] = lambda: NOON.astimezone(UTC)
    return trosterud, furuset


def ranking(page: str) -> list[str]:
    body = page.split('<table class="ds-table" id="ranking">')[1].split("</tbody>")[0]
    return re.findall(r'<tr data-station="([^"]+)"', body)


def cells(page: str, station: str) -> list[str]:
    row = page.split(f'<tr data-station="{station}">')[1].split("</tr>")[0]
    return re.findall(r'<td class="num">([^<]*)</td>', row)


def test_this_year_against_last_year_to_the_same_day(
    two_stations: tuple[Kiosk, Kiosk], staff: dict[str, TestClient]
) -> None:
    page = staff["viewer"].get("/stations?row=recycled_kg").text
    # Last year's 99 kg on 16.6.2025 is after the same day: not in the comparison.
    assert cells(page, "trosterud") == ["13 kg", "10 kg", "+25,0\u00a0%"]
    assert cells(page, "furuset") == ["30 kg", "", "–"]  # nothing last year: empty, not 0
    assert "I år til 15.6.2026" in page and "I fjor til 15.6.2025" in page
    totals = page.split("<tfoot>")[1].split("</tfoot>")[0]
    assert re.findall(r'<td class="num">([^<]*)</td>', totals) == [
        "43 kg",
        "10 kg",
        "+325,0\u00a0%",
    ]
    # Every row of the effect table, with the all-stations totals.
    every = page.split('<table class="ds-table" id="every-row">')[1]
    assert every.count('<th scope="row">') == 13
    assert 'kg til materialgjenvinning fra stasjonen</th><td class="num">43 kg</td>' in every


def test_columns_sort_both_ways(
    two_stations: tuple[Kiosk, Kiosk], staff: dict[str, TestClient]
) -> None:
    viewer = staff["viewer"]
    assert ranking(viewer.get("/stations?row=recycled_kg").text) == ["furuset", "trosterud"]
    assert ranking(viewer.get("/stations?row=recycled_kg&sort=this&dir=asc").text) == [
        "trosterud", "furuset"]  # fmt: skip
    assert ranking(viewer.get("/stations?row=recycled_kg&sort=last").text) == [
        "trosterud", "furuset"]  # fmt: skip
    # No comparison (nothing last year) sorts last, whichever way.
    for direction in ("asc", "desc"):
        page = viewer.get(f"/stations?row=recycled_kg&sort=change&dir={direction}").text
        assert ranking(page)[-1] == "furuset"
    assert ranking(viewer.get("/stations?sort=name").text) == ["trosterud", "furuset"]
    assert ranking(viewer.get("/stations?sort=name&dir=desc").text) == ["furuset", "trosterud"]
    # The current column's header link turns it round.
    page = viewer.get("/stations?row=recycled_kg&sort=this&dir=desc").text
    assert 'href="?row=recycled_kg&amp;sort=this&amp;dir=asc"' in page
    assert 'aria-sort="descending"' in page


def test_a_sparkline_per_station_plots_its_months(
    two_stations: tuple[Kiosk, Kiosk], staff: dict[str, TestClient]
) -> None:
    page = staff["viewer"].get("/stations?row=recycled_kg").text
    row = page.split('<tr data-station="trosterud">')[1].split("</tr>")[0]
    this, last = re.findall(r'<polyline points="([^"]+)"', row)[::-1]
    assert len(this.split()) == 6  # January to June this year
    assert len(last.split()) == 12
    # March (12,5 kg) is drawn higher (a smaller y) than February of this year (nothing).
    ys = [float(p.split(",")[1]) for p in this.split()]
    assert ys[2] < ys[1]


def test_the_total_row_plots_every_station_added_up(
    two_stations: tuple[Kiosk, Kiosk], staff: dict[str, TestClient]
) -> None:
    # The network's trend, not only each station's: the months summed over the stations.
    page = staff["viewer"].get("/stations?row=recycled_kg").text
    total = page.split("<tfoot>")[1].split("</tfoot>")[0]
    this, last = re.findall(r'<polyline points="([^"]+)"', total)[::-1]
    assert len(this.split()) == 6 and len(last.split()) == 12
    ys = [float(p.split(",")[1]) for p in this.split()]
    empty = ys[0]  # January: nothing anywhere
    # March is Trosterud's 12,5 kg and June Furuset's 30 kg: only a sum has both, June higher.
    assert ys[5] < ys[2] < empty and ys[1] == ys[3] == ys[4] == empty


def test_alarms_link_to_their_station_and_device(
    app: FastAPI, two_stations: tuple[Kiosk, Kiosk], staff: dict[str, TestClient]
) -> None:
    trosterud, _ = two_stations
    make_silent(app, trosterud.device_id)
    app.dependency_overrides.pop(get_now)  # the alarm is judged now
    page = staff["viewer"].get("/stations").text
    alarms = page.split('id="station-alarms"')[1]
    assert '<a class="ds-link" href="/stations/trosterud">Alna: Trosterud</a>' in alarms
    assert f'<a class="ds-link" href="/devices/{trosterud.device_id}">' in alarms
    assert 'aria-live="polite"' in page


@pytest.mark.parametrize(
    ("query", "field"),
    [("row=kg", "row"), ("sort=weight", "sort"), ("dir=up", "dir"), ("row=" + "x" * 41, "row")],
)
def test_bad_input_is_refused_naming_the_field(
    staff: dict[str, TestClient], query: str, field: str
) -> None:
    response = staff["viewer"].get(f"/stations?{query}")
    assert response.status_code == 422
    assert field in response.text


def test_the_station_trend_has_every_row_by_month(
    two_stations: tuple[Kiosk, Kiosk], staff: dict[str, TestClient]
) -> None:
    page = staff["viewer"].get("/stations/trosterud").text
    assert 'hx-get="/stations/trosterud/trend"' in page
    trend = staff["viewer"].get("/stations/trosterud/trend").text
    data = re.search(r'id="trend-data">([^<]+)</script>', trend).group(1)
    chart = json.loads(data)
    assert chart["series"]["recycled_kg"]["this"] == [0.0, 0.0, 13.0, 0.0, 0.0, 0.0]
    assert chart["series"]["recycled_kg"]["last"][1] == 10.0  # February 2025
    assert chart["series"]["recycled_kg"]["last"][5] == 99.0  # the whole of June 2025
    assert len(chart["series"]) == 13
    assert "/console/static/vendor/chartjs" not in trend  # the page already loads it
    assert staff["viewer"].get("/stations/nowhere/trend").status_code == 404


def test_the_day_a_year_before() -> None:
    assert str(same_day_last_year(datetime(2028, 2, 29).date())) == "2027-02-28"
    assert change_percent(5, 0) is None
    assert change_percent(15, 10) == 50.0
