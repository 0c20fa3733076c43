"""The interface every scale driver offers, so the reader and the UI never care which one it is."""

from typing import Protocol

from kiosk.scale.reading import CommandResult, Reading


class ScaleDriver(Protocol):
    """A scale. Every method reports faults in its return value and never raises for them.

    Methods other than ``abort`` are called from one thread at a time (the ScaleReader's).
    """

    def read(self) -> Reading:
        """One weight reading, stable or not; reconnects first if the scale was lost."""
        ...

    def zero(self) -> CommandResult: ...

    def tare(self) -> CommandResult: ...

    def reset(self) -> CommandResult: ...

    def abort(self) -> None:
        """From any thread: make a read or command in progress give up soon (before close)."""
        ...

    def close(self) -> None: ...
