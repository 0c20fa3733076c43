"""History no kiosk recorded: the pilot's 2021-2022 figures imported from the example CSV,
shown marked beside the registered 2023 in every output; bad rows refused by number and field."""

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.cli import main
from central.models import AuditEvent, EffectHistory
from central.services import effect, effect_history, effect_output
from tests.central.conftest import Kiosk
from tests.central.services.effect.test_effect_api import api  # noqa: F401 - fixture
from tests.central.services.effect.test_pilot_table import pilot_records, send

EXAMPLE = Path(__file__).parents[4] / "docs" / "examples" / "effect-history-trosterud.csv"
NBSP = "\u00a0"
# The pilot's table: 2021 and 2022 entered (marked *), 2023 registered through the kiosk.
PILOT_TABLE = f"""\
| What | 2021 | 2022 | 2023 (to 30.11.23) |
|---|---|---|---|
| kg reused from the mini recycling station | | | 4{NBSP}043 kg |
| kg to material recycling from the station | | | 5{NBSP}880 kg |
| kg reuse/upcycling in connection with the project's activities | 350 kg* | 1{NBSP}600 kg* | |
| business waste reused or redesigned | | 800 kg* (from another agency) | 1{NBSP}376 kg |
| number of public events on reuse, repair and the like | 2* | 4* | 8 |"""


@pytest.fixture
def registered_2023(api: TestClient, kiosk: Kiosk) -> Kiosk:  # noqa: F811
    """Only what the kiosk recorded in 2023: the years before it had no kiosk."""
    for records in pilot_records(kiosk)[2:]:
        send(api, kiosk, records)
    return kiosk


def _run(app: FastAPI, *args: str) -> int:
    return main(["--db-url", app.state.settings.db_url, *args])


def test_the_pilots_whole_table(
    app: FastAPI, registered_2023: Kiosk, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(app, "import-history", str(EXAMPLE)) == 0
    assert "history: 5 imported, 0 unchanged, 0 refused" in capsys.readouterr().out
    cutoff = ["--station", "trosterud", "--year", "2021-2023", "--cutoff", "30.11.2023"]
    assert _run(app, "report", *cutoff) == 0
    out = capsys.readouterr().out
    print(out)
    assert PILOT_TABLE in out
    assert "* entered by an admin, not registered at a kiosk:" in out
    assert "- trosterud 2022, business waste reused or redesigned: 800 kg. Sluttrapport" in out
    # Importing the same file again changes nothing and says so.
    assert _run(app, "import-history", str(EXAMPLE)) == 0
    assert "0 imported, 5 unchanged" in capsys.readouterr().out
    with Session(app.state.engine) as session:
        assert session.scalar(select(func.count()).select_from(EffectHistory)) == 5
        actions = session.scalars(select(AuditEvent.action)).all()
        assert actions.count("import_history") == 2


def test_every_output_marks_entered_figures(
    app: FastAPI,
    api: TestClient,  # noqa: F811
    registered_2023: Kiosk,
) -> None:
    assert _run(app, "import-history", str(EXAMPLE)) == 0
    params = {"year": "2021-2023", "cutoff": "2023-11-30", "station": "trosterud"}
    body = api.get("/api/v1/reports/effect", params=params).json()
    assert body["rows"]["activity_reuse_kg"] == [0, 0, 0]  # never mixed into registered rows
    entered = {(e["row"], e["period"]): e for e in body["entered"]}
    assert entered["activity_reuse_kg", "2021"]["value"] == 350_000
    assert entered["business_waste_kg", "2022"]["other_agency_g"] == 800_000
    assert entered["events", "2022"] | {"entered_at": None} == entered["events", "2022"] | {
        "entered_at": None, "value": 4, "unit": "count", "column": 1}  # fmt: skip

    csv = api.get("/api/v1/reports/effect", params=params | {"format": "csv"})
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert (
        "kg ombruk/redesign i forbindelse med prosjektets aktiviteter (innført);350;1600;" in lines
    )
    assert "antall offentlige arrangementer om ombruk, reparasjon o.l. (innført);2;4;" in lines
    assert any(line.startswith("innført;trosterud;kg næringsavfall") and ";2022;800;800;" in line
               for line in lines)  # fmt: skip

    xlsx = api.get("/api/v1/reports/effect", params=params | {"format": "xlsx"})
    book = load_workbook(io.BytesIO(xlsx.content))
    rows = {r[0]: r[1:] for r in book["Effekt"].iter_rows(values_only=True)}
    assert rows["kg ombruk/redesign i forbindelse med prosjektets aktiviteter (innført)"] == (
        350, 1600, None)  # fmt: skip
    assert rows["kg ombruk/redesign i forbindelse med prosjektets aktiviteter"] == (0, 0, 0)
    assert book["Innført"].max_row == 6  # a header and the five entries with their sources

    choice = {"from_year": "2021", "to_year": "2023", "cutoff": "2023-11-30"}
    page = api.get("/stations/trosterud/effect", params=choice)
    assert f'<td class="num">1{NBSP}600 kg*</td>' in page.text
    assert "innført av en administrator" in page.text and "Sluttrapport Trosterud" in page.text


def _session(app: FastAPI) -> Session:
    return Session(app.state.engine)


def test_a_registered_and_an_entered_figure_in_one_cell_stay_apart(
    app: FastAPI, registered_2023: Kiosk
) -> None:
    with _session(app) as session:
        entry = effect_history.judge(
            {"station": "trosterud", "row": "reused_kg", "year": "2023", "month": "3",
             "value": "12,5", "source": "paper notes"}, {"trosterud"})  # fmt: skip
        effect_history.store(session=session, entry=entry, actor="t", now=datetime.now(UTC))
        session.commit()
        report = effect.effect_report(session=session, years=[2023], station_id="trosterud",
                                      cutoff=datetime(2023, 11, 30).date())  # fmt: skip
        by_month = effect.effect_report(session=session, years=[2023], station_id="trosterud",
                                        months=True)  # fmt: skip
    text = effect_output.as_text(report)
    assert f"| 4{NBSP}043 kg + 13 kg* |" in text  # 12,5 kg entered: 13 whole kg, half up
    assert report.rows[effect_output.Row.REUSED_KG] == [4_043_000]
    march = effect_output.cell_text(by_month, effect_output.Row.REUSED_KG, 2)
    assert march == "13 kg*"
    assert json.dumps(effect_output.as_json(report))  # serialisable


def test_a_correction_is_a_newer_entry(app: FastAPI, registered_2023: Kiosk) -> None:
    fields = {"station": "trosterud", "row": "events", "year": "2021", "value": "2",
              "source": "first count"}  # fmt: skip
    with _session(app) as session:
        for value, at in (("2", 1), ("3", 2)):
            entry = effect_history.judge(fields | {"value": value}, {"trosterud"})
            when = datetime(2026, 1, at, tzinfo=UTC)
            assert effect_history.store(session=session, entry=entry, actor="t", now=when)
        session.commit()
        report = effect.effect_report(session=session, years=[2021], station_id="trosterud")
    assert [e.entry.value for e in report.entered] == [3]
    assert effect_output.cell_text(report, effect_output.Row.EVENTS, 0) == "3*"


def test_a_year_entry_is_not_spread_over_months(app: FastAPI, registered_2023: Kiosk) -> None:
    assert _run(app, "import-history", str(EXAMPLE)) == 0
    with _session(app) as session:
        report = effect.effect_report(session=session, years=[2021], station_id="trosterud",
                                      months=True)  # fmt: skip
    cells = [effect_output.cell_text(report, effect_output.Row.EVENTS, i) for i in range(12)]
    assert cells == [""] * 12
    assert "a whole year: not shown by month" in effect_output.as_text(report)


HEADER = "station;row;year;month;value;other_agency_kg;source"
BAD_ROWS = [
    ("nowhere;events;2021;;2;;s", "station"),
    ("trosterud;kg_everything;2021;;2;;s", "row"),
    ("trosterud;events;21;;2;;s", "year"),
    ("trosterud;events;1999;;2;;s", "year"),
    ("trosterud;events;2021;13;2;;s", "month"),
    ("trosterud;events;2021;mars;2;;s", "month"),
    ("trosterud;events;2021;;2,5;;s", "value"),
    ("trosterud;events;2021;;-1;;s", "value"),
    ("trosterud;events;2021;;;;s", "value"),
    ("trosterud;reused_kg;2021;;1,0005;;s", "value"),
    ("trosterud;reused_kg;2021;;1e30;;s", "value"),
    ("trosterud;reused_kg;2021;;NaN;;s", "value"),
    ("trosterud;reused_kg;2021;;x;;s", "value"),
    ("trosterud;reused_kg;2021;;5;5;s", "other_agency_kg"),
    ("trosterud;business_waste_kg;2021;;5;6;s", "other_agency_kg"),
    ("trosterud;events;2021;;2;;", "source"),
    ("trosterud;events;2021;;2;;" + "x" * 501, "source"),
]


@pytest.mark.parametrize(("line", "field"), BAD_ROWS)
def test_a_bad_row_is_refused_by_number_and_field_and_the_good_rows_kept(
    app: FastAPI,
    registered_2023: Kiosk,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    line: str,
    field: str,
) -> None:
    good = "trosterud;events;2021;;2;;pilot report"
    path = tmp_path / "history.csv"
    path.write_text(
        f"{HEADER}\n{good}\n{line}\n{good.replace('2021', '2022')}\n",
        "utf-8",
    )
    assert _run(app, "import-history", str(path)) == 1
    captured = capsys.readouterr()
    assert f"row 2: {field}: " in captured.err
    assert "2 imported, 0 unchanged, 1 refused" in captured.out
    with _session(app) as session:
        assert session.scalar(select(func.count()).select_from(EffectHistory)) == 2


@pytest.mark.parametrize(
    "text", ["", "station,row,year\ntrosterud,events,2021\n", "\ufeffa;b\n1;2\n"]
)
def test_a_file_without_the_columns_is_refused_whole(
    app: FastAPI, registered_2023: Kiosk, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    text: str,
) -> None:  # fmt: skip
    path = tmp_path / "history.csv"
    path.write_text(text, "utf-8")
    assert _run(app, "import-history", str(path)) == 1
    assert "refused, nothing imported: the header lacks" in capsys.readouterr().err


def test_a_file_that_is_not_utf8_is_refused(
    app: FastAPI, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "history.csv"
    path.write_bytes("station;row;year;value;source\nå".encode("latin-1"))
    assert _run(app, "import-history", str(path)) == 1
    assert "refused, nothing imported" in capsys.readouterr().err
