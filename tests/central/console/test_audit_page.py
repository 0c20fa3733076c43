"""The audit log over HTTP: staff actions with kiosk enrolments and takeovers, in words,
filtered by who, what, station and period, and paged newest first without loss or repeat."""

import re
from datetime import UTC, datetime, timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from central.models import DeviceEvent
from central.services import auth
from tests.central.conftest import Kiosk, add_station, enrol_kiosk, issue_code

T0 = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def _rows(html: str) -> list[tuple[str, str, str]]:
    """(who, what as shown, target) of each row of the table."""
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return [
        (who, what.strip(), target)
        for who, what, target in re.findall(
            r"<tr><td>.*?</td><td>(.*?)</td><td data-action=\"[^\"]*\">(.*?)</td>"
            r"<td class=\"mono\">(.*?)</td>",
            body,
        )
    ]


def _line(app: FastAPI, at: datetime, actor: str, action: str, target: str) -> None:
    with Session(app.state.engine) as session:
        auth.record(session=session, actor=actor, action=action, target=target, now=at)
        session.commit()


def test_enrolments_and_takeovers_are_listed_in_words(
    app: FastAPI, api: TestClient, staff: dict[str, TestClient]
) -> None:
    kiosk = enrol_kiosk(app, api)
    again = {"code": issue_code(app, "trosterud"), "device_id": kiosk.device_id, "takeover": True}
    assert api.post("/api/v1/enrol", json=again).status_code == 200
    rows = _rows(staff["admin"].get("/audit").text)
    assert ("testclient", "Kiosk overtatt (installert på nytt)", kiosk.device_id) == rows[0]
    assert ("testclient", "Kiosk meldt inn", kiosk.device_id) == rows[1]
    assert ("admin", "Logget inn", "") in rows
    english = _rows(staff["admin"].get("/audit?lang=en").text)
    assert english[0][1] == "Kiosk taken over (reinstalled)" and english[1][1] == "Kiosk enrolled"


def test_filters_by_who_what_station_and_period(
    app: FastAPI, api: TestClient, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    add_station(app, "furuset")
    _line(app, T0, "kari", "revoke_device", kiosk.device_id)
    _line(app, T0 + timedelta(days=1), "kari", "save_station", "furuset")
    _line(app, T0 + timedelta(days=2), "ola", "issue_enrol_code", "trosterud")
    admin = staff["admin"]
    assert [r[2] for r in _rows(admin.get("/audit?who=kari").text)] == [
        "furuset",
        kiosk.device_id,
    ]
    assert _rows(admin.get("/audit?what=save_station").text) == [
        ("kari", "Lagret en stasjon", "furuset")
    ]
    by_station = _rows(admin.get("/audit?station=trosterud").text)
    assert [r[1] for r in by_station] == [
        "Kiosk meldt inn",  # today, after the lines made for November
        "Laget en innmeldingskode",
        "Tilbakekalte en enhet",
    ]
    # Oslo days, both ends included: 1 December is the second line's day.
    period = _rows(admin.get("/audit?who=kari&from=2026-12-01&to=2026-12-01").text)
    assert period == [("kari", "Lagret en stasjon", "furuset")]
    # Days as every other filter takes them (deps.parse_day), and shown back that way.
    page = admin.get("/audit?who=kari&from=1.12.2026&to=1.12.2026").text
    assert _rows(page) == period
    assert 'value="01.12.2026"' in page
    assert _rows(admin.get("/audit?who=nobody").text) == []


def test_a_bad_filter_is_named_and_answered_400(staff: dict[str, TestClient]) -> None:
    for query, words in (
        ("from=31.11.2026", "from: &#39;31.11.2026&#39; er ikke en dag (skriv den som 15.6.2026)"),
        ("to=x", "to: &#39;x&#39; er ikke en dag"),
        ("before=zz", "Kan ikke lese filteret before."),
    ):
        response = staff["viewer"].get(f"/audit?{query}")
        assert response.status_code == 400, query
        assert words in response.text, query
        assert "2026-12-31" not in response.text


def test_every_line_is_on_exactly_one_page_newest_first(
    app: FastAPI, api: TestClient, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    # 229 staff lines and 30 device events, many sharing a moment with one another, so the
    # cursor has to order ties across both tables: the second page ends on a device event
    # with staff lines of the same moment after it.
    for n in range(229):
        _line(app, T0 + timedelta(seconds=n // 3), "kari", "save_station", f"s{n:03}")
    with Session(app.state.engine) as session:
        for n in range(30):
            session.add(
                DeviceEvent(
                    device_id=kiosk.device_id,
                    kind="takeover",
                    at=T0 + timedelta(seconds=n * 2),
                    station_id="trosterud",
                    new_token_hash=f"h{n}",
                    client=f"c{n:02}",
                )
            )
        session.commit()
    seen: list[tuple[str, str, str]] = []
    url: str | None = "/audit?from=2026-11-30&to=2026-11-30"
    pages = 0
    while url:
        page = staff["admin"].get(url).text
        seen += _rows(page)
        found = re.search(r'href="(/audit\?[^"]+)" rel="next"', page)
        url = found.group(1).replace("&amp;", "&") if found else None
        pages += 1
    assert pages == 3
    expected = [
        *(("kari", f"s{n:03}", T0 + timedelta(seconds=n // 3), "a", n) for n in range(229)),
        *((f"c{n:02}", kiosk.device_id, T0 + timedelta(seconds=n * 2), "d", n) for n in range(30)),
    ]
    expected.sort(key=lambda e: (e[2], e[3], e[4]), reverse=True)
    assert [(who, target) for who, _, target in seen] == [(e[0], e[1]) for e in expected]


def test_a_refused_filter_comes_back_as_typed(staff: dict[str, TestClient]) -> None:
    # A new analyst's typo in "to" emptied every field of the form, "who" too.
    page = staff["viewer"].get("/audit?who=kari&from=1.11.2026&to=31.11.2026").text
    fields = dict(re.findall(r'name="(who|from|to)" value="([^"]*)"', page))
    assert fields == {"who": "kari", "from": "1.11.2026", "to": "31.11.2026"}
    shown = staff["viewer"].get("/audit?from=2026-11-01").text
    assert re.search(r'name="from" value="01.11.2026"', shown)  # read, then shown Norwegian
