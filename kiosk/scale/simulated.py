"""A simulated scale for demos and development: items are put on, settle, and are taken off.

It advances one step per reading rather than by the clock, so what it shows is the same
on a slow or a fast machine and tests can count on it.
"""

import random
from dataclasses import dataclass

from kiosk.scale.reading import CommandResult, Reading

# Real floor scales count in steps ("divisions"); 5 g looks like one.
DIVISION_G = 5


@dataclass
class SimulatedLoad:
    """What lies on the simulated pan: a cycle of empty, placing, settled and removing."""

    seed: int = 1
    empty_steps: int = 4
    moving_steps: int = 3
    settled_steps: int = 8
    capacity_g: int = 150_000

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)
        self._step = 0
        self._item_g = 0
        self.zero_offset_g = 0
        self.tare_g = 0

    def step(self) -> tuple[bool, int]:
        """Advance one reading: (stable, gross grams above the zero point)."""
        cycle = self.empty_steps + 2 * self.moving_steps + self.settled_steps
        at = self._step % cycle
        self._step += 1
        if at == 0:
            self._item_g = self._random.randrange(500, 25_000, DIVISION_G)
        placing_end = self.empty_steps + self.moving_steps
        settled_end = placing_end + self.settled_steps
        if at < self.empty_steps:
            stable, raw = True, 0
        elif at < placing_end:
            # Overshoot then settle, as a dropped item makes the pan bounce.
            swing = (placing_end - at) * self._item_g // (4 * self.moving_steps)
            stable, raw = False, self._item_g + swing
        elif at < settled_end:
            stable, raw = True, self._item_g
        else:
            stable, raw = False, self._item_g * (cycle - at) // (self.moving_steps + 1)
        return stable, raw - self.zero_offset_g


class SimulatedScale:
    """The ScaleDriver for ``scale_driver = "simulated"``: no port, no hardware."""

    serial_number = "SIM-0001"

    def __init__(self, load: SimulatedLoad | None = None) -> None:
        self.load = load or SimulatedLoad()
        self._stable = True
        self._gross_g = 0
        self._closed = False

    def read(self) -> Reading:
        if self._closed:
            return Reading.disconnected("closed")
        self._stable, self._gross_g = self.load.step()
        if self._gross_g > self.load.capacity_g:
            return Reading.overload()
        net = self._gross_g - self.load.tare_g
        return Reading.stable(net) if self._stable else Reading.moving(net)

    def zero(self) -> CommandResult:
        if not self._stable:
            return CommandResult(False, "cannot zero now: the weight is not stable")
        # Like a real scale, zero only near zero (2 % of capacity), so a demo cannot
        # "zero away" an item and show negative weights for ever after.
        if abs(self._gross_g) > self.load.capacity_g // 50:
            return CommandResult(False, "cannot zero: the load is above the zero range")
        self.load.zero_offset_g += self._gross_g
        self.load.tare_g = 0
        self._gross_g = 0
        return CommandResult(True, "zero set")

    def tare(self) -> CommandResult:
        if not self._stable:
            return CommandResult(False, "cannot tare now: the weight is not stable")
        self.load.tare_g = self._gross_g
        return CommandResult(True, "tare set", grams=self._gross_g)

    def reset(self) -> CommandResult:
        self.load.tare_g = 0
        return CommandResult(True, "scale reset", serial=self.serial_number)

    def abort(self) -> None:
        pass  # every call returns at once; nothing to interrupt

    def close(self) -> None:
        self._closed = True
