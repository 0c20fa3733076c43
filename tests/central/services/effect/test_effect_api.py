"""The staff report endpoint (JSON, CSV, XLSX) and ingest of events and material flows."""

import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.errors import Conflict
from central.models import DepositDay, Device
from central.services import catalogue
from central.services.effect_output import LABELS_NB
from contract.effect import Row
from tests.central.conftest import Kiosk
from tests.central.console.conftest import add_user, sign_in
from tests.central.services.effect.test_pilot_table import event, pilot_records, send

PILOT = {"year": "2021-2023", "cutoff": "2023-11-30", "station": "trosterud"}


STAFF: dict[str, str] = {}


@pytest.fixture
def api(app: FastAPI) -> Iterator[TestClient]:
    """A client signed in on the console as a viewer: the report is for any staff role."""
    with TestClient(app, base_url="http://central") as client:
        add_user(app, "viewer", "viewer")
        assert sign_in(client, "viewer") in (302, 303)
        yield client


@pytest.fixture
def trosterud(api: TestClient, kiosk: Kiosk) -> Kiosk:
    for records in pilot_records(kiosk):
        send(api, kiosk, records)
    return kiosk


def test_json_for_staff_only(app: FastAPI, api: TestClient, trosterud: Kiosk) -> None:
    body = api.get("/api/v1/reports/effect", params=PILOT).json()
    assert body["rows"]["reused_kg"] == [0, 0, 4_043_000]
    assert body["rows"]["events"] == [2, 4, 8]
    assert body["measures_g"]["left_for_reuse"] == [0, 0, 321_000]
    assert body["repairs"][1] == {"bicycle": {"fixed": 2, "end_of_life": 1}}
    with TestClient(app, base_url="http://central") as stranger:
        assert stranger.get("/api/v1/reports/effect", params=PILOT).status_code == 401
        # A device token is not a staff session.
        response = stranger.get("/api/v1/reports/effect", params=PILOT, headers=trosterud.auth)
        assert response.status_code == 401
    page = api.get("/stations/trosterud")  # the effect form's download buttons
    assert 'name="format" value="xlsx"' in page.text


@pytest.mark.parametrize(
    ("params", "field"),
    [({"year": "20x1"}, "year"), ({"year": "2023", "cutoff": "30.11"}, "cutoff"),
     ({"year": "2023", "format": "pdf"}, "format"), ({"year": "1999"}, "year")],
)  # fmt: skip
def test_bad_parameters_are_named(api: TestClient, params: dict, field: str) -> None:
    response = api.get("/api/v1/reports/effect", params=params, headers=STAFF)
    assert response.status_code == 422
    assert field in response.json()["detail"]["message"]


def test_csv_reads_right_in_norwegian_excel(api: TestClient, trosterud: Kiosk) -> None:
    response = api.get("/api/v1/reports/effect", params=PILOT | {"format": "csv"}, headers=STAFF)
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Hva;2021;2022;2023 (t.o.m. 30.11.23)"
    # Whole kg, as the table is printed (contract/numbers.py); the XLSX holds the exact kg.
    assert lines[1] == f"{LABELS_NB[Row.REUSED_KG]};0;0;4043"
    # Under the recycling row, the source each period used (issue 25, item 4).
    assert lines[3] == f"{LABELS_NB[Row.RECYCLED_KG]}: kilde;registrert;registrert;registrert"
    assert lines[5] == f"{LABELS_NB[Row.BUSINESS_WASTE_KG]};0;800;1376"
    # The business waste qualifier and the notes reach the CSV too.
    assert lines[6] == "herav fra en annen etat (kg);0;800;0"
    notes = (
        "merknader;;from another agency, not the district's services;Klimasats, stored in the barn"
    )
    assert lines[7] == notes
    assert lines[8].endswith(";2;4;8")


def test_xlsx_has_norwegian_headers_and_the_same_numbers(api: TestClient, trosterud: Kiosk) -> None:
    response = api.get("/api/v1/reports/effect", params=PILOT | {"format": "xlsx"}, headers=STAFF)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Hva", "2021", "2022", "2023 (t.o.m. 30.11.23)")
    assert rows[1] == (LABELS_NB[Row.REUSED_KG], 0, 0, 4043)
    assert rows[3] == (f"{LABELS_NB[Row.RECYCLED_KG]}: kilde", *["registrert"] * 3)
    assert rows[5] == (LABELS_NB[Row.BUSINESS_WASTE_KG], 0, 800, 1376)
    assert rows[6] == ("herav fra en annen etat (kg)", 0, 800, 0)
    assert rows[7][0] == "merknader"
    assert rows[8][1:] == (2, 4, 8)
    assert sheet.cell(2, 4).number_format == "#,##0"  # exact kg, shown whole


def test_an_event_is_idempotent_and_contradictions_are_refused(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    first = event(kiosk, "2026-06-01T17:00:00.000000Z")
    batch = kiosk.batch([first], contract_version=2)
    assert api.post("/api/v1/batches", json=batch, headers=kiosk.auth).json()["inserted"] == 1
    again = kiosk.batch([first], contract_version=2)
    answer = api.post("/api/v1/batches", json=again, headers=kiosk.auth).json()
    assert (answer["inserted"], answer["duplicates"]) == (0, 1)
    changed = kiosk.batch([first | {"participants": 99}], contract_version=2)
    response = api.post("/api/v1/batches", json=changed, headers=kiosk.auth)
    assert response.status_code == 409
    assert response.json()["detail"]["code"] == "record_differs"


def test_one_seq_space_across_record_types(app: FastAPI, api: TestClient, kiosk: Kiosk) -> None:
    deposit = kiosk.record(type="deposit")
    send(api, kiosk, [deposit])
    clash = event(kiosk, "2026-06-01T17:00:00.000000Z") | {"seq": deposit["seq"]}
    kiosk.next_seq -= 1  # the clash took no seq of its own
    response = api.post(
        "/api/v1/batches", json=kiosk.batch([clash], contract_version=2), headers=kiosk.auth
    )
    assert response.status_code == 409
    assert response.json()["detail"]["code"] == "seq_taken"
    # Deposit, event, deposit (seqs 1-3): the high-water mark runs across types.
    send(api, kiosk, [event(kiosk, "2026-06-01T17:00:00.000000Z"), kiosk.record(type="deposit")])
    with Session(app.state.engine) as session:
        assert session.get(Device, kiosk.device_id).highest_contiguous_seq == 3


def test_an_invalid_event_is_named_and_writes_nothing(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    bad = event(kiosk, "2026-06-01T17:00:00.000000Z", kind="party")
    response = api.post(
        "/api/v1/batches", json=kiosk.batch([bad], contract_version=2), headers=kiosk.auth
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert (detail["index"], detail["record_id"]) == (0, bad["id"])
    assert detail["message"].startswith("kind:")


def _rollup_grams(app: FastAPI) -> int:
    with Session(app.state.engine) as session:
        return int(session.scalar(select(func.coalesce(func.sum(DepositDay.net_g), 0))))


def test_a_partly_held_batch_adds_only_its_new_records(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    old = kiosk.record(type="deposit", weight_g=1000)
    send(api, kiosk, [old])
    new = kiosk.record(type="deposit", weight_g=250)
    send(api, kiosk, [old, new])  # a resend that also carries one new record
    assert _rollup_grams(app) == 1250
    reversal = kiosk.record(type="deposit", weight_g=250, reverses=new["id"])
    batch = kiosk.batch([reversal], contract_version=2)
    for _ in range(2):  # a replay changes nothing
        assert api.post("/api/v1/batches", json=batch, headers=kiosk.auth).status_code == 200
    assert _rollup_grams(app) == 1000


def test_a_category_keeps_its_kind(app: FastAPI) -> None:
    # The rollup counted past records by kind; a changed kind would silently make it wrong.
    with Session(app.state.engine) as session:
        document = json.loads(catalogue.latest_catalogue(session=session).document)
        for category in document["categories"]:
            if category["code"] == "clothes":
                category["kind"] = "recycling"
        document["version"] += 1
        with pytest.raises(Conflict, match="keeps its kind"):
            catalogue.publish_catalogue(now=datetime.now(UTC), session=session, document=document)
