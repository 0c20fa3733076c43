"""Central under test for the contract's end-to-end checks: the same fixtures as tests/central."""

from tests.central.conftest import api, app, central_settings, kiosk

__all__ = ["api", "app", "central_settings", "kiosk"]
