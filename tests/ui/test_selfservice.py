"""Resident self-service, tapped as a resident would: leave or take, category, amount, confirm."""

from datetime import datetime

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import event

from kiosk.db.models import Deposit
from kiosk.domain.hours import OSLO
from kiosk.domain.sizes import Size
from kiosk.ui.languages import kg_text, weight_text
from kiosk.ui.main_window import MainWindow
from kiosk.ui.operations import Op
from tests.helpers.guide import rows
from tests.helpers.plurals import ABOUT_KG, MEDIUM_ITEMS, cldr_category
from tests.helpers.waiting import HANG_S


class Taps:
    """Clicks with a count, so a test can say how many taps a resident needed."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.count = 0

    def __call__(self, widget) -> None:
        assert widget.isVisible() and widget.isEnabled(), widget
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
        self.count += 1


def run_flow(qtbot, kiosk: MainWindow, language: str, direction: str, category: str, count: int,
             size: Size) -> Taps:  # fmt: skip
    tap = Taps(qtbot)
    if language != "nb":
        tap(kiosk.attract.switcher.buttons[language])
    tap(kiosk.attract.leave if direction == "in" else kiosk.attract.take)
    assert kiosk.stack.currentWidget() is kiosk.flow
    tap(kiosk.flow.categories.tiles[category])
    assert kiosk.flow.currentWidget() is kiosk.flow.amount
    for _ in range(count - 1):
        tap(kiosk.flow.amount.plus)
    if size != Size.MEDIUM:
        tap(kiosk.flow.amount.size_buttons[size])
    tap(kiosk.flow.amount.next)
    assert kiosk.flow.currentWidget() is kiosk.flow.summary
    with qtbot.waitSignal(kiosk.flow.deposit_saved):
        tap(kiosk.flow.summary.confirm)
    assert kiosk.flow.currentWidget() is kiosk.flow.thanks
    return tap


FLOWS = [
    # language, direction, category, count, size, grams, words a resident of it would read
    ("nb", "in", "books_media", 3, Size.MEDIUM, 1500, ("Du legger igjen: Bøker og medier",
                                                       "1,5 kg")),
    ("nb", "out", "toys", 2, Size.LARGE, 2000, ("Du tar med deg: Leker", "2 kg")),
    ("ar", "in", "books_media", 3, Size.MEDIUM, 1500, ("تترك: كتب وأقراص وأفلام", "1.5 كغ")),
    ("ar", "out", "kitchenware", 1, Size.SMALL, 400, ("تأخذ: أدوات المطبخ", "0.4 كغ")),
]  # fmt: skip


@pytest.mark.parametrize(("language", "direction", "category", "count", "size", "grams", "words"),
                         FLOWS)  # fmt: skip
def test_a_resident_leaves_or_takes_and_the_record_is_saved(
    qtbot, kiosk: MainWindow, language, direction, category, count, size, grams, words
) -> None:
    run_flow(qtbot, kiosk, language, direction, category, count, size)

    what, amount = words
    assert kiosk.flow.summary.what.text() == what
    assert amount in kiosk.flow.summary.amount.text()
    assert amount in kiosk.flow.thanks.yours.text()
    # The first record today is the total: a sum, at the stated one decimal ("2,0").
    assert kg_text(grams, language) in kiosk.flow.thanks.today.text()
    (saved,) = rows(kiosk)
    assert (saved.category, saved.weight_g, saved.direction) == (category, grams, direction)
    assert (saved.channel, saved.weight_source, saved.sync_state) == (
        "self_service",
        "estimate",
        "pending",
    )
    assert saved.visit_id is None and saved.reverses is None


def test_the_thanks_screen_counts_the_day_the_item_was_registered_on(
    qtbot, kiosk: MainWindow
) -> None:
    """Midnight passes while the resident's deposit commits: the thank-you screen still
    counts it among the reuse items "today" (the day it was registered on), not 0 kg."""
    kiosk.wall_clock.pin(datetime(2026, 11, 26, 23, 59, 59, tzinfo=OSLO))
    engine = kiosk.store.engine

    def midnight_passes(_conn, _cursor, statement: str, *_args) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO DEPOSITS"):
            kiosk.wall_clock.pin(datetime(2026, 11, 27, 0, 0, 1, tzinfo=OSLO))

    event.listen(engine, "after_cursor_execute", midnight_passes)
    try:
        run_flow(qtbot, kiosk, "nb", "in", "books_media", 3, Size.MEDIUM)
    finally:
        event.remove(engine, "after_cursor_execute", midnight_passes)
    (saved,) = rows(kiosk)
    assert saved.recorded_at.astimezone(OSLO).day == 26
    assert "1,5 kg" in kiosk.flow.thanks.today.text()


def test_the_record_holds_no_personal_data() -> None:
    # Every column is about the item, the device or sync; a new column must be looked at here.
    assert set(Deposit.__table__.columns.keys()) <= {
        "id", "seq", "device_id", "station_id", "recorded_at", "category", "weight_g",
        "weight_source", "channel", "direction", "reverses", "visit_id", "catalog_version",
        "sync_state", "sync_error", "synced_at", "batch_id",
        "clock_flag",  # migration 0002: whether the kiosk's clock made recorded_at impossible
        "adopted_by",  # migration 0003: the station that adopted a record made before enrolment
    }  # fmt: skip


def test_arabic_reader_leaves_three_books_in_few_taps_and_kiosk_rests_by_itself(
    qtbot, kiosk: MainWindow
) -> None:
    tap = run_flow(qtbot, kiosk, "ar", "in", "books_media", 3, Size.MEDIUM)
    # language, leave, books, +, +, next, confirm: at ~2 s a gloved tap, well under 20 s.
    assert tap.count == 7
    assert kiosk.flow.thanks.title.text() == "شكرًا!"
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    (saved,) = rows(kiosk)
    assert (saved.category, saved.weight_g, saved.sync_state) == ("books_media", 1500, "pending")
    kiosk.flow.thanks.timer.setInterval(300)
    kiosk.flow.thanks.timer.start()
    qtbot.waitUntil(lambda: kiosk.stack.currentWidget() is kiosk.attract)
    # The next resident finds the kiosk in the station's language, left to right.
    assert kiosk.languages.current == "nb"
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert kiosk.attract.leave.text() == "Jeg legger igjen ting"


def test_arabic_mirrors_the_layout(qtbot, kiosk: MainWindow) -> None:
    def x(widget) -> int:
        return widget.mapTo(kiosk, QPoint(0, 0)).x()

    assert x(kiosk.attract.leave) < x(kiosk.attract.take)
    qtbot.mouseClick(kiosk.attract.switcher.buttons["ar"], Qt.MouseButton.LeftButton)
    assert kiosk.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert kiosk.attract.leave.text() == "أترك أغراضًا"
    qtbot.waitUntil(lambda: x(kiosk.attract.leave) > x(kiosk.attract.take))
    # The language names keep their own direction inside the mirrored row.
    assert kiosk.attract.switcher.buttons["nb"].text() == "Norsk"
    qtbot.mouseClick(kiosk.attract.switcher.buttons["pl"], Qt.MouseButton.LeftButton)
    assert kiosk.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert kiosk.attract.leave.text() == "Zostawiam rzeczy"


def test_idle_timeout_warns_in_their_language_then_discards_the_flow(
    qtbot, quick_idle_kiosk: MainWindow
) -> None:
    kiosk = quick_idle_kiosk  # this test is about the idle drop
    qtbot.mouseClick(kiosk.attract.switcher.buttons["so"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.attract.take, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.flow.categories.tiles["tools"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.flow.amount.plus, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.flow.amount.next, Qt.MouseButton.LeftButton)
    assert kiosk.flow.currentWidget() is kiosk.flow.summary
    warning = kiosk.flow.still_there
    with qtbot.waitSignal(kiosk.idle.idled):
        pass  # nobody touches the screen
    # Not dropped silently: the summary stays, under a countdown in Somali.
    assert warning.isVisible() and kiosk.flow.currentWidget() is kiosk.flow.summary
    assert warning.question.text() == "Weli ma joogtaa?"
    assert warning.countdown.text() == "Waxaan dib u bilaabaynaa 15 ilbiriqsi kadib."
    assert warning.geometry() == kiosk.flow.rect()
    warning.tick.setInterval(20)  # the countdown's seconds, shortened for the test
    with qtbot.waitSignal(warning.expired):
        pass
    assert kiosk.stack.currentWidget() is kiosk.attract and not warning.isVisible()
    assert kiosk.flow.draft is None and kiosk.languages.current == "nb"
    assert rows(kiosk) == []
    # A new resident starts from scratch: one medium item, step 1.
    qtbot.mouseClick(kiosk.attract.leave, Qt.MouseButton.LeftButton)
    assert kiosk.flow.currentWidget() is kiosk.flow.categories
    assert (kiosk.flow.amount.count, kiosk.flow.amount.chosen_size()) == (1, Size.MEDIUM)


def test_a_touch_on_the_warning_keeps_the_summary(qtbot, quick_idle_kiosk: MainWindow) -> None:
    kiosk = quick_idle_kiosk  # this test is about the idle drop
    qtbot.mouseClick(kiosk.attract.switcher.buttons["ar"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.attract.leave, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.flow.categories.tiles["toys"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.flow.amount.next, Qt.MouseButton.LeftButton)
    warning = kiosk.flow.still_there
    with qtbot.waitSignal(kiosk.idle.idled):
        pass
    assert warning.countdown.text() == "سنبدأ من جديد بعد 15 ثانية."
    for _ in range(5):  # five of the countdown's seconds, by its own timer's signal
        warning.tick.timeout.emit()
    assert warning.countdown.text() == "سنبدأ من جديد بعد 10 ثوانٍ."  # Arabic 3-10: few
    with qtbot.waitSignal(warning.continued):
        qtbot.mouseClick(warning, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert not warning.isVisible() and kiosk.idle.timer.isActive()
    assert kiosk.flow.currentWidget() is kiosk.flow.summary and kiosk.flow.in_progress()
    assert kiosk.languages.current == "ar"
    with qtbot.waitSignal(kiosk.flow.deposit_saved):
        qtbot.mouseClick(kiosk.flow.summary.confirm, Qt.MouseButton.LeftButton)


def test_back_keeps_the_residents_language_and_the_timeout_restores_bokmal(
    qtbot, quick_idle_kiosk: MainWindow
) -> None:
    kiosk = quick_idle_kiosk  # this test is about the idle drop
    flow = kiosk.flow
    qtbot.mouseClick(kiosk.attract.switcher.buttons["ar"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.attract.leave, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(flow.categories.tiles["books_media"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(flow.amount.bar.back, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(flow.categories.bar.back, Qt.MouseButton.LeftButton)
    assert kiosk.stack.currentWidget() is kiosk.attract
    assert kiosk.languages.current == "ar"
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert kiosk.attract.leave.text() == "أترك أغراضًا"
    # Nobody comes back: the attract screen returns to the station's language by itself.
    with qtbot.waitSignal(kiosk.idle.idled):
        pass
    assert kiosk.languages.current == "nb" and kiosk.attract.leave.text() == "Jeg legger igjen ting"


def test_back_off_the_pin_screen_keeps_the_language(qtbot, quick_idle_kiosk: MainWindow) -> None:
    kiosk = quick_idle_kiosk  # this test is about the idle drop
    # A resident who touched the staff's lock by mistake goes Back and still reads Urdu.
    qtbot.mouseClick(kiosk.attract.switcher.buttons["ur"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.attract.guide_button, Qt.MouseButton.LeftButton)
    assert kiosk.stack.currentWidget() is kiosk.pin_screen
    qtbot.mouseClick(kiosk.pin_screen.bar.back, Qt.MouseButton.LeftButton)
    assert kiosk.stack.currentWidget() is kiosk.attract
    assert kiosk.languages.current == "ur" and kiosk.attract.leave.text() == "چیزیں چھوڑیں"
    with qtbot.waitSignal(kiosk.idle.idled):
        pass
    assert kiosk.languages.current == "nb"


def test_a_language_chosen_and_left_returns_to_bokmal(qtbot, quick_idle_kiosk: MainWindow) -> None:
    kiosk = quick_idle_kiosk  # this test is about the idle drop
    qtbot.mouseClick(kiosk.attract.switcher.buttons["pl"], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(kiosk.idle.idled):
        pass
    assert kiosk.languages.current == "nb"


def test_the_amount_step_shows_the_chosen_category(qtbot, kiosk: MainWindow) -> None:
    qtbot.mouseClick(kiosk.attract.switcher.buttons["en"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.attract.leave, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.flow.categories.tiles["books_media"], Qt.MouseButton.LeftButton)
    assert kiosk.flow.amount.bar.title.text() == "Books, CDs and films"
    qtbot.mouseClick(kiosk.flow.amount.bar.back, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.flow.categories.tiles["toys"], Qt.MouseButton.LeftButton)
    assert kiosk.flow.amount.bar.title.text() == "Toys"
    kiosk.languages.switch("pl")  # the category's name follows the language live
    assert kiosk.flow.amount.bar.title.text() == "Zabawki"


def test_thirty_books_by_holding_plus_or_by_tens(qtbot, kiosk: MainWindow) -> None:
    amount = kiosk.flow.amount
    qtbot.mouseClick(kiosk.attract.leave, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.flow.categories.tiles["books_media"], Qt.MouseButton.LeftButton)
    # A held "+" repeats: one press, many steps (autoRepeat), and stops on release.
    qtbot.mousePress(amount.plus, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: amount.count >= 30)
    qtbot.mouseRelease(amount.plus, Qt.MouseButton.LeftButton)
    held = amount.count
    assert amount.count_label.text() == str(held)
    qtbot.mouseClick(amount.plus, Qt.MouseButton.LeftButton)
    assert amount.count == held + 1  # after the release, a tap is one step again
    amount.reset()
    for _ in range(3):
        qtbot.mouseClick(amount.plus_ten, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(amount.minus, Qt.MouseButton.LeftButton)
    assert amount.count == 30  # 1 + 10 + 10 + 10 - 1: four taps
    for _ in range(10):
        qtbot.mouseClick(amount.plus_ten, Qt.MouseButton.LeftButton)
    assert amount.count == 99 and not amount.plus_ten.isEnabled()  # MAX_COUNT


def test_touches_keep_the_flow_alive(qtbot, kiosk: MainWindow) -> None:
    # By order, not by the clock: once the countdown has run down a while, a touch must leave
    # more of it than was left before. Without the restart the remainder only ever shrinks.
    countdown = kiosk.idle.timer
    countdown.setInterval(4000)  # long enough that a loaded machine's slow click still fits
    qtbot.mouseClick(kiosk.attract.leave, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.flow.categories.tiles["clothes"], Qt.MouseButton.LeftButton)
    with qtbot.assertNotEmitted(kiosk.idle.idled, wait=0):
        for _ in range(2):
            qtbot.waitUntil(lambda: countdown.remainingTime() < 2000)
            before = countdown.remainingTime()
            qtbot.mouseClick(kiosk.flow.amount.plus, Qt.MouseButton.LeftButton)
            assert countdown.remainingTime() > before
    assert kiosk.flow.currentWidget() is kiosk.flow.amount and kiosk.flow.amount.count == 3


def test_back_on_every_step_and_nothing_is_saved(qtbot, kiosk: MainWindow) -> None:
    flow = kiosk.flow
    qtbot.mouseClick(kiosk.attract.leave, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(flow.categories.tiles["decor"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(flow.amount.next, Qt.MouseButton.LeftButton)
    assert flow.currentWidget() is flow.summary
    qtbot.mouseClick(flow.summary.bar.back, Qt.MouseButton.LeftButton)
    assert flow.currentWidget() is flow.amount
    qtbot.mouseClick(flow.amount.bar.back, Qt.MouseButton.LeftButton)
    assert flow.currentWidget() is flow.categories
    qtbot.mouseClick(flow.categories.bar.back, Qt.MouseButton.LeftButton)
    assert kiosk.stack.currentWidget() is kiosk.attract
    assert flow.draft is None
    assert rows(kiosk) == []


def test_a_double_tap_on_confirm_saves_once(qtbot, kiosk: MainWindow) -> None:
    qtbot.mouseClick(kiosk.attract.leave, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.flow.categories.tiles["toys"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.flow.amount.next, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(kiosk.flow.deposit_saved):
        qtbot.mouseClick(kiosk.flow.summary.confirm, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(kiosk.flow.summary.confirm, Qt.MouseButton.LeftButton)  # a bounce
    # Store work runs in order on one worker: once this no-op is through, so is any 2nd save.
    Op(kiosk, lambda: None).run_in_background().result(timeout=HANG_S)
    assert len(rows(kiosk)) == 1


def test_done_returns_to_rest_at_once(qtbot, kiosk: MainWindow) -> None:
    run_flow(qtbot, kiosk, "en", "out", "clothes", 1, Size.MEDIUM)
    assert kiosk.flow.thanks.yours.text() == (
        "You are taking home 0.4 kg of used things. That is reuse!"
    )
    qtbot.mouseClick(kiosk.flow.thanks.done, Qt.MouseButton.LeftButton)
    assert kiosk.stack.currentWidget() is kiosk.attract


def test_scale_reading_replaces_the_estimate(qtbot, kiosk: MainWindow) -> None:
    qtbot.mouseClick(kiosk.attract.leave, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.flow.categories.tiles["tools"], Qt.MouseButton.LeftButton)
    kiosk.flow.amount.show_scale_reading(3250)  # the hook the scale driver will call
    assert kiosk.flow.amount.scale_label.text() == "Vekten viser 3,25 kg."
    assert not kiosk.flow.amount.size_buttons[Size.SMALL].isVisible()
    qtbot.mouseClick(kiosk.flow.amount.next, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(kiosk.flow.deposit_saved):
        qtbot.mouseClick(kiosk.flow.summary.confirm, Qt.MouseButton.LeftButton)
    (saved,) = rows(kiosk)
    assert (saved.weight_g, saved.weight_source) == (3250, "scale_stable")


def test_resident_touch_targets_are_at_least_80_px(qtbot, kiosk: MainWindow) -> None:
    from PySide6.QtWidgets import QAbstractButton

    def check(screen) -> None:
        buttons = [b for b in screen.findChildren(QAbstractButton) if b.isVisible()]
        assert buttons
        for button in buttons:
            assert min(button.width(), button.height()) >= 80, button.objectName()

    check(kiosk.attract)
    qtbot.mouseClick(kiosk.attract.leave, Qt.MouseButton.LeftButton)
    check(kiosk.flow.categories)
    qtbot.mouseClick(kiosk.flow.categories.tiles["toys"], Qt.MouseButton.LeftButton)
    check(kiosk.flow.amount)
    qtbot.mouseClick(kiosk.flow.amount.next, Qt.MouseButton.LeftButton)
    check(kiosk.flow.summary)
    with qtbot.waitSignal(kiosk.flow.deposit_saved):
        qtbot.mouseClick(kiosk.flow.summary.confirm, Qt.MouseButton.LeftButton)
    check(kiosk.flow.thanks)
    qtbot.mouseClick(kiosk.flow.thanks.done, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.attract.guide_button, Qt.MouseButton.LeftButton)
    check(kiosk.pin_screen)


@pytest.mark.parametrize("count", [1, 2, 5])
@pytest.mark.parametrize("language", ["nb", "en", "ur", "so", "ar", "pl"])
def test_each_language_counts_right_through_the_whole_flow(
    qtbot, kiosk: MainWindow, language: str, count: int
) -> None:
    run_flow(qtbot, kiosk, language, "in", "books_media", count, Size.MEDIUM)
    grams = 500 * count  # books: 500 g each at medium size
    items = MEDIUM_ITEMS[language][cldr_category(language, count)].format(n=count)
    back = kiosk.flow.summary  # the summary as the resident confirmed it
    assert back.amount.text() == ABOUT_KG[language].format(items, weight_text(grams, language))
    assert kiosk.languages.current == language
    (saved,) = rows(kiosk)
    assert (saved.weight_g, saved.direction, saved.category) == (grams, "in", "books_media")


def strip_pixels_outside_the_outline(tile) -> int:
    """Pixels of the reuse blue on the tile's outer two rings of pixels, where its grey
    outline (and, at the rounded corners, the page) must be, as the screen shows them: a
    strip drawn as a thick bottom border replaces the outline and pokes out at the corners."""
    window = tile.window()
    image = window.grab(QRect(tile.mapTo(window, QPoint(0, 0)), tile.size())).toImage()
    w, h = image.width(), image.height()
    ring = {(x, y) for x in range(w) for y in (0, 1, h - 2, h - 1)}
    ring |= {(x, y) for x in (0, 1, w - 2, w - 1) for y in range(h)}
    return sum(
        1
        for x, y in ring
        if (c := image.pixelColor(x, y)).blue() > 150 and c.red() < 80  # #1565C0, smoothed
    )


def test_tile_strips_stay_inside_their_rounded_corners(qtbot, kiosk: MainWindow) -> None:
    qtbot.mouseClick(kiosk.attract.leave, Qt.MouseButton.LeftButton)
    tile = kiosk.flow.categories.tiles["toys"]
    assert strip_pixels_outside_the_outline(tile) == 0
    # Planted fault: the strip as a thick bottom border, as it was, pokes out at the corners.
    tile.setStyleSheet("QPushButton#reuseTile { border-bottom: 8px solid #1565C0; }")
    assert strip_pixels_outside_the_outline(tile) > 0
