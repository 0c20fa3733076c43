"""Every day a person types into the console is read by one parser (deps.parse_day): 15.6.2026
as Norwegians write it, or 2026-06-15 as a date field sends it; each page refuses in Bokmål
naming its own field."""

import re
from pathlib import Path

from fastapi.testclient import TestClient

from tests.central.conftest import Kiosk

CONSOLE = Path(__file__).resolve().parents[3] / "central" / "console"
# A day read from text, anywhere but the one parser (a wire cursor's moment is datetime's).
OWN_PARSER = re.compile(r"strptime\(|\bdate\.fromisoformat\(")


def own_day_parsers(files: dict[str, str]) -> list[str]:
    return [name for name, text in files.items() if OWN_PARSER.search(text)]


def test_no_console_page_reads_a_day_its_own_way() -> None:
    files = {
        str(p.relative_to(CONSOLE)): p.read_text("utf-8")
        for p in CONSOLE.rglob("*.py")
        if p.name != "deps.py"
    }
    assert len(files) > 20
    assert own_day_parsers(files) == []


def test_a_page_with_its_own_day_parser_is_caught() -> None:
    planted = {"x.py": "def _cutoff(t):\n    return date.fromisoformat(t)\n"}
    assert own_day_parsers(planted) == ["x.py"]


def test_the_effect_report_takes_a_cutoff_typed_the_norwegian_way(
    staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    viewer = staff["viewer"]
    typed = viewer.get("/effect?from_year=2026&cutoff=15.6.2026")
    assert typed.status_code == 200, typed.text.split('role="alert"')[-1][:200]
    assert typed.text == viewer.get("/effect?from_year=2026&cutoff=2026-06-15").text
    assert "til 15.06.26" in typed.text or "to 15.06.26" in typed.text
    bad = viewer.get("/effect?cutoff=31.2.2026")
    assert bad.status_code == 422
    assert "cutoff: &#39;31.2.2026&#39; er ikke en dag (skriv den som 15.6.2026)" in bad.text


def test_a_planned_event_s_day_is_read_the_same_way(
    staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    operator = staff["operator"]
    page = operator.get("/stations/trosterud/planned").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    form = {"csrf": csrf, "kind": "bike_workshop", "start": "17:00", "end": "19:00", "place": ""}
    # A day in the past, typed either way, is read as that day (and refused for it).
    for typed in (" 1.1.2026 ", "2026-01-01"):
        answer = operator.post("/stations/trosterud/planned", data={**form, "day": typed})
        assert answer.status_code == 400, typed
        assert "Avvist, Slutter: er allerede passert" in answer.text, typed
    for typed in ("", "31.2.2027", "١.١.٢٠٢٧", "x" * 300):
        answer = operator.post("/stations/trosterud/planned", data={**form, "day": typed})
        assert answer.status_code == 400, typed
        assert "Avvist, Dag: må være en dag som 18.06.2026" in answer.text, typed


def test_the_as_of_moment_is_asked_for_and_read_the_norwegian_way(
    staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    # The refusal showed a new analyst ISO examples (2024-02-01T12:00) to copy.
    viewer = staff["viewer"]
    bad = viewer.get("/effect?as_of=31.2.2026")
    assert bad.status_code == 422
    alert = bad.text.split('role="alert"')[1].split("</p>")[0]
    assert "as_of: oppgi en dag (1.2.2024) eller et tidspunkt (1.2.2024 12:00)" in alert
    assert not re.search(r"\d{4}-\d{2}-\d{2}", alert)
    typed = viewer.get("/effect?from_year=2026&as_of=1.2.2026 12:00")
    assert typed.status_code == 200

    def table(html: str) -> str:
        return html.split("<table", 1)[1].split("</table>", 1)[0]

    iso = viewer.get("/effect?from_year=2026&as_of=2026-02-01T12:00").text
    assert table(typed.text) == table(iso)
    assert table(typed.text) != table(viewer.get("/effect?from_year=2026&as_of=2.2.2026").text)
