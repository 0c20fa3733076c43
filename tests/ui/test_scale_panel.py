"""The live scale on the guide's screen, driven by the real pyserial driver over a pty."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from kiosk.composition import Kiosk
from kiosk.db.models import Deposit
from kiosk.paths import resolve
from kiosk.scale.pty_device import PtyMtSicsDevice
from kiosk.settings import Settings
from kiosk.ui import theme
from kiosk.ui.app import build_window
from kiosk.ui.main_window import MainWindow
from tests.helpers.clock import TestClock
from tests.ui.conftest import unlock_guide


@pytest.fixture
def scale_link(tmp_path: Path) -> Path:
    return tmp_path / "ttyScale"


@pytest.fixture
def device(scale_link: Path):
    with PtyMtSicsDevice(link=scale_link) as dev:
        dev.grams, dev.status = 12_345, "S"
        yield dev


@pytest.fixture
def window(qtbot, data_dir: Path, scale_link: Path, device: PtyMtSicsDevice) -> MainWindow:
    theme.apply(QApplication.instance())
    settings = Settings(
        scale_driver="mtsics",
        scale_port=str(scale_link),
        scale_poll_interval_s=0.05,
        scale_timeout_s=0.5,
        scale_reconnect_interval_s=0.1,
    )
    built = build_window(Kiosk(resolve(data_dir).ensure(), settings), wall_clock=TestClock())
    qtbot.addWidget(built)
    built.resize(1280, 800)
    built.show()
    unlock_guide(qtbot, built)  # the guide's screen, as a guide reaches it; residents lock()
    yield built
    built.shutdown()
    built.store.close()


def saved(window: MainWindow) -> list:
    with window.store.read() as conn:
        return list(conn.execute(select(Deposit.__table__)))


def test_a_stable_weight_becomes_a_record_marked_as_weighed(qtbot, window: MainWindow) -> None:
    guide = window.guide
    panel = guide.scale
    qtbot.waitUntil(panel.use.isEnabled)
    assert panel.weight.text() == "12,345 kg"
    assert panel.state.text().startswith("Stabil")

    qtbot.mouseClick(panel.use, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(guide.grid.tiles["metal"], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(guide.deposit_saved):
        qtbot.mouseClick(guide.confirm_button, Qt.MouseButton.LeftButton)

    [record] = saved(window)
    assert (record.weight_g, record.weight_source) == (12_345, "scale_stable")
    assert "⚖" in guide.today.list.item(0).text()


def test_a_moving_weight_cannot_be_used(qtbot, window: MainWindow, device) -> None:
    panel = window.guide.scale
    qtbot.waitUntil(panel.use.isEnabled)
    device.status = "D"
    qtbot.waitUntil(lambda: panel.state.text() == "I bevegelse")
    assert not panel.use.isEnabled()


def test_editing_a_scale_weight_saves_it_as_typed(qtbot, window: MainWindow) -> None:
    guide = window.guide
    qtbot.waitUntil(guide.scale.use.isEnabled)
    qtbot.mouseClick(guide.scale.use, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(guide.numpad.keys["⌫"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(guide.numpad.keys["6"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(guide.grid.tiles["metal"], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(guide.deposit_saved):
        qtbot.mouseClick(guide.confirm_button, Qt.MouseButton.LeftButton)
    [record] = saved(window)
    assert (record.weight_g, record.weight_source) == (12_346, "manual")


def test_unplug_shows_disconnected_and_replug_resumes(
    qtbot, window: MainWindow, device: PtyMtSicsDevice, scale_link: Path
) -> None:
    panel = window.guide.scale
    qtbot.waitUntil(panel.use.isEnabled)
    device.unplug()
    qtbot.waitUntil(lambda: panel.state.text() == "Vekten er frakoblet")
    assert not panel.use.isEnabled()
    # The screen keeps working while the scale is gone: the numpad still registers.
    guide = window.guide
    qtbot.mouseClick(guide.grid.tiles["wood"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(guide.numpad.keys["2"], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(guide.deposit_saved):
        qtbot.mouseClick(guide.confirm_button, Qt.MouseButton.LeftButton)

    with PtyMtSicsDevice(link=scale_link) as again:
        again.grams, again.status = 800, "S"
        qtbot.waitUntil(lambda: panel.weight.text() == "0,8 kg")
        assert panel.use.isEnabled()


def test_a_resident_puts_items_on_the_scale(
    qtbot, window: MainWindow, device: PtyMtSicsDevice
) -> None:
    window.lock()
    flow = window.flow
    qtbot.mouseClick(window.attract.leave, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(flow.categories.tiles["books_media"], Qt.MouseButton.LeftButton)
    amount = flow.amount
    assert amount.use_scale.isVisible()
    device.status = "D"  # still settling: the resident cannot go on yet
    qtbot.mouseClick(amount.use_scale, Qt.MouseButton.LeftButton)
    assert not amount.next.isEnabled()
    assert "vent til tallet står stille" in amount.scale_label.text()
    device.status = "S"
    qtbot.waitUntil(amount.next.isEnabled)
    assert "12,345 kg" in amount.scale_label.text()

    qtbot.mouseClick(amount.next, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(flow.deposit_saved):
        qtbot.mouseClick(flow.summary.confirm, Qt.MouseButton.LeftButton)
    [record] = saved(window)
    assert (record.weight_g, record.weight_source, record.channel, record.direction) == (
        12_345,
        "scale_stable",
        "self_service",
        "in",
    )


def test_a_resident_can_count_instead_when_the_scale_is_gone(
    qtbot, window: MainWindow, device: PtyMtSicsDevice
) -> None:
    window.lock()
    flow = window.flow
    qtbot.mouseClick(window.attract.leave, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(flow.categories.tiles["toys"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(flow.amount.use_scale, Qt.MouseButton.LeftButton)
    device.unplug()
    qtbot.waitUntil(lambda: "ikke tilkoblet" in flow.amount.scale_label.text())
    qtbot.mouseClick(flow.amount.count_instead, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(flow.amount.next, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(flow.deposit_saved):
        qtbot.mouseClick(flow.summary.confirm, Qt.MouseButton.LeftButton)
    [record] = saved(window)
    assert (record.weight_g, record.weight_source) == (500, "estimate")


# As without a scale (tests/ui/test_guide_layout.py): 64 px rows, 12 px apart, under both
# reuse figures.
@pytest.mark.parametrize(("size", "rows"), [((1280, 800), 3), ((1024, 600), 3)])
def test_with_a_scale_todays_list_keeps_its_rows_and_targets_fit(
    qtbot, window: MainWindow, size, rows: int
) -> None:
    from datetime import timedelta

    from kiosk.db.deposits import register_deposit
    from tests.helpers.targets import target_problems
    from tests.ui.test_guide_layout import LATE_AFTERNOON

    window.resize(*size)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == size)
    window.wall_clock.pin(LATE_AFTERNOON)  # the rows stay today's at any hour the test runs
    start = LATE_AFTERNOON - timedelta(minutes=20)
    for minute in range(12):
        register_deposit(
            store=window.store,
            category="wood",
            weight_g=1000,
            now=start + timedelta(minutes=minute),
        )
    window.guide.refresh()
    QApplication.processEvents()
    listed = window.guide.today.list
    viewport = listed.viewport().rect()
    whole = [i for i in range(listed.count()) if viewport.contains(listed.body(listed.item(i)))]
    assert len(whole) >= rows
    assert window.guide.scale.isVisible()
    assert target_problems(window.guide) == []
