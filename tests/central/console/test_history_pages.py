"""The console's earlier figures: an admin enters one (CSRF, audit, post/redirect/get) or
uploads the CSV and reads the row-by-row report; other roles and bad input are refused (4xx)."""

import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.models import AuditEvent, EffectHistory
from tests.central.conftest import add_station
from tests.central.console.conftest import csrf_of

EXAMPLE = Path(__file__).parents[3] / "docs" / "examples" / "effect-history-trosterud.csv"
PAGE = "/stations/trosterud/history"
GOOD = {"row": "activity_reuse_kg", "year": "2021", "month": "", "value": "350",
        "other_agency_kg": "", "source": "Sluttrapport Trosterud"}  # fmt: skip


def entries(app: FastAPI) -> int:
    with Session(app.state.engine) as session:
        return session.scalar(select(func.count()).select_from(EffectHistory)) or 0


@pytest.fixture
def station(app: FastAPI) -> str:
    add_station(app, "trosterud", "Minigjenbruksstasjon Trosterud")
    return "trosterud"


def test_an_admin_enters_a_figure_and_the_report_marks_it(
    app: FastAPI, staff: dict[str, TestClient], station: str
) -> None:
    admin = staff["admin"]
    answer = admin.post(PAGE, data=GOOD | {"csrf": csrf_of(admin)}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith(PAGE + "?added=")
    page = admin.get(answer.headers["location"]).text
    assert "Lagret: activity_reuse_kg 2021" in page and "Sluttrapport Trosterud" in page
    report = admin.get("/stations/trosterud/effect", params={"from_year": "2021"}).text
    assert '<td class="num">350 kg*</td>' in report
    with Session(app.state.engine) as session:
        line = session.scalars(select(AuditEvent).where(AuditEvent.action == "enter_history")).one()
        assert (line.actor, line.target) == ("admin", "trosterud")


@pytest.mark.parametrize(
    ("change", "field"),
    [({"row": "nope"}, "row"), ({"year": "1999"}, "year"), ({"year": ""}, "year"),
     ({"month": "13"}, "month"), ({"value": "-3"}, "value"), ({"value": "abc"}, "value"),
     ({"source": " "}, "source"), ({"other_agency_kg": "5"}, "other_agency_kg")],
)  # fmt: skip
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    app: FastAPI, staff: dict[str, TestClient], station: str, change: dict[str, str], field: str
) -> None:
    admin = staff["admin"]
    answer = admin.post(PAGE, data=GOOD | change | {"csrf": csrf_of(admin)})
    assert answer.status_code == 400
    refusal = '<p class="ds-alert error" data-color="danger" role="alert">'
    assert re.search(rf"{refusal}Avvist: {field}: ", answer.text)
    assert entries(app) == 0


def test_only_an_admin_with_the_form_s_csrf_token_may_enter(
    app: FastAPI, staff: dict[str, TestClient], station: str
) -> None:
    operator = staff["operator"]
    assert operator.post(PAGE, data=GOOD | {"csrf": csrf_of(operator)}).status_code == 403
    assert "Legg inn et tall" not in operator.get(PAGE).text  # the form is not offered
    assert staff["admin"].post(PAGE, data=GOOD | {"csrf": "wrong"}).status_code == 403
    assert staff["admin"].post(PAGE, data=GOOD).status_code == 403
    elsewhere = GOOD | {"csrf": csrf_of(staff["admin"])}
    assert staff["admin"].post("/stations/nowhere/history", data=elsewhere).status_code == 404
    assert entries(app) == 0


def test_an_upload_reports_row_by_row_and_keeps_the_good_rows(
    app: FastAPI, staff: dict[str, TestClient], station: str
) -> None:
    admin = staff["admin"]
    text = EXAMPLE.read_text("utf-8") + "trosterud;events;2021;;2,5;;x\nvestli;events;2021;;1;;x\n"
    answer = admin.post(PAGE + "/import", data={"csrf": csrf_of(admin)},
                        files={"file": ("h.csv", text.encode(), "text/csv")},
                        follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303
    assert answer.headers["location"] == PAGE  # post/redirect/get, the report shown once
    page = admin.get(answer.headers["location"]).text
    # Stored in English in the audit line, shown in the page's language.
    assert "Import: 5 importert, 0 uendret, 2 avvist" in page
    assert "rad 6: value: et antall er et helt tall" in page
    assert "rad 7: station: &#39;vestli&#39;: denne opplastingen gjelder &#39;trosterud" in page
    assert entries(app) == 5
    # A reload shows the page: no report again, nothing imported twice.
    again = admin.get(PAGE).text
    assert "Import:" not in again and "rad 6" not in again
    assert entries(app) == 5


@pytest.mark.parametrize(
    ("body", "reason"),
    [(b"\xff\xfe", "file: ikke UTF-8-tekst"), (b"a;b\n1;2\n", "overskriftsraden mangler"),
     (b"x" * 1_000_001, "file: større enn 1000 kB")],
)  # fmt: skip
def test_an_unreadable_upload_is_refused_whole(
    app: FastAPI, staff: dict[str, TestClient], station: str, body: bytes, reason: str
) -> None:
    admin = staff["admin"]
    answer = admin.post(PAGE + "/import", data={"csrf": csrf_of(admin)},
                        files={"file": ("h.csv", body, "text/csv")})  # fmt: skip
    assert answer.status_code == 400 and reason in answer.text
    assert entries(app) == 0


def test_an_upload_without_a_file_is_a_4xx(staff: dict[str, TestClient], station: str) -> None:
    admin = staff["admin"]
    answer = admin.post(PAGE + "/import", data={"csrf": csrf_of(admin)})
    assert answer.status_code == 422
