import pytest

from kiosk.domain.catalogue import Catalogue
from kiosk.domain.errors import ValidationError
from kiosk.domain.kinds import Direction, Kind

REQUIRED = {
    Kind.RECYCLING: {"wood", "metal", "ee_small", "paper_cardboard", "glass_metal_packaging",
                     "hard_plastic", "textiles"},
    # Residual waste goes to energy recovery, not material recycling (issue 20.4).
    Kind.RESIDUAL: {"residual_bulky"},
    Kind.HAZARDOUS: {"batteries", "paint_glue_varnish", "light_bulbs_tubes", "spray_cans",
                     "chemicals"},
    Kind.REUSE: {"kitchenware", "books_media", "toys", "small_furniture", "sport_leisure",
                 "clothes", "decor", "tools", "electronics_working"},
}  # fmt: skip


def test_default_catalogue_covers_what_a_mini_station_takes(catalogue: Catalogue) -> None:
    for kind, codes in REQUIRED.items():
        assert {c.code for c in catalogue.active(kind)} == codes
    for category in catalogue.categories:
        assert category.names["nb"] and category.names["en"]
        assert category.default_weight_g > 0
    assert catalogue.require("batteries").ns == "7093"


def test_name_falls_back_to_bokmal(catalogue: Catalogue) -> None:
    assert catalogue.require("wood").name("so") == "Trevirke"
    assert catalogue.require("toys").name("pl") == "Zabawki"


def test_unknown_and_inactive_categories_are_refused(catalogue: Catalogue) -> None:
    with pytest.raises(ValidationError, match="«plutonium»") as err:
        catalogue.require("plutonium")
    assert err.value.code == "unknown_category"
    doc = catalogue.to_dict()
    doc["categories"][0]["active"] = False
    retired = Catalogue.from_dict(doc)
    with pytest.raises(ValidationError, match="Trevirke") as err:
        retired.require("wood")
    assert err.value.code == "inactive_category"


def test_only_reuse_items_can_go_out(catalogue: Catalogue) -> None:
    assert catalogue.require("toys", direction=Direction.OUT).kind == Kind.REUSE
    with pytest.raises(ValidationError) as err:
        catalogue.require("batteries", direction=Direction.OUT)
    assert err.value.code == "direction_not_allowed"
