"""One number, one look: the same grams show the same digits on the console, in the text
report, CSV and XLSX (read back with openpyxl) and on the kiosk (kg_text), half grams too."""

import csv
import io
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from central.console import deps
from central.core.deps import get_now
from central.services import effect, effect_output
from contract.effect import Row
from contract.hours import OSLO
from contract.numbers import kg_text
from kiosk.ui.languages import kg_text as kiosk_kg_text
from kiosk.ui.languages import weight_text
from tests.central.conftest import Kiosk
from tests.central.services.effect.test_effect_api import api  # noqa: F401 - fixture
from tests.central.services.effect.test_pilot_table import flow, send

# Half a gram away from the rounding edge, on both sides, and the float trap (0,15 kg).
WEIGHTS = {"metal": 37_250, "wood": 150, "textiles": 49, "hard_plastic": 199_950}
NOON = datetime(2026, 11, 26, 12, 0, tzinfo=OSLO)


def _digits(text: str) -> str:
    """What a reader compares: the figure without its unit or thousands separator."""
    return text.replace("\u00a0", "").removesuffix(" kg").strip()


def _console(api: TestClient) -> dict[str, str]:  # noqa: F811
    """Category name -> today's kg on the station page."""
    page = api.get("/stations/trosterud").text
    row = r'<tr><td>([^<]+)</td><td>[^<]*</td><td>[^<]*</td>\s*<td class="num">([^<]*)</td>'
    return dict(re.findall(row, page))


def _csv(api: TestClient) -> dict[str, str]:  # noqa: F811
    text = api.get("/stations/trosterud/figures.csv").content.decode("utf-8-sig")
    return {
        r["Kategori"]: r["I dag (kg)"] for r in csv.DictReader(io.StringIO(text), delimiter=";")
    }


def _xlsx(api: TestClient) -> dict[str, str]:  # noqa: F811
    book = load_workbook(io.BytesIO(api.get("/stations/trosterud/figures.xlsx").content))
    out = {}
    for row in book.active.iter_rows(min_row=3):
        cell = row[4]
        decimals = len(cell.number_format.partition(".")[2])
        # What Excel shows: the exact kg in the cell at the number format's decimals.
        out[row[0].value] = kg_text(round(cell.value * 1000), decimals)
    return out


def _registered(app: FastAPI, api: TestClient, kiosk: Kiosk) -> None:  # noqa: F811
    at = "2026-11-26T10:00:00.000000Z"
    records = [kiosk.record(category=c, weight_g=g, recorded_at=at) for c, g in WEIGHTS.items()]
    assert api.post("/api/v1/batches", json=kiosk.batch(records), headers=kiosk.auth).is_success
    app.dependency_overrides[get_now] = lambda: NOON.astimezone(UTC)


def check_one_look(outputs: dict[str, dict[str, str]]) -> None:
    """Every output shows each category's figure as the contract writes it, digit for digit."""
    expected = sorted(_digits(kg_text(g)) for g in WEIGHTS.values())
    assert sorted(_digits(kiosk_kg_text(g, "nb")) for g in WEIGHTS.values()) == expected
    console = outputs["console"]
    for where, figures in outputs.items():
        assert sorted(_digits(v) for v in figures.values()) == expected, where
        assert all(_digits(figures[name]) == _digits(console[name]) for name in console), where


def test_console_csv_xlsx_and_kiosk_agree(app: FastAPI, api: TestClient, kiosk: Kiosk) -> None:  # noqa: F811
    _registered(app, api, kiosk)
    outputs = {"console": _console(api), "csv": _csv(api), "xlsx": _xlsx(api)}
    # The values a user sees, spelled out once: half up on exact grams, one decimal.
    assert sorted(outputs["console"].values()) == ["0,0", "0,2", "200,0", "37,3"]
    check_one_look(outputs)
    # The chart beside the table draws the same figures (its tooltips say 37,3, not 37,25).
    page = api.get("/stations/trosterud").text
    chart = re.search(r'id="year-chart-data">([^<]*)</script>', page).group(1)
    assert sorted(json.loads(chart).values()) == [0.0, 0.2, 37.3, 200.0]


def test_a_truncating_formatter_is_caught(
    app: FastAPI,
    api: TestClient,  # noqa: F811
    kiosk: Kiosk,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _registered(app, api, kiosk)
    truncating: Callable[[int], str] = lambda g: f"{g // 100 / 10:.1f}".replace(".", ",")  # noqa: E731
    monkeypatch.setitem(deps.templates.env.globals, "kg", truncating)
    outputs = {"console": _console(api), "csv": _csv(api), "xlsx": _xlsx(api)}
    with pytest.raises(AssertionError, match="console"):
        check_one_look(outputs)


@pytest.mark.parametrize("language", ["nb", "en", "ar", "ur", "so", "pl"])
@pytest.mark.parametrize("grams", [37_250, 37_249, 150, 49, 50, 1_805_607, 0])
def test_the_kiosk_rounds_by_the_contract_in_every_language(grams: int, language: str) -> None:
    shown = kiosk_kg_text(grams, language)
    # QLocale writes the language's separators (ar_AE: Western digits, "." and ","); the
    # digits are the contract's.
    assert re.sub(r"\D", "", shown) == re.sub(r"\D", "", kg_text(grams))


def test_one_weight_on_the_residents_screens_is_exact() -> None:
    # What the scale read or the resident's estimate: that record's own value, not a figure.
    assert [weight_text(g, "nb") for g in (3250, 2000, 37_250)] == ["3,25", "2", "37,25"]
    assert weight_text(3250, "ar") == "3.25"


def test_the_effect_table_agrees_in_whole_kg(app: FastAPI, api: TestClient, kiosk: Kiosk) -> None:  # noqa: F811
    # 38,25 kg of activity reuse: 38 in every output (the console once truncated, the kiosk
    # once rounded half to even); 0,5 kg more makes 39 everywhere.
    march, april = "2026-03-01T12:00:00.000000Z", "2026-04-01T12:00:00.000000Z"
    reuse = flow(kiosk, march, "activity_reuse", 38_250, "activity")
    waste = flow(kiosk, april, "business_waste", 38_500, "other_agency", note="fra Bymiljøetaten")
    send(api, kiosk, [reuse, waste])
    params = {"from_year": "2026", "to_year": "2026", "cutoff": ""}
    page = api.get("/stations/trosterud/effect", params=params).text
    cells = dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td class="num">([^<]*)</td>', page))
    assert cells[effect_output.LABELS_NB[Row.ACTIVITY_REUSE_KG]] == "38 kg"
    assert cells[effect_output.LABELS_NB[Row.BUSINESS_WASTE_KG]] == "39 kg (fra en annen etat)"
    assert "fra Bymiljøetaten" in page  # the note reaches the console
    text = api.get("/stations/trosterud/effect", params=params | {"format": "csv"}).content.decode(
        "utf-8-sig"
    )
    lines = dict(line.split(";", 1) for line in text.splitlines())
    assert lines[effect_output.LABELS_NB[Row.ACTIVITY_REUSE_KG]] == "38"
    assert lines[effect_output.LABELS_NB[Row.BUSINESS_WASTE_KG]] == "39"
    assert lines[effect_output.OTHER_AGENCY_NB] == "39"
    assert lines[effect_output.NOTES_NB] == "fra Bymiljøetaten"
    book = load_workbook(
        io.BytesIO(
            api.get("/stations/trosterud/effect", params=params | {"format": "xlsx"}).content
        )
    )
    sheet = {row[0].value: row[1] for row in book.active.iter_rows(min_row=2)}
    reuse = sheet[effect_output.LABELS_NB[Row.ACTIVITY_REUSE_KG]]
    assert (reuse.value, reuse.number_format) == (38.25, "#,##0")  # exact, shown whole
    assert kg_text(round(reuse.value * 1000), 0) == "38"
    with Session(app.state.engine) as session:
        report = effect.effect_report(session=session, years=[2026], station_id="trosterud")
    text_report = effect_output.as_text(report)
    assert "| 38 kg |" in text_report and "39 kg (from another agency)" in text_report
    assert "- 2026: fra Bymiljøetaten" in text_report
