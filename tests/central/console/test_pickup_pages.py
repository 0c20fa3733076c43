"""The pickups page over the console's HTTP, on SQLite and PostgreSQL: an admin maps a plant's
fraction name, imports the example ticket file and reads its row-by-row report, and the table
shows registered against weighed with the capture rate; bad forms are 4xx naming the field."""

import re
from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from central.core.deps import get_now
from tests.central.conftest import Kiosk, add_station
from tests.central.console.conftest import csrf_of

EXAMPLE = Path(__file__).parents[3] / "docs" / "examples" / "pickups.csv"


def cells(html: str, table: str) -> list[list[str]]:
    body = html.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)[1:]
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)]
        for r in rows
    ]


def test_map_import_and_read_the_capture_rate(
    app: FastAPI, api: TestClient, staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    app.dependency_overrides[get_now] = lambda: datetime(2026, 3, 20, 12, tzinfo=UTC)
    records = [  # two loads under the kiosk's 200 kg limit
        {**kiosk.record(recorded_at=at, category="metal", weight_g=165_000), "type": "deposit"}
        for at in ("2026-02-20T10:00:00.000000Z", "2026-02-21T10:00:00.000000Z")
    ]
    batch = {**kiosk.batch(records), "contract_version": 5}
    assert api.post("/api/v1/batches", json=batch, headers=kiosk.auth).is_success
    admin = staff["admin"]
    for label, fraction in (
        ("Metall", "metal"),
        ("Trevirke", "wood"),
        ("Papp og papir", "paper_cardboard"),
        ("Hardplast", "hard_plastic"),
    ):
        saved = admin.post(
            "/pickups/mappings",
            follow_redirects=False,
            data={"label": label, "fraction": fraction, "csrf": csrf_of(admin)},
        )
        assert saved.status_code == 303, saved.text
    with EXAMPLE.open("rb") as file:
        done = admin.post(
            "/pickups/import",
            files={"file": ("pickups.csv", file, "text/csv")},
            data={"csrf": csrf_of(admin)},
            follow_redirects=False,
        )
    assert done.status_code == 303, done.text
    assert done.headers["location"] == "/pickups"  # post/redirect/get, the report shown once
    report = admin.get(done.headers["location"]).text
    assert "4 importert, 1 hoppet over som gjentakelser, 2 avvist" in report
    assert "rad 6: station_id: station_id &#39;nowhere&#39; er ikke en stasjon her." in report
    assert "rad 7: net_kg: net_kg &#39;-12&#39; må være i 0,001–" in report
    # A reload: the page, neither the report again nor a second import.
    again = admin.get("/pickups").text
    assert "importert" not in again and "rad 6" not in again
    assert admin.get("/audit?what=import_pickups").text.count("HR-") == 0

    page = staff["viewer"].get("/pickups?station=trosterud&year=2026")
    assert page.status_code == 200
    metal = [r for r in cells(page.text, "capture-periods") if r[0] == "metal"]
    assert metal == [
        [
            "metal",
            "fra de første registreringene",
            "02.03.2026 09:41",
            "HR-240311",
            "330,0",
            "412,5",
            "80 %",
        ]
    ]
    across = cells(staff["viewer"].get("/pickups?year=2026").text, "capture-totals")
    assert ["Alle stasjoner", "metal", "1", "330,0", "412,5", "80 %"] in across


def test_a_bad_mapping_is_refused_naming_the_field_and_nothing_is_saved(
    app: FastAPI, staff: dict[str, TestClient]
) -> None:
    add_station(app, "trosterud")
    admin = staff["admin"]
    for data, field in (
        ({"label": "Metall", "fraction": "no_such_category"}, "fraction"),
        ({"label": "", "fraction": "metal"}, "label"),
        ({"label": "C-1", "fraction": "metal", "station_id": "nowhere"}, "station_id"),
        ({"label": "x" * 201, "fraction": "metal"}, "label"),
    ):
        answer = admin.post("/pickups/mappings", data={**data, "csrf": csrf_of(admin)})
        assert answer.status_code == 422, answer.text
        assert f"{field}:" in answer.text or f"Refused: {field}" in answer.text
    assert 'name="key"' not in admin.get("/pickups").text  # no mapping was saved
    viewer = staff["viewer"]
    refused = viewer.post(
        "/pickups/mappings", data={"label": "Metall", "fraction": "metal", "csrf": csrf_of(viewer)}
    )
    assert refused.status_code == 403


def test_a_malformed_upload_is_400_and_writes_nothing(
    app: FastAPI, staff: dict[str, TestClient]
) -> None:
    admin = staff["admin"]
    answer = admin.post(
        "/pickups/import",
        data={"csrf": csrf_of(admin)},
        files={"file": ("t.xlsx", b"not a workbook", "application/octet-stream")},
    )
    assert answer.status_code == 400
    assert "ikke en XLSX-arbeidsbok" in answer.text
    answer = admin.post(
        "/pickups/import",
        data={"csrf": csrf_of(admin)},
        files={"file": ("t.csv", b"a,b\n1,2\n", "text/csv")},
    )
    assert answer.status_code == 400 and "ticket_no" in answer.text
    assert "Ingen hentinger med vekt i år." in admin.get("/pickups").text


def test_an_admin_switches_a_station_to_weighed_from_a_day(
    app: FastAPI, staff: dict[str, TestClient]
) -> None:
    add_station(app, "haugenstua")
    admin = staff["admin"]
    data = {"station_id": "haugenstua", "effective_from": "2026-03-01", "source": "weighed"}
    done = admin.post(
        "/pickups/sources", data={**data, "csrf": csrf_of(admin)}, follow_redirects=False
    )
    assert done.status_code == 303, done.text
    page = admin.get(done.headers["location"]).text
    assert "<td>01.03.2026</td><td>veid</td>" in page  # a Norwegian date, never ISO
    bad = admin.post(
        "/pickups/sources", data={**data, "effective_from": "soon", "csrf": csrf_of(admin)}
    )
    assert bad.status_code == 422 and "effective_from" in bad.text
    # Typed the Norwegian way (a browser without a date picker sends what is typed).
    typed = {**data, "effective_from": "1.4.2026", "csrf": csrf_of(admin)}
    assert admin.post("/pickups/sources", data=typed, follow_redirects=False).status_code == 303
    assert "<td>01.04.2026</td><td>veid</td>" in admin.get(done.headers["location"]).text
