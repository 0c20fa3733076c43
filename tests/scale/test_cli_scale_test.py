"""`kiosk scale-test`: live readings to check a scale's connection."""

from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.scale.pty_device import PtyMtSicsDevice


def test_simulate_prints_live_readings_over_the_serial_path(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["scale-test", "--simulate", "--count", "12", "--interval", "0.001"]) == 0
    out = capsys.readouterr().out
    assert "Simulated MT-SICS scale on /dev/" in out
    assert "moving" in out
    assert "saveable" in out  # the settled item, stable, offered for saving


def test_reads_the_port_named_in_settings(
    data_dir: Path, device: PtyMtSicsDevice, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "settings.toml").write_text(
        f'scale_driver = "mtsics"\nscale_port = "{device.path}"\n', "utf-8"
    )
    device.grams = 2500
    assert main(["scale-test", "--count", "1", "--reset"]) == 0
    out = capsys.readouterr().out
    assert f"serial number {device.serial_number}" in out
    assert "2,5 kg" in out
    assert device.received == ["@", "SI"]


def test_a_missing_port_is_reported_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    port = str(tmp_path / "ttyUSB0")
    assert main(["scale-test", "--port", port, "--count", "1"]) == 1
    out = capsys.readouterr().out
    assert "disconnected" in out
    assert f"{port}: no such port" in out


def test_without_a_configured_scale_it_says_how_to_configure_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["scale-test"]) == 2
    err = capsys.readouterr().err
    assert 'scale_driver = "mtsics"' in err
    assert "--simulate" in err
