"""The records browser (/records, /records/{type}/{id}, /records.csv): filters, keyset pages
that hold every record once, a record's reversal chain and batch, and the CSV of the filter.
On SQLite and PostgreSQL."""

import csv
import io
import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from central.models import Device
from kiosk.domain.ids import uuid7
from tests.central.conftest import enrol_kiosk


def ids_on(page: str) -> list[str]:
    return re.findall(r'<tr data-record="([^"]+)"', page)


def next_link(page: str) -> str | None:
    found = re.search(r'rel="next" href="([^"]+)"', page)
    return found.group(1).replace("&amp;", "&") if found else None


@pytest.fixture
def held(app: FastAPI, api: TestClient) -> dict[str, object]:
    """Trosterud: 120 deposits over 120 minutes (every 7th by self-service, going out), one
    of them undone (once: central refuses an undo of the undo); Furuset: 3 with a flagged
    clock."""
    trosterud = enrol_kiosk(app, api, "trosterud")
    furuset = enrol_kiosk(app, api, "furuset")
    records = []
    for i in range(120):
        self_service = i % 7 == 0
        records.append(trosterud.record(
            recorded_at=f"2026-03-02T{8 + i // 60:02d}:{i % 60:02d}:00.000000Z",
            weight_g=1000 + i, channel="self_service" if self_service else "guide",
            direction="out" if self_service else "in",
            category="toys" if self_service else "wood",
        ))  # fmt: skip
    original = records[10]
    undo = trosterud.record(**{k: original[k] for k in ("recorded_at", "category", "weight_g")},
                            id=str(uuid7()), reverses=original["id"])  # fmt: skip
    batch = trosterud.batch([*records, undo])
    sent = api.post("/api/v1/batches", json=batch, headers=trosterud.auth)
    assert sent.status_code == 200, sent.text
    flagged = [furuset.record(recorded_at="2026-03-03T10:00:00.000000Z", clock_flag="future")
               for _ in range(3)]  # fmt: skip
    sent = api.post("/api/v1/batches", json=furuset.batch(flagged), headers=furuset.auth)
    assert sent.status_code == 200, sent.text
    with Session(app.state.engine) as session:
        session.execute(update(Device).where(Device.id == furuset.device_id).values(quarantined=2))
        session.commit()
    return {"trosterud": trosterud, "furuset": furuset, "records": records, "undo": undo,
            "flagged": flagged, "batch": batch["batch_id"]}  # fmt: skip


def test_keyset_pages_hold_every_record_once_newest_first(
    held: dict[str, object], staff: dict[str, TestClient]
) -> None:
    viewer = staff["viewer"]
    seen: list[str] = []
    url: str | None = "/records?station=trosterud"
    pages = 0
    while url:
        page = viewer.get(url)
        assert page.status_code == 200
        seen += ids_on(page.text)
        url = next_link(page.text)
        pages += 1
    assert pages == 3  # 121 records, 50 a page
    assert len(seen) == len(set(seen)) == 121
    records = held["records"]
    assert seen[-1] == records[0]["id"]  # the oldest last


def test_filters(held: dict[str, object], staff: dict[str, TestClient]) -> None:
    viewer = staff["viewer"]
    out = ids_on(viewer.get("/records?station=trosterud&direction=out&channel=self_service").text)
    assert len(out) == 18  # i % 7 == 0 for i < 120
    flagged = ids_on(viewer.get("/records?flagged=ja").text)
    assert sorted(flagged) == sorted(r["id"] for r in held["flagged"])
    assert ids_on(viewer.get("/records?quarantined=ja").text) == flagged
    furuset = held["furuset"]
    assert len(ids_on(viewer.get(f"/records?device={furuset.device_id}").text)) == 3
    assert ids_on(viewer.get("/records?from=3.3.2026&to=3.3.2026").text) == flagged
    assert ids_on(viewer.get("/records?type=event").text) == []
    assert "Ingen registreringer passer." in viewer.get("/records?category=nothing").text


def test_a_record_page_shows_its_reversal_chain_and_batch(
    held: dict[str, object], staff: dict[str, TestClient]
) -> None:
    original = held["records"][10]
    page = staff["viewer"].get(f"/records/deposit/{held['undo']['id']}").text
    chain = page.split('<ol id="chain">')[1].split("</ol>")[0]
    assert chain.index(original["id"]) < chain.index("denne")
    page = staff["viewer"].get(f"/records/deposit/{original['id']}").text
    chain = page.split('<ol id="chain">')[1].split("</ol>")[0]
    assert chain.index("denne") < chain.index(held["undo"]["id"])
    batch = page.split('<dl class="facts" id="batch">')[1]
    assert (held["batch"] in batch and "<dd>1–121</dd>" in batch) or "<dd>1–" in batch
    assert "Mottatt av sentralen" in batch
    # The record's weight as a reversal: its own grams, by the one rule at three decimals.
    assert "1,010 kg" in page
    assert staff["viewer"].get(f"/records/deposit/{uuid7()}").status_code == 404
    assert staff["viewer"].get(f"/records/parcel/{uuid7()}").status_code == 404


def _row(page: str, record_id: str) -> list[str]:
    row = page.split(f'<tr data-record="{record_id}">', 1)[1].split("</tr>", 1)[0]
    return [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]


def test_codes_are_shown_in_words_on_a_bokmal_page(
    held: dict[str, object], staff: dict[str, TestClient]
) -> None:
    # The table showed self_service, scale_stable, out and toys on a Bokmål page.
    viewer = staff["viewer"]
    taken = held["records"][7]  # by self-service, going out, toys
    row = _row(viewer.get("/records?channel=self_service").text, taken["id"])
    assert {"Leker", "selvbetjent", "ut"} <= set(row), row
    assert not {"toys", "self_service", "out", "guide"} & set(row), row
    page = viewer.get(f"/records/deposit/{taken['id']}").text
    fields = page.split('id="record-fields">', 1)[1].split("</dl>", 1)[0]
    assert "Leker" in fields and "selvbetjent" in fields and ">self_service<" not in fields
    filters = viewer.get("/records").text.split('id="record-filters"', 1)[1]
    assert '<option value="self_service" >selvbetjent</option>' in filters
    # The CSV keeps the codes: tools read them.
    csv_text = viewer.get("/records.csv?station=trosterud").content.decode("utf-8-sig")
    assert ";self_service;" in csv_text and ";selvbetjent;" not in csv_text


def test_the_csv_holds_the_whole_filter(
    held: dict[str, object], staff: dict[str, TestClient]
) -> None:
    response = staff["viewer"].get("/records.csv?station=trosterud&channel=guide")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["id", "seq", "device_id"]
    assert len(rows) == 1 + 120 - 18 + 1  # the undo came by the guide too
    assert "2.3.2026 09:01:00" in {c for r in rows for c in r}  # Oslo time, Norwegian date


@pytest.mark.parametrize(
    ("query", "field"),
    [("type=parcel", "type"), ("channel=phone", "channel"), ("direction=up", "direction"),
     ("from=31.2.2026", "from"), ("flagged=maybe", "flagged"), ("quarantined=2", "quarantined"),
     ("after=yesterday", "after"), ("type=event&category=wood", "category"),
     ("from=2.1.2026&to=1.1.2026", "to"), ("station=" + "x" * 81, "station")],
)  # fmt: skip
def test_bad_filters_are_refused_naming_the_field(
    staff: dict[str, TestClient], query: str, field: str
) -> None:
    for path in ("/records", "/records.csv"):
        if path == "/records.csv" and field == "after":
            continue
        response = staff["viewer"].get(f"{path}?{query}")
        assert response.status_code == 422, (path, query)
        assert f"{field}" in response.text
