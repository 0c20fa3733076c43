"""The station page's residents' answers, over the console's HTTP: per Oslo month, the
good / so-so / bad counts beside that month's resident (self-service) registrations."""

import re
from datetime import UTC, datetime

from fastapi import FastAPI
from fastapi.testclient import TestClient

from central.core.deps import get_now
from contract.hours import OSLO
from tests.central.conftest import Kiosk
from tests.contract.test_versions_at_central import feedback


def answer(kiosk: Kiosk, value: str, at: str) -> dict[str, object]:
    return {**feedback(kiosk), "answer": value, "recorded_at": at}


def test_the_station_page_counts_answers_and_registrations_per_oslo_month(
    app: FastAPI, api: TestClient, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    resident = {"channel": "self_service", "type": "deposit"}
    records = [
        {**kiosk.record(recorded_at="2026-11-03T10:00:00.000000Z"), **resident},
        {**kiosk.record(recorded_at="2026-11-04T10:00:00.000000Z"), **resident},
        {**kiosk.record(recorded_at="2026-11-04T11:00:00.000000Z"), "type": "deposit"},  # guide
        answer(kiosk, "good", "2026-11-03T10:01:00.000000Z"),
        answer(kiosk, "bad", "2026-11-04T10:01:00.000000Z"),
        # 00:30 on 1 November in Oslo, still October in UTC: November's.
        answer(kiosk, "so_so", "2026-10-31T23:30:00.000000Z"),
        answer(kiosk, "good", "2026-10-15T10:00:00.000000Z"),
    ]
    batch = {**kiosk.batch(records), "contract_version": 4}
    assert api.post("/api/v1/batches", json=batch, headers=kiosk.auth).is_success
    app.dependency_overrides[get_now] = lambda: datetime(2026, 11, 26, 15, tzinfo=OSLO).astimezone(
        UTC
    )
    page = staff["viewer"].get("/stations/trosterud")
    assert page.status_code == 200
    table = page.text.split('id="voice"')[1].split("</table>")[0]
    cells = [re.findall(r"<td[^>]*>([^<]*)</td>", row) for row in table.split("<tr>")[2:]]
    assert cells == [["2026-11", "1", "1", "1", "2"], ["2026-10", "1", "0", "0", "0"]]
    assert "Innbyggernes svar" in page.text


def test_a_station_without_answers_says_so(
    app: FastAPI, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    page = staff["viewer"].get("/stations/trosterud").text
    assert 'id="voice"' not in page and "Ingen svar i år." in page
