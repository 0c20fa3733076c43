"""A staff screen names every category in the staff screens' one language (Bokmål), at every
station (issue 27): at an Arabic or an Urdu station the guide's reuse tiles and today's
resident rows read Arabic or Urdu beside Bokmål waste tiles, one screen in two languages."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kiosk.domain.kinds import Channel
from kiosk.settings import Settings
from kiosk.ui.main_window import MainWindow
from tests.helpers.layout import settle
from tests.ui.conftest import _kiosk, unlock_guide
from tests.ui.test_guide_layout import fill_day


@pytest.fixture(params=["ar", "ur"])
def station(request, qtbot, data_dir: Path) -> Iterator[MainWindow]:
    for built in _kiosk(qtbot, data_dir, None, Settings(language=request.param)):
        unlock_guide(qtbot, built)
        yield built


def test_the_guide_names_categories_in_bokmal(qtbot, station: MainWindow) -> None:
    assert station.model is not None
    catalogue = station.model.catalogue
    # The catalogue does name these in the station's language: the test could see it.
    language = station.languages.default
    assert catalogue.get("books_media").names.get(language)
    tiles = station.guide.grid.tiles
    assert {code: tile.label.text() for code, tile in tiles.items()} == {
        code: catalogue.get(code).names["nb"] for code in tiles
    }
    fill_day(station, 2, channel=Channel.SELF_SERVICE)  # a resident's own rows
    fill_day(station, 1)
    rows = station.guide.today.list
    names = [rows.item(i).data(Qt.ItemDataRole.UserRole + 1).name for i in range(rows.count())]
    assert names == ["Elektronikk som virker"] * 3
    qtbot.mouseClick(tiles["books_media"], Qt.MouseButton.LeftButton)
    settle(station)
    assert station.guide.chosen.text() == "Bøker og medier"
