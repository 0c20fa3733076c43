"""One rule for empty and 0 on the console: a cell is empty where nothing registered stands
(no record, or records with the reversals that cancel them), never 0,0; 0 only where records
stand and add to zero (participants or visitors at public events that were held)."""

import re
from datetime import UTC, datetime

from fastapi import FastAPI
from fastapi.testclient import TestClient

from central.core.deps import get_now
from central.services.effect_output import figure_text
from contract.effect import Row
from contract.hours import OSLO
from kiosk.domain.ids import uuid7
from tests.central.conftest import Kiosk

AT = "2026-11-26T10:00:00.000000Z"


def _send(api: TestClient, kiosk: Kiosk, records: list[dict]) -> None:
    assert api.post("/api/v1/batches", json=kiosk.batch(records), headers=kiosk.auth).is_success


def test_a_reversed_pair_shows_as_nothing_on_the_station_page_and_its_trend(
    app: FastAPI, api: TestClient, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    wrong = kiosk.record(recorded_at=AT, category="metal", weight_g=7250)
    undo = kiosk.record(recorded_at=AT, category="metal", weight_g=7250, id=str(uuid7()),
                        reverses=wrong["id"])  # fmt: skip
    kept = kiosk.record(recorded_at=AT, category="wood", weight_g=1000)
    _send(api, kiosk, [wrong, undo, kept])
    app.dependency_overrides[get_now] = lambda: datetime(2026, 11, 27, 12, tzinfo=OSLO).astimezone(
        UTC
    )
    viewer = staff["viewer"]
    page = viewer.get("/stations/trosterud?lang=nb").text
    table = page[page.index("<tbody>", page.index("year-chart-data")) :].split("</tbody>")[0]
    assert "0,0" not in table
    rows = re.findall(r"<tr><td>([^<]*)</td>", table)
    assert len(rows) == 1  # wood stands; metal was registered and reversed: no row
    # Today nothing stands (the records are from yesterday): empty, not 0,0.
    assert '<td class="num"></td><td class="num">1,0</td><td class="num">1,0</td>' in table
    trend = viewer.get("/stations/trosterud/trend?lang=nb").text
    metal_row = re.search(r'data-row="recycled_kg">(.*?)</tr>', trend, re.S)
    assert metal_row is not None
    cells = re.findall(r'<td class="num">([^<]*)</td>', metal_row.group(1))
    # January to October had no record, November has wood's 1 kg; nothing reads 0.
    assert cells[:10] == [""] * 10 and cells[10] == "1 kg"
    assert ">0 kg<" not in trend and ">0<" not in trend


def test_zero_is_shown_only_where_events_stand() -> None:
    assert figure_text(Row.RECYCLED_KG, 0) == ""
    assert figure_text(Row.RECYCLED_KG, 40) == "0 kg"  # a real 40 g record rounds to 0 kg
    assert figure_text(Row.VISITORS, 0, events=0) == ""
    assert figure_text(Row.VISITORS, 0, events=2) == "0"
    assert figure_text(Row.EVENTS, 0, events=0) == ""
