"""The real pyserial driver against a simulated MT-SICS device on a pseudo-terminal."""

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.scale.mtsics import MtSicsScale
from kiosk.scale.pty_device import PtyMtSicsDevice
from kiosk.scale.reading import Reading, ReadingState
from tests.helpers.waiting import HANG_S, wait_until

SILENCE_S = 0.2


@contextlib.contextmanager
def meeting_silence(scale: MtSicsScale) -> Iterator[None]:
    """For the one read that must meet silence, a short timeout: it is what is under test.
    Every other read waits for its answer up to the hang bound, however slow the machine."""
    before = scale.timeout_s
    scale.timeout_s = SILENCE_S
    try:
        yield
    finally:
        scale.timeout_s = before


@pytest.mark.parametrize(
    ("status", "unit", "grams", "expected"),
    [
        ("S", "kg", 12_345, Reading.stable(12_345)),
        ("S", "g", 1_250, Reading.stable(1_250)),
        ("D", "kg", 120, Reading.moving(120)),
        ("D", "g", 87, Reading.moving(87)),
        ("+", "kg", 0, Reading.overload()),
        ("-", "kg", 0, Reading.underload()),
    ],
)
def test_reads_what_the_scale_says(
    scale: MtSicsScale,
    device: PtyMtSicsDevice,
    status: str,
    unit: str,
    grams: int,
    expected: Reading,
) -> None:
    device.status, device.unit, device.grams = status, unit, grams
    assert scale.read() == expected
    assert device.received == ["SI"]


def test_stable_only_read_sends_s_and_refuses_a_moving_weight(
    scale: MtSicsScale, device: PtyMtSicsDevice
) -> None:
    device.status, device.grams = "D", 900
    reading = scale.read(immediate=False)
    assert reading.state is ReadingState.ERROR
    assert reading.weight_for_saving is None
    assert device.received == ["S"]


@pytest.mark.parametrize(
    ("answer", "mentions"), [(b"ES\r\n", "ES"), (b"ET\r\n", "ET"), (b"EL\r\n", "EL")]
)
def test_error_answers_are_reported(
    scale: MtSicsScale, device: PtyMtSicsDevice, answer: bytes, mentions: str
) -> None:
    device.queue_reply(answer)
    reading = scale.read()
    assert reading.state is ReadingState.ERROR
    assert mentions in reading.message
    assert reading.grams is None


def test_a_line_split_across_writes_is_joined(scale: MtSicsScale, device: PtyMtSicsDevice) -> None:
    device.queue_reply(b"S S    1", b"2.3", b"45 kg\r", b"\n", gap_s=0.03)
    assert scale.read() == Reading.stable(12_345)


def test_lf_only_line_ends_are_accepted(scale: MtSicsScale, device: PtyMtSicsDevice) -> None:
    device.queue_reply(b"S S    2.000 kg\n")
    assert scale.read() == Reading.stable(2000)


def test_garbage_alone_is_an_error_and_never_a_weight(
    scale: MtSicsScale, device: PtyMtSicsDevice
) -> None:
    device.queue_reply(b"\xff\xfe\x00S#S 1..0 kq\r\n")
    with meeting_silence(scale):  # noise, then nothing more: told when the wait ends
        reading = scale.read()
    assert reading.state is ReadingState.ERROR
    assert "unreadable" in reading.message
    assert reading.grams is None
    device.grams = 3000
    assert scale.read() == Reading.stable(3000)  # and the next poll is fine again


def test_noise_before_the_answer_is_skipped(scale: MtSicsScale, device: PtyMtSicsDevice) -> None:
    device.queue_reply(b"\x13\x11~~\r\nS S      4.500 kg\r\n")
    assert scale.read() == Reading.stable(4500)


def test_endless_bytes_without_line_end_are_an_error(
    scale: MtSicsScale, device: PtyMtSicsDevice
) -> None:
    device.queue_reply(b"\x55" * 1000)  # what a wrong baud rate looks like
    with meeting_silence(scale):
        reading = scale.read()
    assert reading.state is ReadingState.ERROR
    assert reading.grams is None


def test_an_unfinished_line_never_becomes_a_weight(
    scale: MtSicsScale, device: PtyMtSicsDevice
) -> None:
    device.queue_reply(b"S S      5.0")
    with meeting_silence(scale):
        reading = scale.read()
    assert reading.state is ReadingState.DISCONNECTED
    assert reading.grams is None
    # The rest of that line arriving late must not complete a weight for the next poll.
    device.queue_reply(b"00 kg\r\n")
    with meeting_silence(scale):
        assert scale.read().grams is None
    device.grams = 700
    assert scale.read() == Reading.stable(700)


def test_a_stale_extra_answer_is_not_taken_for_the_next_one(
    scale: MtSicsScale, device: PtyMtSicsDevice
) -> None:
    device.queue_reply(b"S S      9.999 kg\r\nS S      8.888 kg\r\n")
    assert scale.read() == Reading.stable(9999)
    device.grams = 1000
    assert scale.read() == Reading.stable(1000)


def test_a_silent_scale_is_reported_disconnected(
    scale: MtSicsScale, device: PtyMtSicsDevice
) -> None:
    device.queue_reply()  # swallow the command, answer nothing
    with meeting_silence(scale):
        reading = scale.read()
    assert reading.state is ReadingState.DISCONNECTED
    assert "no answer" in reading.message
    device.grams = 250
    assert scale.read() == Reading.stable(250)


def test_unplug_reports_disconnected_and_replug_reconnects_by_path(
    scale: MtSicsScale, device: PtyMtSicsDevice, port_link: Path
) -> None:
    device.grams = 1500
    assert scale.read() == Reading.stable(1500)

    device.unplug()
    lost = scale.read()
    assert lost.state is ReadingState.DISCONNECTED
    assert lost.grams is None
    assert "scale disconnected" in lost.message
    still_gone = scale.read()
    assert still_gone.state is ReadingState.DISCONNECTED
    assert str(port_link) in still_gone.message

    with PtyMtSicsDevice(link=port_link) as replugged:
        replugged.grams = 2750
        assert scale.read() == Reading.stable(2750)
        assert replugged.received == ["SI"]


def test_unplug_in_the_middle_of_an_answer(scale: MtSicsScale, device: PtyMtSicsDevice) -> None:
    scale.timeout_s = 2 * HANG_S  # the unplug, not the timeout, must end this read
    device.queue_reply(b"S S     3.")
    result: list[Reading] = []
    reader = threading.Thread(target=lambda: result.append(scale.read()))
    reader.start()
    wait_until(lambda: device.received)
    device.unplug()
    reader.join(timeout=HANG_S)
    assert not reader.is_alive()
    assert result[0].state is ReadingState.DISCONNECTED
    assert result[0].grams is None


def test_a_port_that_never_existed(tmp_path: Path) -> None:
    driver = MtSicsScale(str(tmp_path / "ttyUSB9"), timeout_s=0.2)
    reading = driver.read()
    assert reading.state is ReadingState.DISCONNECTED
    assert "ttyUSB9" in reading.message
    assert driver.zero().ok is False
    driver.close()


def test_zero_tare_and_reset(scale: MtSicsScale, device: PtyMtSicsDevice) -> None:
    device.unit, device.grams = "g", 800
    tare = scale.tare()
    assert (tare.ok, tare.grams) == (True, 800)
    device.grams = 2300
    assert scale.read() == Reading.stable(1500)  # net of the tare

    reset = scale.reset()
    assert (reset.ok, reset.serial) == (True, device.serial_number)
    assert scale.read() == Reading.stable(2300)  # reset cleared the tare

    assert scale.zero().ok
    assert scale.read() == Reading.stable(0)
    assert device.received == ["T", "SI", "@", "SI", "Z", "SI"]


def test_zero_and_tare_refused_while_moving(scale: MtSicsScale, device: PtyMtSicsDevice) -> None:
    device.status = "D"
    zero, tare = scale.zero(), scale.tare()
    assert not zero.ok and "not stable" in zero.message
    assert not tare.ok and tare.grams is None


def test_abort_ends_a_read_waiting_for_a_silent_scale(
    scale: MtSicsScale, device: PtyMtSicsDevice
) -> None:
    scale.timeout_s = 2 * HANG_S  # only the abort can end this read before the join gives up
    device.queue_reply()
    result: list[Reading] = []
    reader = threading.Thread(target=lambda: result.append(scale.read()))
    reader.start()
    wait_until(lambda: device.received)
    scale.abort()
    reader.join(timeout=HANG_S)
    assert not reader.is_alive()
    assert result[0].grams is None
