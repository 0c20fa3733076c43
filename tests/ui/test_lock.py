"""Locking: the guide's screen only behind the PIN, lockout after wrong tries, no way out."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication

from kiosk.composition import Kiosk
from kiosk.domain.pin import DEFAULT_PIN, Lockout, write_pin
from kiosk.paths import resolve
from kiosk.settings import Settings
from kiosk.ui import theme
from kiosk.ui.app import build_window
from kiosk.ui.lock import PinScreen
from kiosk.ui.main_window import MainWindow, WindowContext
from tests.helpers.targets import target_problems
from tests.ui.conftest import IDLE_TEST_MS, _kiosk, unlock_guide


def type_pin(qtbot, screen: PinScreen, pin: str) -> None:
    for digit in pin:
        qtbot.mouseClick(screen.keys[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.keys["OK"], Qt.MouseButton.LeftButton)


def test_a_resident_cannot_reach_the_guide_screen_without_the_pin(qtbot, kiosk: MainWindow):
    assert kiosk.stack.currentWidget() is kiosk.attract
    assert not kiosk.guide.isVisible()
    qtbot.mouseClick(kiosk.attract.guide_button, Qt.MouseButton.LeftButton)
    assert kiosk.stack.currentWidget() is kiosk.pin_screen
    type_pin(qtbot, kiosk.pin_screen, "0000")
    assert kiosk.stack.currentWidget() is kiosk.pin_screen
    assert kiosk.pin_screen.status.text() == "Feil PIN."
    assert kiosk.pin_screen.entry.text() == ""
    qtbot.mouseClick(kiosk.pin_screen.bar.back, Qt.MouseButton.LeftButton)
    assert kiosk.stack.currentWidget() is kiosk.attract
    assert not kiosk.guide_unlocked and not kiosk.guide.isVisible()


def test_an_abandoned_pin_screen_goes_back_to_rest(qtbot, quick_idle_kiosk: MainWindow) -> None:
    kiosk = quick_idle_kiosk  # this test is about the idle drop
    qtbot.mouseClick(kiosk.attract.guide_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(kiosk.idle.idled):
        pass
    assert kiosk.stack.currentWidget() is kiosk.attract


def test_the_lock_button_returns_to_the_attract_screen(qtbot, window: MainWindow) -> None:
    assert window.stack.currentWidget() is window.guide and window.guide_unlocked
    qtbot.mouseClick(window.lock_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.attract and not window.guide_unlocked


def test_a_changed_pin_is_required_and_stored_hashed(qtbot, kiosk: MainWindow, data_dir: Path):
    pin_file = resolve(data_dir).pin_file
    write_pin(pin_file, "86420")
    assert "86420" not in pin_file.read_text("utf-8")
    qtbot.mouseClick(kiosk.attract.guide_button, Qt.MouseButton.LeftButton)
    type_pin(qtbot, kiosk.pin_screen, DEFAULT_PIN)
    assert kiosk.stack.currentWidget() is kiosk.pin_screen
    qtbot.mouseClick(kiosk.pin_screen.bar.back, Qt.MouseButton.LeftButton)
    unlock_guide(qtbot, kiosk, "86420")
    assert kiosk.stack.currentWidget() is kiosk.guide


def test_five_wrong_pins_lock_for_a_growing_period_shown_on_screen(qtbot, tmp_path) -> None:
    now = [1000.0]
    screen = PinScreen(tmp_path / "pin", Lockout(max_tries=5, base_s=30), clock=lambda: now[0])
    qtbot.addWidget(screen)
    unlocked = []
    screen.unlocked.connect(lambda: unlocked.append(True))
    for _ in range(5):
        type_pin(qtbot, screen, "1111")
    assert screen.status.text() == "For mange feil. Prøv igjen om 30 sekunder."
    assert not screen.keys["1"].isEnabled() and not screen.entry.isEnabled()
    screen.entry.setText(DEFAULT_PIN)  # even the right PIN, typed on a USB keyboard
    assert not screen.submit() and unlocked == []
    now[0] += 12
    screen._show_lock_state()  # what the one-second tick does
    assert screen.status.text() == "For mange feil. Prøv igjen om 18 sekunder."
    now[0] += 18
    screen._show_lock_state()
    assert screen.keys["1"].isEnabled()
    for _ in range(5):
        type_pin(qtbot, screen, "1111")
    assert screen.status.text() == "For mange feil. Prøv igjen om 60 sekunder."  # it grew
    now[0] += 60
    screen._show_lock_state()
    type_pin(qtbot, screen, DEFAULT_PIN)
    assert unlocked == [True] and screen.lockout.lockouts == 0


def test_a_resident_cannot_close_the_locked_down_window(qtbot, kiosk: MainWindow) -> None:
    kiosk.locked_down = True
    event = QCloseEvent()
    kiosk.closeEvent(event)  # what Alt+F4 or the window manager's close asks for
    assert not event.isAccepted()
    qtbot.keyClick(kiosk, Qt.Key.Key_Escape)
    assert kiosk.isVisible() and kiosk.stack.currentWidget() is kiosk.attract
    qtbot.keyClick(kiosk, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert kiosk.isVisible()  # Ctrl+Q is no way out without the PIN
    unlock_guide(qtbot, kiosk)
    event = QCloseEvent()
    kiosk.closeEvent(event)  # unlocked, the window may close (Alt+F4 under a window manager)
    assert event.isAccepted()
    qtbot.keyClick(kiosk, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not kiosk.isVisible())  # the technician's way out


def test_an_untouched_guide_screen_locks_itself(qtbot, data_dir: Path) -> None:
    theme.apply(QApplication.instance())
    kiosk = build_window(Kiosk(resolve(data_dir).ensure(), Settings()), guide_lock_ms=IDLE_TEST_MS)
    qtbot.addWidget(kiosk)
    kiosk.show()
    unlock_guide(qtbot, kiosk)
    assert kiosk.stack.currentWidget() is kiosk.guide
    qtbot.waitUntil(lambda: kiosk.stack.currentWidget() is kiosk.attract)
    assert not kiosk.guide_unlocked
    qtbot.mouseClick(kiosk.attract.guide_button, Qt.MouseButton.LeftButton)
    assert kiosk.stack.currentWidget() is kiosk.pin_screen  # the PIN is needed again
    kiosk.shutdown()
    kiosk.store.close()


def restarted(paths, clock) -> MainWindow:
    window = MainWindow(WindowContext(Kiosk(paths, Settings()), sync=False, clock=clock))
    window.start()
    return window


def test_a_pin_lockout_survives_a_restart_of_the_app(qtbot, data_dir: Path) -> None:
    paths = resolve(data_dir).ensure()
    now = [100.0]
    first = restarted(paths, lambda: now[0])
    qtbot.addWidget(first)
    qtbot.mouseClick(first.attract.guide_button, Qt.MouseButton.LeftButton)
    for _ in range(5):
        type_pin(qtbot, first.pin_screen, "1111")
    assert first.pin_screen.status.text() == "For mange feil. Prøv igjen om 30 sekunder."
    first.shutdown()
    now[0] = 3.0  # the PC restarted: its monotonic clock began again
    second = restarted(paths, lambda: now[0])
    qtbot.addWidget(second)
    qtbot.mouseClick(second.attract.guide_button, Qt.MouseButton.LeftButton)
    assert not second.pin_screen.keys["1"].isEnabled()
    type_pin(qtbot, second.pin_screen, DEFAULT_PIN)  # ignored: the keys are disabled
    assert second.stack.currentWidget() is second.pin_screen and not second.guide_unlocked
    assert second.pin_screen.status.text().startswith("For mange feil.")
    second.shutdown()


@pytest.mark.parametrize("size", [(1280, 800), (1024, 600)])
def test_pin_keys_fit_a_glove_and_none_is_cut(qtbot, kiosk: MainWindow, size) -> None:
    kiosk.resize(*size)
    qtbot.mouseClick(kiosk.attract.guide_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kiosk.pin_screen.height() == size[1])
    QApplication.processEvents()
    assert len([k for k in kiosk.pin_screen.keys.values() if k.isVisible()]) == 12
    assert target_problems(kiosk.pin_screen) == []
    assert keypad_rows(kiosk.pin_screen) == PHONE_KEYPAD


# The keypad every hand knows from a phone, read row by row, left to right, on screen.
PHONE_KEYPAD = [["1", "2", "3"], ["4", "5", "6"], ["7", "8", "9"], ["⌫", "0", "OK"]]


def keypad_rows(screen: PinScreen) -> list[list[str]]:
    """The keys as they sit on screen: grouped by their top edge, each row sorted by x."""
    at = {key: button.mapTo(screen, button.rect().topLeft()) for key, button in screen.keys.items()}
    rows: dict[int, list[str]] = {}
    for key, point in sorted(at.items(), key=lambda item: (item[1].y(), item[1].x())):
        rows.setdefault(point.y(), []).append(key)
    return list(rows.values())


@pytest.mark.parametrize("language", ["nb", "ar"])
def test_the_pin_pad_is_a_phone_keypad_in_every_direction(
    qtbot, kiosk: MainWindow, language: str
) -> None:
    if language != kiosk.languages.current:
        qtbot.mouseClick(kiosk.attract.switcher.buttons[language], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.attract.guide_button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert keypad_rows(kiosk.pin_screen) == PHONE_KEYPAD


def test_the_first_run_pin_is_warned_about_until_it_is_changed(
    qtbot, kiosk: MainWindow, data_dir: Path
) -> None:
    unlock_guide(qtbot, kiosk)  # with 2468, as delivered
    guide = kiosk.guide
    assert guide.pin_warning.isVisible() and "2468" in guide.pin_warning.text()
    qtbot.mouseClick(guide.grid.tiles["wood"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(guide.numpad.keys["4"], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(guide.deposit_saved):
        qtbot.mouseClick(guide.confirm_button, Qt.MouseButton.LeftButton)
    assert guide.pin_warning.isVisible()  # it stays up through the work
    qtbot.mouseClick(kiosk.lock_button, Qt.MouseButton.LeftButton)
    write_pin(resolve(data_dir).pin_file, "86420")  # `kiosk set-pin`
    unlock_guide(qtbot, kiosk, "86420")
    assert kiosk.stack.currentWidget() is guide
    assert not guide.pin_warning.isVisible()


def test_a_window_after_a_polish_stations_shows_bokmal(qtbot, data_dir: Path) -> None:
    """The application's translator is one, not one per window: a Polish station's window
    that went away (back to its own language, Polish) once left Polish answering every
    string the next Bokmål window's translator lacks ("Błędny PIN." in the full suite)."""
    for polish in _kiosk(qtbot, data_dir / "pl", None, Settings(language="pl")):
        assert polish.languages.current == "pl"
    for kiosk in _kiosk(qtbot, data_dir / "nb", None, Settings()):
        qtbot.mouseClick(kiosk.attract.guide_button, Qt.MouseButton.LeftButton)
        type_pin(qtbot, kiosk.pin_screen, "0000")
        assert kiosk.pin_screen.status.text() == "Feil PIN."
