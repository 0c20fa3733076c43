"""The catalogue document's rules, checked once for the kiosk and for central."""

import copy
import re
from typing import Any

import pytest

import assets
from contract.catalogue import (
    CatalogueError,
    catalogue_problems,
    check_catalogue,
    parse_catalogue,
)
from kiosk.domain.catalogue import Catalogue


def default_document() -> dict[str, Any]:
    return assets.default_catalogue_document()


def test_the_shipped_catalogue_is_valid() -> None:
    assert catalogue_problems(default_document()) == []


def _broken(path: str, value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(default_document())
    if path == "version":
        doc["version"] = value
    else:
        doc["categories"][1][path] = value
    return doc


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        ("version", 2**31, "version"),
        ("version", "2", "version"),
        ("code", "wood", "categories[1].code"),  # the first category is "wood" already
        ("code", "", "categories[1].code"),
        ("kind", "compost", "categories[1].kind"),
        ("names", {"en": "Metal"}, "categories[1].names"),
        ("default_weight_g", 0, "categories[1].default_weight_g"),
        ("default_weight_g", 2**31, "categories[1].default_weight_g"),
        # The document is checked whole: its other three fields too.
        ("ewc", "20 01 40", "categories[1].ewc"),
        ("ewc", [20_01_40], "categories[1].ewc"),
        ("ns", 7091, "categories[1].ns"),
        ("active", "yes", "categories[1].active"),
    ],
)
def test_a_broken_catalogue_names_its_field(path: str, value: Any, field: str) -> None:
    doc = _broken(path, value)
    assert [name for name, _ in catalogue_problems(doc)] == [field]
    with pytest.raises(CatalogueError, match=f"^{re.escape(field)}: "):
        check_catalogue(doc)
    with pytest.raises(ValueError, match=r"categories|version"):
        Catalogue.from_dict(doc)  # the kiosk refuses it by the same rules


def test_not_a_document_at_all() -> None:
    assert catalogue_problems([]) == [("catalogue", "must be an object")]
    assert catalogue_problems({"version": 1}) == [("categories", "must be a list")]


def test_the_typed_document_round_trips_all_seven_fields() -> None:
    doc = default_document()
    parsed = parse_catalogue(doc)
    assert parsed.to_dict() == doc
    assert Catalogue.from_dict(doc).to_dict() == doc  # the kiosk's tiles read the same fields
    assert parsed.kinds()["wood"] == "recycling"
