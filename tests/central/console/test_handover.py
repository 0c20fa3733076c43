"""The hazardous cabinet's hand-over (issue 25, item 6), on SQLite and PostgreSQL: after a
cabinet pickup, one line per EAL code and waste-substance number with the UN number where it
has one, kg weighed (the ticket split by what was registered) or registered without a ticket,
the items, and the station as the place of collection; printable, and as JSON."""

from datetime import UTC, datetime

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.models import ACTIVITY_TABLES
from central.services import pickups
from contract.records import PickupSource
from tests.central.conftest import Kiosk
from tests.central.console.forms import form_posting_to


def cabinet(app: FastAPI, api: TestClient, kiosk: Kiosk, ticket: dict[str, object]) -> str:
    records = [
        {**kiosk.record(recorded_at=at, category=c, weight_g=g), "type": "deposit"}
        for at, c, g in (
            ("2026-03-01T10:00:00.000000Z", "batteries", 3_000),
            ("2026-03-02T10:00:00.000000Z", "batteries", 1_000),
            ("2026-03-02T11:00:00.000000Z", "spray_cans", 4_000),
            ("2026-03-20T11:00:00.000000Z", "spray_cans", 9_000),  # after the pickup
        )
    ]
    batch = {**kiosk.batch(records), "contract_version": 5}
    assert api.post("/api/v1/batches", json=batch, headers=kiosk.auth).is_success
    row = {
        "weighed_at": "2026-03-10T08:00:00Z",
        "station_id": "trosterud",
        "fraction": "hazardous",
        **ticket,
    }
    with Session(app.state.engine) as session:
        done = pickups.store_pickups(
            session=session, rows=[row], source=PickupSource.IMPORT, now=datetime.now(UTC)
        )
        assert not done.refused, done.refused
        session.commit()
        t = ACTIVITY_TABLES["pickup"]
        return str(session.scalar(select(t.c.id)))


def test_the_sheet_splits_the_ticket_over_the_lines_and_names_the_codes(
    app: FastAPI, api: TestClient, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    pickup_id = cabinet(app, api, kiosk, {"ticket_no": "FA-1", "net_kg": 16})
    viewer = staff["viewer"]
    data = viewer.get(f"/pickups/{pickup_id}/handover?format=json").json()
    assert data["collection_place"] == {"station_id": "trosterud", "name": "Test station"}
    lines = {(ln["ewc"], ln["avfallsstoffnummer"]): ln for ln in data["lines"]}
    batteries, sprays = lines[("20 01 33*", "7093")], lines[("16 05 04*", "7055")]
    assert (batteries["items"], batteries["registered_g"], batteries["kg_g"]) == (2, 4_000, 8_000)
    assert (sprays["items"], sprays["kg_g"], sprays["un"]) == (1, 8_000, "1950")
    assert batteries["un"] is None and batteries["kg_source"] == "weighed"
    # The catalogue's "chemicals" carries no codes: the sheet says so rather than guess.
    assert data["missing_codes"] == ["Kjemikalier"]
    page = viewer.get(f"/pickups/{pickup_id}/handover")
    assert page.status_code == 200
    assert "@media print" in page.text and "Mottatt av (sjåfør)" in page.text
    assert "<td>20 01 33*</td><td>7093</td>" in page.text
    assert "Test station (trosterud)" in page.text
    listing = viewer.get("/pickups?station=trosterud&year=2026").text
    assert f"/pickups/{pickup_id}/handover" in listing


def test_without_a_ticket_the_registered_kg_are_declared(
    app: FastAPI, api: TestClient, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    # Emptied without a ticket: registered at the kiosk, synced like any pickup.
    pickup = {
        "id": "0190a000-0000-7000-8000-000000000001",
        "seq": 99,
        "device_id": kiosk.device_id,
        "station_id": "trosterud",
        "recorded_at": "2026-03-10T08:00:00.000000Z",
        "type": "pickup",
        "fraction": "hazardous",
        "container_id": None,
        "hauler": None,
        "plant": None,
        "net_weight_g": None,
        "ticket_no": None,
        "weighed_at": "2026-03-10T08:00:00.000000Z",
        "source": "kiosk",
        "reverses": None,
        "clock_flag": None,
    }
    cabinet(
        app, api, kiosk, {"ticket_no": "unused", "net_kg": 1, "weighed_at": "2026-01-01T08:00:00Z"}
    )
    batch = {**kiosk.batch([pickup]), "contract_version": 5}
    assert api.post("/api/v1/batches", json=batch, headers=kiosk.auth).is_success
    data = staff["viewer"].get(f"/pickups/{pickup['id']}/handover?format=json").json()
    batteries = next(ln for ln in data["lines"] if ln["avfallsstoffnummer"] == "7093")
    assert (batteries["kg_g"], batteries["kg_source"]) == (4_000, "registered")


def test_an_unknown_pickup_is_404_and_a_non_hazardous_one_422(
    app: FastAPI, api: TestClient, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    assert staff["viewer"].get("/pickups/nope/handover").status_code == 404
    row = {
        "ticket_no": "M-1",
        "weighed_at": "2026-03-10T08:00:00Z",
        "station_id": "trosterud",
        "fraction": "metal",
        "net_kg": 100,
    }
    with Session(app.state.engine) as session:
        pickups.store_pickups(
            session=session, rows=[row], source=PickupSource.IMPORT, now=datetime.now(UTC)
        )
        session.commit()
        metal = session.scalar(select(ACTIVITY_TABLES["pickup"].c.id))
    answer = staff["viewer"].get(f"/pickups/{metal}/handover")
    assert answer.status_code == 422 and "fraction" in answer.text


def _chemicals_codes(operator: TestClient, **codes: str) -> tuple[int, str]:
    """Publish from the catalogue editor with chemicals' code fields set to ``codes``."""
    page = operator.get("/catalogue").text
    form = form_posting_to(page, "/catalogue").data()
    (index,) = [k[1:-5] for k, v in form.items() if k.endswith("_code") and v == "chemicals"]
    form |= {f"c{index}_{name}": value for name, value in codes.items()}
    answer = operator.post("/catalogue", data=form)
    return answer.status_code, answer.text


def test_reg_fills_in_a_hazardous_categorys_codes_in_the_catalogue_editor(
    app: FastAPI, api: TestClient, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    pickup_id = cabinet(app, api, kiosk, {"ticket_no": "FA-1", "net_kg": 16})
    viewer, operator = staff["viewer"], staff["operator"]
    assert viewer.get(f"/pickups/{pickup_id}/handover?format=json").json()["missing_codes"]
    # A UN number is four digits: a wrong one is refused naming the field, and nothing kept.
    status, text = _chemicals_codes(operator, ewc="20 01 13*", ns="7042", un="19500")
    assert status == 400 and ".un: må være et UN-nummer" in text  # in the page's language
    assert viewer.get(f"/pickups/{pickup_id}/handover?format=json").json()["missing_codes"]
    # The test's codes, as REG would type them once it has sorted what chemicals it takes.
    status, _text = _chemicals_codes(operator, ewc="20 01 13*", ns="7042", un="1993")
    assert status == 200
    data = viewer.get(f"/pickups/{pickup_id}/handover?format=json").json()
    assert data["missing_codes"] == []
    line = next(ln for ln in data["lines"] if ln["avfallsstoffnummer"] == "7042")
    assert (line["ewc"], line["un"]) == ("20 01 13*", "1993")
    # The spray cans keep their UN number from the known table; the editor shows the field.
    sprays = next(ln for ln in data["lines"] if ln["avfallsstoffnummer"] == "7055")
    assert sprays["un"] == "1950"
    assert 'value="1993"' in operator.get("/catalogue").text
    # Emptied in the editor, the UN number is gone from the next version.
    status, _text = _chemicals_codes(operator, un="")
    data = viewer.get(f"/pickups/{pickup_id}/handover?format=json").json()
    assert status == 200
    assert next(ln for ln in data["lines"] if ln["avfallsstoffnummer"] == "7042")["un"] is None


def test_the_sheet_comes_as_csv_and_xlsx_for_the_declaration_service(
    app: FastAPI, api: TestClient, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    from io import BytesIO

    from openpyxl import load_workbook  # type: ignore[import-untyped]  # ships no type hints

    pickup_id = cabinet(app, api, kiosk, {"ticket_no": "=FA-1", "net_kg": 16})
    viewer = staff["viewer"]
    page = viewer.get(f"/pickups/{pickup_id}/handover").text
    assert 'href="?format=csv"' in page and 'href="?format=xlsx"' in page
    answer = viewer.get(f"/pickups/{pickup_id}/handover?format=csv")
    assert answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    rows = [line.split(";") for line in answer.content.decode("utf-8-sig").splitlines()]
    assert rows[0][:7] == ["Avfallsstoffnummer", "EAL-kode", "UN-nummer", "Beskrivelse",
                           "Mengde (kg)", "Mengde fra", "Antall"]  # fmt: skip
    by_ns = {r[0]: r for r in rows[1:]}
    # The same kg as the sheet shows, decimal comma; the ticket number cannot be a formula.
    assert by_ns["7093"][1:8] == ["20 01 33*", "", "Batterier", "8,0", "veid", "2",
                                  "Test station"]  # fmt: skip
    assert by_ns["7055"][2] == "1950"
    assert by_ns["7055"][9] == "'=FA-1" and by_ns["7055"][10] == "10.03.2026 09:00"
    assert by_ns[""][3] == "Kjemikalier"  # codes missing: empty, never guessed
    book = viewer.get(f"/pickups/{pickup_id}/handover?format=xlsx")
    sheet = load_workbook(BytesIO(book.content)).active
    cells = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert cells["7093"][4] == 8.0 and cells["7093"][6] == 2
    assert viewer.get(f"/pickups/{pickup_id}/handover?format=pdf").status_code == 422
