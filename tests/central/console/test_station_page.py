"""The station page's figures are the registered grams, exactly, as kilograms."""

from fastapi.testclient import TestClient

from central.console.routes import _kg
from tests.central.conftest import Kiosk


def test_kilograms_are_exact() -> None:
    assert [_kg(g) for g in (7250, 3000, 12500, 1, 1234567, 0)] == [
        "7.25", "3.0", "12.5", "0.001", "1\u202f234.567", "0.0"
    ]  # fmt: skip


def test_the_station_page_shows_what_the_guide_typed(
    api: TestClient, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    from datetime import UTC, datetime

    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000000Z")
    record = kiosk.record(recorded_at=now, category="metal", weight_g=7250)
    assert api.post("/api/v1/batches", json=kiosk.batch([record]), headers=kiosk.auth).is_success
    page = staff["viewer"].get("/stations/trosterud").text
    assert page.count('<td class="num">7.25</td>') == 3  # today, this week, this year
    assert "Ingen stasjoner" not in staff["viewer"].get("/").text  # the hint only when empty


def test_an_empty_overview_says_where_to_add_a_station(staff: dict[str, TestClient]) -> None:
    page = staff["viewer"].get("/").text
    assert "Ingen stasjoner ennå: legg til en under Enheter." in page
