"""Weighing-scale drivers (MT-SICS over serial, simulated) and the reader the UI drives. No Qt.

``open_scale(settings)`` is the one entry point: it picks the driver the settings name.
"""

from typing import TYPE_CHECKING

from kiosk.scale.reader import ScaleReader
from kiosk.scale.reading import CommandResult, Reading, ReadingState

if TYPE_CHECKING:
    from kiosk.scale.driver import ScaleDriver
    from kiosk.settings import Settings

__all__ = ["CommandResult", "Reading", "ReadingState", "ScaleReader", "open_scale"]


def open_scale(settings: "Settings") -> ScaleReader | None:
    """The reader for the configured scale, or None when ``scale_driver = "none"``.

    Never touches the port: the first ``poll()`` connects, so a missing scale costs
    nothing at start-up and shows up as a "disconnected" reading instead.
    """
    if settings.scale_driver == "none":
        return None
    driver: ScaleDriver
    if settings.scale_driver == "simulated":
        from kiosk.scale.simulated import SimulatedScale

        driver = SimulatedScale()
    elif settings.scale_driver == "mtsics":
        from kiosk.scale.mtsics import MtSicsScale  # pyserial only when a scale is used

        driver = MtSicsScale(
            settings.scale_port,
            baudrate=settings.scale_baud,
            xonxoff=settings.scale_xonxoff,
            timeout_s=settings.scale_timeout_s,
        )
    else:
        raise ValueError(f"unknown scale_driver {settings.scale_driver!r}")
    return ScaleReader(
        driver,
        poll_interval_s=settings.scale_poll_interval_s,
        reconnect_interval_s=settings.scale_reconnect_interval_s,
    )
