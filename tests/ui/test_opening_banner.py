"""The attract screen tells residents, in their language, whether the station is open and
when it next opens; outside hours the station's setting may close the resident screens."""

from datetime import datetime
from typing import Any

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QTextLayout, QTextOption
from PySide6.QtWidgets import QLabel

from kiosk.domain.hours import OSLO, parse_hours
from kiosk.settings import Settings
from kiosk.ui.main_window import MainWindow
from tests.helpers.digits import mixed_digits
from tests.helpers.layout import as_read
from tests.helpers.resident_walk import set_clock
from tests.ui.conftest import _kiosk

WINTER: dict[str, Any] = {
    "version": 4,
    "station_id": "trosterud",
    "outside_hours": "closed",
    "weekly": {"mon": ["11:00-16:00"], "wed": ["11:00-16:00"], "thu": ["11:00-18:00"]},
    "seasons": [
        {
            "name": "Vinter",
            "from": "2026-12-01",
            "to": "2027-02-28",
            "weekly": {"mon": ["11:00-15:00"], "thu": ["12:00-15:00"]},
        }
    ],
    "exceptions": [{"date": "2026-12-24", "reason": "holiday", "note": "Julaften"}],
}


def at(kiosk: MainWindow, *when: int) -> None:
    set_clock(kiosk, datetime(*when, tzinfo=OSLO))


def banner(kiosk: MainWindow) -> str:
    """The line as read (``as_read``)."""
    return as_read(kiosk.attract.opening.label.text())


def test_open_now_until_closing(qtbot, kiosk: MainWindow) -> None:
    at(kiosk, 2026, 11, 26, 12, 0)  # Thursday, pilot hours from the settings file
    assert banner(kiosk) == "Åpent nå, til 18:00"
    assert kiosk.attract.opening.isVisible()


def test_closed_names_the_day_it_opens_and_the_settings_file_keeps_screens_usable(
    qtbot, kiosk: MainWindow
) -> None:
    at(kiosk, 2026, 11, 26, 19, 0)  # Thursday evening; Friday opens 11:00
    assert banner(kiosk) == "Stengt nå · Åpner i morgen kl. 11:00"
    at(kiosk, 2026, 11, 27, 17, 0)  # Friday evening; next is Monday
    assert banner(kiosk) == "Stengt nå · Åpner mandag kl. 11:00"
    # No hours from central yet: the kiosk never closes itself.
    assert kiosk.attract.leave.isVisible() and kiosk.attract.take.isVisible()


def test_published_hours_close_the_resident_screens_outside_hours(qtbot, kiosk: MainWindow) -> None:
    at(kiosk, 2026, 12, 3, 16, 0)  # Thursday in winter: 12-15 only
    with qtbot.waitSignal(kiosk.model.changed):
        kiosk.model.publish_hours(parse_hours(WINTER))
    assert banner(kiosk) == "Stengt nå\nÅpner mandag kl. 11:00"
    assert not kiosk.attract.leave.isVisible() and not kiosk.attract.take.isVisible()
    assert not kiosk.attract.welcome.isVisible()  # "register what you leave" would mislead
    assert kiosk.attract.switcher.isVisible()  # the closed message reads in every language
    at(kiosk, 2026, 12, 3, 13, 0)
    assert banner(kiosk) == "Åpent nå, til 15:00"
    assert kiosk.attract.leave.isVisible()
    usable = parse_hours({**WINTER, "version": 5, "outside_hours": "usable"})
    kiosk.model.publish_hours(usable)
    at(kiosk, 2026, 12, 3, 16, 0)
    assert banner(kiosk).startswith("Stengt nå") and kiosk.attract.take.isVisible()


def test_holiday_and_a_far_opening_in_arabic(qtbot, kiosk: MainWindow) -> None:
    kiosk.model.publish_hours(parse_hours(WINTER))
    at(kiosk, 2026, 12, 24, 12, 0)  # Christmas Eve: a Thursday, closed as a holiday
    assert banner(kiosk) == "Stengt i dag: helligdag\nÅpner mandag kl. 11:00"
    qtbot.mouseClick(kiosk.attract.switcher.buttons["ar"], Qt.MouseButton.LeftButton)
    assert banner(kiosk) == "مغلق اليوم: عطلة رسمية\nيفتح الاثنين الساعة 11:00"
    closed_long = parse_hours(
        {**WINTER, "version": 6, "weekly": {}, "seasons": [],
         "exceptions": [{"date": "2027-01-20", "reason": "changed", "hours": ["10:00-14:00"]}]}
    )  # fmt: skip
    kiosk.model.publish_hours(closed_long)
    # One set of digits: the date's as Western as the time's (the number locale, ar_AE).
    assert banner(kiosk).endswith("يفتح الأربعاء، 20 يناير 2027 الساعة 10:00")
    assert not mixed_digits(banner(kiosk))


def test_the_digit_check_catches_arabic_indic_beside_western_digits() -> None:
    """The planted fault: the line as QLocale("ar") wrote it, before the number locale."""
    assert mixed_digits("يفتح الأربعاء، ٢٠ يناير ٢٠٢٧ الساعة 10:00")
    assert not mixed_digits("يفتح الأربعاء، 20 يناير 2027 الساعة 10:00")
    assert not mixed_digits("١٠:٠٠ ٢٠٢٧")


def _ink(layout: QTextLayout, start: int, length: int) -> QRectF:
    box = QRectF()
    for run in layout.glyphRuns(start, length):
        raw = run.rawFont()
        for glyph, at in zip(run.glyphIndexes(), run.positions(), strict=True):
            box = box.united(raw.pathForGlyph(glyph).translated(at).boundingRect())
    return box


def time_overlaps(label: QLabel, time: str) -> bool:
    """Whether the ink of the words around ``time`` in ``label``'s line covers its digits'
    ink, as the label's font lays the line out right to left (Nastaliq's keheh reaching
    back over the word before it covered the "1" of "16:00")."""
    text = label.text().split("\n")[0]
    layout = QTextLayout(text, label.font())
    option = QTextOption()
    option.setTextDirection(Qt.LayoutDirection.RightToLeft)
    layout.setTextOption(option)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    at = text.index(time)
    digits = _ink(layout, at, len(time))
    before, after = _ink(layout, 0, at), _ink(layout, at + len(time), len(text))
    return digits.intersects(before) or digits.intersects(after)


@pytest.mark.parametrize("size", [(1280, 800), (1024, 600)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("language", ["ur", "ar"])
def test_no_word_covers_the_time_in_a_right_to_left_line(qtbot, data_dir, language, size) -> None:
    for kiosk in _kiosk(qtbot, data_dir / language, None, Settings(language=language)):
        kiosk.resize(*size)
        qtbot.waitUntil(lambda k=kiosk: (k.width(), k.height()) == size)
        label = kiosk.attract.opening.label
        at(kiosk, 2026, 11, 26, 12, 0)  # open until 18:00
        assert "\u206818:00\u2069" in label.text()  # isolated: its digits keep their order
        assert not time_overlaps(label, "18:00")
        at(kiosk, 2026, 11, 26, 19, 0)  # closed, opens tomorrow 11:00 (one slim line)
        assert not time_overlaps(label, "11:00")
        assert not time_overlaps(label, "·")
