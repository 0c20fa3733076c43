"""Hypothesis fuzzes the console's forms and the door webhook on the real app, beside the
OpenAPI fuzzer (tests/central/api/test_fuzz_openapi.py), with real sessions and CSRF tokens:
no 500, nothing written by a refused post, and no page showing input unescaped."""

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Annotated, Any
from urllib.parse import urlencode

import pytest
from fastapi import FastAPI, Form
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.core.config import Settings
from central.models import AuditEvent, Base
from central.services.stations import enrol_device
from central.services.webhooks import sign
from tests.central.conftest import add_station, enrol_kiosk, issue_code
from tests.central.console.conftest import add_user, sign_in
from tests.central.console.forms import form_posting_to, forms
from tests.helpers.central_app import central_app
from tests.helpers.self_service import Station

# Per form and database: 6 forms x 2 databases stay well under a minute.
EXAMPLES = 12
MARKER = "<x-probe>"
DOOR_SECRET = "door-secret-for-the-fuzzer-0123456789"
ACCEPT = "/weights/accept"
FORM_TYPE = "application/x-www-form-urlencoded"
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,  # the same examples every run: CI never fails by luck
    database=None,
    deadline=None,
    # No shrinking: a found failure is reported as drawn, so a red CI run stays short.
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# What a hostile user types: the marker inside text, digits int() cannot read or that are far
# too big, dates far outside the records' range, control and non-ASCII characters.
SHARP = st.sampled_from(
    [
        "", " ", "0", "-1", "²", "٣", "1e3", "30000000", "2147483648", "99999999999999999999",
        "0001-01-01", "9999-12-31", "2026-02-30", "2026-11-01", "11:00-16:00", "25:00-26:00",
        "€", "\r\n", "\n", "\x00", "\ud800", "../x", "on", "recycling", "reuse", "hazardous",
        "holiday", "changed", "closed", "usable", "trosterud", "wood", "a" * 300,
    ]
)  # fmt: skip
VALUES = st.one_of(
    SHARP,
    st.text(max_size=20),
    st.builds(lambda a, b: a + MARKER + b, st.text(max_size=5), st.text(max_size=5)),
    st.integers(min_value=-(2**40), max_value=2**40).map(str),
)


def digest(app: FastAPI) -> dict[str, str]:
    """Every table's rows, hashed: equal before and after means nothing was written."""
    found = {}
    with Session(app.state.engine) as session:
        for table in Base.metadata.sorted_tables:
            rows = sorted(repr(tuple(row)) for row in session.execute(select(table)))
            found[table.name] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return found


def assert_escaped(text: str, where: str) -> None:
    assert MARKER not in text, f"{where} shows {MARKER} unescaped"


@pytest.fixture
def fuzz_app(central_settings: Settings) -> Iterator[FastAPI]:
    update = {"door_secrets": {"keysystem": DOOR_SECRET}, "login_free_per_address": 10**6}
    with central_app(central_settings, **update) as application:
        add_station(application, "trosterud", "Trosterud")
        add_user(application, "operator", "operator")
        with Session(application.state.engine) as session:  # a kiosk, for the label form
            code = issue_code(application, "trosterud")
            enrol_device(
                now=datetime.now(UTC),
                session=session,
                key=application.state.key,
                code=code,
                device_id="kiosk-1",
            )
            session.commit()
        yield application


@pytest.fixture
def operator(fuzz_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(fuzz_app, base_url="http://central") as client:
        assert sign_in(client, "operator") == 303
        yield client


# Each form: the page that has it, its action, and the pages that show what it saved.
FORMS = {
    "catalogue": ("/catalogue", "/catalogue", ["/catalogue"]),
    "hours": (
        "/stations/trosterud/hours",
        "/stations/trosterud/hours",
        ["/stations/trosterud/hours", "/stations/trosterud/usage"],
    ),
    "planned": (
        "/stations/trosterud/planned",
        "/stations/trosterud/planned",
        ["/stations/trosterud/planned", "/audit"],
    ),
    "station": ("/devices", "/stations", ["/devices", "/", "/audit"]),
    "enrol_code": ("/devices", "/devices/enrol-code", ["/devices", "/audit"]),
    "device_label": (
        "/devices/kiosk-1",
        "/devices/kiosk-1/label",
        ["/devices/kiosk-1", "/devices", "/", "/updates", "/audit"],
    ),
}
# Field names a forged post may add: the rows beyond those the page drew.
EXTRA_FIELDS = [
    "count", "c0_code", "c0_name_nb", "c0_default_weight_g", "c99_code", "c99_name_nb",
    "season_count", "exception_count", "s0_name", "s0_from", "s0_to", "s0_mon", "e0_date",
    "e0_reason", "e0_hours", "e0_note", "w_mon", "outside_hours", "station_id", "name", "label",
]  # fmt: skip


def post_form(
    app: FastAPI, client: TestClient, page: str, action: str, shown_on: list[str]
) -> Callable[[dict[str, str]], None]:
    def check(changes: dict[str, str]) -> None:
        form = form_posting_to(client.get(page).text, action).data()
        before = digest(app)
        answer = client.post(action, data=form | changes)
        assert answer.status_code < 500, answer.text
        assert_escaped(answer.text, action)
        if answer.status_code >= 400:
            assert digest(app) == before, f"refused {action} wrote something"
        for shown in shown_on:
            assert_escaped(client.get(shown).text, shown)

    return check


@pytest.mark.parametrize("name", sorted(FORMS))
def test_a_fuzzed_console_form_never_fails_writes_half_or_shows_raw_input(
    fuzz_app: FastAPI, operator: TestClient, name: str
) -> None:
    page, action, shown_on = FORMS[name]
    fields = sorted(set(form_posting_to(operator.get(page).text, action).data()) - {"csrf"})
    check = post_form(fuzz_app, operator, page, action, shown_on)

    @FUZZ
    @given(changes=st.dictionaries(st.sampled_from(fields + EXTRA_FIELDS), VALUES, max_size=6))
    def run(changes: dict[str, str]) -> None:
        check(changes)

    run()


def _plant(app: FastAPI, fault: str) -> None:
    """A form with one planted fault, for the fuzzer to find."""

    def page() -> HTMLResponse:
        return HTMLResponse('<form method="post" action="/planted"><input name="name"></form>')

    def post(name: Annotated[str, Form()] = "") -> HTMLResponse:
        if fault == "server_error":
            raise RuntimeError("planted")
        if fault == "partial_write":
            with Session(app.state.engine) as session:
                session.add(
                    AuditEvent(at=datetime.now(UTC), actor="x", action="x", target="", detail="")
                )
                session.commit()
            return HTMLResponse("refused", status_code=400)
        return HTMLResponse(f"<p>{name}</p>")  # unescaped

    app.add_api_route("/planted", page, methods=["GET"])
    app.add_api_route("/planted", post, methods=["POST"])


@pytest.mark.parametrize(
    ("fault", "found"),
    [("server_error", "planted"), ("partial_write", "wrote something"), ("unescaped", "unescaped")],
)
def test_the_fuzzer_finds_a_planted_fault(
    fuzz_app: FastAPI, operator: TestClient, fault: str, found: str
) -> None:
    _plant(fuzz_app, fault)
    check = post_form(fuzz_app, operator, "/planted", "/planted", ["/planted"])

    @FUZZ
    @given(changes=st.dictionaries(st.just("name"), VALUES, min_size=1))
    def run(changes: dict[str, str]) -> None:
        check(changes)

    with pytest.raises((AssertionError, RuntimeError), match=found):
        run()


def test_a_fuzzed_sign_in_never_fails_or_shows_raw_input(fuzz_app: FastAPI) -> None:
    with TestClient(fuzz_app, base_url="http://central") as client:

        @FUZZ
        @given(username=VALUES, password=VALUES, next_=VALUES)
        def run(username: str, password: str, next_: str) -> None:
            form = form_posting_to(client.get("/login").text, "/login").data()
            form |= {"username": username, "password": password, "next": next_}
            answer = client.post("/login", data=form, follow_redirects=False)
            assert answer.status_code in (303, 401, 422, 429), answer.text
            assert_escaped(answer.text, "/login")

        run()


OPENED_AT = st.one_of(
    SHARP,
    st.datetimes().map(lambda d: d.isoformat() + "Z"),
    st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=-1))])).map(
        datetime.isoformat
    ),
    st.just("2026-11-26T10:00:00Z"),
    st.integers().map(str),
)
ROW = st.fixed_dictionaries(
    {
        "event_id": st.one_of(st.text(max_size=20), SHARP),
        "station_id": st.one_of(st.just("trosterud"), SHARP),
        "opened_at": st.one_of(OPENED_AT, st.none()),
    },
    optional={"key_holder": VALUES, "door": VALUES},
)


def test_a_fuzzed_signed_door_delivery_keeps_the_good_rows_and_refuses_the_rest(
    fuzz_app: FastAPI,
) -> None:
    with TestClient(fuzz_app, base_url="http://central") as client:

        @FUZZ
        @given(rows=st.lists(st.one_of(ROW, VALUES, st.none()), max_size=6))
        def run(rows: list[Any]) -> None:
            body = json.dumps({"events": rows}).encode()
            timestamp = str(int(time.time()))
            headers = {
                "X-Door-Integration": "keysystem",
                "X-Door-Timestamp": timestamp,
                "X-Door-Signature": sign(secret=DOOR_SECRET, timestamp=timestamp, body=body),
                "Content-Type": "application/json",
            }
            before = digest(fuzz_app)
            answer = client.post("/api/v1/door-events", content=body, headers=headers)
            assert answer.status_code < 500, answer.text
            if answer.status_code >= 400:
                assert digest(fuzz_app) == before
                return
            result = answer.json()
            assert result["inserted"] + result["duplicates"] + len(result["refused"]) == len(rows)
            assert_escaped(answer.text, "/api/v1/door-events")

        run()


def test_a_fuzzed_weight_acceptance_never_fails_writes_half_or_shows_raw_input(
    fuzz_app: FastAPI,
) -> None:
    """The admin's accept form on the weight proposals: every refusal is a 4xx that wrote
    nothing, and no page echoes the input raw. A fuzzed value can, rarely, be the proposal
    itself; then a version is published, as it should be."""
    add_user(fuzz_app, "admin", "admin")
    with TestClient(fuzz_app, base_url="http://central") as admin:
        station = Station(fuzz_app, admin, enrol_kiosk(fuzz_app, admin, "furuset"))
        station.grow(8)
        assert sign_in(admin, "admin") == 303
        fields = ["fraction", "category", "weight_g", "version"]
        statuses: set[int] = set()

        @FUZZ
        @given(changes=st.dictionaries(st.sampled_from(fields), VALUES, min_size=1, max_size=4))
        def run(changes: dict[str, str]) -> None:
            # The page has one form per category: the first one's fields, then the changes.
            (form, *_rest) = [f for f in forms(admin.get("/weights").text) if f.action == ACCEPT]
            before = digest(fuzz_app)
            # Encoded by hand: a lone surrogate goes out as the bytes a hostile client sends.
            body = urlencode(form.data() | changes, errors="surrogatepass")
            answer = admin.post(ACCEPT, content=body, headers={"Content-Type": FORM_TYPE})
            assert answer.status_code < 500, answer.text
            statuses.add(answer.status_code)
            assert_escaped(answer.text, ACCEPT)
            if answer.status_code >= 400:
                assert digest(fuzz_app) == before, "a refused acceptance wrote something"
            for shown in ("/weights", "/audit"):
                assert_escaped(admin.get(shown).text, shown)

        run()
        assert statuses & {409, 422}, statuses  # it reached the checks, not only the CSRF
