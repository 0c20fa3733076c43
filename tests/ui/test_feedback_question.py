"""The thank-you screen's one question, tapped as a resident would: a face writes one
feedback record in their language and direction; not answering writes nothing."""

from itertools import pairwise

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import text

from kiosk.domain.sizes import Size
from kiosk.ui.main_window import MainWindow
from kiosk.ui.selfservice.feedback import FACE_GAP
from tests.ui.test_selfservice import run_flow


def answers(kiosk: MainWindow) -> list[tuple[str, ...]]:
    with kiosk.store.read() as conn:
        query = "SELECT question, answer, language, direction, station_id FROM feedback"
        return [tuple(r) for r in conn.execute(text(query))]


@pytest.mark.parametrize(
    ("language", "direction", "face", "question", "words"),
    [
        ("ar", "out", "good", "found", "هل وجدت ما كنت تبحث عنه؟"),
        ("ur", "in", "bad", "how_was_it", "کیسا رہا؟"),
        ("nb", "in", "so_so", "how_was_it", "Hvordan var det?"),
    ],
)
def test_a_face_writes_one_answer_in_the_residents_language_and_direction(
    qtbot, kiosk: MainWindow, language: str, direction: str, face: str, question: str, words: str
) -> None:
    run_flow(qtbot, kiosk, language, direction, "books_media", 1, Size.MEDIUM)
    asked = kiosk.flow.question
    assert asked.isVisible()
    assert asked.question.text() == words
    button = next(b for a, b in asked.faces.items() if a.value == face)
    with qtbot.waitSignal(asked.answered):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    # A second tap (a glove's bounce) finds the faces closed: still one answer.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert answers(kiosk) == [(question, face, language, direction, "trosterud")]


def test_no_answer_writes_nothing_and_the_timeout_ends_the_screen(qtbot, kiosk: MainWindow) -> None:
    run_flow(qtbot, kiosk, "pl", "out", "toys", 1, Size.MEDIUM)
    kiosk.flow.thanks.timer.setInterval(200)
    kiosk.flow.thanks.timer.start()
    qtbot.waitUntil(lambda: kiosk.stack.currentWidget() is kiosk.attract)
    assert answers(kiosk) == []


def test_the_faces_are_large_named_and_apart(qtbot, kiosk: MainWindow) -> None:
    run_flow(qtbot, kiosk, "en", "out", "toys", 1, Size.MEDIUM)
    faces = list(kiosk.flow.question.faces.values())
    assert [f.accessibleName() for f in faces] == ["Good", "So-so", "Bad"]
    for face in faces:
        assert min(face.width(), face.height()) >= 64
    lefts = sorted(f.geometry().left() for f in faces)
    gaps = [b - a - faces[0].width() for a, b in pairwise(lefts)]
    assert gaps == [FACE_GAP, FACE_GAP]
