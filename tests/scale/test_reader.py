"""ScaleReader: the worker-thread side the UI drives; it must stop promptly and never raise."""

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.scale.mtsics import MtSicsScale
from kiosk.scale.pty_device import PtyMtSicsDevice
from kiosk.scale.reader import ScaleReader
from kiosk.scale.reading import CommandResult, Reading, ReadingState
from kiosk.scale.simulated import SimulatedScale
from tests.helpers.waiting import HANG_S, wait_until

JOIN_S = HANG_S  # close() ends the thread at once; the bound only catches a hang


class Collector:
    """Runs ``reader.readings()`` on a thread, as the UI's QThread will."""

    def __init__(self, reader: ScaleReader) -> None:
        self.reader = reader
        self.readings: list[Reading] = []
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        for reading in self.reader.readings():
            self.readings.append(reading)

    def stop(self) -> None:
        self.reader.close()
        self.thread.join(timeout=JOIN_S)
        assert not self.thread.is_alive(), "close() did not end readings()"


@pytest.fixture
def make_reader() -> Iterator:
    made: list[ScaleReader] = []

    def make(driver, **kwargs) -> ScaleReader:
        reader = ScaleReader(driver, **kwargs)
        made.append(reader)
        return reader

    yield make
    for reader in made:
        reader.close()


def test_readings_flow_until_close(make_reader) -> None:
    collector = Collector(make_reader(SimulatedScale(), poll_interval_s=0.001))
    wait_until(lambda: len(collector.readings) >= 20)
    collector.stop()
    states = {reading.state for reading in collector.readings}
    assert {ReadingState.STABLE, ReadingState.MOVING} <= states
    count = len(collector.readings)
    assert collector.reader.poll().state is ReadingState.DISCONNECTED
    assert len(collector.readings) == count


def test_close_interrupts_the_wait_between_reconnects(make_reader, tmp_path: Path) -> None:
    driver = MtSicsScale(str(tmp_path / "missing"), timeout_s=0.2)
    collector = Collector(make_reader(driver, reconnect_interval_s=600))
    wait_until(lambda: collector.readings)
    assert collector.readings[0].state is ReadingState.DISCONNECTED
    collector.stop()


def test_close_interrupts_a_read_waiting_for_a_silent_scale(
    make_reader, device: PtyMtSicsDevice
) -> None:
    device.queue_reply()  # never answers
    collector = Collector(make_reader(MtSicsScale(device.path, timeout_s=600)))
    wait_until(lambda: device.received)
    collector.stop()
    assert collector.readings == []  # nothing half-read was handed out


def test_tare_runs_at_once_even_with_a_long_poll_interval(
    make_reader, device: PtyMtSicsDevice
) -> None:
    device.unit, device.grams = "g", 400
    reader = make_reader(MtSicsScale(device.path, timeout_s=1), poll_interval_s=600)
    collector = Collector(reader)
    wait_until(lambda: collector.readings)
    result = reader.tare().result(timeout=JOIN_S)
    assert result == CommandResult(True, "tare set", grams=400)
    wait_until(lambda: len(collector.readings) >= 2)
    assert collector.readings[1] == Reading.stable(0)
    assert device.received[:3] == ["SI", "T", "SI"]
    collector.stop()


def test_poll_runs_queued_commands_without_a_thread(make_reader, device) -> None:
    device.grams = 1000
    reader = make_reader(MtSicsScale(device.path, timeout_s=1))
    zero = reader.zero()
    reset = reader.reset()
    assert not zero.done()
    assert reader.poll() == Reading.stable(0)
    assert zero.result(timeout=0).ok
    assert reset.result(timeout=0).serial == device.serial_number
    assert reader.last == Reading.stable(0)


def test_commands_after_close_fail_at_once(make_reader) -> None:
    reader = make_reader(SimulatedScale())
    queued = reader.zero()
    reader.close()
    assert queued.result(timeout=0) == CommandResult(False, "scale closed")
    assert reader.tare().result(timeout=0).ok is False
    assert reader.closed


def test_unplug_and_replug_through_the_reader(make_reader, device, port_link: Path) -> None:
    device.grams = 5000
    reader = make_reader(
        MtSicsScale(device.path, timeout_s=0.5), poll_interval_s=0.01, reconnect_interval_s=0.01
    )
    collector = Collector(reader)
    wait_until(lambda: Reading.stable(5000) in collector.readings)
    device.unplug()
    wait_until(lambda: collector.readings[-1].state is ReadingState.DISCONNECTED)
    with PtyMtSicsDevice(link=port_link) as replugged:
        replugged.grams = 6000
        wait_until(lambda: collector.readings[-1] == Reading.stable(6000))
        collector.stop()
    seen = collector.readings
    lost = next(i for i, r in enumerate(seen) if r.state is ReadingState.DISCONNECTED)
    back = seen.index(Reading.stable(6000))
    assert lost < back
    # Nothing to save until the replugged scale answers (it may say 0 g before 6 kg is
    # set), and the old 5 kg never reappears from a stale buffer.
    assert all(r.weight_for_saving is None for r in seen[lost:back])
    assert Reading.stable(5000) not in seen[lost:]


class BrokenDriver(SimulatedScale):
    def read(self) -> Reading:
        raise RuntimeError("driver bug")

    def zero(self) -> CommandResult:
        raise RuntimeError("driver bug")


def test_a_driver_bug_becomes_an_error_reading_not_a_crash(make_reader, caplog) -> None:
    reader = make_reader(BrokenDriver())
    future = reader.zero()
    reading = reader.poll()
    assert reading.state is ReadingState.ERROR
    assert "driver bug" in reading.message
    assert future.result(timeout=0).ok is False
    assert "Traceback" in caplog.text or any(r.exc_info for r in caplog.records)
