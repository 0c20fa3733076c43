"""Door openings matched to registrations (visits), and use by hour of week in Oslo time.

The matching works in UTC, so a visit across a daylight-saving change is still one visit;
only the hour-of-week matrices convert, each instant on its own, to Europe/Oslo.
"""

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.models import DoorEvent, Record
from contract.times import OSLO

# matrix[weekday][hour]: Monday = 0, hours 0..23 on the Oslo wall clock.
Matrix = list[list[int]]


@dataclass(frozen=True)
class Usage:
    openings: int
    visits_with_registration: int
    registrations: int
    # Registrations with no door opening in the window before them.
    unmatched_registrations: int
    openings_by_hour: Matrix
    registrations_by_hour: Matrix

    @property
    def share_with_registration(self) -> float | None:
        return self.visits_with_registration / self.openings if self.openings else None


def hour_of_week(moments: Sequence[datetime]) -> Matrix:
    """Count instants by Oslo weekday and hour; the repeated autumn hour counts both times."""
    matrix = [[0] * 24 for _ in range(7)]
    for moment in moments:
        local = moment.astimezone(OSLO)
        matrix[local.weekday()][local.hour] += 1
    return matrix


def match(
    openings: Sequence[datetime], registrations: Sequence[datetime], window: timedelta
) -> tuple[set[int], int]:
    """(indices of openings with at least one registration, registrations with no opening).

    Both lists sorted. A registration belongs to the latest opening at or before it, if that
    opening is at most ``window`` earlier; so two quick openings never share one registration.
    """
    used: set[int] = set()
    unmatched = 0
    for registered in registrations:
        index = bisect_right(openings, registered) - 1
        if index >= 0 and registered - openings[index] <= window:
            used.add(index)
        else:
            unmatched += 1
    return used, unmatched


def station_usage(
    *, session: Session, station_id: str, start: datetime, end: datetime, window: timedelta
) -> Usage:
    """Usage of one station in [start, end). Openings up to ``window`` before ``start`` still
    claim their registrations, so a period's first registrations are not called unmatched."""
    openings = list(
        session.scalars(
            select(DoorEvent.opened_at)
            .where(
                DoorEvent.station_id == station_id,
                DoorEvent.opened_at >= start - window,
                DoorEvent.opened_at < end,
            )
            .order_by(DoorEvent.opened_at)
        )
    )
    registrations = list(
        session.scalars(
            select(Record.recorded_at)
            .where(
                Record.station_id == station_id,
                Record.reverses.is_(None),  # a correction is not a resident's visit
                Record.recorded_at >= start,
                Record.recorded_at < end,
            )
            .order_by(Record.recorded_at)
        )
    )
    used, unmatched = match(openings, registrations, window)
    # Openings just before the period only claim registrations; they are not its visits.
    early = bisect_left(openings, start)
    in_period = openings[early:]
    visits = sum(1 for index in used if index >= early)
    return Usage(
        openings=len(in_period),
        visits_with_registration=visits,
        registrations=len(registrations),
        unmatched_registrations=unmatched,
        openings_by_hour=hour_of_week(in_period),
        registrations_by_hour=hour_of_week(registrations),
    )
