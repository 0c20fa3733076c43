"""Issue 25, item 4, on SQLite and PostgreSQL: a station switched to weighed figures from a
date reports its recycling and hazardous rows from tickets from that day on only, keeps its
registrations before, and says per row and period which source it used."""

import io
from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook  # type: ignore[import-untyped]
from sqlalchemy.orm import Session

from central.errors import Invalid
from central.services import effect, effect_output, pickups, report_source
from contract.effect import Row
from contract.records import PickupSource
from tests.central.conftest import Kiosk

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def setup(app: FastAPI, api: TestClient, kiosk: Kiosk) -> None:
    records = [
        {**kiosk.record(recorded_at=at, category=c, weight_g=g), "type": "deposit"}
        for at, c, g in (
            ("2026-02-10T10:00:00.000000Z", "metal", 20_000),
            ("2026-02-10T10:00:00.000000Z", "batteries", 1_000),
            ("2026-04-10T10:00:00.000000Z", "metal", 5_000),  # a self-service estimate
        )
    ]
    batch = {**kiosk.batch(records), "contract_version": 5}
    assert api.post("/api/v1/batches", json=batch, headers=kiosk.auth).is_success
    with Session(app.state.engine) as session:
        rows = [
            {
                "ticket_no": t,
                "weighed_at": at,
                "station_id": "trosterud",
                "fraction": f,
                "net_kg": kg,
            }
            for t, at, f, kg in (
                ("F-1", "2026-02-20T08:00:00Z", "metal", 300),  # before the switch: not used
                ("A-1", "2026-04-20T08:00:00Z", "metal", 400),
                ("A-2", "2026-04-21T08:00:00Z", "batteries", 30),
            )
        ]
        done = pickups.store_pickups(
            session=session, rows=rows, source=PickupSource.IMPORT, now=NOW
        )
        assert not done.refused
        session.commit()


def report(app: FastAPI) -> effect.EffectReport:
    with Session(app.state.engine) as session:
        return effect.effect_report(
            session=session, years=[2026], station_id="trosterud", months=True
        )


def test_weighed_from_the_first_of_march_changes_only_the_months_after(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    setup(app, api, kiosk)
    before = report(app)
    assert before.rows[Row.RECYCLED_KG][1:4] == [20_000, 0, 5_000]
    assert set(before.sources[Row.RECYCLED_KG]) == {"registered"}
    with Session(app.state.engine) as session:
        report_source.set_source(
            session=session,
            station_id="trosterud",
            effective_from="2026-03-01",
            source="weighed",
            actor="t",
            now=NOW,
        )
        session.commit()
    after = report(app)
    assert after.rows[Row.RECYCLED_KG][1:4] == [20_000, 0, 400_000]  # Feb kept, Apr weighed
    assert after.rows[Row.HAZARDOUS_KG][1:4] == [1_000, 0, 30_000]
    assert after.sources[Row.RECYCLED_KG][:4] == ["registered", "registered", "weighed", "weighed"]
    assert after.rows[Row.LEFT_FOR_REUSE_KG] == before.rows[Row.LEFT_FOR_REUSE_KG]
    text = effect_output.as_text(after)
    assert "2026-02: registered, 2026-03: weighed" in text
    assert effect_output.as_json(after)["sources"]["recycled_kg"][3] == "weighed"
    # CSV and XLSX say it too, under each row that can come from tickets, per period.
    wanted = {
        "kg til materialgjenvinning fra stasjonen: kilde": ["registrert"] * 2 + ["veid"] * 10,
        "kg farlig avfall: kilde": ["registrert"] * 2 + ["veid"] * 10,
    }
    lines = effect_output.as_csv(after).decode("utf-8-sig").splitlines()
    csv_rows = {line.split(";")[0]: line.split(";")[1:] for line in lines}
    assert {label: csv_rows[label] for label in wanted} == wanted
    book = load_workbook(io.BytesIO(effect_output.as_xlsx(after)))
    sheet_rows = {r[0]: list(r[1:]) for r in book["Effekt"].iter_rows(values_only=True) if r}
    assert {label: sheet_rows[label] for label in wanted} == wanted
    labels = [r[0] for r in book["Effekt"].iter_rows(values_only=True)]
    recycled = labels.index("kg til materialgjenvinning fra stasjonen")
    assert labels[recycled + 1] == "kg til materialgjenvinning fra stasjonen: kilde"
    # Before the switch every period says registered, in the same place.
    lines = effect_output.as_csv(before).decode("utf-8-sig").splitlines()
    assert "kg farlig avfall: kilde;" + ";".join(["registrert"] * 12) in lines


def test_a_change_inside_a_period_is_marked_mixed(
    app: FastAPI, api: TestClient, kiosk: Kiosk
) -> None:
    setup(app, api, kiosk)
    with Session(app.state.engine) as session:
        report_source.set_source(
            session=session,
            station_id="trosterud",
            effective_from="2026-04-15",
            source="weighed",
            actor="t",
            now=NOW,
        )
        session.commit()
    with Session(app.state.engine) as session:
        year = effect.effect_report(session=session, years=[2026], station_id="trosterud")
    assert year.sources[Row.RECYCLED_KG] == ["mixed"]
    # Registered until 14 April (20 + 5 kg), weighed from the 15th (400 kg).
    assert year.rows[Row.RECYCLED_KG] == [425_000]


@pytest.mark.parametrize(
    ("station", "day", "source", "field"),
    [
        ("nowhere", "2026-03-01", "weighed", "station_id"),
        ("trosterud", "1.3.2026", "weighed", "effective_from"),
        ("trosterud", "1999-03-01", "weighed", "effective_from"),
        ("trosterud", "2026-03-01", "guessed", "source"),
    ],
)
def test_a_bad_setting_is_refused_naming_the_field(
    app: FastAPI, kiosk: Kiosk, station: str, day: str, source: str, field: str
) -> None:
    with Session(app.state.engine) as session, pytest.raises(Invalid) as refused:
        report_source.set_source(
            session=session,
            station_id=station,
            effective_from=day,
            source=source,
            actor="t",
            now=NOW,
        )
    assert refused.value.code == field
