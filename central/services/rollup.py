"""The deposit rollups, kept in step with the records by ingest in the same transaction.

Each new deposit adds its grams to (station, Oslo local day, measure, flagged) in
``deposit_days``, to (station, Oslo month, measure, category, direction, flagged) in
``deposit_months``, and, when left in with a sound clock, to (station, category, Oslo local
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
    CompoundSelect,
    Connection,
    Date,
    FromClause,
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

from central.db import without_jit
from central.models import CaptureDay, DepositDay, DepositMonth, Record
from contract.effect import measure_of
from contract.records import Channel, Direction, WeightSource
from contract.times import OSLO

DAYS = DepositDay.__table__
MONTHS = DepositMonth.__table__
CAPTURE = CaptureDay.__table__
RECORDS = Record.__table__
# Oslo as PostgreSQL names it, where the database sums by Oslo day or month itself.
SQL_ZONE = OSLO.key

# (station_id, recorded_at, category, direction, clock_flag, weight_g, reverses): for a
# reversal, every field but weight_g and reverses is its original's (where it counts).
# A category's kind is read from the catalogue; it changes only by an audited
# reclassification (central.services.reclassify), which restates the rollup.
Row = tuple[str, datetime, str, str, str | None, int, str | None]
# A Row, then the weight source and catalogue version (a reversal's: its original's).
Row9 = tuple[str, datetime, str, str, str | None, int, str | None, str, int]
# A Row, then the channel (a reversal's: its original's; only an original's counts).
MonthRow = tuple[str, datetime, str, str, str | None, int, str | None, str]
# A newly inserted deposit as ingest has it: its id, then a Row9 of its own fields, then
# its channel.
Deposit = tuple[str, str, datetime, str, str, str | None, int, str | None, str, int, str]
Key = tuple[str, date, str, bool]
# (station, Oslo month's first day, measure, category, direction, flagged)
MonthKey = tuple[str, date, str, str, str, bool]
CaptureKey = tuple[str, str, date, bool, int]


def day_totals(
    rows: Iterable[Row | SqlRow[*Row]], kinds: dict[str, str], *, sign: int = 1
) -> dict[Key, list[int]]:
    """Net grams and record counts per (station, Oslo day, measure, flagged)."""
    totals: dict[Key, list[int]] = defaultdict(lambda: [0, 0])
    days: dict[tuple[int, int, int, int], date] = {}
    measures: dict[tuple[str, str], str] = {}
    for station, at, category, direction, flag, grams, reverses in rows:
        measure = _measure(kinds, category, direction, measures)
        bucket = totals[(station, oslo_day(at, days), measure, flag is not None)]
        bucket[0] += sign * (-grams if reverses else grams)
        bucket[1] += sign
    return totals


def counted_day_totals(
    conn: Connection, counted: Select[*Row] | CompoundSelect[*Row], kinds: dict[str, str]
) -> dict[Key, list[int]]:
    """``day_totals`` of a filtered ``counted_rows()``. PostgreSQL sums by Oslo day, category
    and direction in SQL and names the measures here, so a year of a fleet's deposits comes
    back as tens of thousands of sums rather than millions of rows; SQLite, without time
    zones, through ``day_totals`` itself."""
    if conn.dialect.name != "postgresql":
        return day_totals(conn.execute(counted), kinds)
    c = counted.subquery("counted").c
    day = cast(func.timezone(SQL_ZONE, c.recorded_at), Date)
    keys = (c.station_id, day, c.category, c.direction, c.clock_flag.is_not(None))
    grams = case((c.reverses.is_(None), c.weight_g), else_=-c.weight_g)
    totals: dict[Key, list[int]] = defaultdict(lambda: [0, 0])
    measures: dict[tuple[str, str], str] = {}
    summed = select(*keys, func.sum(grams), func.count()).group_by(*keys)
    with without_jit(conn):  # seconds of compiling a plan that runs in a few (issue 24)
        sums = conn.execute(summed).all()
    for station, at, category, direction, flagged, net, n in sums:
        bucket = totals[(station, at, _measure(kinds, category, direction, measures), flagged)]
        bucket[0] += int(net)
        bucket[1] += int(n)
    return totals


def month_totals(
    rows: Iterable[MonthRow | SqlRow[*MonthRow]], kinds: dict[str, str], *, sign: int = 1
) -> dict[MonthKey, list[int]]:
    """Net grams, record counts and residents' own registrations (originals of channel
    ``self_service``) per (station, Oslo month, measure, category, direction, flagged):
    ``day_totals`` by the month of the same Oslo day, the category kept."""
    totals: dict[MonthKey, list[int]] = defaultdict(lambda: [0, 0, 0])
    days: dict[tuple[int, int, int, int], date] = {}
    months: dict[tuple[int, int, int, int], date] = {}  # per UTC hour, as oslo_day's
    measures: dict[tuple[str, str], str] = {}
    for station, at, category, direction, flag, grams, reverses, channel in rows:
        measure = _measure(kinds, category, direction, measures)
        hour = (at.year, at.month, at.day, at.hour)
        month = months.get(hour)
        if month is None:
            month = months[hour] = oslo_day(at, days).replace(day=1)
        bucket = totals[(station, month, measure, category, direction, flag is not None)]
        bucket[0] += sign * (-grams if reverses else grams)
        bucket[1] += sign
        if channel == SELF_SERVICE and not reverses:
            bucket[2] += sign
    return totals


def _measure(
    kinds: dict[str, str], category: str, direction: str, cache: dict[tuple[str, str], str]
) -> str:
    measure = cache.get((category, direction))
    if measure is None:
        measure = measure_of(kinds.get(category, "recycling"), direction).value
        cache[(category, direction)] = measure
    return measure


def _upsert(
    conn: Connection, table: FromClause, key: Sequence[str], totals: dict[Any, list[int]],
    sums: Sequence[str] = ("net_g", "records"),
) -> None:  # fmt: skip
    """Add ``totals`` (key -> a value per column of ``sums``) to ``table`` (one upsert per
    key)."""
    if not totals:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c[c] for c in key],
        set_={c: table.c[c] + statement.excluded[c] for c in sums},
    )
    values = [
        dict(zip(key, k, strict=True)) | dict(zip(sums, v, strict=True))
        for k, v in sorted(totals.items())  # sorted: concurrent batches lock in order
    ]
    conn.execute(statement, values)


def add_to_rollup(
    conn: Connection, rows: Iterable[Row | SqlRow[*Row]], kinds: dict[str, str], *, sign: int = 1
) -> None:
    """Add (``sign`` -1: take back) these rows to ``deposit_days`` (migrations 0004 and 0009
    call it, before ``deposit_months`` exists; ingest and reclassify call ``add_counted``)."""
    _upsert(conn, DAYS, _DAY_KEY, day_totals(rows, kinds, sign=sign))


def add_to_months(
    conn: Connection, rows: Iterable[MonthRow | SqlRow[*MonthRow]], kinds: dict[str, str],
    *, sign: int = 1,
) -> None:  # fmt: skip
    """Add (``sign`` -1: take back) these rows to ``deposit_months``."""
    _upsert(conn, MONTHS, _MONTH_KEY, month_totals(rows, kinds, sign=sign), _MONTH_SUMS)


def add_counted(
    conn: Connection, rows: Sequence[MonthRow | SqlRow[*MonthRow]], kinds: dict[str, str],
    *, sign: int = 1,
) -> None:  # fmt: skip
    """Add (``sign`` -1: take back) these rows to both rollups of the effect figures."""
    add_to_rollup(conn, [r[:7] for r in rows], kinds, sign=sign)
    add_to_months(conn, rows, kinds, sign=sign)


_DAY_KEY = ("station_id", "day", "measure", "flagged")
_MONTH_KEY = ("station_id", "month", "measure", "category", "direction", "flagged")
_MONTH_SUMS = ("net_g", "records", "self_service")


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
    _upsert(conn, CAPTURE, _CAPTURE_KEY, capture_totals(rows))


_CAPTURE_KEY = ("station_id", "category", "day", "estimated", "catalog_version")
IN = Direction.IN.value
ESTIMATE = WeightSource.ESTIMATE.value
SELF_SERVICE = Channel.SELF_SERVICE.value


_COLUMNS = ("id", "station_id", "recorded_at", "category", "direction", "clock_flag",
            "weight_g", "reverses", "weight_source", "catalog_version", "channel")  # fmt: skip


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
    rows: list[tuple[*Row9, str]] = []
    for d in deposits:
        if d[7] is None:
            rows.append((d[1], d[2], d[3], d[4], d[5], d[6], None, d[8], d[9], d[10]))
        elif (o := originals.get(d[7])) is not None:
            rows.append((o[1], o[2], o[3], o[4], o[5], d[6], d[7], o[8], o[9], o[10]))
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
            rows.append((o[1], o[2], o[3], o[4], o[5], grams, reverses, o[8], o[9], o[10]))
    add_counted(conn, [(*r[:7], r[9]) for r in rows], kinds)
    add_to_capture(conn, [r[:9] for r in rows])


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


def rebuild_months(conn: Connection, kinds: dict[str, str]) -> None:
    """Recompute ``deposit_months`` from the records (migration 0025's job; the benchmark's,
    after it fills the records table directly). PostgreSQL sums by Oslo month in SQL and
    names the measures here; SQLite, without time zones, goes through ``month_totals``."""
    conn.execute(delete(DepositMonth))
    if conn.dialect.name != "postgresql":
        add_to_months(conn, conn.execute(counted_rows("channel")), kinds)
        return
    c = counted_rows("channel").subquery("counted").c
    month = cast(func.date_trunc("month", func.timezone(SQL_ZONE, c.recorded_at)), Date)
    keys = (c.station_id, month, c.category, c.direction, c.clock_flag.is_not(None))
    grams = case((c.reverses.is_(None), c.weight_g), else_=-c.weight_g)
    own = case((c.reverses.is_(None) & (c.channel == SELF_SERVICE), 1), else_=0)
    measures: dict[tuple[str, str], str] = {}
    totals: dict[MonthKey, list[int]] = {
        (station, at, _measure(kinds, category, direction, measures), category, direction,
         flagged): [int(net), int(n), int(mine)]
        for station, at, category, direction, flagged, net, n, mine in conn.execute(
            select(*keys, func.sum(grams), func.count(), func.sum(own)).group_by(*keys)
        )
    }  # fmt: skip
    _upsert(conn, MONTHS, _MONTH_KEY, totals, _MONTH_SUMS)


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
    day = cast(func.timezone(SQL_ZONE, c.recorded_at), Date)
    estimated = c.weight_source == ESTIMATE
    keys = (c.station_id, c.category, day, estimated, c.catalog_version)
    grams = case((c.reverses.is_(None), c.weight_g), else_=-c.weight_g)
    summed = (
        select(*keys, func.sum(grams), func.count())
        .where(c.direction == IN, c.clock_flag.is_(None))
        .group_by(*keys)
    )
    conn.execute(insert(CaptureDay).from_select([*_CAPTURE_KEY, "net_g", "records"], summed))
