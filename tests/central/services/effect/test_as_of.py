"""Issue 20.3: a report made --as-of a moment is reproducible: records central received later
are left out, so a late batch does not change it. Received times are pinned in the tables."""

import io
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import update
from sqlalchemy.orm import Session

from central.cli import main
from central.models import ACTIVITY_TABLES, Batch, Record
from tests.central.conftest import Kiosk
from tests.central.console.conftest import add_user, sign_in
from tests.central.services.effect.test_pilot_table import event, flow, reversal, send

PUBLISHED = datetime(2024, 1, 31, 12, 0, tzinfo=UTC)  # 1 February's report was made from this
LATE = datetime(2024, 6, 1, 9, 0, tzinfo=UTC)


def pin_received(app: FastAPI, moment: datetime) -> None:
    """Everything central holds without a pinned time was received at ``moment``."""
    with Session(app.state.engine) as session:
        for table in (Record.__table__, Batch.__table__, *ACTIVITY_TABLES.values()):
            session.execute(
                update(table).where(table.c.received_at > PUBLISHED).values(received_at=moment)
            )
        session.commit()


def deposit(kiosk: Kiosk, grams: int, **extra: Any) -> dict[str, Any]:
    return kiosk.record(type="deposit", recorded_at="2023-06-01T10:00:00.000000Z",
                        category="wood", weight_g=grams, **extra)  # fmt: skip


@pytest.fixture
def late_batch(app: FastAPI, api: TestClient, kiosk: Kiosk) -> Kiosk:
    held = deposit(kiosk, 10_000)
    send(
        api,
        kiosk,
        [
            held,
            deposit(kiosk, 5_000),
            event(kiosk, "2023-05-01T10:00:00.000000Z"),
            flow(kiosk, "2023-05-01T10:00:00.000000Z", "business_waste", 700, "station"),
        ],
    )
    pin_received(app, datetime(2024, 1, 10, tzinfo=UTC))
    # In June a kiosk that had been off since autumn sends 2023's last records.
    send(api, kiosk, [deposit(kiosk, 2_000), reversal(kiosk, held), event(kiosk,
                      "2023-11-01T10:00:00.000000Z")])  # fmt: skip
    pin_received(app, LATE)
    return kiosk


def report_text(app: FastAPI, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    args = ["--db-url", app.state.settings.db_url, "report", "--station", "trosterud"]
    assert main([*args, "--year", "2023", *extra]) == 0
    return capsys.readouterr().out


def test_as_of_before_a_late_batch_is_unchanged_by_it(
    app: FastAPI, late_batch: Kiosk, capsys: pytest.CaptureFixture[str]
) -> None:
    published = report_text(app, capsys, "--as-of", "01.02.2024")
    assert "as received by 01.02.2024 23:59:59 (Oslo)" in published
    assert "| kg to material recycling from the station | 15 kg |" in published
    assert "| number of public events on reuse, repair and the like | 1 |" in published
    now = report_text(app, capsys)
    assert "| kg to material recycling from the station | 7 kg |" in now
    assert "| number of public events on reuse, repair and the like | 2 |" in now
    # As of a moment after the late batch: the same as the rollup's figures today.
    june = report_text(app, capsys, "--as-of", "2024-06-01T12:00")
    assert june.split("\n", 1)[1] == now.split("\n", 1)[1]


def test_the_api_and_xlsx_state_the_as_of_moment(app: FastAPI, late_batch: Kiosk) -> None:
    with TestClient(app, base_url="http://central") as staff:
        add_user(app, "viewer", "viewer")
        assert sign_in(staff, "viewer") in (302, 303)
        params = {"year": "2023", "station": "trosterud", "as_of": "2024-02-01"}
        body = staff.get("/api/v1/reports/effect", params=params).json()
        assert body["rows"]["recycled_kg"] == [15_000]
        assert body["rows"]["business_waste_kg"] == [700]
        assert body["as_of"] == "2024-02-01T22:59:59.999999+00:00"
        xlsx = staff.get("/api/v1/reports/effect", params=params | {"format": "xlsx"})
        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        stated = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row}
        assert stated["Tall slik de var mottatt per"] == "01.02.2024 23:59:59 (Oslo)"
        bad = staff.get("/api/v1/reports/effect", params=params | {"as_of": "yesterday"})
        assert bad.status_code == 422 and "as_of" in bad.text
        page_params = {"from_year": 2023, "as_of": "2024-02-01"}
        page = staff.get("/stations/trosterud/effect", params=page_params)
        assert page.status_code == 200
        assert "15 kg" in page.text and 'name="as_of" value="2024-02-01"' in page.text
        # The form's XLSX button sends the same fields: the download states the same moment.
        download = staff.get("/stations/trosterud/effect", params=page_params | {"format": "xlsx"})
        sheet = load_workbook(io.BytesIO(download.content)).active
        stated = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row}
        assert stated["Tall slik de var mottatt per"] == "01.02.2024 23:59:59 (Oslo)"
