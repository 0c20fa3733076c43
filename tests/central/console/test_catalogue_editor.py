"""The catalogue editor round-trips what it does not show: a catalogue published with the CLI,
then published unchanged from the console's form, is the same document but for its version."""

import copy
import json
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

import assets
from central.cli import main as central_main
from central.services import catalogue as catalogue_service
from tests.central.console.forms import form_posting_to

TRANSLATED = {
    "ar": "اسم",
    "ur": "نام",
    "so": "Magaca",
    "pl": "Nazwa",
}


def _latest(app: FastAPI) -> dict[str, Any]:
    with Session(app.state.engine) as session:
        row = catalogue_service.latest_catalogue(session=session)
        return json.loads(row.document)


def _translated_catalogue(version: int) -> dict[str, Any]:
    """The default catalogue with names in four more languages on ten of its categories, and
    fields the editor has no column for, on the document and on a category."""
    document = copy.deepcopy(assets.default_catalogue_document())
    document["version"] = version
    document["published_by"] = "REG fagavdeling"
    for category in document["categories"][:10]:
        category["names"] |= {
            lang: f"{name} {category['code']}" for lang, name in TRANSLATED.items()
        }
    document["categories"][0]["icon"] = "wood.svg"
    return document


def _publish_with_cli(app: FastAPI, tmp_path: Path, document: dict[str, Any]) -> None:
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    url = app.state.settings.db_url
    assert central_main(["--db-url", url, "publish-catalog", str(path)]) == 0


def test_publishing_unchanged_from_the_editor_keeps_the_document_whole(
    app: FastAPI, staff: dict[str, TestClient], tmp_path: Path
) -> None:
    published = _translated_catalogue(_latest(app)["version"] + 1)
    _publish_with_cli(app, tmp_path, published)
    operator = staff["operator"]
    page = operator.get("/catalogue")
    form = form_posting_to(page.text, "/catalogue")
    answer = operator.post("/catalogue", data=form.data())
    assert answer.status_code == 200, answer.text
    after = _latest(app)
    assert after["version"] == published["version"] + 1
    assert {**after, "version": published["version"]} == published


def test_the_editor_shows_every_language_and_saves_an_edit_to_one(
    app: FastAPI, staff: dict[str, TestClient], tmp_path: Path
) -> None:
    published = _translated_catalogue(_latest(app)["version"] + 1)
    _publish_with_cli(app, tmp_path, published)
    operator = staff["operator"]
    page = operator.get("/catalogue")
    for lang in TRANSLATED:
        assert f'name="c0_name_{lang}"' in page.text
    form = form_posting_to(page.text, "/catalogue").data()
    assert form["c0_name_ar"] == f"{TRANSLATED['ar']} wood"
    # Staff correct the Polish name of wood and clear the Somali one.
    form |= {"c0_name_pl": "Drewno", "c0_name_so": ""}
    assert operator.post("/catalogue", data=form).status_code == 200
    wood = _latest(app)["categories"][0]
    expected = published["categories"][0]["names"] | {"pl": "Drewno"}
    del expected["so"]
    assert wood["names"] == expected


def test_a_category_added_in_the_editor_has_only_what_the_form_gave(
    app: FastAPI, staff: dict[str, TestClient]
) -> None:
    operator = staff["operator"]
    form = form_posting_to(operator.get("/catalogue").text, "/catalogue").data()
    new = int(form["count"])  # the blank row at the end
    form |= {
        f"c{new}_code": "skis",
        f"c{new}_kind": "reuse",
        f"c{new}_name_nb": "Ski",
        f"c{new}_default_weight_g": "2000",
        f"c{new}_active": "on",
    }
    assert operator.post("/catalogue", data=form).status_code == 200
    assert _latest(app)["categories"][-1] == {
        "code": "skis",
        "kind": "reuse",
        "names": {"nb": "Ski"},
        "default_weight_g": 2000,
        "ewc": [],
        "ns": None,
        "active": True,
    }


def test_a_published_code_offers_no_kind_change_and_a_new_code_chooses_its_kind(
    app: FastAPI, staff: dict[str, TestClient]
) -> None:
    operator = staff["operator"]
    page = operator.get("/catalogue").text
    form = form_posting_to(page, "/catalogue").data()
    new = int(form["count"])
    # Only the blank row has a kind to choose; the published rows say theirs in words.
    assert [k for k in form if k.endswith("_kind")] == [f"c{new}_kind"]
    assert page.count("<select") == 1
    assert "kiosk-central reclassify KODE TYPE --note HVORFOR" in " ".join(page.split())
    first = _latest(app)["categories"][0]
    assert f'<span class="mono">{first["code"]}</span>' in page
    # A kind posted for a published code anyway (a stale page, a hand-made post) is not taken.
    other = "residual" if first["kind"] != "residual" else "recycling"
    form |= {"c0_kind": other, f"c{new}_code": "skis", f"c{new}_kind": "reuse",
             f"c{new}_name_nb": "Ski", f"c{new}_default_weight_g": "2000"}  # fmt: skip
    assert operator.post("/catalogue", data=form).status_code == 200
    categories = {c["code"]: c["kind"] for c in _latest(app)["categories"]}
    assert categories[first["code"]] == first["kind"] and categories["skis"] == "reuse"


def test_a_refused_weight_keeps_every_typed_value_in_the_form(
    app: FastAPI, staff: dict[str, TestClient]
) -> None:
    # A typo in one row's weight showed the published catalogue again: every edit was lost.
    operator = staff["operator"]
    form = form_posting_to(operator.get("/catalogue").text, "/catalogue").data()
    before = _latest(app)
    form |= {"c0_name_nb": "Treverk (rettet)", "c1_default_weight_g": "12,5 kg"}
    answer = operator.post("/catalogue", data=form)
    assert answer.status_code == 400
    assert "default_weight_g: må være et helt tall i 1–" in answer.text
    again = form_posting_to(answer.text, "/catalogue").data()
    assert again["c0_name_nb"] == "Treverk (rettet)"
    assert again["c1_default_weight_g"] == "12,5 kg"
    assert _latest(app) == before
