"""The OData feed over plain HTTP (SQLite and PostgreSQL): tokens from the console's Feed
page, $metadata as CSDL, server-driven paging, and 401 / 400 in OData's error format."""

import base64
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from central.core.config import Settings
from central.models import ACTIVITY_TABLES, AuditEvent, FeedToken, Record
from central.services import auth, feed_tokens
from tests.central.console.conftest import add_user, sign_in
from tests.central.feed.conftest import T0, issue_token, seed
from tests.helpers.central_app import central_app

EDMX = "{http://docs.oasis-open.org/odata/ns/edmx}"
EDM = "{http://docs.oasis-open.org/odata/ns/edm}"


def basic(token: str, user: str = "anyone") -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{token}".encode()).decode()}


@pytest.fixture
def small_pages(central_settings: Settings) -> Iterator[FastAPI]:
    with central_app(central_settings, feed_page_size=300) as application:
        yield application


@pytest.fixture
def analyst(small_pages: FastAPI) -> Iterator[TestClient]:
    add_user(small_pages, "analyst", "viewer")
    with TestClient(small_pages, base_url="http://central") as client:
        assert sign_in(client, "analyst") == 303
        yield client


def read_all(client: TestClient, url: str, headers: dict[str, str]) -> tuple[list[Any], int]:
    rows: list[Any] = []
    pages = 0
    next_url: str | None = url
    while next_url:
        response = client.get(next_url, headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        rows += body["value"]
        pages += 1
        next_url = body.get("@odata.nextLink")
    return rows, pages


def test_metadata_is_csdl_naming_every_entity_set(analyst: TestClient) -> None:
    token = issue_token(analyst)
    response = analyst.get("/feed/odata/$metadata", headers=basic(token))
    assert response.status_code == 200
    assert response.headers["OData-Version"] == "4.0"
    root = ET.fromstring(response.text)
    assert root.tag == f"{EDMX}Edmx" and root.get("Version") == "4.0"
    sets = {e.get("Name"): e.get("EntityType") for e in root.iter(f"{EDM}EntitySet")}
    assert sets == {
        "Records": "Minigjenbruk.Record",
        "Events": "Minigjenbruk.Event",
        "Effect": "Minigjenbruk.Figure",
    }
    record = next(t for t in root.iter(f"{EDM}EntityType") if t.get("Name") == "Record")
    props = {p.get("Name"): p.get("Type") for p in record.iter(f"{EDM}Property")}
    assert props["recorded_at"] == "Edm.DateTimeOffset" and props["weight_g"] == "Edm.Int64"
    service = analyst.get("/feed/odata/", headers=basic(token)).json()
    assert [s["url"] for s in service["value"]] == ["Records", "Events", "Effect"]


def test_paging_delivers_every_record_once_with_numbers_as_numbers(
    small_pages: FastAPI, analyst: TestClient
) -> None:
    ids = seed(small_pages, deposits=1000, events=250, station_ids=("trosterud", "furuset"))
    token = issue_token(analyst)
    rows, pages = read_all(analyst, "/feed/odata/Records", basic(token))
    assert pages == 5  # 1,250 records at 300 a page
    assert len(rows) == len(ids) and {r["id"] for r in rows} == ids
    deposit = next(r for r in rows if r["type"] == "deposit")
    assert (
        isinstance(deposit["weight_g"], int) and deposit["weight_kg"] == deposit["weight_g"] / 1000
    )
    assert deposit["recorded_at"].endswith("Z")
    event = next(r for r in rows if r["type"] == "event")
    assert event["category"] == "bike_workshop" and event["weight_g"] is None

    events, _ = read_all(analyst, "/feed/odata/Events", basic(token))
    assert len(events) == 250
    assert {(e["participants"], e["visitors"], e["reuse_kg"]) for e in events} == {(12, 30, 2.5)}


def test_times_and_kilograms_keep_their_exact_text(
    small_pages: FastAPI, analyst: TestClient
) -> None:
    """What Excel and Power BI parse, byte for byte: a UTC time as ISO 8601 with a Z, with
    microseconds only when it has them, and kg as the JSON number of grams / 1000."""
    seed(small_pages, deposits=3, events=1, station_ids=("trosterud",))
    records, events = Record.__table__, ACTIVITY_TABLES["event"]
    moments = [T0.replace(microsecond=1), T0.replace(microsecond=120000), T0]
    with Session(small_pages.state.engine) as session:
        ids = session.scalars(select(records.c.id).order_by(records.c.seq)).all()
        for rid, at, grams in zip(ids, moments, (1, 1234, 200_000), strict=True):
            session.execute(
                update(records).where(records.c.id == rid)
                .values(recorded_at=at, received_at=at + timedelta(days=400), weight_g=grams)
            )  # fmt: skip
        session.execute(update(events).values(starts_at=moments[1], reuse_g=1))
        session.commit()
    auth = basic(issue_token(analyst))
    response = analyst.get("/feed/odata/Records?$filter=type eq 'deposit'", headers=auth)
    assert response.headers["content-type"].startswith("application/json;odata.metadata=minimal")
    body = response.text
    for text in (
        '"recorded_at":"2025-03-01T09:00:00.000001Z","received_at":"2026-04-05T09:00:00.000001Z"',
        '"recorded_at":"2025-03-01T09:00:00.120000Z"',
        '"recorded_at":"2025-03-01T09:00:00Z","received_at":"2026-04-05T09:00:00Z"',
        '"weight_g":1,"weight_kg":0.001,',
        '"weight_g":1234,"weight_kg":1.234,',
        '"weight_g":200000,"weight_kg":200.0,',
    ):
        assert text in body, text
    event = analyst.get("/feed/odata/Events", headers=auth).text
    assert '"starts_at":"2025-03-01T09:00:00.120000Z"' in event and '"reuse_kg":0.001' in event


def test_top_filter_and_select(small_pages: FastAPI, analyst: TestClient) -> None:
    seed(small_pages, deposits=700, events=10, station_ids=("trosterud", "furuset"))
    auth = basic(issue_token(analyst))
    rows, pages = read_all(analyst, "/feed/odata/Records?$top=450", auth)
    assert (len(rows), pages) == (450, 2)
    rows, _ = read_all(
        analyst,
        "/feed/odata/Records?$filter=(station_id eq 'furuset') and type eq 'deposit'"
        " and recorded_at ge 2025-03-01T10:00:00Z and recorded_at lt 2025-03-01T12:00:00Z"
        "&$select=id,station_id,recorded_at",
        auth,
    )
    # Deposits are a minute apart from 09:00, alternating stations: 10:00..11:59 is 120,
    # and furuset has the odd minutes of them.
    assert len(rows) == 60
    assert all(set(r) == {"id", "station_id", "recorded_at"} for r in rows)
    assert {r["station_id"] for r in rows} == {"furuset"}


def test_one_stations_pages_follow_its_time_order_and_break_ties_by_id(
    small_pages: FastAPI, analyst: TestClient
) -> None:
    seed(small_pages, deposits=1400, events=0, station_ids=("trosterud", "furuset"))
    records = Record.__table__
    with Session(small_pages.state.engine) as session:
        # Furuset's 700 deposits share three moments, so every page boundary falls in a tie.
        for rest in range(3):
            session.execute(
                update(records)
                .where(records.c.station_id == "furuset", records.c.seq % 3 == rest)
                .values(recorded_at=T0 + timedelta(hours=rest))
            )
        session.commit()
        furuset = set(session.scalars(select(Record.id).where(Record.station_id == "furuset")))
    auth = basic(issue_token(analyst))
    rows, pages = read_all(
        analyst, "/feed/odata/Records?$filter=station_id eq 'furuset'&$select=id,recorded_at", auth
    )
    assert pages == 3 and len(rows) == 700 and {r["id"] for r in rows} == furuset
    keys = [(r["recorded_at"], r["id"]) for r in rows]
    assert keys == sorted(keys)


def test_effect_figures_are_every_row_of_the_report_per_station_and_period(
    small_pages: FastAPI, analyst: TestClient
) -> None:
    seed(small_pages, deposits=0, events=20, station_ids=("trosterud", "furuset"))
    auth = basic(issue_token(analyst))
    figures, _ = read_all(analyst, "/feed/odata/Effect?$filter=year eq 2025", auth)
    events = [f for f in figures if f["row"] == "events" and f["station_id"] == "trosterud"]
    year = next(f for f in events if f["month"] is None)
    assert year["value"] == 10 and year["unit"] == "count"
    assert sum(f["value"] for f in events if f["month"] is not None) == 10
    reuse = next(
        f for f in figures
        if f["row"] == "activity_reuse_kg" and f["month"] is None and f["station_id"] == "furuset"
    )  # fmt: skip
    assert (reuse["value"], reuse["unit"]) == (25, "kg")
    assert len({f["id"] for f in figures}) == len(figures)


@pytest.mark.parametrize(
    ("query", "option"),
    [
        ("$top=-1", "$top"),
        ("$top=ten", "$top"),
        ("$filter=weight_g eq 5", "$filter"),
        ("$filter=recorded_at ge yesterday", "$filter"),
        ("$filter=recorded_at ge 0001-01-01T00:00:00+01:00", "$filter"),
        ("$filter=recorded_at ge 2025-01-01T00:00:00", "$filter"),
        ("$filter=station_id eq 5", "$filter"),
        ("$filter=station_id eq 'a' or type eq 'event'", "$filter"),
        ("$filter=station_id ge 'a'", "$filter"),
        ("$select=nope", "$select"),
        ("$orderby=id", "$orderby"),
        ("$skip=10", "$skip"),
        ("$skiptoken=garbage!!", "$skiptoken"),
        ("$skiptoken=WyJub3BlIiwgIngiXQ", "$skiptoken"),
    ],
)
def test_a_bad_query_option_is_400_naming_it(analyst: TestClient, query: str, option: str) -> None:
    response = analyst.get(f"/feed/odata/Records?{query}", headers=basic(issue_token(analyst)))
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["target"] == option and error["message"].startswith(option)


def test_without_a_valid_token_the_feed_is_401_with_basic(analyst: TestClient) -> None:
    token = issue_token(analyst)
    cases: list[dict[str, str]] = [
        {},
        basic("wrong-token"),
        {"Authorization": "Basic !!!"},
        {"Authorization": f"Digest {token}"},
    ]
    for headers in cases:
        for path in ("/feed/odata/", "/feed/odata/$metadata", "/feed/odata/Records"):
            response = analyst.get(path, headers=headers)
            assert response.status_code == 401, (path, headers)
            assert response.headers["WWW-Authenticate"].startswith("Basic")
            assert response.json()["error"]["code"] == "unauthorised"
    # The staff session cookie alone does not open the feed, and the right token does.
    assert analyst.get("/feed/odata/Records").status_code == 401
    assert analyst.get("/feed/odata/Records", headers=basic(token)).status_code == 200


def test_tokens_are_listed_hashed_revoked_and_audited(
    small_pages: FastAPI, analyst: TestClient
) -> None:
    token = issue_token(analyst, "Excel at REG")
    assert token not in analyst.get("/feed").text  # shown once, then never again
    with Session(small_pages.state.engine) as session:
        row = session.scalars(select(FeedToken)).one()
        assert token not in row.token_hash and len(row.token_hash) == 64
    assert analyst.get("/feed/odata/", headers=basic(token)).status_code == 200
    page = analyst.get("/feed").text
    assert "Excel at REG" in page and "aldri" not in page.split("Excel at REG")[1][:200]

    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    forged = analyst.post(f"/feed/tokens/{row.id}/revoke", data={"csrf": "x"})
    assert forged.status_code == 403
    revoked = analyst.post(
        f"/feed/tokens/{row.id}/revoke", data={"csrf": csrf}, follow_redirects=False
    )
    assert (revoked.status_code, revoked.headers["location"]) == (303, f"/feed?revoked={row.id}")
    assert analyst.get("/feed/odata/", headers=basic(token)).status_code == 401
    assert "Excel at REG" not in analyst.get("/feed").text.split("<h2 ")[1]
    with Session(small_pages.state.engine) as session:
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.actor == "analyst").order_by(AuditEvent.id)
        ).all()
    assert actions == ["sign_in", "issue_feed_token", "revoke_feed_token"]


def test_another_users_token_cannot_be_revoked(small_pages: FastAPI, analyst: TestClient) -> None:
    token = issue_token(analyst)
    add_user(small_pages, "colleague", "admin")
    with TestClient(small_pages, base_url="http://central") as other:
        assert sign_in(other, "colleague") == 303
        csrf = re.search(r'name="csrf" value="([^"]+)"', other.get("/feed").text).group(1)  # type: ignore[union-attr]
        with Session(small_pages.state.engine) as session:
            token_id = session.scalars(select(FeedToken.id)).one()
        assert other.post(f"/feed/tokens/{token_id}/revoke", data={"csrf": csrf}).status_code == 404
    assert analyst.get("/feed/odata/", headers=basic(token)).status_code == 200


def test_a_disabled_users_tokens_stop_at_once_and_work_again_when_enabled(
    small_pages: FastAPI, analyst: TestClient
) -> None:
    """Off-boarding: disabling a colleague ends their sessions and their feed tokens alike
    (feed_tokens.may_read_feed is the one rule); a removed user reads nothing."""
    token = issue_token(analyst)
    assert feed_tokens.may_read_feed(None) is False
    assert analyst.get("/feed/odata/", headers=basic(token)).status_code == 200
    with Session(small_pages.state.engine) as session:
        auth.set_disabled(now=datetime.now(UTC), session=session, username="analyst", disabled=True)
        session.commit()
    assert analyst.get("/feed/odata/", headers=basic(token)).status_code == 401
    with Session(small_pages.state.engine) as session:
        auth.set_disabled(
            now=datetime.now(UTC), session=session, username="analyst", disabled=False
        )
        session.commit()
    assert analyst.get("/feed/odata/", headers=basic(token)).status_code == 200


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    option=st.sampled_from(["$filter", "$top", "$select", "$skiptoken", "$format", "$orderby"]),
    value=st.text(max_size=40)
    | st.from_regex(
        r"(station_id|recorded_at|year|type) (eq|ge|lt|gt) ('[a-z]*'|-?\d{1,20}|"
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d)",
        fullmatch=True,
    ),
    entity=st.sampled_from(["Records", "Events", "Effect"]),
)
def test_any_query_option_is_answered_200_or_400_never_500(
    analyst: TestClient, option: str, value: str, entity: str
) -> None:
    token = getattr(analyst, "_feed_token", None) or issue_token(analyst)
    analyst._feed_token = token  # type: ignore[attr-defined]  # one token per client
    response = analyst.get(f"/feed/odata/{entity}", params={option: value}, headers=basic(token))
    assert response.status_code in (200, 400), (option, value, response.text)
    if response.status_code == 400:
        assert response.json()["error"]["target"] == option
