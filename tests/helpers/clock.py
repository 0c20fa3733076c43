"""The window's wall clock in tests: the real time until a test pins a moment, so a test that
reads "today" (the guide's list, the totals) does not depend on when it runs."""

from datetime import UTC, datetime


class TestClock:
    __test__ = False  # not a test class

    def __init__(self) -> None:
        self.moment: datetime | None = None

    def __call__(self) -> datetime:
        return datetime.now(UTC) if self.moment is None else self.moment

    def pin(self, moment: datetime) -> None:
        """From now on the screens read ``moment`` (aware), whatever the real time."""
        self.moment = moment.astimezone(UTC)
