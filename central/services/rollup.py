"""The daily deposit rollups, kept in step with the records by ingest in the same transaction.

Each new deposit adds its grams to (station, Oslo local day, measure, flagged) in
``deposit_days``, and, when left in with a sound clock, to (station, category, Oslo local
day, estimated, catalogue version) in ``capture_days`` (the capture view's). A reversal
counts where the record it reverses counts (that record's day, measure and flag: the rule in
``contract.effect``), subtracting there; a reversal whose original central does not hold yet
counts nothing until the original arrives, and then both land together (net zero). Only
rows actually inserted count, so a resend adds nothing.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Date,
    Select,
    case,
    cast,
    delete,
    func,
    insert,
    select,
)
from sqlalchemy import Row as SqlRow
from sqlalchemy.dialects import postgresql, sqlite

from central.models import CaptureDay, DepositDay, Record
from contract.effect import measure_of
from contract.records import Direction, WeightSource
from contract.times import OSLO

DAYS = DepositDay.__table__
CAPTURE = CaptureDay.__table__
RECORDS = Record.__table__

# (station_id, recorded_at, category, direction, clock_flag, weight_g, reverses): for a
# reversal, every field but weight_g and reverses is its original's (where it counts).
# A category's kind is read from the catalogue; it changes only by an audited
# reclassification (central.services.reclassify), which restates the rollup.
Row = tuple[str, datetime, str, str, str | None, int, str | None]
# A Row, then the weight source and catalogue version (a reversal's: its original's).
Row9 = tuple[str, datetime, str, str, str | None, int, str | None, str, int]
# A newly inserted deposit as ingest has it: its id, then a Row9 of its own fields.
Deposit = tuple[str, str, datetime, str, str, str | None, int, str | None, str, int]
Key = tuple[str, date, str, bool]
CaptureKey = tuple[str, str, date, bool, int]


def day_totals(
    rows: Iterable[Row | SqlRow[*Row]], kinds: dict[str, str], *, sign: int = 1
) -> dict[Key, list[int]]:
    """Net grams and record counts per (station, Oslo day, measure, flagged)."""
    totals: dict[Key, list[int]] = defaultdict(lambda: [0, 0])
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
        bucket[0] += sign * (-grams if reverses else grams)
        bucket[1] += sign
    return totals


def add_to_rollup(
    conn: Connection, rows: Iterable[Row | SqlRow[*Row]], kinds: dict[str, str], *, sign: int = 1
) -> None:
    """Add (``sign`` -1: take back) these rows (one upsert per touched day and measure)."""
    totals = day_totals(rows, kinds, sign=sign)
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


def oslo_day(at: datetime, days: dict[tuple[int, int, int, int], date]) -> date:
    """The Oslo local day of a UTC moment; ``days`` caches it per UTC hour (Oslo's offset
    changes only on the hour)."""
    hour = (at.year, at.month, at.day, at.hour)
    day = days.get(hour)
    if day is None:
        day = days[hour] = at.replace(tzinfo=at.tzinfo or UTC).astimezone(OSLO).date()
    return day


def capture_totals(rows: Iterable[Row9 | SqlRow[*Row9]]) -> dict[CaptureKey, list[int]]:
    """Net grams and record counts left in with a sound clock, per (station, category, Oslo
    day, estimated, catalogue version)."""
    totals: dict[CaptureKey, list[int]] = defaultdict(lambda: [0, 0])
    days: dict[tuple[int, int, int, int], date] = {}
    for station, at, category, direction, flag, grams, reverses, source, version in rows:
        if direction != IN or flag is not None:
            continue
        key = (station, category, oslo_day(at, days), source == ESTIMATE, version)
        bucket = totals[key]
        bucket[0] += -grams if reverses else grams
        bucket[1] += 1
    return totals


def add_to_capture(conn: Connection, rows: Iterable[Row9 | SqlRow[*Row9]]) -> None:
    """Add these rows to ``capture_days`` (one upsert per touched key)."""
    totals = capture_totals(rows)
    if not totals:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(CAPTURE)
    statement = statement.on_conflict_do_update(
        index_elements=[CAPTURE.c[c] for c in _CAPTURE_KEY],
        set_={
            "net_g": CAPTURE.c.net_g + statement.excluded.net_g,
            "records": CAPTURE.c.records + statement.excluded.records,
        },
    )  # fmt: skip
    values = [
        dict(zip(_CAPTURE_KEY, key, strict=True)) | {"net_g": net, "records": n}
        for key, (net, n) in sorted(totals.items())  # sorted: concurrent batches lock in order
    ]
    conn.execute(statement, values)


_CAPTURE_KEY = ("station_id", "category", "day", "estimated", "catalog_version")
IN = Direction.IN.value
ESTIMATE = WeightSource.ESTIMATE.value


_COLUMNS = ("id", "station_id", "recorded_at", "category", "direction", "clock_flag",
            "weight_g", "reverses", "weight_source", "catalog_version")  # fmt: skip


def add_deposits(
    conn: Connection,
    deposits: Sequence[Deposit | SqlRow[*Deposit]],
    kinds: dict[str, str],
    *,
    device_id: str,
    first_seq: int,
    last_seq: int,
    batch_id: str,
    others_inside: bool,
) -> None:
    """Add a batch's newly inserted deposits to both rollups under the reversal rule."""
    new = {d[0]: d for d in deposits}
    wanted = [d[7] for d in deposits if d[7] is not None and d[7] not in new]
    originals: dict[str, Deposit | SqlRow[*Deposit]] = dict(new)
    if wanted:
        found = select(*(RECORDS.c[c] for c in _COLUMNS)).where(RECORDS.c.id.in_(wanted))
        originals |= {row[0]: row for row in conn.execute(found)}
    rows: list[Row9] = []
    for d in deposits:
        if d[7] is None:
            rows.append((d[1], d[2], d[3], d[4], d[5], d[6], None, d[8], d[9]))
        elif (o := originals.get(d[7])) is not None:
            rows.append((o[1], o[2], o[3], o[4], o[5], d[6], d[7], o[8], o[9]))
    # Reversals held before their originals (this batch fills a gap below them). A reversal
    # always has a higher seq than its original, so in the usual in-order batch this reads
    # an empty range of the (device, seq) index.
    later = RECORDS.c.seq > last_seq
    if others_inside:
        later |= RECORDS.c.seq.between(first_seq, last_seq) & (RECORDS.c.batch_id != batch_id)
    held = select(RECORDS.c.weight_g, RECORDS.c.reverses).where(
        RECORDS.c.device_id == device_id, later, RECORDS.c.reverses.is_not(None)
    )
    for grams, reverses in conn.execute(held):
        if (o := new.get(reverses)) is not None:
            rows.append((o[1], o[2], o[3], o[4], o[5], grams, reverses, o[8], o[9]))
    add_to_rollup(conn, [r[:7] for r in rows], kinds)
    add_to_capture(conn, rows)


def rows_of_batch(
    conn: Connection, device_id: str, first: int, last: int, batch_id: str
) -> Sequence[SqlRow[*Deposit]]:
    """The deposits this batch inserted (a partly-held batch), through the device + seq index."""
    return conn.execute(
        select(*(RECORDS.c[c] for c in _COLUMNS)).where(
            RECORDS.c.device_id == device_id,
            RECORDS.c.seq.between(first, last),
            RECORDS.c.batch_id == batch_id,
        )
    ).all()


def counted_rows(*extra: str) -> Select[*Row]:
    """Every held deposit as it counts: a reversal on its original's fields, one whose
    original is not held left out. Callers add their own filters (``RECORDS``, ``ORIGINAL``);
    ``extra`` names more of the original's columns to follow the Row's."""
    is_reversal = RECORDS.c.reverses.is_not(None)

    def counted(name: str) -> ColumnElement[Any]:
        return case((is_reversal, ORIGINAL.c[name]), else_=RECORDS.c[name]).label(name)

    return (
        select(
            counted("station_id"), counted("recorded_at"), counted("category"),
            counted("direction"), counted("clock_flag"), RECORDS.c.weight_g, RECORDS.c.reverses,
            *(counted(name) for name in extra),
        )
        .select_from(RECORDS.outerjoin(ORIGINAL, ORIGINAL.c.id == RECORDS.c.reverses))
        .where(~is_reversal | ORIGINAL.c.id.is_not(None))
    )  # fmt: skip


ORIGINAL = RECORDS.alias("original")


def rebuild_rollup(conn: Connection, kinds: dict[str, str]) -> None:
    """Recompute the whole rollup from the records under today's rule (a migration's job)."""
    conn.execute(delete(DepositDay))
    add_to_rollup(conn, conn.execute(counted_rows()), kinds)


def rebuild_capture(conn: Connection) -> None:
    """Recompute ``capture_days`` from the records (a migration's job; the benchmark's, after
    it fills the records table directly). PostgreSQL sums in SQL; SQLite, without time zones,
    through ``capture_totals``, the code ingest uses."""
    conn.execute(delete(CaptureDay))
    counted = counted_rows("weight_source", "catalog_version").subquery("counted")
    if conn.dialect.name != "postgresql":
        add_to_capture(conn, conn.execute(select(counted)))
        return
    c = counted.c
    day = cast(func.timezone("Europe/Oslo", c.recorded_at), Date)
    estimated = c.weight_source == ESTIMATE
    keys = (c.station_id, c.category, day, estimated, c.catalog_version)
    grams = case((c.reverses.is_(None), c.weight_g), else_=-c.weight_g)
    summed = (
        select(*keys, func.sum(grams), func.count())
        .where(c.direction == IN, c.clock_flag.is_(None))
        .group_by(*keys)
    )
    conn.execute(insert(CaptureDay).from_select([*_CAPTURE_KEY, "net_g", "records"], summed))
