"""What a hostile user typed that once gave 500: dates outside the records' range, a station
that is not an identifier in a download's name, digits int() cannot read, forged counts.
Each answers a 4xx naming the field (or an empty report) and writes nothing."""

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.models import CatalogueVersion, StationHoursVersion
from tests.central.conftest import Kiosk
from tests.central.console.forms import form_posting_to
from tests.central.console.test_hours_pages import hours_form


def _count(app: FastAPI, table: Any) -> int:
    with Session(app.state.engine) as session:
        return session.scalar(select(func.count()).select_from(table))


BAD_PERIODS = [
    ({"from": "0001-01-01", "to": "0001-12-31"}, "from"),
    ({"to": "0001-01-01"}, "to"),
    ({"from": "9999-12-01", "to": "9999-12-31"}, "from"),
    ({"to": "9999-12-31"}, "to"),
    ({"from": "1999-12-31"}, "from"),
]


def test_usage_with_a_day_no_record_can_have_is_a_4xx_naming_it(
    staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    for params, named in BAD_PERIODS:
        # The page shows the reason in its language; the CSV answers the API's English.
        for path, words in (
            ("/stations/trosterud/usage", f"{named}: må være en dag i 2000-01-01–2099-12-31"),
            ("/stations/trosterud/usage.csv", f"{named}: must be a day in 2000-01-01..2099-12-31"),
        ):
            answer = staff["viewer"].get(path, params=params)
            assert 400 <= answer.status_code < 500, (path, params, answer.status_code)
            assert words in answer.text


def test_usage_on_the_edge_days_of_the_range_is_answered(
    staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    # The counterpart: the first and last days the contract allows are a normal page.
    for params in ({"from": "2000-01-01", "to": "2000-01-07"}, {"to": "2099-12-31"}):
        assert staff["viewer"].get("/stations/trosterud/usage", params=params).status_code == 200


def test_the_effect_report_for_a_station_that_is_no_identifier_is_an_empty_report(
    staff: dict[str, TestClient],
) -> None:
    for station in ("€", "\n", "\r\n", "a\r\nSet-Cookie: x=1", '"; x="'):
        for fmt in ("json", "csv", "xlsx"):
            answer = staff["viewer"].get(
                "/api/v1/reports/effect", params={"year": "2023", "station": station, "format": fmt}
            )
            assert answer.status_code == 200, (station, fmt, answer.text)
            if fmt == "json":
                assert all(v == 0 for row in answer.json()["rows"].values() for v in row)
            else:
                disposition = answer.headers["content-disposition"]
                assert disposition.startswith("attachment; filename*=UTF-8''effekt-")
                assert "\n" not in disposition and '"' not in disposition
                assert "set-cookie" not in answer.headers


def test_a_download_is_named_after_its_station(staff: dict[str, TestClient], kiosk: Kiosk) -> None:
    params = {"year": "2023", "station": "trosterud", "format": "csv"}
    answer = staff["viewer"].get("/api/v1/reports/effect", params=params)
    assert answer.headers["content-disposition"] == (
        "attachment; filename*=UTF-8''effekt-trosterud-2023.csv"
    )


def test_an_hours_form_count_that_is_not_a_small_whole_number_is_400_naming_it(
    app: FastAPI, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    operator = staff["operator"]
    for field in ("season_count", "exception_count"):
        for value in ("²", "٣", "1e3", "-1", " ", "501", "99999999999999999999"):
            answer = operator.post(
                "/stations/trosterud/hours", data=hours_form(operator, **{field: value})
            )
            assert answer.status_code == 400, (field, value, answer.text)
            assert f"{field}: må være et helt tall i 0–500" in answer.text
    assert _count(app, StationHoursVersion) == 0
    # The same form with its own counts publishes: the counts were the only fault.
    assert operator.post("/stations/trosterud/hours", data=hours_form(operator)).status_code == 200


def test_a_forged_catalogue_count_is_400_naming_it_and_publishes_nothing(
    app: FastAPI, staff: dict[str, TestClient]
) -> None:
    operator = staff["operator"]
    form = form_posting_to(operator.get("/catalogue").text, "/catalogue").data()
    before = _count(app, CatalogueVersion)
    for value in ("30000000", "501", "²", "-1", "", "0x10"):
        answer = operator.post("/catalogue", data=form | {"count": value})
        assert answer.status_code == 400, (value, answer.text)
        assert "count: må være et helt tall i 0–500" in answer.text
    assert _count(app, CatalogueVersion) == before
    # The same form with its own count publishes: the count was the only fault.
    assert operator.post("/catalogue", data=form).status_code == 200
    assert _count(app, CatalogueVersion) == before + 1


def test_a_category_weight_out_of_range_is_400_naming_the_category(
    app: FastAPI, staff: dict[str, TestClient]
) -> None:
    operator = staff["operator"]
    form = form_posting_to(operator.get("/catalogue").text, "/catalogue").data()
    for value in ("²", "2147483648", "1.5", "0"):
        answer = operator.post("/catalogue", data=form | {"c0_default_weight_g": value})
        assert answer.status_code == 400, value
        assert "wood: default_weight_g: må være et helt tall i 1–2147483647" in answer.text
