"""The daily deposit rollup, kept in step with the records by ingest in the same transaction.

Each new deposit adds its net grams to (station, Oslo local day, category, direction,
flagged); a reversal subtracts. Only rows actually inserted count, so a resend adds nothing.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, select
from sqlalchemy import Row as SqlRow
from sqlalchemy.dialects import postgresql, sqlite

from central.models import DepositDay, Record
from contract.effect import REPORT_TIMEZONE, measure_of

OSLO = ZoneInfo(REPORT_TIMEZONE)
DAYS = DepositDay.__table__
RECORDS = Record.__table__

# (station_id, recorded_at, category, direction, clock_flag, weight_g, reverses)
# A category's kind is read from the catalogue at ingest; publish_catalogue keeps a code's
# kind fixed across versions (central refuses to publish a change), so the rollup's measure
# never goes stale.
Row = tuple[str, datetime, str, str, str | None, int, str | None]


def add_to_rollup(
    conn: Connection, rows: Iterable[Row | SqlRow[*Row]], kinds: dict[str, str]
) -> None:
    """Add these newly stored deposits to the rollup (one upsert per touched day and measure)."""
    totals: dict[tuple[str, date, str, bool], list[int]] = defaultdict(lambda: [0, 0])
    days: dict[tuple[int, int, int, int], date] = {}
    measures: dict[tuple[str, str], str] = {}
    for station, at, category, direction, flag, grams, reverses in rows:
        # Oslo's offset changes only on the hour: convert each UTC hour once.
        hour = (at.year, at.month, at.day, at.hour)
        day = days.get(hour)
        if day is None:
            day = days[hour] = at.replace(tzinfo=at.tzinfo or UTC).astimezone(OSLO).date()
        measure = measures.get((category, direction))
        if measure is None:
            measure = measure_of(kinds.get(category, "recycling"), direction).value
            measures[(category, direction)] = measure
        bucket = totals[(station, day, measure, flag is not None)]
        bucket[0] += -grams if reverses else grams
        bucket[1] += 1
    if not totals:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(DAYS)
    statement = statement.on_conflict_do_update(
        index_elements=[DAYS.c.station_id, DAYS.c.day, DAYS.c.measure, DAYS.c.flagged],
        set_={
            "net_g": DAYS.c.net_g + statement.excluded.net_g,
            "records": DAYS.c.records + statement.excluded.records,
        },
    )  # fmt: skip
    values = [
        dict(zip(("station_id", "day", "measure", "flagged"), key, strict=True))
        | {"net_g": net, "records": n}
        for key, (net, n) in sorted(totals.items())  # sorted: concurrent batches lock in order
    ]
    conn.execute(statement, values)


def rows_of_batch(
    conn: Connection, device_id: str, first: int, last: int, batch_id: str
) -> Sequence[SqlRow[*Row]]:
    """The deposits this batch inserted (a partly-held batch), through the device + seq index."""
    return conn.execute(
        select(
            RECORDS.c.station_id, RECORDS.c.recorded_at, RECORDS.c.category,
            RECORDS.c.direction, RECORDS.c.clock_flag, RECORDS.c.weight_g, RECORDS.c.reverses,
        ).where(
            RECORDS.c.device_id == device_id,
            RECORDS.c.seq.between(first, last),
            RECORDS.c.batch_id == batch_id,
        )
    ).all()  # fmt: skip
