"""The events pages (/events, /stations/{id}/events): kind, audience, time and place, people,
repairs by item and Open Repair Data Standard outcome, kg to reuse; period and kind filters;
CSV and XLSX of the same list. On SQLite and PostgreSQL."""

import csv as csv_module
import io
import uuid

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from central.services import event_list
from kiosk.domain.ids import uuid7
from tests.central.conftest import Kiosk, enrol_kiosk


def event(kiosk: Kiosk, **overrides: object) -> dict[str, object]:
    record = {
        "type": "event", "id": str(uuid7()), "seq": kiosk.next_seq, "device_id": kiosk.device_id,
        "station_id": kiosk.station_id, "recorded_at": "2026-05-07T19:00:00.000000Z",
        "kind": "bike_workshop", "starts_at": "2026-05-07T15:00:00.000000Z",
        "ends_at": "2026-05-07T17:00:00.000000Z", "place": None, "participants": 12,
        "visitors": 30, "reuse_g": 45_250, "reverses": None, "clock_flag": None,
        "audience": None,
    }  # fmt: skip
    kiosk.next_seq += 1
    record.update(overrides)
    return record


def repair(kiosk: Kiosk, event_id: object, item: str, outcome: str, **kw: object) -> dict:
    record = {
        "type": "repair", "id": str(uuid7()), "seq": kiosk.next_seq,
        "device_id": kiosk.device_id, "station_id": kiosk.station_id,
        "recorded_at": "2026-05-07T16:00:00.000000Z", "event_id": event_id,
        "item_category": item, "outcome": outcome, "reverses": None, "clock_flag": None,
    }  # fmt: skip
    kiosk.next_seq += 1
    record.update(kw)
    return record


def send(api: TestClient, kiosk: Kiosk, records: list[dict]) -> None:
    batch = kiosk.batch(records, contract_version=3)
    response = api.post("/api/v1/batches", json=batch, headers=kiosk.auth)
    assert response.status_code == 200, response.text


@pytest.fixture
def held(app: FastAPI, api: TestClient) -> dict[str, str]:
    trosterud = enrol_kiosk(app, api, "trosterud")
    furuset = enrol_kiosk(app, api, "furuset")
    bike = event(trosterud)
    course = event(trosterud, kind="course", starts_at="2026-09-01T08:00:00.000000Z",
                   ends_at="2026-09-01T10:00:00.000000Z", participants=5, visitors=0,
                   reuse_g=0, place="Alna bydelshus")  # fmt: skip
    undone = event(trosterud, kind="market", starts_at="2026-05-08T08:00:00.000000Z")
    fixed = repair(trosterud, bike["id"], "bicycle", "fixed")
    mistaken = repair(trosterud, bike["id"], "bicycle", "end_of_life")
    records = [
        bike, course, undone, fixed, mistaken,
        repair(trosterud, bike["id"], "bicycle", "fixed"),
        repair(trosterud, bike["id"], "lamp", "repairable"),
        {**mistaken, "id": str(uuid7()), "seq": trosterud.next_seq, "reverses": mistaken["id"]},
    ]  # fmt: skip
    trosterud.next_seq += 1
    records.append({**undone, "id": str(uuid7()), "seq": trosterud.next_seq,
                    "reverses": undone["id"]})  # fmt: skip
    trosterud.next_seq += 1
    send(api, trosterud, records)
    swap = event(furuset, kind="clothes_swap", starts_at="2026-05-20T14:00:00.000000Z",
                 ends_at="2026-05-20T16:00:00.000000Z", participants=0, visitors=80,
                 reuse_g=120_000)  # fmt: skip
    send(api, furuset, [swap])
    return {"bike": str(bike["id"]), "course": str(course["id"]), "swap": str(swap["id"]),
            "undone": str(undone["id"])}  # fmt: skip


def test_every_event_with_its_people_repairs_and_reuse(
    held: dict[str, str], staff: dict[str, TestClient]
) -> None:
    page = staff["viewer"].get("/events").text
    assert held["undone"] not in page  # reversed: nets to nothing, as in the effect report
    row = page.split(f'<tr data-event="{held["bike"]}">')[1].split("</tr>")[0]
    assert "Sykkelverksted" in row and "<td>ja</td>" in row
    assert "07.05.2026 17:00–19:00" in row  # Oslo summer time
    assert "på stasjonen" in row
    assert '<td class="num">12</td><td class="num">30</td>' in row
    # Net of the reversed "end of life": two bicycles fixed, a lamp repairable.
    assert "bicycle: reparert (fixed) 2</li>" in row
    assert "lamp: kan repareres (repairable) 1</li>" in row
    assert '<td class="num">45,3</td>' in row  # 45 250 g at one decimal, half up
    course = page.split(f'<tr data-event="{held["course"]}">')[1].split("</tr>")[0]
    assert "Kurs" in course and "<td>nei</td>" in course and "Alna bydelshus" in course
    # Newest first.
    assert page.index(held["course"]) < page.index(held["swap"]) < page.index(held["bike"])


def _sum_row(page: str) -> str:
    return page.split('<tr class="sum">')[1].split("</tr>")[0]


def test_a_sum_row_adds_up_people_and_kg_over_the_filter(
    held: dict[str, str], staff: dict[str, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    viewer = staff["viewer"]
    # bike 12 + course 5 + swap 0 participants; 30 + 0 + 80 visitors; 45,25 + 0 + 120 kg. The
    # reversed market is not counted.
    every = _sum_row(viewer.get("/events").text)
    assert ">Sum, arrangementer: 3</th>" in every
    assert '<td class="num">17</td><td class="num">110</td>' in every
    assert '<td class="num">165,3</td>' in every
    may = _sum_row(viewer.get("/stations/trosterud/events?from=1.5.2026&to=31.5.2026").text)
    assert ">Sum, arrangementer: 1</th>" in may
    assert '<td class="num">12</td><td class="num">30</td>' in may
    # A page cut at its limit still sums the whole filter, and says so.
    monkeypatch.setattr(event_list, "LIMIT", 2)
    cut = viewer.get("/events").text
    assert cut.count("<tr data-event=") == 2
    assert "Sum av alle arrangementer i utvalget: 3 (tabellen viser de 2 nyeste)" in _sum_row(cut)
    assert '<td class="num">17</td><td class="num">110</td>' in _sum_row(cut)


def test_filters_by_period_kind_and_station(
    held: dict[str, str], staff: dict[str, TestClient]
) -> None:
    viewer = staff["viewer"]
    may = viewer.get("/events?from=1.5.2026&to=31.5.2026").text
    assert held["bike"] in may and held["swap"] in may and held["course"] not in may
    swaps = viewer.get("/events?kind=clothes_swap").text
    assert held["swap"] in swaps and held["bike"] not in swaps
    station = viewer.get("/stations/trosterud/events?from=2026-05-01").text
    assert held["bike"] in station and held["swap"] not in station
    empty = viewer.get("/events?from=1.1.2020&to=2.1.2020").text
    assert "Ingen arrangementer i perioden." in empty


def test_csv_and_xlsx_hold_the_filtered_list(
    held: dict[str, str], staff: dict[str, TestClient]
) -> None:
    csv = staff["viewer"].get("/events?kind=bike_workshop&format=csv")
    assert csv.headers["content-type"].startswith("text/csv")
    lines = list(csv_module.reader(io.StringIO(csv.content.decode("utf-8-sig")), delimiter=";"))
    assert len(lines) == 2
    cells = lines[1]
    assert cells[:9] == ["trosterud", "bike_workshop", "ja", "7.5.2026 17:00", "7.5.2026 19:00",
                         "", "12", "30", "45,3"]  # fmt: skip
    assert cells[9] == "bicycle: fixed 2; lamp: repairable 1"
    assert cells[10:13] == ["2", "1", "0"]  # fixed, repairable, end of life
    xlsx = staff["viewer"].get("/stations/furuset/events?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.values)
    assert len(rows) == 2 and rows[1][0] == "furuset" and rows[1][7] == 80
    assert rows[1][8] == 120.0


@pytest.mark.parametrize(
    ("query", "field"),
    [("from=32.1.2026", "from"), ("to=tomorrow", "to"), ("kind=party", "kind"),
     ("format=pdf", "format"), ("from=2.1.2026&to=1.1.2026", "to")],
)  # fmt: skip
def test_bad_filters_are_refused_naming_the_field(
    staff: dict[str, TestClient], query: str, field: str
) -> None:
    response = staff["viewer"].get(f"/events?{query}")
    assert response.status_code == 422
    assert f"{field}:" in response.text


def test_an_unknown_station_is_404(staff: dict[str, TestClient]) -> None:
    assert staff["viewer"].get(f"/stations/{uuid.uuid4()}/events").status_code == 404
