"""The console's planned events (per station): an operator plans, edits and cancels, each
audited and answered with a redirect; bad input is a 400 in Norwegian naming the field and
writes nothing; the kiosk's hours answer carries the upcoming ones (SQLite and PG)."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.models import AuditEvent, PlannedEventRow
from contract.times import OSLO
from tests.central.conftest import Kiosk, add_station
from tests.central.console.conftest import csrf_of

TOMORROW = (datetime.now(OSLO) + timedelta(days=1)).date()


def form(client: TestClient, **fields: str) -> dict[str, str]:
    return {
        "csrf": csrf_of(client),
        "kind": "bike_workshop",
        "audience": "public",
        "day": TOMORROW.isoformat(),
        "start": "17:00",
        "end": "19:00",
        "place": "Verkstedet bak containeren",
    } | fields


def rows(app: FastAPI) -> list[PlannedEventRow]:
    with Session(app.state.engine) as session:
        return list(session.scalars(select(PlannedEventRow)))


def audit_count(app: FastAPI) -> int:
    with Session(app.state.engine) as session:
        return session.scalar(select(func.count()).select_from(AuditEvent)) or 0


def test_plan_edit_cancel_reach_the_kiosk_and_are_audited(
    app: FastAPI, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    operator = staff["operator"]
    before = operator.get("/api/v1/hours", headers=kiosk.auth).json()
    assert before["version"] == 0 and not before["changed"]

    posted = operator.post("/stations/trosterud/planned", data=form(operator),
                           follow_redirects=False)  # fmt: skip
    assert posted.status_code == 303  # post/redirect/get
    assert posted.headers["location"] == "/stations/trosterud/planned?done=planned"
    page = operator.get(posted.headers["location"])
    assert "Arrangementet er planlagt" in page.text
    assert "Sykkelverksted" in page.text and "Verkstedet bak containeren" in page.text
    (row,) = rows(app)
    assert row.starts_at.astimezone(OSLO).strftime("%H:%M") == "17:00"  # Oslo wall clock
    assert row.starts_at.astimezone(OSLO).date() == TOMORROW

    answer = operator.get("/api/v1/hours", headers=kiosk.auth).json()
    assert answer["changed"] and answer["version"] == 1 and answer["hours"] is None
    (wire,) = answer["planned"]
    assert (wire["kind"], wire["audience"], wire["place"]) == (
        "bike_workshop", "public", "Verkstedet bak containeren",
    )  # fmt: skip
    assert operator.get("/api/v1/hours?since=1", headers=kiosk.auth).json()["changed"] is False

    edited = operator.post(f"/stations/trosterud/planned/{row.id}",
                           data=form(operator, start="18:00", audience="internal", place=""),
                           follow_redirects=False)  # fmt: skip
    assert edited.status_code == 303
    (row,) = rows(app)
    assert (row.audience, row.place, row.revision) == ("internal", "", 2)
    answer = operator.get("/api/v1/hours?since=1", headers=kiosk.auth).json()
    assert answer["changed"] and answer["version"] == 2
    assert answer["planned"][0]["starts_at"].startswith(
        datetime.combine(TOMORROW, datetime.min.time().replace(hour=18), tzinfo=OSLO)
        .astimezone(UTC).strftime("%Y-%m-%dT%H:%M")
    )  # fmt: skip

    cancelled = operator.post(f"/stations/trosterud/planned/{row.id}/cancel",
                              data={"csrf": csrf_of(operator)}, follow_redirects=False)  # fmt: skip
    assert cancelled.status_code == 303
    answer = operator.get("/api/v1/hours?since=2", headers=kiosk.auth).json()
    assert answer["changed"] and answer["version"] == 3 and answer["planned"] == []
    assert (
        "Ingen planlagte arrangementer framover."
        in operator.get("/stations/trosterud/planned").text
    )
    with Session(app.state.engine) as session:
        actions = session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.target == "trosterud")
            .order_by(AuditEvent.id)
        ).all()
    assert actions == ["plan_event", "edit_planned_event", "cancel_planned_event"]


def test_hours_and_planned_share_one_version(
    app: FastAPI, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    """Publishing hours after an event was planned still makes a newer version, and the
    document goes out carrying it, so a kiosk reading its version from the document is even."""
    operator = staff["operator"]
    operator.post("/stations/trosterud/planned", data=form(operator))
    hours = {"csrf": csrf_of(operator), "outside_hours": "closed", "w_mon": "11:00-16:00",
             "season_count": "0", "exception_count": "0"}  # fmt: skip
    assert operator.post("/stations/trosterud/hours", data=hours).status_code == 200
    answer = operator.get("/api/v1/hours?since=1", headers=kiosk.auth).json()
    assert answer["changed"] and answer["version"] == 2
    assert answer["hours"]["version"] == 2 and len(answer["planned"]) == 1


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"start": "19:00", "end": "17:00"}, "Avvist, Slutter: må være etter starten"),
        ({"day": "2020-01-02"}, "Avvist, Slutter: er allerede passert"),
        ({"place": "x" * 81}, "Avvist, Sted: kan ha høyst 80 tegn"),
        ({"place": "to\nlinjer"}, "Avvist, Sted: må være én linje tekst"),
        ({"kind": "rave"}, "Avvist, Type: ukjent type"),
        ({"kind": "x" * 10_000}, "Avvist, Type: ukjent type"),
        ({"audience": "everyone"}, "Avvist, For hvem: ukjent målgruppe"),
        ({"day": "31.02.2027"}, "Avvist, Dag: må være en dag som 18.06.2026"),
        ({"day": "9999-12-31"}, "Avvist, Slutter: er for langt fram i tid"),
        ({"start": "25:00"}, "Avvist, Starter: må være et klokkeslett som 17:00"),
        ({"end": "<script>"}, "Avvist, Slutter: må være et klokkeslett som 17:00"),
    ],
)
def test_bad_input_names_the_field_in_norwegian_and_writes_nothing(
    app: FastAPI, staff: dict[str, TestClient], fields: dict[str, str], words: str
) -> None:
    add_station(app, "trosterud")
    operator = staff["operator"]
    lines = audit_count(app)
    page = operator.post("/stations/trosterud/planned", data=form(operator, **fields))
    assert page.status_code == 400
    assert words in page.text
    assert "<script>" not in page.text  # what was typed comes back escaped
    assert rows(app) == [] and audit_count(app) == lines


def test_refused_edit_keeps_the_event_as_it_was(app: FastAPI, staff: dict[str, TestClient]) -> None:
    add_station(app, "trosterud")
    operator = staff["operator"]
    operator.post("/stations/trosterud/planned", data=form(operator))
    (row,) = rows(app)
    page = operator.post(f"/stations/trosterud/planned/{row.id}", data=form(operator, end="16:00"))
    assert page.status_code == 400 and "Avvist, Slutter" in page.text
    (after,) = rows(app)
    assert (after.ends_at, after.revision) == (row.ends_at, 1)


def test_unknown_station_or_event_and_roles(app: FastAPI, staff: dict[str, TestClient]) -> None:
    add_station(app, "trosterud")
    add_station(app, "other")
    operator, viewer = staff["operator"], staff["viewer"]
    assert operator.post("/stations/nowhere/planned", data=form(operator)).status_code == 404
    assert operator.get("/stations/nowhere/planned").status_code == 404
    missing = operator.post("/stations/trosterud/planned/not-an-id/cancel",
                            data={"csrf": csrf_of(operator)})  # fmt: skip
    assert missing.status_code == 404
    assert operator.post("/stations/trosterud/planned", data=form(operator) | {"csrf": "x"}
                         ).status_code == 403  # fmt: skip
    assert viewer.post("/stations/trosterud/planned", data=form(viewer)).status_code == 403
    assert "Planlegg et arrangement" not in viewer.get("/stations/trosterud/planned").text
    assert rows(app) == []
    # An event of one station cannot be cancelled through another's path.
    operator.post("/stations/trosterud/planned", data=form(operator))
    (row,) = rows(app)
    other = operator.post(f"/stations/other/planned/{row.id}/cancel",
                          data={"csrf": csrf_of(operator)})  # fmt: skip
    assert other.status_code == 404
    assert rows(app)[0].cancelled_at is None


@pytest.mark.parametrize("bad", [{"day": "31.02.2027"}, {"start": "25:00"}, {"kind": "rave"}])
def test_a_refused_plan_comes_back_as_typed(
    app: FastAPI, staff: dict[str, TestClient], bad: dict[str, str]
) -> None:
    # A typo in the day showed a blank form again: the place and hours typed were gone.
    add_station(app, "trosterud")
    operator = staff["operator"]
    typed = {"start": "18:15", "end": "20:45", "place": "Verkstedet bak", **bad}
    page = operator.post("/stations/trosterud/planned", data=form(operator, **typed)).text
    for name in ("start", "end", "place"):
        assert re.search(rf'name="{name}" value="{re.escape(typed[name])}"', page), name
