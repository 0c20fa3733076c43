"""Opening hours in Oslo time, and whether the station is open at a given instant."""

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# The Trosterud pilot's published hours.
PILOT_HOURS: dict[str, str] = {
    "mon": "11:00-16:00",
    "tue": "",
    "wed": "11:00-16:00",
    "thu": "11:00-18:00",
    "fri": "11:00-16:00",
    "sat": "",
    "sun": "",
}


@dataclass(frozen=True, slots=True)
class OpeningHours:
    """Per weekday (0 = Monday) an (open, close) pair, or None when closed all day."""

    days: tuple[tuple[time, time] | None, ...]

    @classmethod
    def parse(cls, spec: dict[str, str]) -> "OpeningHours":
        """From {"mon": "11:00-16:00", "tue": "", ...}; a missing or empty day is closed."""
        unknown = set(spec) - set(WEEKDAYS)
        if unknown:
            raise ValueError(f"unknown weekday(s) {sorted(unknown)}; use {', '.join(WEEKDAYS)}")
        days: list[tuple[time, time] | None] = []
        for day in WEEKDAYS:
            text = (spec.get(day) or "").strip()
            if not text:
                days.append(None)
                continue
            try:
                start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
            except ValueError as exc:
                raise ValueError(f"{day}: «{text}» is not HH:MM-HH:MM") from exc
            if end <= start:
                raise ValueError(f"{day}: closing {end} is not after opening {start}")
            days.append((start, end))
        return cls(tuple(days))

    def is_open(self, at: datetime) -> bool:
        local = at.astimezone(OSLO)
        span = self.days[local.weekday()]
        return span is not None and span[0] <= local.time() < span[1]

    def today(self, at: datetime) -> tuple[time, time] | None:
        return self.days[at.astimezone(OSLO).weekday()]
