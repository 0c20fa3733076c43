"""Every reason a console page can show is in the page's language: the validators' literal
reasons (found in their source, so a new one cannot be forgotten) each have a Bokmål template,
the console shows them translated, and the API's answers stay English, naming the field."""

import ast
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import central.console.main  # noqa: F401  (every page's words are in the catalogue)
from central.console.reasons import reason_text
from tests.central.conftest import Kiosk
from tests.central.console.conftest import csrf_of
from tests.central.console.forms import form_posting_to
from tests.central.console.test_hours_pages import hours_form

ROOT = Path(__file__).resolve().parents[3]
# The validators whose reasons console pages show (hours and catalogue editors, form numbers).
VALIDATORS = (
    "contract/hours.py",
    "contract/catalogue.py",
    "central/services/catalogue.py",
    "central/services/hours.py",
    "central/console/pages/hours.py",
    "central/console/deps.py",
    # The analyst's pages' filters (all_stations.py's are covered by its own test below: its
    # ("asc", "desc") pair would read as a reason here).
    "central/console/pages/records.py",
    "central/console/pages/events.py",
    "central/console/pages/effect.py",
    "central/services/effect.py",
    # The earlier figures' form and import, and the pickups page's mapping form and import.
    "central/services/effect_history.py",
    "central/console/pages/history.py",
    "central/services/pickups.py",
    "central/console/pages/pickups.py",
    # What a page's address or a stale page can name, refused by the services (console pages
    # show these through refusals.py or their own form's refusal).
    "central/services/feed_tokens.py",
    "central/services/handover.py",
    "central/services/learned_weights.py",
    "central/services/planned.py",
    "central/services/record_browser.py",
    "central/services/revocation.py",
    "central/services/updates.py",
)
# _Refused and RowRefusal: a ticket row's reasons (central/services/pickups.py), which the
# pickups import reports row by row.
ERRORS = {"Invalid", "Conflict", "NotFound", "HoursError", "DomainError", "Malformed",
          "_Refused", "RowRefusal"}  # fmt: skip


def _template(node: ast.AST, constants: dict[str, str]) -> str | None:
    """A reason as written: a string, or an f-string with ``{}`` for each value."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(str(v.value) if isinstance(v, ast.Constant) else "{}" for v in node.values)
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    return None


def reasons_in(source: str) -> set[str]:
    """The (field, reason) problems' reasons and the domain errors' messages in ``source``."""
    tree = ast.parse(source)
    constants = {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    found = set()
    for node in ast.walk(tree):
        reason = None
        if isinstance(node, ast.Tuple) and len(node.elts) == 2:
            reason = _template(node.elts[1], constants)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) in ERRORS and node.args:
            reason = _template(node.args[-1], constants)
        # "{}: {}" only joins a field and a reason found elsewhere; a pair of single words
        # (("station", "device"), ("asc", "desc"), path prefixes) is names, not a reason.
        if reason and reason.replace("{}", "").strip(": ") and " " in reason.strip():
            found.add(reason)
    return found


def untranslated(reasons: set[str]) -> list[str]:
    missing = []
    for reason in sorted(reasons):
        values = [f"V{i}" for i in range(reason.count("{}"))]
        sample = reason.replace("{}", "\x00").replace("\x00", "{}").format(*values)
        shown = reason_text(sample, "nb")
        if shown == sample or not all(v in shown for v in values):
            missing.append(reason)
    return missing


def test_the_validators_give_reasons_to_check() -> None:
    reasons = set().union(*(reasons_in((ROOT / p).read_text("utf-8")) for p in VALIDATORS))
    assert len(reasons) >= 35
    assert "must be 'HH:MM-HH:MM'" in reasons
    assert "Category {} was {}; a code keeps its kind. Use a new code." in reasons


@pytest.mark.parametrize("path", VALIDATORS)
def test_every_reason_a_validator_gives_has_bokmal_words(path: str) -> None:
    assert untranslated(reasons_in((ROOT / path).read_text("utf-8"))) == []


def test_a_new_reason_without_bokmal_words_is_caught() -> None:
    planted = 'def check(x):\n    return [(f"{x}.colour", "must be purple")]\n'
    assert untranslated(reasons_in(planted)) == ["must be purple"]


def test_values_and_the_field_path_are_kept_and_english_stays_english() -> None:
    message = "seasons[1].weekly.thu[0]: closes 09:00, not after it opens 10:00"
    assert reason_text(message, "nb") == (
        "seasons[1].weekly.thu[0]: stenger 09:00, ikke etter at det åpner 10:00"
    )
    assert reason_text(message, "en") == message
    weight = "wood: default_weight_g: must be a whole number within 1..40000000"
    assert reason_text(weight, "nb") == "wood: default_weight_g: må være et helt tall i 1–40000000"


def test_any_text_before_a_colon_is_a_path_even_a_code_with_spaces_or_bangs() -> None:
    # A catalogue code the validator quotes as it is: "my code!" did not look like a path,
    # so its reason stayed English on a Bokmål page.
    for code in ("my code!", "a b", "x!", "row 3"):
        message = f"{code}: default_weight_g: must be a whole number within 1..400"
        assert (
            reason_text(message, "nb") == f"{code}: default_weight_g: må være et helt tall i 1–400"
        )
    assert reason_text("no words we know: at all", "nb") == "no words we know: at all"


def test_a_reason_carried_inside_another_is_translated_too() -> None:
    message = "fraction: fraction names no category of the catalogue: 'tre'."
    assert reason_text(message, "nb") == (
        "fraction: fraksjonen er ingen kategori i katalogen: 'tre'."
    )


def test_the_earlier_figures_and_pickup_mappings_refuse_in_bokmal(
    staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    admin = staff["admin"]
    csrf = csrf_of(admin)
    page = admin.post(
        "/stations/trosterud/history",
        data={
            "csrf": csrf,
            "row": "left_for_reuse_kg",
            "year": "2021",
            "value": "-1",
            "source": "x",
        },
    )
    assert page.status_code == 400
    assert "Avvist: value: kan ikke være negativ" in page.text
    csv = "station;row;year;value;source\ntrosterud;left_for_reuse_kg;1999;5;pilot\n"
    report = admin.post(
        "/stations/trosterud/history/import",
        data={"csrf": csrf},
        files={"file": ("h.csv", csv.encode(), "text/csv")},
    )
    assert "0 importert, 0 uendret, 1 avvist" in report.text
    assert "rad 1: year: må være i 2000–2099" in report.text
    page = admin.post("/pickups/mappings", data={"csrf": csrf, "label": "", "fraction": "x"})
    assert page.status_code == 422
    assert "label må være 1–200 tegn: navnet slik filen skriver det." in page.text


def test_a_ticket_import_reports_each_row_in_bokmal(
    staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    # A new analyst read "row 2: net_kg: net_kg 'x' is not a number." on a Bokmål page.
    admin = staff["admin"]
    csv = (
        "ticket_no;weighed_at;station_id;fraction;net_kg\n"
        "A-1;02.03.2026 09:41;trosterud;metal;12\n"
        "A-2;02.03.2026 09:41;trosterud;metal;x\n"
        "A-3;02.03.1999 09:41;trosterud;metal;1\n"
        ";02.03.2026 09:41;;tre;1\n"
        "A-1;02.03.2026 09:41;trosterud;metal;13\n"
    )
    done = admin.post(
        "/pickups/import",
        data={"csrf": csrf_of(admin)},
        files={"file": ("t.csv", csv.encode(), "text/csv")},
    )
    for words in (
        "1 importert, 0 hoppet over som gjentakelser, 4 avvist",
        "rad 2: net_kg: net_kg &#39;x&#39; er ikke et tall.",
        "rad 3: weighed_at: weighed_at må være innenfor årene 2000–2099.",
        "rad 4: ticket_no: ticket_no mangler.",
        "rad 5: net_kg: ticket_no &#39;A-1&#39; finnes allerede med annen net_kg;",
    ):
        assert words in done.text, (words, done.text.split('role="status"')[-1][:900])
    assert " row " not in done.text.split('role="status"')[-1].split("</div>")[0]


def test_the_analyst_pages_refuse_their_filters_in_bokmal(staff: dict[str, TestClient]) -> None:
    # A new analyst read "from: '31.2.2026' is not a day (15.6.2026)" on a Bokmål page.
    viewer = staff["viewer"]
    for path, words in [
        ("/records?from=31.2.2026", "from: &#39;31.2.2026&#39; er ikke en dag (skriv den som"),
        ("/records?channel=phone", "channel: &#39;phone&#39; er ikke én av guide, self_service"),
        ("/events?kind=zzz", "kind: &#39;zzz&#39; er ikke en type arrangement"),
        ("/events?from=2.1.2026&to=1.1.2026", "to: kan ikke være før fra-datoen"),
        ("/stations?row=bad", "row: &#39;bad&#39; er ikke en rad i effekttabellen"),
        ("/stations?dir=up", "dir: &#39;up&#39; er verken asc eller desc"),
        ("/effect?from_year=abc", "from_year: &#39;abc&#39; er ikke et årstall"),
        ("/effect?from_year=2026&to_year=2020", "to_year: kan ikke være før from_year"),
    ]:
        page = viewer.get(path)
        assert page.status_code == 422, path
        assert words in page.text, (path, page.text.split('role="alert"')[-1][:200])


def test_the_console_refuses_in_bokmal_and_the_api_in_english(
    staff: dict[str, TestClient], kiosk: Kiosk
) -> None:
    operator = staff["operator"]
    page = operator.post(
        "/stations/trosterud/hours?lang=nb", data=hours_form(operator, s0_thu="9-10")
    )
    assert page.status_code == 400
    assert "Sesong 1, Tor (seasons[0].weekly.thu[0]): må skrives «TT:MM-TT:MM»" in page.text
    english = operator.post(
        "/stations/trosterud/hours?lang=en", data=hours_form(operator, s0_thu="9-10")
    )
    assert "Season 1, Thu (seasons[0].weekly.thu[0]): must be &#39;HH:MM-HH:MM&#39;" in english.text
    form = form_posting_to(operator.get("/catalogue?lang=nb").text, "/catalogue").data()
    code = form["c0_code"]
    page = operator.post("/catalogue", data={**form, "c0_default_weight_g": "0"})
    assert page.status_code == 400
    assert f"Avvist: {code}: default_weight_g: må være et helt tall i 1–" in page.text
    api = operator.get("/api/v1/hours", params={"hours_format": 0}, headers=kiosk.auth)
    assert api.status_code == 422 and "hours_format" in api.text and "må" not in api.text
