"""Scale settings (declared in kiosk.settings) and the open_scale factory that reads them."""

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.scale import open_scale
from kiosk.scale.mtsics import MtSicsScale
from kiosk.scale.reading import ReadingState
from kiosk.scale.simulated import SimulatedScale
from kiosk.settings import Settings, SettingsError, from_mapping, load


def test_no_scale_by_default() -> None:
    assert Settings().scale_driver == "none"
    assert open_scale(Settings()) is None


def test_mtsics_settings_from_a_file_reach_the_driver(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        'scale_driver = "mtsics"\n'
        'scale_port = "/dev/serial/by-id/usb-FTDI_FT232R-if00-port0"\n'
        "scale_baud = 4800\n"
        "scale_xonxoff = true\n"
        "scale_poll_interval_s = 0.5\n"
        "scale_timeout_s = 2\n",  # an int is fine for a float setting
        "utf-8",
    )
    reader = open_scale(load(path))
    assert reader is not None
    driver = reader.driver
    assert isinstance(driver, MtSicsScale)
    assert driver.port == "/dev/serial/by-id/usb-FTDI_FT232R-if00-port0"
    assert (driver.baudrate, driver.xonxoff, driver.timeout_s) == (4800, True, 2.0)
    assert reader.poll_interval_s == 0.5
    assert not driver.connected  # opening the reader never touches the port
    reader.close()


def test_missing_port_is_a_disconnected_reading_not_an_exception(tmp_path: Path) -> None:
    settings = from_mapping(
        {"scale_driver": "mtsics", "scale_port": str(tmp_path / "nope"), "scale_timeout_s": 0.2}
    )
    reader = open_scale(settings)
    assert reader is not None
    assert reader.poll().state is ReadingState.DISCONNECTED
    reader.close()


def test_simulated_driver() -> None:
    reader = open_scale(from_mapping({"scale_driver": "simulated"}))
    assert reader is not None
    assert isinstance(reader.driver, SimulatedScale)
    assert reader.poll().state is ReadingState.STABLE
    reader.close()


@pytest.mark.parametrize(
    ("values", "mentions"),
    [
        ({"scale_driver": "mettler"}, "scale_driver must be one of none, mtsics, simulated"),
        ({"scale_driver": "mtsics"}, "needs scale_port"),
        ({"scale_baud": 0}, "scale_baud must be positive"),
        ({"scale_poll_interval_s": -1.0}, "scale_poll_interval_s must be positive"),
        ({"scale_timeout_s": float("nan")}, "scale_timeout_s must be positive"),
        ({"scale_baud": "9600"}, "scale_baud must be int"),
        ({"scale_timeout_s": True}, "scale_timeout_s must be float"),
        ({"scale_xonxoff": 1}, "scale_xonxoff must be bool"),
        ({"scale_prot": "COM3"}, "unknown setting(s) scale_prot"),
    ],
)
def test_bad_scale_settings_are_refused_by_name(values: dict, mentions: str) -> None:
    with pytest.raises(SettingsError) as raised:
        from_mapping(values)
    assert mentions in str(raised.value)


def test_scale_package_never_imports_qt() -> None:
    code = (
        "import sys, kiosk.scale, kiosk.scale.mtsics, kiosk.scale.simulated, "
        "kiosk.scale.protocol, kiosk.scale.reader, kiosk.scale.pty_device; "
        "sys.exit('PySide6' in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=30)
