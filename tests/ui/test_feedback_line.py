"""A refusal on a staff form is drawn in the theme's red, and a saved note is not.

Before the one feedback line, the events, material-flow and pickup screens set a property the
theme never styled ("error"), so a refusal looked exactly like "Lagret". Read from pixels."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from kiosk.ui.activity_widgets import FeedbackLine
from kiosk.ui.main_window import MainWindow
from tests.ui.test_events_screen import open_events

TAP = Qt.MouseButton.LeftButton
REFUSAL_RED = QColor("#FDE3E3")  # theme.qss, #feedback[state="error"]


def background(label: FeedbackLine) -> QColor:
    """The colour of the label's own corner pixel, inside its rounded border's radius."""
    return label.grab().toImage().pixelColor(label.width() // 2, 2)


def test_a_refused_flow_is_red_and_a_saved_one_is_not(qtbot, window: MainWindow) -> None:
    events = open_events(qtbot, window)
    qtbot.mouseClick(events.flow_button, TAP)
    flow = events.flow
    qtbot.mouseClick(flow.numpad.keys["5"], TAP)
    qtbot.mouseClick(flow.save_button, TAP)  # no kind chosen: refused
    assert "Velg hva det var" in flow.feedback.text()
    assert background(flow.feedback) == REFUSAL_RED

    flow.feedback.say("Lagret: 5 kg")
    assert background(flow.feedback) != REFUSAL_RED


def test_the_pickup_screens_refusal_is_red_too(qtbot, window: MainWindow) -> None:
    qtbot.mouseClick(window.pickup_button, TAP)
    screen = window.pickup
    qtbot.mouseClick(screen.save_button, TAP)  # nothing chosen: refused
    assert screen.feedback.text()
    assert background(screen.feedback) == REFUSAL_RED


def test_the_check_sees_a_refusal_styled_the_old_way(qtbot, window: MainWindow) -> None:
    """Planted fault: the property the screens used to set leaves the line uncoloured."""
    events = open_events(qtbot, window)
    qtbot.mouseClick(events.flow_button, TAP)
    line = events.flow.feedback
    line.setProperty("error", True)
    line.setText("Velg hva det var og hvor det kom fra.")
    assert background(line) != REFUSAL_RED
