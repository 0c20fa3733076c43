"""Locking: the guide's screen only behind the PIN, lockout after wrong tries, no way out."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication

from kiosk.domain.pin import DEFAULT_PIN, Lockout, write_pin
from kiosk.paths import resolve
from kiosk.settings import Settings
from kiosk.ui import theme
from kiosk.ui.app import build_window
from kiosk.ui.lock import PinScreen
from kiosk.ui.main_window import MainWindow
from tests.ui.conftest import IDLE_TEST_MS, unlock_guide


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


def test_an_abandoned_pin_screen_goes_back_to_rest(qtbot, kiosk: MainWindow) -> None:
    qtbot.mouseClick(kiosk.attract.guide_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(kiosk.idle.idled, timeout=10_000):
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
    qtbot.waitUntil(lambda: not kiosk.isVisible(), timeout=10_000)  # the technician's way out


def test_an_untouched_guide_screen_locks_itself(qtbot, data_dir: Path) -> None:
    theme.apply(QApplication.instance())
    kiosk = build_window(resolve(data_dir).ensure(), Settings(), guide_lock_ms=IDLE_TEST_MS)
    qtbot.addWidget(kiosk)
    kiosk.show()
    unlock_guide(qtbot, kiosk)
    assert kiosk.stack.currentWidget() is kiosk.guide
    qtbot.waitUntil(lambda: kiosk.stack.currentWidget() is kiosk.attract, timeout=10_000)
    assert not kiosk.guide_unlocked
    qtbot.mouseClick(kiosk.attract.guide_button, Qt.MouseButton.LeftButton)
    assert kiosk.stack.currentWidget() is kiosk.pin_screen  # the PIN is needed again
    kiosk.shutdown()
    kiosk.store.close()
