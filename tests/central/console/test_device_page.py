"""Devices people can name, over HTTP: a label sent at enrolment or set by an operator, shown
before the id wherever the console lists devices, and a device's own page with its history."""

from datetime import UTC, datetime
from urllib.parse import quote

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.console.pages.devices import GAPS_SHOWN
from central.models import AuditEvent, Device
from kiosk.domain.ids import uuid7
from tests.central.conftest import Kiosk, add_station, enrol_kiosk, issue_code
from tests.central.console.conftest import csrf_of
from tests.central.console.forms import form_posting_to


def _enrol(app: FastAPI, api: TestClient, **extra: object) -> tuple[int, dict[str, object]]:
    add_station(app, "trosterud")
    body = {"code": issue_code(app, "trosterud"), "device_id": str(uuid7()), **extra}
    response = api.post("/api/v1/enrol", json=body)
    return response.status_code, response.json()


def _label(app: FastAPI, device_id: str) -> str | None:
    with Session(app.state.engine) as session:
        return session.get_one(Device, device_id).label


def test_a_label_sent_at_enrolment_is_shown_before_the_id(
    app: FastAPI, api: TestClient, staff: dict[str, TestClient]
) -> None:
    status, answer = _enrol(app, api, label="  Trosterud disk ")
    assert status == 200
    device_id = str(answer["device_id"])
    assert _label(app, device_id) == "Trosterud disk"
    href = quote(device_id, safe="")
    link = (
        f'<a class="ds-link" href="/devices/{href}">'
        f'Trosterud disk <span class="muted mono">{device_id}</span></a>'
    )
    for page in ("/devices", "/", "/updates"):
        assert link in staff["viewer"].get(page).text, page


def test_enrolment_without_a_label_still_works_and_a_takeover_keeps_the_label(
    app: FastAPI, api: TestClient
) -> None:
    status, answer = _enrol(app, api)  # the body a kiosk without --label sends
    assert status == 200 and _label(app, str(answer["device_id"])) is None
    device_id = str(answer["device_id"])
    with Session(app.state.engine) as session:
        session.get_one(Device, device_id).label = "Disk"
        session.commit()
    again = {"code": issue_code(app, "trosterud"), "device_id": device_id, "takeover": True}
    assert api.post("/api/v1/enrol", json=again).status_code == 200
    assert _label(app, device_id) == "Disk"


def test_a_bad_label_at_enrolment_is_named_and_the_code_is_not_spent(
    app: FastAPI, api: TestClient
) -> None:
    add_station(app, "trosterud")
    code = issue_code(app, "trosterud")
    device_id = str(uuid7())
    for label in ("x" * 81, "two\nlines", ""):
        response = api.post(
            "/api/v1/enrol", json={"code": code, "device_id": device_id, "label": label}
        )
        assert response.status_code == 422, label
        assert "label" in response.text
    with Session(app.state.engine) as session:
        assert session.scalar(select(Device)) is None
    assert api.post("/api/v1/enrol", json={"code": code, "device_id": device_id}).status_code == 200


def test_an_operator_names_a_device_in_the_console(
    app: FastAPI, api: TestClient, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    operator = staff["operator"]
    path = f"/devices/{quote(kiosk.device_id, safe='')}"
    form = form_posting_to(operator.get(path).text, f"{path}/label")
    response = operator.post(
        form.action, data={**form.data(), "label": "Trosterud disk"}, follow_redirects=False
    )
    assert response.status_code == 303  # post/redirect/get
    assert response.headers["location"] == f"{path}?saved=label"
    page = operator.get(response.headers["location"]).text
    assert "Navnet er lagret." in page
    assert '<h1 class="ds-heading" data-size="md">Trosterud disk' in page
    assert _label(app, kiosk.device_id) == "Trosterud disk"
    # Emptied, the id is shown again.
    operator.post(form.action, data={**form.data(), "label": ""})
    assert _label(app, kiosk.device_id) is None
    with Session(app.state.engine) as session:
        lines = session.execute(
            select(AuditEvent.actor, AuditEvent.action, AuditEvent.target, AuditEvent.detail)
            .where(AuditEvent.action == "label_device")
            .order_by(AuditEvent.id)
        ).all()
    assert [tuple(line) for line in lines] == [
        ("operator", "label_device", kiosk.device_id, " -> Trosterud disk"),
        ("operator", "label_device", kiosk.device_id, "Trosterud disk -> "),
    ]


def test_a_viewer_cannot_name_a_device_and_bad_labels_write_nothing(
    app: FastAPI, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    action = f"/devices/{quote(kiosk.device_id, safe='')}/label"
    viewer = staff["viewer"]
    assert 'action="' + action not in viewer.get(action.removesuffix("/label")).text
    refused = viewer.post(action, data={"csrf": csrf_of(viewer), "label": "Mine"})
    assert refused.status_code == 403
    operator = staff["operator"]
    for label in ("x" * 81, "a\tb"):
        response = operator.post(action, data={"csrf": csrf_of(operator), "label": label})
        assert response.status_code == 422 and "label" in response.text
    assert (
        operator.post("/devices/no-such/label", data={"csrf": csrf_of(operator)}).status_code == 404
    )
    assert _label(app, kiosk.device_id) is None


def test_a_device_page_shows_its_state_history_and_last_error(
    app: FastAPI, api: TestClient, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    sent = api.post(
        "/api/v1/batches", json=kiosk.batch([kiosk.record(), kiosk.record()]), headers=kiosk.auth
    )
    assert sent.status_code == 200
    status = {"app_version": "0.4.2", "pending": 7, "quarantined": 3,
              "oldest_pending_at": None, "sent_at": datetime.now(UTC).isoformat()}  # fmt: skip
    assert api.post("/api/v1/devices/me/status", json=status, headers=kiosk.auth).status_code == 204
    path = f"/devices/{quote(kiosk.device_id, safe='')}"
    page = staff["viewer"].get(path).text
    assert "Ingen rapportert." in page
    facts = page[page.index('class="facts"') : page.index("</dl>")]
    assert "0.4.2" in facts and "<dd>7</dd>" in facts and "<dd>3</dd>" in facts
    history = page[page.index("history-h") :]
    assert "2 registreringer, sekvens 1–2" in history
    assert "Innmeldt" in history and "Siste statusrapport" in history
    last = {"version": "0.5.0", "outcome": "rolled_back",
            "reason": "no first frame after 2 starts", "at": "2026-12-08T01:40:00Z"}  # fmt: skip
    update = {"running_version": "0.4.2", "last": last}
    assert api.post("/api/v1/devices/me/update", json=update, headers=kiosk.auth).status_code == 200
    page = staff["viewer"].get(path).text
    assert "Oppdatering 0.5.0: rullet tilbake — no first frame after 2 starts" in page
    english = staff["viewer"].get(path + "?lang=en").text
    assert "2 records, seq 1–2" in english and "Contact history" in english
    assert staff["viewer"].get("/devices/no-such-device").status_code == 404


def test_a_takeover_shows_in_the_history(
    app: FastAPI, api: TestClient, staff: dict[str, TestClient]
) -> None:
    kiosk = enrol_kiosk(app, api)
    again = {"code": issue_code(app, "trosterud"), "device_id": kiosk.device_id, "takeover": True}
    assert api.post("/api/v1/enrol", json=again).status_code == 200
    page = staff["viewer"].get(f"/devices/{quote(kiosk.device_id, safe='')}").text
    assert "Overtatt (kiosken installert på nytt)" in page and "Innmeldt" in page


def _missing(page: str) -> str:
    return page.split('<dd id="missing">', 1)[1].split("</dd>", 1)[0].strip()


def test_a_device_page_names_the_numbers_central_is_missing(
    app: FastAPI, api: TestClient, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    # What `kiosk-central gaps` says, on the page an alarm links to, so nobody needs a shell.
    path = f"/devices/{quote(kiosk.device_id, safe='')}"
    assert _missing(staff["viewer"].get(path).text) == "–"  # nothing sent yet
    records = [kiosk.record() for _ in range(9)]  # seqs 1..9
    kept = [r for r in records if r["seq"] in (1, 2, 5, 6, 9)]
    assert api.post("/api/v1/batches", json=kiosk.batch(kept), headers=kiosk.auth).is_success
    assert _missing(staff["viewer"].get(path).text) == "nr. 3–4, nr. 7–8"
    late = [r for r in records if r["seq"] in (3, 4, 7)]
    assert api.post("/api/v1/batches", json=kiosk.batch(late), headers=kiosk.auth).is_success
    assert _missing(staff["viewer"].get(path).text) == "nr. 8"
    assert _missing(staff["viewer"].get(path + "?lang=en").text) == "no. 8"
    staff["viewer"].get(path + "?lang=nb")
    last = [r for r in records if r["seq"] == 8]
    assert api.post("/api/v1/batches", json=kiosk.batch(last), headers=kiosk.auth).is_success
    assert _missing(staff["viewer"].get(path).text) == "ingenting, til nr. 9"
    assert _missing(staff["viewer"].get(path + "?lang=en").text) == "nothing, to no. 9"


def test_a_device_with_many_holes_lists_the_first_and_counts_the_rest(
    app: FastAPI, api: TestClient, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    records = [kiosk.record() for _ in range(2 * (GAPS_SHOWN + 3))]
    odd = [r for r in records if r["seq"] % 2 == 1]  # every even seq missing
    assert api.post("/api/v1/batches", json=kiosk.batch(odd), headers=kiosk.auth).is_success
    missing = _missing(staff["viewer"].get(f"/devices/{quote(kiosk.device_id, safe='')}").text)
    listed = missing.split(" og ")[0].split(", ")
    assert listed == [f"nr. {n}" for n in range(2, 2 * GAPS_SHOWN + 1, 2)]
    assert missing.endswith(" og 2 hull til")  # 22 and 24 missing, 46 is past the highest
