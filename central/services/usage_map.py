"""A station's use by hour of week beside its published opening hours: the heat map's cells,
the busiest hours outside opening hours and the least-used opening hours, and its CSV."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from central.services.door_stats import Usage
from central.services.spreadsheet import csv_bytes
from contract.hours import OSLO, OutsideHours, StationHours, span_hours

# The CSV's weekday column, in Norwegian like its headers (the page translates WEEKDAYS).
WEEKDAY_NAMES = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
SHADES = 5  # shade classes 0..SHADES; 0 is no use at all
LIST_LENGTH = 8


@dataclass(frozen=True, slots=True)
class Cell:
    weekday: int
    hour: int
    openings: int
    registrations: int
    is_open: bool  # open on at least half of this weekday's days in the period
    openings_shade: int  # 0 (none) .. SHADES (the busiest hour), per matrix
    registrations_shade: int

    @property
    def use(self) -> int:
        return self.openings + self.registrations


@dataclass(frozen=True, slots=True)
class UsageMap:
    first: date
    last: date
    usage: Usage
    rows: list[list[Cell]]  # rows[weekday][hour]
    has_hours: bool
    busiest_closed: list[Cell]
    quietest_open: list[Cell]
    # A self-service station (its published hours say residents may register outside them,
    # ``outside_hours: usable``): only there is a registration without a door opening news.
    self_service: bool = False


def period_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """[start, end) in UTC of Oslo calendar days first..last."""
    start = datetime.combine(first, time(0), tzinfo=OSLO)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=OSLO)
    return start, end


def open_share(hours: StationHours | None, first: date, last: date) -> list[list[float]]:
    """Per (weekday, hour), the share of that weekday's days in the period with the hour open
    (any part of it), by the pattern in force each day: seasons and exceptions count."""
    opened = [[0] * 24 for _ in range(7)]
    days = [0] * 7
    if hours is None:
        return [[0.0] * 24 for _ in range(7)]
    day = first
    while day <= last:
        days[day.weekday()] += 1
        for span in hours.spans_on(day):
            for hour in span_hours(span):
                opened[day.weekday()][hour] += 1
        day += timedelta(days=1)
    return [[opened[w][h] / days[w] if days[w] else 0.0 for h in range(24)] for w in range(7)]


def build(
    usage: Usage, hours: StationHours | None, first: date, last: date, *, top: int = LIST_LENGTH
) -> UsageMap:
    share = open_share(hours, first, last)
    o_peak = max(max(row) for row in usage.openings_by_hour)
    r_peak = max(max(row) for row in usage.registrations_by_hour)
    rows = []
    for w in range(7):
        row = []
        for h in range(24):
            o, r = usage.openings_by_hour[w][h], usage.registrations_by_hour[w][h]
            row.append(Cell(w, h, o, r, share[w][h] >= 0.5, _shade(o, o_peak), _shade(r, r_peak)))
        rows.append(row)
    cells = [c for row in rows for c in row]
    # Without published hours no hour is "outside opening hours": both lists stay empty.
    busiest = sorted(
        (c for c in cells if hours is not None and not c.is_open and c.use), key=lambda c: -c.use
    )
    quietest = sorted((c for c in cells if c.is_open), key=lambda c: c.use)
    self_service = hours is not None and hours.outside_hours is OutsideHours.USABLE
    return UsageMap(
        first, last, usage, rows, hours is not None, busiest[:top], quietest[:top], self_service
    )


def _shade(count: int, peak: int) -> int:
    return -(-count * SHADES // peak) if count else 0  # ceiling: any use is at least shade 1


def to_csv(usage_map: UsageMap) -> bytes:
    """The matrix as CSV (semicolons, UTF-8 with BOM, like the console's other downloads):
    one row per weekday and hour, Europe/Oslo wall clock."""
    header = ["ukedag", "time", "døråpninger", "registreringer", "åpent"]
    cells = [
        [WEEKDAY_NAMES[c.weekday], f"{c.hour:02d}", c.openings, c.registrations, c.is_open]
        for row in usage_map.rows
        for c in row
    ]
    return csv_bytes([header, *cells])
