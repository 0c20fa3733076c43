"""The ink check (tests/helpers/layout.py) sees what font metrics cannot: Nastaliq's letters
rising above and falling below the line its font reports. Shown on the words of the Urdu
screens the field run found cut, in the font stack they were set in before."""

import pytest
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from kiosk.ui import theme
from tests.helpers.layout import clipped_text, ink_problems, touched_edges

# The amount step's heading, the summary's title and its main line, as the field run read them.
CUT = ["کتنی چیزیں؟", "کیا یہ درست ہے؟", "آپ چھوڑ رہے ہیں: کتابیں، سی ڈیز اور فلمیں"]
# The theme's own list, which Urdu screens used: Latin first, so its metrics sized the label.
LATIN_FIRST = '"Noto Sans", "Noto Nastaliq Urdu", "DejaVu Sans", sans-serif'


def _label(qtbot, text: str, sheet: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(sheet)
    qtbot.addWidget(label)
    label.ensurePolished()  # measured in the sheet's font
    label.resize(label.sizeHint())
    with qtbot.waitExposed(label):  # a call alone returns a context and waits for nothing
        label.show()
    return label


@pytest.mark.parametrize("text", CUT)
def test_metrics_say_it_fits_while_the_ink_is_cut(qtbot, text: str) -> None:
    label = _label(qtbot, text, f"QLabel {{ font-family: {LATIN_FIRST}; font-size: 26pt; }}")
    assert clipped_text(label) is None  # the metric check sees nothing wrong
    assert touched_edges(label), "the ink check missed the cut"


@pytest.mark.parametrize("text", CUT)
def test_the_urdu_sheet_gives_the_ink_its_room(qtbot, text: str) -> None:
    label = _label(qtbot, text, theme.script_overrides("ur") + "\n* { font-size: 22pt; }")
    assert touched_edges(label) == []


def test_latin_in_a_label_that_fits_touches_nothing(qtbot) -> None:
    label = _label(qtbot, "Bøker og medier", "QLabel { font-size: 26pt; padding: 4px; }")
    assert touched_edges(label) == []


def test_a_button_whose_word_runs_into_its_frame_is_found(qtbot) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    button = QPushButton("Soomaali", holder)
    button.setStyleSheet("QPushButton { font-size: 22pt; padding: 0 12px; border: 2px solid; }")
    button.setGeometry(0, 0, 110, 80)  # narrower than the word and its padding
    holder.resize(240, 100)
    with qtbot.waitExposed(holder):  # a call alone returns a context and waits for nothing
        holder.show()
    assert ink_problems(button), "a word over the button's padding went unseen"
    button.setGeometry(0, 0, 220, 80)
    assert ink_problems(button) == []
