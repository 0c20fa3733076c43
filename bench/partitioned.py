"""The records table partitioned by month, with a small identity table for its unique keys,
against the same deposits in today's one table (docs/deploy-central.md section 8, step 3).

One schema is filled by bench/console_data.py (central's real tables at head, N deposits over
two years). Beside today's ``records`` it builds ``records_by_month``: ``PARTITION BY RANGE
(recorded_at)``, a partition a month, the same non-unique indexes; the keys a partitioned
table cannot hold alone (``id``, ``(device_id, seq)``, one reversal per original) move to
``record_ids``, which an ingest writes first. Then, for each layout, alternating:

- the reads that touch deposits themselves: central's own effect report ``as_of`` a moment
  (the audit path: a published figure produced again from the records, not the rollup),
  every station for the last whole year; the records browser's newest page and a page a year
  back (central's own ``record_browser.page``); the plain rollup report as the reference that
  reads no deposit;
- ingest: batches of 5,000 new deposits written the way central writes them (binary COPY into
  a temp table, one INSERT ... ON CONFLICT DO NOTHING; partitioned: the ids into
  ``record_ids`` first, then the rows those ids admitted), and the same batch again (all held);
- the anchor: PostgreSQL's own COPY of the same 5,000 rows into an unindexed table.

The reads swap the table names, so central's unchanged code reads the partitioned table as
``records``. Sizes and the time to build each are printed: the build is the migration's cost.
"""

import argparse
import json
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bench.console_data import add_options, filled_schema
from central.services import record_browser
from central.services.effect import effect_report

BATCH = 5_000
REACH = 5_000  # the console's records_page_reach
COLUMNS = (
    "id, seq, device_id, station_id, recorded_at, category, weight_g, weight_source, channel,"
    " direction, reverses, visit_id, catalog_version, clock_flag, batch_id, received_at"
)
TYPES = (
    "text", "int4", "text", "text", "timestamptz", "text", "int4", "text", "text", "text",
    "text", "text", "int4", "text", "text", "timestamptz",
)  # fmt: skip


def build_partitioned(engine: Engine) -> dict[str, float]:
    """records_by_month and record_ids from records; seconds per step."""
    took: dict[str, float] = {}
    with engine.begin() as conn:
        conn.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
        first, last = conn.execute(
            text("SELECT min(recorded_at), max(recorded_at) FROM records")
        ).one()
        began = time.perf_counter()
        conn.execute(
            text(
                "CREATE TABLE records_by_month (LIKE records INCLUDING DEFAULTS)"
                " PARTITION BY RANGE (recorded_at)"
            )
        )
        month = date(first.year, first.month, 1)
        # Two years back and a year ahead, as a deployment would keep them made in advance.
        end = date(last.year + 1, last.month, 1)
        while month <= end:
            after = (month + timedelta(days=32)).replace(day=1)
            conn.execute(
                text(
                    f"CREATE TABLE records_{month:%Y_%m} PARTITION OF records_by_month"
                    f" FOR VALUES FROM ('{month}') TO ('{after}')"
                )
            )
            month = after
        conn.execute(text("CREATE TABLE records_other PARTITION OF records_by_month DEFAULT"))
        conn.execute(
            text(f"INSERT INTO records_by_month ({COLUMNS}) SELECT {COLUMNS} FROM records")
        )
        took["copy_rows_s"] = time.perf_counter() - began
        began = time.perf_counter()
        for definition in (
            "CREATE INDEX ON records_by_month (station_id, recorded_at)",
            "CREATE INDEX ON records_by_month (recorded_at, id)",
            "CREATE INDEX ON records_by_month (device_id, recorded_at)",
            "CREATE INDEX ON records_by_month (reverses) WHERE reverses IS NOT NULL",
        ):
            conn.execute(text(definition))
        took["indexes_s"] = time.perf_counter() - began
        began = time.perf_counter()
        conn.execute(
            text(
                "CREATE TABLE record_ids (id varchar(36) PRIMARY KEY, device_id varchar(36) NOT"
                " NULL, seq integer NOT NULL, reverses varchar(36),"
                " UNIQUE (device_id, seq))"
            )
        )
        conn.execute(
            text("INSERT INTO record_ids SELECT id, device_id, seq, reverses FROM records")
        )
        conn.execute(
            text("CREATE UNIQUE INDEX ON record_ids (reverses) WHERE reverses IS NOT NULL")
        )
        took["identity_s"] = time.perf_counter() - began
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(
            text("VACUUM ANALYZE records_by_month, record_ids, records")
        )
    return took


def sizes(engine: Engine) -> dict[str, float]:
    with engine.connect() as conn:

        def gb(sql: str) -> float:
            return round(float(conn.scalar(text(sql)) or 0) / 2**30, 2)

        return {
            "flat_gb": gb("SELECT pg_total_relation_size('records')"),
            "by_month_gb": gb(
                "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_inherits i"
                " JOIN pg_class c ON c.oid = i.inhrelid"
                " WHERE i.inhparent = 'records_by_month'::regclass"
            ),
            "identity_gb": gb("SELECT pg_total_relation_size('record_ids')"),
        }


@contextmanager
def reading(engine: Engine, layout: str) -> Iterator[None]:
    """Central's own code reads ``layout`` as records: the partitioned table swapped in."""
    if layout == "flat":
        yield
        return
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE records RENAME TO records_flat"))
        conn.execute(text("ALTER TABLE records_by_month RENAME TO records"))
    try:
        yield
    finally:
        with engine.begin() as conn:
            conn.execute(text("ALTER TABLE records RENAME TO records_by_month"))
            conn.execute(text("ALTER TABLE records_flat RENAME TO records"))


def timed(fn: Callable[[], object], repeat: int = 3) -> float:
    runs = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - began)
    return round(statistics.median(runs) * 1000, 1)


def reads(engine: Engine, layout: str) -> dict[str, float]:
    year = datetime.now(UTC).year - 1
    now = datetime.now(UTC)
    out: dict[str, float] = {}
    with reading(engine, layout), Session(engine) as session:
        out["effect_as_of_ms"] = timed(
            lambda: effect_report(session=session, years=[year], as_of=now), repeat=2
        )
        out["effect_rollup_ms"] = timed(lambda: effect_report(session=session, years=[year]))
        newest = record_browser.Filters(type="deposit")
        out["browser_newest_ms"] = timed(
            lambda: record_browser.page(session=session, filters=newest, reach=REACH)
        )
        back = record_browser.Filters(type="deposit", last=(now - timedelta(days=365)).date())
        out["browser_year_back_ms"] = timed(
            lambda: record_browser.page(session=session, filters=back, reach=REACH)
        )
        session.rollback()
    return out


def new_rows(k: int, seq0: int) -> list[tuple[object, ...]]:
    """One batch of new deposits from a new device, recorded now."""
    now = datetime.now(UTC)
    device = f"bench-{uuid.uuid4().hex[:8]}"
    return [
        (str(uuid.uuid4()), seq0 + i, device, "st1", now - timedelta(seconds=i), "boker",
         500 + i % 4000, "typed", "guide", "in", None, None, 1, None, f"b{k}", now)
        for i in range(BATCH)
    ]  # fmt: skip


def _copy(cur: psycopg.Cursor[object], table: str, rows: list[tuple[object, ...]]) -> None:
    with cur.copy(f"COPY {table} ({COLUMNS}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types(TYPES)
        for row in rows:
            copy.write_row(row)


def ingest(dsn: str, layout: str, rows: list[tuple[object, ...]]) -> tuple[int, float]:
    """(rows new, seconds) for one batch written the way central writes it."""
    with psycopg.connect(dsn) as conn, conn.cursor() as cur:
        began = time.perf_counter()
        cur.execute(
            "CREATE TEMP TABLE IF NOT EXISTS staged (LIKE records INCLUDING DEFAULTS)"
            " ON COMMIT DELETE ROWS"
        )
        _copy(cur, "staged", rows)
        if layout == "flat":
            cur.execute(
                f"INSERT INTO records ({COLUMNS}) SELECT {COLUMNS} FROM staged"
                " ON CONFLICT DO NOTHING"
            )
        else:
            cur.execute(
                "WITH admitted AS (INSERT INTO record_ids SELECT id, device_id, seq, reverses"
                " FROM staged ON CONFLICT DO NOTHING RETURNING id)"
                f" INSERT INTO records_by_month ({COLUMNS}) SELECT {COLUMNS} FROM staged"
                " WHERE id IN (SELECT id FROM admitted)"
            )
        new = cur.rowcount
        conn.commit()
        return new, time.perf_counter() - began


def copy_anchor(dsn: str, rows: list[tuple[object, ...]]) -> float:
    with psycopg.connect(dsn) as conn, conn.cursor() as cur:
        cur.execute("CREATE TEMP TABLE anchor (LIKE records INCLUDING DEFAULTS)")
        began = time.perf_counter()
        _copy(cur, "anchor", rows)
        conn.commit()
        return time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_options(parser)
    parser.add_argument("--batches", type=int, default=10, help="ingest batches per layout")
    args = parser.parse_args()
    with filled_schema(args) as (url, records, fill_s):
        engine = create_engine(url)
        with engine.connect() as conn:
            built = conn.scalar(text("SELECT to_regclass('records_by_month') IS NOT NULL"))
        took = {} if built else build_partitioned(engine)
        print(f"built partitioned in {took}", file=sys.stderr)
        dsn = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        read = {
            layout: [reads(engine, layout) for _ in range(2)] for layout in ("flat", "by_month")
        }
        first: dict[str, list[float]] = {"flat": [], "by_month": []}
        again: dict[str, list[float]] = {"flat": [], "by_month": []}
        anchors: list[float] = []
        for k in range(args.batches):
            rows = new_rows(k, 1)
            anchors.append(copy_anchor(dsn, rows))
            for layout in ("flat", "by_month") if k % 2 else ("by_month", "flat"):
                new, seconds = ingest(dsn, layout, rows)
                assert new == BATCH, (layout, new)
                first[layout].append(seconds)
                held, seconds = ingest(dsn, layout, rows)
                assert held == 0, (layout, held)
                again[layout].append(seconds)
        shape = sizes(engine)
        engine.dispose()

    def med(xs: list[float]) -> float:
        return round(statistics.median(xs) * 1000, 1)

    def read_med(layout: str, key: str) -> float:
        return min(r[key] for r in read[layout])

    anchor = med(anchors)
    result: dict[str, object] = {
        "records": records,
        "fill_s": round(fill_s, 1) if fill_s else None,
        "build_s": {k: round(v, 1) for k, v in took.items()},
        **shape,
        "copy_anchor_ms": anchor,
    }
    for layout in ("flat", "by_month"):
        result[f"{layout}_ingest_ms"] = med(first[layout])
        result[f"{layout}_ingest_over_copy"] = round(med(first[layout]) / anchor, 2)
        result[f"{layout}_resend_ms"] = med(again[layout])
        for key in read["flat"][0]:
            result[f"{layout}_{key}"] = read_med(layout, key)
    result["ingest_by_month_over_flat"] = round(med(first["by_month"]) / med(first["flat"]), 2)
    result["effect_as_of_by_month_over_flat"] = round(
        read_med("by_month", "effect_as_of_ms") / read_med("flat", "effect_as_of_ms"), 2
    )
    with open("/proc/loadavg") as f:
        result["load"] = f.read().split()[0]
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
