"""The console's opening-hours page (operator publishes, audited, bad input refused naming
the field, nothing written) and the use-by-hour-of-week page with its CSV (SQLite and PG)."""

import csv
import io
import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.models import AuditEvent, DoorEvent, StationHoursVersion
from central.services import hours
from tests.central.conftest import Kiosk
from tests.central.console.conftest import csrf_of

WEEK = {f"w_{d}": "" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def hours_form(client: TestClient, **fields: str) -> dict[str, str]:
    form = {
        "csrf": csrf_of(client),
        "outside_hours": "closed",
        **WEEK,
        "w_mon": "11:00-16:00",
        "w_thu": "11:00-18:00",
        "season_count": "1",
        "s0_name": "Vinter",
        "s0_from": "2026-11-01",
        "s0_to": "2027-03-31",
        "s0_thu": "12:00-15:00",
        "exception_count": "2",
        "e0_date": "2026-12-24",
        "e0_reason": "holiday",
        "e0_note": "Julaften",
        "e1_date": "",
        "e1_reason": "holiday",
    }
    form.update(fields)
    return form


def versions(app: FastAPI) -> int:
    with Session(app.state.engine) as session:
        return session.scalar(select(func.count()).select_from(StationHoursVersion))


def test_operator_publishes_hours_and_it_is_audited(
    app: FastAPI, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    operator = staff["operator"]
    page = operator.post("/stations/trosterud/hours", data=hours_form(operator))
    assert page.status_code == 200, page.text
    assert "versjon 1 er publisert" in page.text
    assert 'value="12:00-15:00"' in page.text  # the form shows what is now in force
    with Session(app.state.engine) as session:
        published = hours.hours_in_force(session=session, station_id="trosterud")
        assert published is not None and published.seasons[0].name == "Vinter"
        assert published.exceptions[0].note == "Julaften"
        line = session.scalars(select(AuditEvent).where(AuditEvent.action == "publish_hours")).one()
        assert (line.actor, line.target, line.detail) == ("operator", "trosterud", "version 1")
    # The kiosk gets them at its next sync.
    answer = operator.get("/api/v1/hours", headers=kiosk.auth).json()
    assert answer["version"] == 1 and answer["hours"]["outside_hours"] == "closed"


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"w_mon": "16:00-11:00"}, "weekly.mon[0]"),
        ({"w_tue": "noon"}, "weekly.tue[0]"),
        ({"s0_from": "2027-04-01"}, "seasons[0].to"),
        ({"s0_name": ""}, "seasons[0].name"),
        ({"e0_reason": "party"}, "exceptions[0].reason"),
        ({"e0_reason": "changed"}, "exceptions[0].hours"),
        ({"outside_hours": "sometimes"}, "outside_hours"),
        ({"season_count": "x"}, "season_count"),
        ({"e1_date": "2026-12-24"}, "exceptions[1].date"),
    ],
)
def test_bad_hours_are_refused_naming_the_field_and_nothing_is_written(
    app: FastAPI, staff: dict[str, TestClient], kiosk: Kiosk, fields: dict[str, str], named: str
) -> None:
    operator = staff["operator"]
    page = operator.post("/stations/trosterud/hours", data=hours_form(operator, **fields))
    assert page.status_code == 400
    assert named in page.text
    assert versions(app) == 0


def test_the_unchanged_form_is_accepted(
    app: FastAPI, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    # The planted faults above are what is refused: the base form itself publishes.
    operator = staff["operator"]
    assert operator.post("/stations/trosterud/hours", data=hours_form(operator)).status_code == 200
    assert versions(app) == 1


def test_a_viewer_cannot_publish_and_csrf_is_required(
    app: FastAPI, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    viewer = staff["viewer"]
    assert viewer.get("/stations/trosterud/hours").status_code == 200
    assert "Publiser" not in viewer.get("/stations/trosterud/hours").text
    assert viewer.post("/stations/trosterud/hours", data=hours_form(viewer)).status_code == 403
    operator = staff["operator"]
    no_token = {k: v for k, v in hours_form(operator).items() if k != "csrf"}
    assert operator.post("/stations/trosterud/hours", data=no_token).status_code == 403
    assert versions(app) == 0


def test_unknown_station_is_404(staff: dict[str, TestClient], kiosk: Kiosk) -> None:
    operator = staff["operator"]
    assert operator.get("/stations/nowhere/hours").status_code == 404
    assert operator.post("/stations/nowhere/hours", data=hours_form(operator)).status_code == 404


def add_openings(app: FastAPI, *moments: datetime) -> None:
    with Session(app.state.engine) as session:
        for i, at in enumerate(moments):
            session.add(
                DoorEvent(event_id=f"e{i}", station_id="trosterud", opened_at=at, source="csv",
                          received_at=at)
            )  # fmt: skip
        session.commit()


def test_usage_map_draws_the_hours_and_lists_use_outside_them(
    app: FastAPI, api: TestClient, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    operator = staff["operator"]
    operator.post(
        "/stations/trosterud/hours",
        data=hours_form(operator, s0_name="", s0_from="", s0_to="", s0_thu=""),
    )
    # Thursday 26 Nov 2026: two openings at 19:xx Oslo (closed), one at 12:xx (open).
    add_openings(
        app,
        datetime(2026, 11, 26, 18, 5, tzinfo=UTC),
        datetime(2026, 11, 26, 18, 40, tzinfo=UTC),
        datetime(2026, 11, 26, 11, 0, tzinfo=UTC),
    )
    record = kiosk.record(recorded_at="2026-11-26T18:10:00.000000Z")
    assert (
        api.post("/api/v1/batches", json=kiosk.batch([record]), headers=kiosk.auth).status_code
        == 200
    )
    viewer = staff["viewer"]
    page = viewer.get(
        "/stations/trosterud/usage", params={"from": "2026-11-01", "to": "2026-11-30"}
    )
    assert page.status_code == 200
    text = page.text
    assert re.search(r"Døråpninger</dt><dd>3</dd>", text)
    assert re.search(r"Besøk med registrering</dt><dd>1 \(33 %\)", text)
    busiest = text.split('id="busy-closed"')[1].split("</section>")[0]
    assert "Tor 19–20: åpninger 2, registreringer 1" in busiest
    quiet = text.split('id="quiet-open"')[1].split("</section>")[0]
    assert "Man 11–12: åpninger 0" in quiet
    # Thursday 11-18 is drawn as open; 19 is not.
    cells = re.findall(r'<td class="num shade(\d)( open)?" title="Tor (\d\d)', text)
    thursday = {hour: bool(is_open) for _shade, is_open, hour in cells[:24]}
    assert thursday["12"] and thursday["17"] and not thursday["18"] and not thursday["19"]
    # The page says how it frames an hour.
    assert "hver dag etter åpningstidene som gjaldt den dagen" in " ".join(text.split())

    download = viewer.get(
        "/stations/trosterud/usage.csv", params={"from": "2026-11-01", "to": "2026-11-30"}
    )
    assert download.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["ukedag", "time", "døråpninger", "registreringer", "åpent"]
    assert ["torsdag", "19", "2", "1", "nei"] in rows and ["torsdag", "12", "1", "0", "ja"] in rows
    assert [r[0] for r in rows[1::24]] == ["mandag", "tirsdag", "onsdag", "torsdag", "fredag",
                                          "lørdag", "søndag"]  # fmt: skip
    assert len(rows) == 1 + 7 * 24


UNMATCHED = "Registreringer uten døråpning"


def usage_text(viewer: TestClient) -> str:
    page = viewer.get(
        "/stations/trosterud/usage", params={"from": "2026-11-01", "to": "2026-11-30"}
    )
    assert page.status_code == 200
    return page.text


@pytest.mark.parametrize(("outside_hours", "shown"), [("usable", True), ("closed", False)])
def test_registrations_without_an_opening_show_only_at_a_self_service_station(
    api: TestClient, staff: dict[str, TestClient], kiosk: Kiosk, outside_hours: str, shown: bool
) -> None:
    """Self-service is the hours' own setting (residents may register outside hours): only
    there does a registration with no door opening before it mean anything."""
    record = kiosk.record(recorded_at="2026-11-26T18:10:00.000000Z")  # no opening at all
    assert api.post("/api/v1/batches", json=kiosk.batch([record]), headers=kiosk.auth).is_success
    viewer, operator = staff["viewer"], staff["operator"]
    assert UNMATCHED not in usage_text(viewer)  # no hours published: not self-service
    published = operator.post(
        "/stations/trosterud/hours", data=hours_form(operator, outside_hours=outside_hours)
    )
    assert published.status_code == 200
    text = usage_text(viewer)
    assert (UNMATCHED in text) is shown
    if shown:
        assert re.search(UNMATCHED + r"[^<]*</dt><dd>1</dd>", text)


def test_without_published_hours_no_hour_is_called_outside_opening_hours(
    app: FastAPI, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    add_openings(app, datetime(2026, 11, 26, 18, 5, tzinfo=UTC))
    text = usage_text(staff["viewer"])
    busiest = text.split('id="busy-closed"')[1].split("</section>")[0]
    assert "Tor 19–20" not in busiest and "Ingen åpningstider publisert" in busiest
    assert re.search(r"Døråpninger</dt><dd>1</dd>", text)  # the opening itself is counted


@pytest.mark.parametrize(
    ("params", "named"),
    [({"from": "2026-13-01"}, "from"), ({"from": "2026-12-01", "to": "2026-11-01"}, "from")],
)
def test_a_bad_period_is_a_4xx_naming_the_field(
    staff: dict[str, TestClient], kiosk: Kiosk, params: dict[str, Any], named: str
) -> None:
    for path in ("/stations/trosterud/usage", "/stations/trosterud/usage.csv"):
        answer = staff["viewer"].get(path, params=params)
        assert 400 <= answer.status_code < 500 and named in answer.text


def test_a_day_that_is_no_day_shows_the_usage_page_with_the_reason_in_bokmal(
    staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    # A new analyst got a bare 422 for from=1.13.2026; the page now says why, as the other
    # filters do, and keeps what was typed in the field.
    answer = staff["viewer"].get("/stations/trosterud/usage?from=1.13.2026")
    assert answer.status_code == 422
    assert 'role="alert"' in answer.text and 'name="from" value="1.13.2026"' in answer.text
    assert "from: &#39;1.13.2026&#39; er ikke en dag (skriv den som 15.6.2026)" in answer.text
    # Days are read as every filter reads them: 1.11.2026 is 2026-11-01.
    norwegian = staff["viewer"].get("/stations/trosterud/usage?from=1.11.2026&to=30.11.2026")
    assert norwegian.status_code == 200
    assert 'name="from" value="01.11.2026"' in norwegian.text
    assert norwegian.text == usage_text(staff["viewer"])


def test_the_page_says_what_is_in_force_now(staff: dict[str, TestClient], kiosk: Kiosk) -> None:
    operator = staff["operator"]
    assert 'id="now-status"' not in operator.get("/stations/trosterud/hours").text
    # No weekly hours, one changed day far ahead: closed now, whatever the time of the run.
    form = hours_form(operator, w_mon="", w_thu="", s0_name="", s0_from="", s0_to="", s0_thu="")
    form.update(e0_date="2099-01-01", e0_reason="changed", e0_hours="10:00-11:00")
    page = operator.post("/stations/trosterud/hours", data=form)
    assert page.status_code == 200, page.text
    now = re.search(r'<p id="now-status">(.*?)</p>', page.text, re.S).group(1)
    assert " ".join(now.split()) == "<strong>Nå:</strong> stengt; ingen åpning det neste året"


def test_a_refusal_names_the_field_in_the_form_s_own_words(
    staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    operator = staff["operator"]
    page = operator.post("/stations/trosterud/hours", data=hours_form(operator, s0_thu="9-10"))
    assert page.status_code == 400
    assert "Sesong 1, Tor (seasons[0].weekly.thu[0])" in page.text
    assert 'value="9-10"' in page.text  # what was typed is kept for correcting


def test_a_season_typed_without_a_year_recurs_and_is_shown_as_typed(
    app: FastAPI, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    operator = staff["operator"]
    form = hours_form(operator, s0_from="01.11", s0_to="31.03", s1_name="Påske",
                      s1_from="29.03.2027", s1_to="05.04.2027", season_count="2")  # fmt: skip
    page = operator.post("/stations/trosterud/hours", data=form)
    assert page.status_code == 400  # Easter 2027 overlaps the winter that recurs every year
    assert "seasons[1].from" in page.text and 'value="29.03.2027"' in page.text
    page = operator.post("/stations/trosterud/hours", data={**form, "s1_from": "01.04.2027"})
    assert page.status_code == 200, page.text
    assert 'value="01.11"' in page.text and 'value="31.03"' in page.text
    assert "En sesong gjentas hvert år fra dag til dag" in page.text  # the form says so
    assert 'value="01.04.2027"' in page.text
    with Session(app.state.engine) as session:
        row = hours.latest_hours(session=session, station_id="trosterud")
        assert row is not None
        seasons = json.loads(row.document)["seasons"]
    assert [(s["from"], s["to"]) for s in seasons] == [
        ("11-01", "03-31"),
        ("2027-04-01", "2027-04-05"),
    ]
