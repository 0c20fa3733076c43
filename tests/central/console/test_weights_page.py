"""The learned weights page (issue 25, item 5), on SQLite and PostgreSQL: staff see each
category's proposal with the data behind it; only an admin accepts one, which publishes the
next catalogue version with that weight and is audited; a stale or bad acceptance is refused
naming its field, and writes nothing."""

import json
import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.models import AuditEvent
from central.services import catalogue as catalogue_service
from tests.central.conftest import Kiosk
from tests.helpers.self_service import FRACTION, Station


def state(app: FastAPI) -> tuple[int, dict[str, int], int]:
    """The newest catalogue version, its default weights, and the audit log's length."""
    with Session(app.state.engine) as session:
        row = catalogue_service.latest_catalogue(session=session)
        assert row is not None
        weights = {c["code"]: c["default_weight_g"] for c in json.loads(row.document)["categories"]}
        audits = session.scalar(select(func.count()).select_from(AuditEvent))
        return row.version, weights, int(audits or 0)


def accept_form(page: str, category: str) -> dict[str, str]:
    """The fields of the accept form for ``category`` as the page has them."""
    for form in re.findall(r'<form method="post" action="/weights/accept".*?</form>', page, re.S):
        fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form))
        if fields["category"] == category:
            return fields
    raise AssertionError(f"no accept form for {category}")


@pytest.fixture
def station(app: FastAPI, api: TestClient, kiosk: Kiosk) -> Station:
    found = Station(app, api, kiosk)
    found.grow(12)
    return found


def test_staff_see_the_proposals_and_only_an_admin_can_accept(
    station: Station, staff: dict[str, TestClient]
) -> None:
    for role in ("viewer", "operator", "admin"):
        page = staff[role].get("/weights")
        assert page.status_code == 200
        assert "Foreslåtte standardvekter" in page.text
        assert f"Fraksjon {FRACTION}" in page.text
        assert "Tekstiler" in page.text and "4\u00a0000" in page.text  # the name, the weight now
        assert "12 perioder med veiebevis" in page.text
        assert ("Godta</button>" in page.text) == (role == "admin")
    # In the menu, marked as the page the reader is on.
    assert '<a class="ds-link" href="/weights" aria-current="page">Vekter</a>' in page.text


def test_an_admin_accepts_a_proposal_into_the_next_catalogue_version(
    app: FastAPI, station: Station, staff: dict[str, TestClient]
) -> None:
    admin = staff["admin"]
    version, weights, audits = state(app)
    fields = accept_form(admin.get("/weights").text, "textiles")
    proposed = int(fields["weight_g"])
    assert proposed != weights["textiles"] and fields["version"] == str(version)
    answer = admin.post("/weights/accept", data=fields, follow_redirects=False)
    assert answer.status_code == 303
    after_version, after, after_audits = state(app)
    assert after_version == version + 1
    assert after == {**weights, "textiles": proposed}  # that weight only
    assert after_audits == audits + 1
    with Session(app.state.engine) as session:
        line = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert line is not None
        assert (line.actor, line.action, line.target) == ("admin", "accept_weight", "textiles")
        assert f"-> {proposed} g in catalogue version {version + 1}" in line.detail
    shown = admin.get(answer.headers["location"])
    assert f"katalogversjon {version + 1}" in shown.text
    # The weight is in force now: no button for it, and the others still have theirs.
    assert "gjelder" in shown.text
    assert accept_form(shown.text, "hard_plastic")["version"] == str(version + 1)
    with pytest.raises(AssertionError):
        accept_form(shown.text, "textiles")


def test_a_non_admin_is_refused_and_nothing_is_written(
    app: FastAPI, station: Station, staff: dict[str, TestClient]
) -> None:
    fields = accept_form(staff["admin"].get("/weights").text, "textiles")
    before = state(app)
    operator = staff["operator"]
    token = re.search(r'name="csrf" value="([^"]+)"', operator.get("/weights").text)
    assert token is not None
    answer = operator.post("/weights/accept", data={**fields, "csrf": token.group(1)})
    assert answer.status_code == 403
    assert state(app) == before


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"version": "1"}, 409, "version: "),  # made over an older catalogue
        ({"weight_g": "1234"}, 409, "weight_g: "),  # not what the data proposes now
        ({"weight_g": "12kg"}, 422, "weight_g: "),
        ({"weight_g": ""}, 422, "weight_g: "),
        ({"version": "-1"}, 422, "version: "),
        ({"category": "wood"}, 422, "category: "),  # not in the fraction's proposals
        ({"fraction": "nothing"}, 422, "fraction: "),
    ],
)
def test_a_stale_or_bad_acceptance_names_its_field_and_writes_nothing(
    app: FastAPI,
    station: Station,
    staff: dict[str, TestClient],
    change: dict[str, str],
    status: int,
    field: str,
) -> None:
    admin = staff["admin"]
    fields = accept_form(admin.get("/weights").text, "textiles")
    before = state(app)
    answer = admin.post("/weights/accept", data={**fields, **change}, follow_redirects=False)
    assert answer.status_code == status, answer.text
    assert f"Avvist: {field}" in answer.text
    assert state(app) == before


def test_too_few_periods_are_refused_with_a_clear_message(
    app: FastAPI, api: TestClient, kiosk: Kiosk, staff: dict[str, TestClient]
) -> None:
    Station(app, api, kiosk).grow(4)
    admin = staff["admin"]
    page = admin.get("/weights").text
    assert "For få perioder til å foreslå: 4 perioder med veiebevis, minst 6 trengs." in page
    assert "Godta</button>" not in page
    before = state(app)
    fields = {
        "csrf": re.search(r'name="csrf" value="([^"]+)"', page).group(1),  # type: ignore[union-attr]
        "fraction": FRACTION,
        "category": "textiles",
        "weight_g": "5000",
        "version": str(before[0]),
    }
    answer = admin.post("/weights/accept", data=fields)
    assert answer.status_code == 409
    # In the page's language (it was English on a Bokmål page).
    assert "Avvist: fraction: " in answer.text and "et forslag trenger minst 6" in answer.text
    assert state(app) == before
