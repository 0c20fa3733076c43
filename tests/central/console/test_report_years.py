"""A report's years are read by one rule at every door: the console's form, the API's ``year``
and the CLI's ``--year`` refuse the same periods, naming the field."""

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from central.cli import main
from central.errors import Invalid
from central.services.effect import MAX_YEARS, parse_years, years_between
from tests.central.conftest import Kiosk

BAD = {
    "2023-2021": "must not be before",
    "1999": "must be within 2000..2099",
    "2000-2010": f"at most {MAX_YEARS} years at once",
    "20x3": "is not a year",
    "2023-": "is not a year",
}


def test_a_year_and_a_range() -> None:
    assert parse_years("2023") == [2023]
    assert parse_years(" 2021-2023 ") == [2021, 2022, 2023]
    assert years_between(2090, 2099, name="to_year", first_name="from_year") == list(
        range(2090, 2100)
    )


@pytest.mark.parametrize("text, reason", BAD.items())
def test_the_rule_refuses_naming_the_field(text: str, reason: str) -> None:
    with pytest.raises(Invalid) as refused:
        parse_years(text, name="year")
    assert refused.value.message.startswith("year: ")
    assert reason in refused.value.message


@pytest.mark.parametrize("text, reason", BAD.items())
def test_the_cli_refuses_what_the_rule_refuses(
    text: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--db-url", "sqlite://", "report", "--year", text])
    assert exit_.value.code == 2
    assert reason in capsys.readouterr().err


def test_the_api_and_the_console_refuse_a_backwards_range(
    app: FastAPI, kiosk: Kiosk, staff: dict[str, TestClient]
) -> None:
    viewer = staff["viewer"]
    # Before, the API answered 200 with no columns at all for a range given backwards.
    api = viewer.get("/api/v1/reports/effect", params={"year": "2023-2021"})
    assert api.status_code == 422
    assert api.json()["detail"]["message"] == "year: must not be before the first year"
    page = viewer.get("/effect", params={"from_year": "2023", "to_year": "2021"})
    assert page.status_code == 422
    assert "to_year: kan ikke være før from_year" in page.text  # the page speaks Bokmål
    wide = viewer.get("/api/v1/reports/effect", params={"year": "2000-2099"})
    assert wide.status_code == 422 and "at most 10 years" in wide.json()["detail"]["message"]
