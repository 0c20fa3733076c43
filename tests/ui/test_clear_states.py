"""States a guide must read at a glance: a delivery handed out says so in words in today's
list (an arrow alone read like any other row)."""

from kiosk.ui.main_window import MainWindow
from tests.ui.test_handout import register


def test_a_handed_out_row_says_out_in_words(qtbot, window: MainWindow) -> None:
    register(qtbot, window, "clothes", "3", out=True)
    register(qtbot, window, "clothes", "2")
    listed = window.guide.today.list
    out_row, in_row = listed.item(1).text(), listed.item(0).text()
    assert "Ut: Klær" in out_row, out_row
    assert "Ut:" not in in_row, in_row
