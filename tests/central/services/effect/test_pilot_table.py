"""Rebuild the pilot's effect table (Trosterud, 2021-2023) through the real batch API.

Records sit on the awkward edges: late evening on 30 November, just after midnight Oslo on
1 December (still 30 November in UTC), New Year's Eve in UTC, reversals, a flagged clock.
"""

from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from central.cli import main
from contract import CONTRACT_VERSION
from kiosk.domain.ids import uuid7
from tests.central.conftest import Kiosk

# Whole kg by the one rule (contract/numbers.py): a no-break space between thousands.
PILOT_TABLE = """\
| What | 2021 | 2022 | 2023 (to 30.11.23) |
|---|---|---|---|
| kg reused from the mini recycling station | | | 4\u00a0043 kg |
| kg to material recycling from the station | | | 5\u00a0880 kg |
| kg reuse/upcycling in connection with the project's activities | 350 kg | 1\u00a0600 kg | |
| business waste reused or redesigned | | 800 kg (from another agency) | 1\u00a0376 kg |
| number of public events on reuse, repair and the like | 2 | 4 | 8 |"""


def _deposits(kiosk: Kiosk, grams: int, category: str, direction: str, at: str) -> list[dict]:
    """``grams`` as legal records of at most 200 kg each."""
    out = []
    while grams > 0:
        step = min(grams, 200_000)
        out.append(
            kiosk.record(
                type="deposit", category=category, direction=direction, weight_g=step,
                recorded_at=at,
            )
        )  # fmt: skip
        grams -= step
    return out


def _head(kiosk: Kiosk, at: str) -> dict[str, Any]:
    seq = kiosk.next_seq
    kiosk.next_seq += 1
    return {
        "id": str(uuid7()),
        "seq": seq,
        "device_id": kiosk.device_id,
        "station_id": kiosk.station_id,
        "recorded_at": at,
        "reverses": None,
        "clock_flag": None,
    }


def event(kiosk: Kiosk, starts_at: str, kind: str = "bike_workshop", **extra: Any) -> dict:
    return {
        **_head(kiosk, starts_at),
        "type": "event",
        "kind": kind,
        "starts_at": starts_at,
        "ends_at": starts_at,
        "place": None,
        "participants": 21,
        "visitors": 0,
        "reuse_g": 0,
        **extra,
    }


def flow(kiosk: Kiosk, at: str, kind: str, grams: int, source: str, **extra: Any) -> dict:
    return {
        **_head(kiosk, at),
        "type": "material_flow",
        "flow": kind,
        "source": source,
        "weight_g": grams,
        "note": None,
        "event_id": None,
        **extra,
    }


def reversal(kiosk: Kiosk, record: dict) -> dict:
    """The same record again, undoing it: a new id and seq, ``reverses`` set."""
    head = _head(kiosk, record["recorded_at"])
    return {**record, "id": head["id"], "seq": head["seq"], "reverses": record["id"]}


def repair(kiosk: Kiosk, at: str, event_id: str, item: str, outcome: str) -> dict:
    return {
        **_head(kiosk, at),
        "type": "repair",
        "event_id": event_id,
        "item_category": item,
        "outcome": outcome,
    }


def send(api: TestClient, kiosk: Kiosk, records: list[dict]) -> None:
    batch = kiosk.batch(records, contract_version=CONTRACT_VERSION)
    response = api.post("/api/v1/batches", json=batch, headers=kiosk.auth)
    assert response.status_code == 200, response.text


def pilot_records(kiosk: Kiosk) -> list[list[dict]]:
    """The pilot's figures as batches, the last one a month late."""
    t = "T17:00:00.000000Z"
    y2021 = [
        event(kiosk, "2021-06-05" + t, reuse_g=150_000),
        # New Year's Eve 23:30 in Oslo is still 2021 (22:30 UTC).
        event(kiosk, "2021-12-31T22:30:00.000000Z", "market"),
        flow(kiosk, "2021-09-01" + t, "activity_reuse", 200_000, "activity"),
    ]
    mistaken = event(kiosk, "2022-03-01" + t, "clothes_swap", visitors=70)
    wrong_flow = flow(kiosk, "2022-05-01" + t, "activity_reuse", 999_000, "activity")
    workshop = event(kiosk, "2022-04-02" + t, "bike_workshop", participants=21)
    y2022 = [
        workshop,
        repair(kiosk, "2022-04-02" + t, workshop["id"], "bicycle", "fixed"),
        repair(kiosk, "2022-04-02" + t, workshop["id"], "bicycle", "fixed"),
        repair(kiosk, "2022-04-02" + t, workshop["id"], "bicycle", "end_of_life"),
        event(kiosk, "2022-10-20" + t, "textile_repair", participants=8),
        event(kiosk, "2022-04-23" + t, "clothes_swap", visitors=70, reuse_g=600_000),
        event(kiosk, "2022-09-10" + t, "wood_workshop"),
        mistaken,
        reversal(kiosk, mistaken),
        flow(kiosk, "2022-06-01" + t, "activity_reuse", 1_000_000, "activity"),
        wrong_flow,
        reversal(kiosk, wrong_flow),
        flow(kiosk, "2022-08-15" + t, "business_waste", 800_000, "other_agency",
             note="from another agency, not the district's services"),
    ]  # fmt: skip
    mistake = _deposits(kiosk, 150_000, "clothes", "out", "2023-05-02" + t)
    y2023 = [
        # 00:30 on 1 January Oslo is 23:30 on New Year's Eve in UTC: it is 2023.
        event(kiosk, "2022-12-31T23:30:00.000000Z", "other"),
        # Courses for residents: public, chosen so (a course is internal by default).
        *(event(kiosk, f"2023-{m:02d}-14" + t, "course", audience="public") for m in range(2, 9)),
        # A staff course: internal by default, not one of the pilot's public events.
        event(kiosk, "2023-10-10" + t, "course", participants=5),
        *_deposits(kiosk, 4_000_000, "clothes", "out", "2023-06-01" + t),
        # 23:30 on 30 November in Oslo: inside the cut-off.
        *_deposits(kiosk, 43_000, "toys", "out", "2023-11-30T22:30:00.000000Z"),
        *mistake,
        *(reversal(kiosk, r) for r in mistake),
        # Left for reuse: not "reused" until it goes out again.
        *_deposits(kiosk, 321_000, "clothes", "in", "2023-06-01" + t),
        *_deposits(kiosk, 5_880_000, "wood", "in", "2023-07-01" + t),
        # 00:30 on 1 December in Oslo, 30 November in UTC: after the cut-off.
        *_deposits(kiosk, 100_000, "wood", "in", "2023-11-30T23:30:00.000000Z"),
        event(kiosk, "2023-11-30T23:30:00.000000Z", "market"),
        # A kiosk clock in the future: listed apart, never summed.
        *(
            r | {"clock_flag": "future"}
            for r in _deposits(kiosk, 77_000, "wood", "in", "2023-03-01" + t)
        ),
    ]
    late = [
        flow(kiosk, "2023-09-01" + t, "business_waste", 1_376_000, "activity",
             note="Klimasats, stored in the barn"),
    ]  # fmt: skip
    return [y2021, y2022, y2023, late]


@pytest.fixture
def trosterud(api: TestClient, kiosk: Kiosk) -> Kiosk:
    for records in pilot_records(kiosk):
        send(api, kiosk, records)
    return kiosk


def test_the_report_prints_the_pilots_table(
    app: FastAPI, trosterud: Kiosk, capsys: pytest.CaptureFixture[str]
) -> None:
    url = app.state.settings.db_url
    args = ["--station", "trosterud", "--year", "2021-2023", "--cutoff", "30.11.2023"]
    assert main(["--db-url", url, "report", *args]) == 0
    out = capsys.readouterr().out
    assert PILOT_TABLE in out
    assert "Not counted: the kiosk's clock was flagged" in out
    assert "- deposit trosterud: recycled, 77 kg" in out


def test_without_the_cut_off_december_counts(
    app: FastAPI, trosterud: Kiosk, capsys: pytest.CaptureFixture[str]
) -> None:
    # The planted edge records are what makes the table above exact: without the cut-off,
    # 00:30 on 1 December Oslo counts in 2023 (recycling 5\u00a0980 kg, 9 events).
    url = app.state.settings.db_url
    assert main(["--db-url", url, "report", "--station", "trosterud", "--year", "2023"]) == 0
    out = capsys.readouterr().out
    assert "| kg to material recycling from the station | 5\u00a0980 kg |" in out
    assert "| number of public events on reuse, repair and the like | 9 |" in out


def test_staff_csv_sums_to_the_net_weight(app: FastAPI, trosterud: Kiosk, tmp_path: Path) -> None:
    out = tmp_path / "records.csv"
    assert main(["--db-url", app.state.settings.db_url, "export-records", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header, *rows = [line.split(";") for line in raw.decode("utf-8-sig").splitlines()]
    assert header[4:6] == ["tid (Oslo)", "tid (UTC)"]
    reused = [r for r in rows if r[7] == "reused"]
    # 00:30 Oslo on 1 December shows as such beside its UTC time (30 November).
    assert any(r[4] == "01.12.2023 00:30:00" and r[5] == "2023-11-30 23:30:00Z" for r in rows)
    assert any(r[9].startswith("-") for r in reused)  # a reversal row is negative
    total = sum(float(r[9].replace(",", ".")) for r in reused)
    assert round(total, 3) == 4043.0
