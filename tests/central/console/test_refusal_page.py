"""A refusal a browser meets outside a page's own form handling (FastAPI's check of a field,
an unknown station in the address, a role that may not) is the console's page in Bokmål;
the API, the feed and any client that does not ask for HTML keep the documented JSON."""

from fastapi.testclient import TestClient

from central.console.refusals import _CHECKS
from tests.central.conftest import Kiosk
from tests.central.console.conftest import csrf_of
from tests.central.console.test_reasons import untranslated

BROWSER = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def test_a_browser_is_refused_with_a_page_in_bokmal(
    staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    operator = staff["operator"]
    csrf = csrf_of(operator)
    for response, status, words in (
        (operator.post("/stations", headers=BROWSER,
                       data={"csrf": csrf, "station_id": "-1", "name": "x"}),
         422, "Avvist: station_id: må være en identifikator som trosterud"),
        (operator.post("/stations", headers=BROWSER,
                       data={"csrf": csrf, "station_id": "ok", "name": "x" * 300}),
         422, "Avvist: name: må være en tekst på høyst 200 tegn"),
        (operator.get("/stations/nowhere", headers=BROWSER),
         404, "Avvist: Ingen stasjon &#39;nowhere&#39;."),
        (operator.get("/pickups?year=31.2.2026", headers=BROWSER),
         422, "Avvist: year: må være et helt tall"),
        (operator.post("/users", headers=BROWSER, data={"csrf": csrf, "username": "x"}),
         403, "Avvist: Rollen din tillater ikke dette."),
    ):  # fmt: skip
        assert response.status_code == status, words
        assert response.headers["content-type"].startswith("text/html"), words
        assert words in response.text, response.text[-600:]
        assert "<nav aria-label=" in response.text  # signed in: the menu is there


def test_the_api_and_other_clients_keep_the_json_body(
    staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    viewer = staff["viewer"]
    plain = viewer.get("/stations/nowhere")
    assert plain.status_code == 404 and plain.json()["detail"]["code"] == "unknown_station"
    api = viewer.get("/api/v1/hours", headers={**BROWSER, **kiosk.auth}, params={"x": "1"})
    assert api.headers["content-type"].startswith("application/json")
    feed = viewer.get("/feed/odata/Nothing", headers=BROWSER)
    assert feed.headers["content-type"].startswith("application/json"), feed.text[:200]


def test_every_check_the_page_words_has_bokmal_words() -> None:
    assert untranslated({words.replace("{max_length}", "{}") for words in _CHECKS.values()}) == []
