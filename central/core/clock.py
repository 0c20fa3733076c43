"""Central's one clock. A request takes its moment through ``NowDep`` (central.core.deps), which
tests pin; the CLI's commands take theirs from here. Services never read the time themselves:
they are handed ``now``."""

from datetime import UTC, datetime


def now() -> datetime:
    """This moment, in UTC."""
    return datetime.now(UTC)
