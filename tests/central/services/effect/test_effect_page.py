"""The station page's effect report: period and cut-off picked on the page, the pilot's
numbers shown, download links carrying the same choice, and bad choices named (4xx)."""

import re

import pytest
from fastapi.testclient import TestClient

from tests.central.conftest import Kiosk
from tests.central.services.effect.test_effect_api import api, trosterud  # noqa: F401 - fixtures

PAGE = "/stations/trosterud/effect"


def test_the_station_page_offers_the_picker(api: TestClient, trosterud: Kiosk) -> None:  # noqa: F811
    page = api.get("/stations/trosterud").text
    assert 'action="/stations/trosterud/effect"' in page
    assert 'name="cutoff"' in page and 'name="from_year"' in page


def test_pilot_period_and_cut_off_show_the_pilot_s_numbers(
    api: TestClient,  # noqa: F811
    trosterud: Kiosk,  # noqa: F811
) -> None:
    page = api.get(PAGE, params={"from_year": 2021, "to_year": 2023, "cutoff": "2023-11-30"})
    assert page.status_code == 200
    reused = re.search(r"kg ombruk fra minigjenbruksstasjonen</th>(.*?)</tr>", page.text).group(1)
    assert re.findall(r'<td class="num">([^<]*)</td>', reused) == ["", "", "4\u00a0043 kg"]
    assert "t.o.m. 30.11.2023" in page.text
    # The form's CSV button: the same choices, format=csv, on the same URL.
    assert 'name="format" value="csv"' in page.text
    choice = {"from_year": 2021, "to_year": 2023, "cutoff": "2023-11-30", "format": "csv"}
    csv = api.get(PAGE, params=choice)
    assert csv.status_code == 200 and "2023 (t.o.m. 30.11.23)" in csv.content.decode("utf-8-sig")
    assert (
        csv.headers["content-disposition"]
        == "attachment; filename*=UTF-8''effekt-trosterud-2021-2023.csv"
    )


def test_by_month_gives_month_columns(api: TestClient, trosterud: Kiosk) -> None:  # noqa: F811
    page = api.get(PAGE, params={"from_year": 2023, "to_year": 2023, "months": "true"}).text
    assert page.count('<th scope="col" class="num">') == 12


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"from_year": 2023, "to_year": 2021}, "to_year"),
        ({"from_year": 1999}, "from_year"),
        ({"from_year": 2001, "to_year": 2020}, "to_year"),
        ({"cutoff": "31.11.2023"}, "cutoff"),  # 30.11.2023 is read, as every day (parse_day)
        ({"from_year": "x"}, "from_year"),
        ({"to_year": "20 23"}, "to_year"),
        ({"cutoff": "2023-02-30"}, "cutoff"),
        ({"months": "maybe"}, "months"),
        ({"format": "pdf"}, "format"),
        ({"format": "xlsx", "cutoff": "x"}, "cutoff"),  # a download refused shows the page
    ],
)
def test_bad_choices_are_refused_naming_the_field(
    api: TestClient,  # noqa: F811
    kiosk: Kiosk,
    params: dict[str, object],
    named: str,
) -> None:
    answer = api.get(PAGE, params=params)
    assert 400 <= answer.status_code < 500 and named in answer.text
    # Shown on the page in the part htmx swaps in, with the form to correct it.
    assert re.search(
        r'<div id="effect">\s*<p class="ds-alert error" data-color="danger" role="alert">Avvist: '
        + named,
        answer.text,
    )
    assert 'name="cutoff"' in answer.text


@pytest.mark.parametrize(
    "params",
    [
        {"from_year": "", "to_year": "", "cutoff": ""},  # what a browser sends for empty fields
        {"from_year": "2023", "to_year": "", "cutoff": ""},
        {"from_year": "", "to_year": "2023", "cutoff": "", "months": "true"},
        {"from_year": "2023", "to_year": "2023", "cutoff": "2023-11-30"},
        {"cutoff": "2023-11-30"},
    ],
)
def test_any_combination_of_fields_shows_the_table(
    api: TestClient,  # noqa: F811
    kiosk: Kiosk,
    params: dict[str, str],
) -> None:
    answer = api.get(PAGE, params=params)
    assert answer.status_code == 200
    assert "<table class=" in answer.text and "Avvist" not in answer.text


def test_all_stations_page(api: TestClient, trosterud: Kiosk) -> None:  # noqa: F811
    page = api.get("/effect", params={"from_year": "2021", "to_year": "2023", "cutoff": ""})
    assert page.status_code == 200 and "Alle stasjoner" in page.text
    reused = re.search(r"kg ombruk fra minigjenbruksstasjonen</th>(.*?)</tr>", page.text).group(1)
    assert re.findall(r'<td class="num">([^<]*)</td>', reused) == ["", "", "4\u00a0043 kg"]
    assert 'action="/effect"' in page.text
    xlsx = api.get("/effect", params={"from_year": "2023", "format": "xlsx"})
    assert xlsx.status_code == 200
    assert (
        xlsx.headers["content-disposition"]
        == "attachment; filename*=UTF-8''effekt-alle-2023-2023.xlsx"
    )
