"""What a scale says, as plain values: one weight reading, or the result of a zero/tare/reset.

These are the only types the UI needs from kiosk.scale; they hold no port and no thread.
"""

from dataclasses import dataclass
from enum import StrEnum


class ReadingState(StrEnum):
    STABLE = "stable"
    MOVING = "moving"
    OVERLOAD = "overload"
    UNDERLOAD = "underload"
    DISCONNECTED = "disconnected"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Reading:
    """One answer from the scale. ``grams`` is set only for stable and moving weights."""

    state: ReadingState
    grams: int | None = None
    message: str = ""

    @property
    def weight_for_saving(self) -> int | None:
        """The weight the kiosk may record, or None.

        Only a stable, positive weight qualifies: a moving weight, an empty pan (0 g)
        and a negative net weight after taring are shown but never offered for saving.
        """
        if self.state is ReadingState.STABLE and self.grams is not None and self.grams > 0:
            return self.grams
        return None

    @classmethod
    def stable(cls, grams: int) -> "Reading":
        return cls(ReadingState.STABLE, grams, "stable")

    @classmethod
    def moving(cls, grams: int) -> "Reading":
        return cls(ReadingState.MOVING, grams, "weight not stable yet")

    @classmethod
    def overload(cls) -> "Reading":
        return cls(ReadingState.OVERLOAD, None, "overload: too heavy for the scale")

    @classmethod
    def underload(cls) -> "Reading":
        return cls(ReadingState.UNDERLOAD, None, "underload: below the scale's zero range")

    @classmethod
    def disconnected(cls, why: str = "") -> "Reading":
        return cls(
            ReadingState.DISCONNECTED, None, "scale disconnected" + (f": {why}" if why else "")
        )

    @classmethod
    def error(cls, message: str) -> "Reading":
        return cls(ReadingState.ERROR, None, message)


@dataclass(frozen=True, slots=True)
class CommandResult:
    """The answer to zero, tare or reset. ``grams`` is the tare weight; ``serial`` from reset."""

    ok: bool
    message: str
    grams: int | None = None
    serial: str | None = None
