"""Today's list paints its own text (kiosk/ui/today_list.py, RowDelegate), where the ink check
of labels and buttons cannot look: each text of a row (time, tag, name, weight) is rendered
alone by the delegate and its ink must stay inside its own cell, off the row's frame, at
1280x800 and 1024x600 in every station language (issue 27: an Urdu resident row's Nastaliq
ran out of its name cell towards the time column)."""

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem

from kiosk.db.deposits import register_deposit, undo_deposit
from kiosk.domain.kinds import Channel, Direction
from kiosk.settings import Settings
from kiosk.ui.languages import LANGUAGES
from kiosk.ui.main_window import MainWindow
from kiosk.ui.today_list import (
    COLUMN_GAP,
    ROW_GAP,
    ROW_HEIGHT,
    ROW_ROLE,
    PaintedText,
    Row,
    RowDelegate,
    RowLayout,
)
from tests.helpers.layout import row_ink_problems, settle
from tests.ui.conftest import _kiosk, unlock_guide
from tests.ui.test_guide_layout import fill_day

SIZES = [(1280, 800), (1024, 600)]
# The reuse names as an Urdu station's list showed its residents' rows before staff screens
# named categories in Bokmål: the fault the check must see, whatever the catalogue holds.
URDU = ["باورچی خانے کا سامان", "چلتی ہوئی الیکٹرانکس", "کتابیں، سی ڈیز اور فلمیں", "کھلونے",
        # Longer than a row even with the "beboer" tag under the time: it is elided.
        "باورچی خانے کا سامان، کتابیں، سی ڈیز اور فلمیں"]  # fmt: skip


def station(qtbot, data_dir: Path, language: str, size: tuple[int, int]) -> Iterator[MainWindow]:
    for window in _kiosk(qtbot, data_dir / language, None, Settings(language=language)):
        unlock_guide(qtbot, window)
        window.resize(*size)
        qtbot.waitUntil(lambda w=window: (w.width(), w.height()) == size)
        yield window


def a_full_day(window: MainWindow) -> None:
    """Every kind of row at the top of the list: a resident's, one handed out, one undone,
    the catalogue's longest name with the heaviest weight a scale gives."""
    fill_day(window, 2, channel=Channel.SELF_SERVICE)
    now = window.wall_clock()
    longest = max(window.model.catalogue.active(), key=lambda c: len(c.name()))
    store = window.store
    register_deposit(store=store, category=longest.code, weight_g=199_999, now=now)
    out = register_deposit(
        store=store, category="toys", weight_g=800, direction=Direction.OUT, now=now
    )
    undo_deposit(store=store, deposit_id=out.id, now=now + timedelta(seconds=1))
    register_deposit(store=store, category="books_media", weight_g=2_400,
                     channel=Channel.SELF_SERVICE, now=now)  # fmt: skip
    window.guide.refresh()
    settle(window)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("language", list(LANGUAGES))
def test_each_text_of_a_row_keeps_its_ink_in_its_cell(qtbot, data_dir, language, size) -> None:
    for window in station(qtbot, data_dir, language, size):
        a_full_day(window)
        listed = window.guide.today.list
        assert listed.count() >= 5
        assert row_ink_problems(listed) == []


def urdu_problems(window: MainWindow) -> list[str]:
    """What the check finds with each Urdu name in turn on every row."""
    listed = window.guide.today.list
    found = []
    for name in URDU:
        for index in range(listed.count()):
            item = listed.item(index)
            item.setData(ROW_ROLE, replace(item.data(ROW_ROLE), name=name))
        settle(window)
        found += row_ink_problems(listed)
    return found


class ByAdvance(RowDelegate):
    """The delegate as it was: the name elided by its advance alone, as Qt measures text,
    in the cell it had while the "beboer" tag stood beside it rather than under the time."""

    def layout(self, option: QStyleOptionViewItem, row: Row) -> RowLayout:
        parts = super().layout(option, row)
        if not row.tag:
            return parts
        bold = QFont(option.font)
        bold.setBold(True)
        beside = QFontMetrics(bold).horizontalAdvance(row.tag) + 8 + COLUMN_GAP
        return replace(parts, name=parts.name.adjusted(beside, 0, 0, 0))

    def draw(self, painter: QPainter, text: PaintedText) -> None:
        painter.setFont(text.font)
        painter.setPen(text.pen)
        shown = text.text
        if text.part == "name":
            shown = QFontMetrics(text.font).elidedText(
                text.text, Qt.TextElideMode.ElideRight, text.cell.width()
            )
        painter.drawText(text.cell, text.flags, shown)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_urdu_names_keep_their_ink_in_their_cell(qtbot, data_dir, size) -> None:
    """Urdu in the list (the fault as it was): the check finds its ink out of the name's cell
    when the name is set by its advance, and nothing once it is set by its ink."""
    for window in station(qtbot, data_dir, "ur", size):
        a_full_day(window)
        assert urdu_problems(window) == []
        listed = window.guide.today.list
        listed.setItemDelegate(ByAdvance(listed))
        found = urdu_problems(window)
        assert found and all("the name's ink" in problem for problem in found), found


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_residents_row_shows_its_whole_name_beside_a_heavy_weight(qtbot, data_dir, size) -> None:
    """Issue 27: beside the "beboer" tag a resident's row read "Bøker og med…" and
    "Ut: Kjøkkenut…". Every reuse category, left and taken, with the heaviest weight a scale
    gives, reads whole; the tag sits under the time, and the row keeps its ink checks."""
    for window in station(qtbot, data_dir, "nb", size):
        now = window.wall_clock()
        reuse = [c for c in window.model.catalogue.active() if c.kind.value == "reuse"]
        for category in reuse:
            for direction in (Direction.IN, Direction.OUT):
                register_deposit(
                    store=window.store,
                    category=category.code,
                    weight_g=199_999,
                    direction=direction,
                    channel=Channel.SELF_SERVICE,
                    now=now,
                )
        window.guide.refresh()
        settle(window)
        listed = window.guide.today.list
        delegate = listed.itemDelegate()
        assert isinstance(delegate, RowDelegate)
        names = []
        for index in range(listed.count()):
            listed.scrollToItem(listed.item(index))
            settle(window)
            model_index = listed.model().index(index, 0)
            option = QStyleOptionViewItem()
            option.initFrom(listed.viewport())
            option.font = listed.font()
            option.widget = listed
            option.rect = listed.visualRect(model_index)
            delegate.initStyleOption(option, model_index)
            row = model_index.data(ROW_ROLE)
            assert row.tag
            (name,) = [t for t in delegate.texts(option, row) if t.part == "name"]
            names.append(delegate.placed(name)[3])
            assert row_ink_problems(listed) == []
        assert [n for n in names if "…" in n] == []
        assert len(names) == 2 * len(reuse)
        assert listed.visualRect(listed.model().index(0, 0)).height() == ROW_HEIGHT + ROW_GAP
