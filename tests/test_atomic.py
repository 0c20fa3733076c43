"""kiosk/atomic.py on a real folder: owner-only, no temp file left, old content kept on failure.
(That the result survives a power cut is proven by tests/db/test_power_cut.py.)"""

import os
import stat
from pathlib import Path

import pytest

from kiosk import atomic


def test_a_write_replaces_the_file_owner_only_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "device_token"
    target.write_text("old")
    os.chmod(target, 0o644)
    atomic.write(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["device_token"]


def test_a_failed_write_keeps_the_old_version(tmp_path: Path) -> None:
    target = tmp_path / "guide_pin.scrypt"
    atomic.write(target, b"old")
    with pytest.raises(TypeError):
        atomic.write(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["guide_pin.scrypt"]


def test_replace_puts_a_finished_file_in_place(tmp_path: Path) -> None:
    tmp, target = tmp_path / "x.tmp", tmp_path / "x.qm"
    tmp.write_bytes(b"compiled")
    atomic.replace(tmp, target)
    assert target.read_bytes() == b"compiled" and not tmp.exists()
