"""Weighbridge tickets into central (issue 25): `import-pickups` with CSV and XLSX, and the
signed webhook, on SQLite and PostgreSQL. A ticket never counts twice, each row is reported,
good rows are kept, a reused ticket with other content and every bad field is refused by row
and field, a malformed file writes nothing, and nothing answers 500."""

import json
import random
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import Workbook  # type: ignore[import-untyped]
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from central.cli import main
from central.core.config import Settings
from central.errors import Conflict
from central.main import create_app
from central.models import ACTIVITY_TABLES
from central.services import pickups
from central.services.webhooks import sign
from contract.records import PickupSource
from tests.central.conftest import add_station

SECRET = "pickup-secret-for-tests-" * 2
EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "pickups.csv"
SOURCE = PickupSource.IMPORT
HEADER = "ticket_no,weighed_at,station_id,container_id,fraction,net_kg,hauler,plant\n"


@pytest.fixture
def ticket_app(central_settings: Settings) -> Any:
    settings = central_settings.model_copy(update={"pickup_secrets": {"haraldrud": SECRET}})
    application = create_app(settings)
    add_station(application, "trosterud")
    add_station(application, "haugenstua")
    with Session(application.state.engine) as session:
        now = datetime.now(UTC)
        pickups.save_mapping(
            session=session, label="Metall", fraction="metal", station_id=None, now=now
        )
        pickups.save_mapping(
            session=session, label="Trevirke", fraction="wood", station_id=None, now=now
        )
        pickups.save_mapping(
            session=session,
            label="Papp og papir",
            fraction="paper_cardboard",
            station_id=None,
            now=now,
        )
        pickups.save_mapping(
            session=session,
            label="HS-07",
            fraction="glass_metal_packaging",
            station_id="haugenstua",
            now=now,
        )
        session.commit()
    yield application
    application.state.engine.dispose()


def held(app: FastAPI) -> list[tuple[Any, ...]]:
    t = ACTIVITY_TABLES["pickup"]
    with Session(app.state.engine) as session:
        query = select(t.c.ticket_no, t.c.station_id, t.c.fraction, t.c.net_weight_g, t.c.source)
        return sorted(tuple(r) for r in session.execute(query.order_by(t.c.ticket_no)))


def cli(app: FastAPI, settings: Settings, path: Path) -> int:
    return main(
        [
            "--db-url",
            str(app.state.engine.url.render_as_string(hide_password=False)),
            "import-pickups",
            str(path),
        ]
    )


def test_the_example_file_imports_and_says_what_became_of_every_row(
    ticket_app: FastAPI, central_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(ticket_app, central_settings, EXAMPLE) == 1  # two rows refused
    out, err = capsys.readouterr()
    assert "row 1: imported" in out and "row 4: imported" in out
    assert "row 5: skipped, the same ticket is already here" in out
    assert "row 6: refused: station_id: station_id 'nowhere' is not a station here." in err
    assert "row 7: refused: net_kg:" in err
    assert "pickups: 4 imported, 1 skipped as repeats, 2 refused" in out
    assert held(ticket_app) == [
        ("GR-77120", "trosterud", "batteries", 38_200, "import"),
        ("HR-240311", "trosterud", "metal", 412_500, "import"),
        ("HR-240312", "trosterud", "wood", 1_830_000, "import"),
        ("HR-240313", "trosterud", "paper_cardboard", 655_000, "import"),
    ]
    # Again: every ticket is a repeat, nothing counts twice.
    assert cli(ticket_app, central_settings, EXAMPLE) == 1
    assert "pickups: 0 imported, 5 skipped as repeats, 2 refused" in capsys.readouterr().out
    assert len(held(ticket_app)) == 4


def test_an_xlsx_with_a_container_mapping_imports_its_station_and_fraction(
    ticket_app: FastAPI, central_settings: Settings, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Ticket_No", "weighed_at", "container_id", "fraction", "net_kg"])
    sheet.append([551234, datetime(2026, 3, 2, 9, 30), "HS-07", "Blandet", 212.25])
    path = tmp_path / "tickets.xlsx"
    book.save(path)
    assert cli(ticket_app, central_settings, path) == 0
    mapped = ("551234", "haugenstua", "glass_metal_packaging", 212_250, "import")
    assert held(ticket_app) == [mapped]
    t = ACTIVITY_TABLES["pickup"]
    with Session(ticket_app.state.engine) as session:
        weighed = session.scalar(select(t.c.weighed_at))
    assert weighed is not None  # 09:30 Oslo time in March is 08:30 UTC
    assert weighed.astimezone(UTC) == datetime(2026, 3, 2, 8, 30, tzinfo=UTC)


def test_a_reused_ticket_with_other_content_is_refused_naming_the_field(
    ticket_app: FastAPI,
    central_settings: Settings,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    first = tmp_path / "a.csv"
    first.write_text(HEADER + "T-1,2026-03-02T09:00:00Z,trosterud,,metal,100,,\n")
    assert cli(ticket_app, central_settings, first) == 0
    second = tmp_path / "b.csv"
    second.write_text(
        HEADER + "T-1,2026-03-02T09:00:00Z,trosterud,,metal,101,,\n"
        "T-2,2026-03-02T09:00:00Z,trosterud,,wood,50,,\n"
        "T-2,2026-03-02T09:00:00Z,haugenstua,,wood,50,,\n"
    )
    assert cli(ticket_app, central_settings, second) == 1
    err = capsys.readouterr().err
    assert "row 1: refused: net_kg: ticket_no 'T-1' is already held with another net_kg" in err
    assert "row 3: refused: station_id: ticket_no 'T-2'" in err
    assert held(ticket_app) == [
        ("T-1", "trosterud", "metal", 100_000, "import"),
        ("T-2", "trosterud", "wood", 50_000, "import"),
    ]


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("T-9,2026-03-02T09:00:00Z,nowhere,,metal,5,,", "station_id"),
        ("T-9,2026-03-02T09:00:00Z,trosterud,,Ukjent fraksjon,5,,", "fraction"),
        ("T-9,2026-03-02T09:00:00Z,trosterud,,metal,-5,,", "net_kg"),
        ("T-9,2026-03-02T09:00:00Z,trosterud,,metal,0,,", "net_kg"),
        ("T-9,2026-03-02T09:00:00Z,trosterud,,metal,40000.001,,", "net_kg"),
        ("T-9,2026-03-02T09:00:00Z,trosterud,,metal,ti kilo,,", "net_kg"),
        ("T-9,1999-12-31T09:00:00Z,trosterud,,metal,5,,", "weighed_at"),
        ("T-9,2100-01-02T09:00:00Z,trosterud,,metal,5,,", "weighed_at"),
        ("T-9,32.13.2026,trosterud,,metal,5,,", "weighed_at"),
        (",2026-03-02T09:00:00Z,trosterud,,metal,5,,", "ticket_no"),
        ("T-9,2026-03-02T09:00:00Z,,,metal,5,,", "station_id"),
    ],
)
def test_each_bad_field_is_refused_by_row_and_field_and_good_rows_are_kept(
    ticket_app: FastAPI,
    central_settings: Settings,
    tmp_path: Path,
    line: str,
    field: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "t.csv"
    path.write_text(HEADER + "T-8,2026-03-02T09:00:00Z,trosterud,,metal,5,,\n" + line + "\n")
    assert cli(ticket_app, central_settings, path) == 1
    assert f"row 2: refused: {field}:" in capsys.readouterr().err
    assert [r[0] for r in held(ticket_app)] == ["T-8"]


@pytest.mark.parametrize(
    ("content", "suffix"),
    [
        ("ticket_no,weighed_at,net_kg\nT-1,2026-03-02T09:00:00Z,5\n", ".csv"),  # no fraction
        ("", ".csv"),
        ("\udcff", ".xlsx"),
    ],
)
def test_a_malformed_file_is_refused_whole_and_writes_nothing(
    ticket_app: FastAPI,
    central_settings: Settings,
    tmp_path: Path,
    content: str,
    suffix: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / f"bad{suffix}"
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    assert cli(ticket_app, central_settings, path) == 1
    assert "refused, nothing imported" in capsys.readouterr().err
    assert held(ticket_app) == []


def post(api: TestClient, payload: object, *, secret: str = SECRET, age_s: int = 0) -> Any:
    body = json.dumps(payload).encode()
    timestamp = str(int(time.time()) - age_s)
    headers = {
        "X-Pickup-Integration": "haraldrud",
        "X-Pickup-Timestamp": timestamp,
        "X-Pickup-Signature": sign(secret=secret, timestamp=timestamp, body=body),
        "Content-Type": "application/json",
    }
    return api.post("/api/v1/pickups", content=body, headers=headers)


def ticket(number: str, **over: object) -> dict[str, object]:
    row: dict[str, object] = {
        "ticket_no": number,
        "weighed_at": "2026-03-02T09:00:00Z",
        "station_id": "trosterud",
        "fraction": "Metall",
        "net_kg": 80,
    }
    row.update(over)
    return row


def test_the_signed_webhook_reports_each_row(ticket_app: FastAPI) -> None:
    with TestClient(ticket_app, base_url="http://central") as api:
        payload = {"pickups": [ticket("W-1"), ticket("W-1"), ticket("W-2", net_kg=-1), "x"]}
        answer = post(api, payload)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert (body["imported"], body["repeats"]) == ([1], [2])
        assert [(r["row"], r["field"]) for r in body["refused"]] == [(3, "net_kg"), (4, "row")]
        assert held(ticket_app) == [("W-1", "trosterud", "metal", 80_000, "webhook")]


@pytest.mark.parametrize(
    ("payload", "secret", "age_s", "status"),
    [
        ({"pickups": [ticket("W-3")]}, "wrong-secret-but-long-enough-0000", 0, 401),
        ({"pickups": [ticket("W-3")]}, SECRET, 3600, 401),
        ({"tickets": []}, SECRET, 0, 400),
        ({"pickups": {"a": 1}}, SECRET, 0, 400),
        (
            {"pickups": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]},
            SECRET,
            0,
            400,
        ),
    ],
)
def test_a_bad_delivery_is_refused_whole_without_a_500(
    ticket_app: FastAPI, payload: object, secret: str, age_s: int, status: int
) -> None:
    with TestClient(ticket_app, base_url="http://central") as api:
        answer = post(api, payload, secret=secret, age_s=age_s)
    assert answer.status_code == status, answer.text
    assert held(ticket_app) == []


def _one_at_a_time(
    session: Session, rows: list[dict[str, object]]
) -> tuple[list[int], list[int], list[tuple[int, str]]]:
    """What each row should become, judged the plain way: one lookup of the live pickups
    per row, and the rows before it in the same input counted as held."""
    t = ACTIVITY_TABLES["pickup"]
    imported, repeats, refused = [], [], []
    seen: dict[str, tuple[object, ...]] = {}
    for number, row in enumerate(rows, start=1):
        ticket = str(row["ticket_no"])
        undone = select(t.c.reverses).where(t.c.reverses.is_not(None))
        live = session.execute(
            select(t.c.station_id, t.c.fraction, t.c.net_weight_g).where(
                t.c.ticket_no == ticket, t.c.reverses.is_(None), t.c.id.not_in(undone)
            )
        ).first()
        mine = (row["station_id"], row["fraction"], int(str(row["net_kg"])) * 1000)
        before = tuple(live) if live is not None else seen.get(ticket)
        if before is None:
            imported.append(number)
            seen[ticket] = mine
        elif before == mine:
            repeats.append(number)
        else:
            field = ("station_id", "fraction", "net_kg")[
                [a == b for a, b in zip(before, mine, strict=True)].index(False)
            ]
            refused.append((number, field))
    return imported, repeats, refused


@pytest.mark.parametrize("seed", [5, 6])
def test_a_large_mixed_import_judges_every_row_as_one_at_a_time(
    ticket_app: FastAPI, seed: int
) -> None:
    # More tickets than one lookup statement takes on SQLite (1,000), some held, some held
    # by a reversed pickup, some repeated or contradicted within the file.
    rng = random.Random(seed)
    stations, fractions = ("trosterud", "haugenstua"), ("metal", "wood")

    def ticket(n: int) -> dict[str, object]:
        return {
            "ticket_no": f"K-{n}",
            "weighed_at": "2026-03-02T09:00:00Z",
            "station_id": rng.choice(stations),
            "fraction": rng.choice(fractions),
            "net_kg": str(rng.randrange(1, 4)),
        }

    now = datetime.now(UTC)
    t = ACTIVITY_TABLES["pickup"]
    with Session(ticket_app.state.engine) as session:
        first = [ticket(n) for n in range(0, 2400, 2)]
        done = pickups.store_pickups(session=session, rows=first, source=SOURCE, now=now)
        assert len(done.imported) == len(first)
        # A reversal is the same record again, under its own id and seq, naming it.
        undone = [dict(r._mapping) for r in session.execute(select(t).limit(300))]
        session.execute(
            insert(t),
            [
                {**r, "id": f"undo-{n}", "seq": 10_000 + n, "reverses": r["id"]}
                for n, r in enumerate(undone)
            ],
        )
        session.commit()
        second = [ticket(rng.randrange(2600)) for _ in range(2600)]
        expected = _one_at_a_time(session, second)
        done = pickups.store_pickups(session=session, rows=second, source=SOURCE, now=now)
        session.commit()
    assert (done.imported, done.repeats) == expected[:2]
    assert [(r.row, r.field) for r in done.refused] == expected[2]
    assert all(r.code == "ticket_reused" for r in done.refused)
    assert min(len(e) for e in expected) > 100  # the draw holds every outcome
    assert len(held(ticket_app)) == len(first) + 300 + len(done.imported)


def test_a_write_that_collides_is_refused_whole_and_the_transaction_goes_on(
    ticket_app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    row = {"weighed_at": "2026-03-02T09:00:00Z", "station_id": "trosterud", "fraction": "metal"}
    now = datetime.now(UTC)
    with Session(ticket_app.state.engine) as session:
        pickups.store_pickups(
            session=session,
            rows=[{**row, "ticket_no": "C-1", "net_kg": "5"}],
            source=SOURCE,
            now=now,
        )
        session.commit()
        (taken,) = session.scalars(select(ACTIVITY_TABLES["pickup"].c.id))
        # Another writer got there first: the new pickup's id is already held.
        monkeypatch.setattr(pickups, "uuid7", lambda: uuid.UUID(taken))
        with pytest.raises(Conflict) as refused:
            pickups.store_pickups(
                session=session,
                rows=[{**row, "ticket_no": f"C-{n}", "net_kg": "5"} for n in range(2, 5)],
                source=SOURCE,
                now=now,
            )
        assert refused.value.code == "import_busy"
        session.commit()  # the savepoint went back; the transaction is still good
    assert [r[0] for r in held(ticket_app)] == ["C-1"]
