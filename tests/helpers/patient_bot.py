"""pytest-qt's QtBot whose waits end on what they wait for: the default bound of every wait
is HANG_MS, which catches a hang, instead of pytest-qt's 5 s, which a loaded machine misses."""

from typing import Any

from pytestqt.qtbot import QtBot

from tests.helpers.waiting import HANG_MS


class PatientBot(QtBot):
    """The ``qtbot`` fixture of this suite (tests/conftest.py). A test states no timeout: a
    wait that decides pass or fail by the wall clock is tuned to one machine's speed."""

    def waitSignal(self, signal: Any, *, timeout: int = HANG_MS, **kwargs: Any) -> Any:
        return super().waitSignal(signal, timeout=timeout, **kwargs)

    def waitSignals(self, signals: Any, *, timeout: int = HANG_MS, **kwargs: Any) -> Any:
        return super().waitSignals(signals, timeout=timeout, **kwargs)

    def waitUntil(self, callback: Any, *, timeout: int = HANG_MS) -> None:
        __tracebackhide__ = True
        super().waitUntil(callback, timeout=timeout)

    def waitExposed(self, widget: Any, *, timeout: int = HANG_MS) -> Any:
        return super().waitExposed(widget, timeout=timeout)

    def waitActive(self, widget: Any, *, timeout: int = HANG_MS) -> Any:
        return super().waitActive(widget, timeout=timeout)

    def waitCallback(self, *, timeout: int = HANG_MS, **kwargs: Any) -> Any:
        return super().waitCallback(timeout=timeout, **kwargs)
