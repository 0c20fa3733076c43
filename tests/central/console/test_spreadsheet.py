"""Every CSV and XLSX central hands out goes through one writer: a text that starts like a
formula is neutralised (OWASP), numbers stay numbers, negative ones too, and XLSX text is
never a formula. Shown through each download a person opens: the station's figures (CSV and
XLSX), export-records, and the writer itself."""

import copy
import io
import json
from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook  # type: ignore[import-untyped]
from sqlalchemy.orm import Session

from central.cli import main as central_main
from central.core.security import hash_secret
from central.models import Device
from central.services import catalogue as catalogue_service
from central.services import stations
from central.services.spreadsheet import csv_bytes, csv_cell
from tests.central.conftest import Kiosk

FORMULAS = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", FORMULAS)
def test_a_text_that_starts_like_a_formula_is_neutralised(text: str) -> None:
    assert csv_cell(text) == "'" + text


def test_numbers_stay_numbers_and_plain_text_stays_as_it_is() -> None:
    assert [csv_cell(v) for v in (-1.5, 2.25, -3, 0, None, True, "Tre", "", "a=b")] == [
        "-1,500", "2,250", "-3", "0", "", "ja", "Tre", "", "a=b",
    ]  # fmt: skip
    data = csv_bytes([["kg", "navn"], [-1.5, "-1,5"]])
    assert data.startswith("\ufeff".encode())
    assert data.decode("utf-8-sig") == "kg;navn\r\n-1,500;'-1,5\r\n"


def hostile_catalogue(app: FastAPI) -> None:
    with Session(app.state.engine) as session:
        current = json.loads(catalogue_service.latest_catalogue(session=session).document)
        document = copy.deepcopy(current)
        document["version"] += 1
        for category in document["categories"]:
            if category["code"] == "wood":
                category["names"]["nb"] = '=HYPERLINK("http://evil","Tre")'
        catalogue_service.publish_catalogue(
            now=datetime.now(UTC), session=session, document=document
        )
        stations.add_station(
            now=datetime.now(UTC), session=session, station_id="trosterud", name="@Trosterud+1"
        )
        session.commit()


def test_the_station_figures_csv_and_xlsx_hold_no_live_formula(
    app: FastAPI, api: TestClient, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    record = kiosk.record(recorded_at=now, weight_g=1500)
    second = kiosk.record(recorded_at=now, weight_g=2000)
    sent = api.post("/api/v1/batches", json=kiosk.batch([record, second]), headers=kiosk.auth)
    assert sent.status_code == 200, sent.text
    hostile_catalogue(app)
    viewer = staff["viewer"]

    text = viewer.get("/stations/trosterud/figures.csv").content.decode("utf-8-sig")
    assert '\'=HYPERLINK(""http://evil"",""Tre"")";wood;' in text
    assert ";3,5;3,5;3,5" in text  # numbers as numbers, decimal comma

    book = load_workbook(io.BytesIO(viewer.get("/stations/trosterud/figures.xlsx").content))
    sheet = book.active
    assert (sheet["A1"].value, sheet["A1"].data_type) == ("@Trosterud+1", "s")
    names = [c for c in sheet["A"] if c.value == '=HYPERLINK("http://evil","Tre")']
    assert names and all(c.data_type == "s" for c in names)
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert sheet["E3"].data_type == "n"


def test_export_records_neutralises_a_device_id_and_keeps_negative_kg_a_number(
    app: FastAPI, api: TestClient, tmp_path
) -> None:
    # A device stored before ids were checked, with an id a spreadsheet reads as a formula.
    with Session(app.state.engine) as session:
        stations.add_station(
            now=datetime.now(UTC), session=session, station_id="trosterud", name="Trosterud"
        )
        session.add(
            Device(
                id="@evil",
                station_id="trosterud",
                token_hash=hash_secret("legacy-token", key=app.state.key),
                enrolled_at=datetime.now(UTC),
                highest_contiguous_seq=0,
            )
        )
        session.commit()
    kiosk = Kiosk(device_id="@evil", station_id="trosterud", token="legacy-token")
    first = kiosk.record(weight_g=1500)
    undo = kiosk.record(weight_g=1500, reverses=first["id"])
    answer = api.post("/api/v1/batches", json=kiosk.batch([first, undo]), headers=kiosk.auth)
    assert answer.status_code == 200, answer.text
    out = tmp_path / "records.csv"
    assert central_main(["--db-url", app.state.settings.db_url, "export-records", str(out)]) == 0
    lines = out.read_bytes().decode("utf-8-sig").splitlines()
    assert len(lines) == 3
    assert all(";'@evil;trosterud;" in line for line in lines[1:])
    assert ";1,500;" in lines[1] and ";-1,500;" in lines[2]
