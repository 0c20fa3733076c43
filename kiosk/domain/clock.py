"""The wall clock as a dependency: screens that say "today" or stamp a record take one, so a
test can pin the moment (midnight, New Year, a DST change) instead of depending on it."""

from collections.abc import Callable
from datetime import UTC, datetime

WallClock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)
