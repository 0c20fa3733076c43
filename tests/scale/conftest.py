"""A simulated MT-SICS device on a pty behind a symlink, so a test can unplug and replug it."""

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

if sys.platform == "win32":
    pytest.skip("pseudo-terminals are POSIX only", allow_module_level=True)

from kiosk.scale.mtsics import MtSicsScale
from kiosk.scale.pty_device import PtyMtSicsDevice
from tests.helpers.waiting import HANG_S

# A read that expects an answer waits for it up to the suite's one bound against a hang: no
# machine is too slow for it. A test that wants silence shortens it for that read
# (``test_mtsics_serial.meeting_silence``): there the timeout is what is under test.
ANSWER_TIMEOUT_S = HANG_S


@pytest.fixture
def port_link(tmp_path: Path) -> Path:
    return tmp_path / "ttyScale"


@pytest.fixture
def device(port_link: Path) -> Iterator[PtyMtSicsDevice]:
    with PtyMtSicsDevice(link=port_link) as dev:
        yield dev


@pytest.fixture
def scale(port_link: Path, device: PtyMtSicsDevice) -> Iterator[MtSicsScale]:
    driver = MtSicsScale(str(port_link), baudrate=9600, timeout_s=ANSWER_TIMEOUT_S)
    yield driver
    driver.close()
