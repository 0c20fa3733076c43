"""A simulated MT-SICS device on a pty behind a symlink, so a test can unplug and replug it."""

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

if sys.platform == "win32":
    pytest.skip("pseudo-terminals are POSIX only", allow_module_level=True)

from kiosk.scale.mtsics import MtSicsScale
from kiosk.scale.pty_device import PtyMtSicsDevice

# Long enough for a loaded CI machine to answer, short enough to keep "no answer" tests fast.
ANSWER_TIMEOUT_S = 1.0


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
