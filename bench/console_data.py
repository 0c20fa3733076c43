"""The console benchmarks' one data set (overview, records browser, feed), filled once in a
PostgreSQL schema of its own and reusable across them (--keep, then --reuse SCHEMA).

30 stations, 60 devices, N deposits over the last two years (default 10 M), a reversal every
500th, a flagged clock every 10,007th, batches of 150, 1,200 events, and the daily and monthly
rollups in ingest's terms. Record g has id lpad(g, 36), device 1 + g % 60 and seq 1 + g // 60.
"""

import argparse
import os
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

from central.db import prepare
from central.services.catalogue import category_kinds
from central.services.rollup import rebuild_months
from contract.effect import measure_of

DEVICES = 60
STATIONS = 30
DAYS = 730
SPAN_S = DAYS * 86400


def add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--records", type=int, default=10_000_000, help="deposits to fill")
    parser.add_argument(
        "--reuse", metavar="SCHEMA", help="a schema a --keep run filled (its size is kept)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the schema for --reuse")


def _with_schema(base: str, schema: str) -> str:
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options={quote(f'-csearch_path={schema}')}"


@contextmanager
def filled_schema(args: argparse.Namespace) -> Iterator[tuple[str, int, float | None]]:
    """(url, deposits, seconds the fill took or None when reused); dropped afterwards unless
    --keep or --reuse."""
    base = os.environ.get("KIOSK_TEST_PG_URL")
    if not base:
        sys.exit("KIOSK_TEST_PG_URL is not set")
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    if args.reuse:
        with admin.connect() as conn:
            note = conn.scalar(
                text("SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace"
                     " WHERE nspname = :s"), {"s": args.reuse},
            )  # fmt: skip
        admin.dispose()
        if not note or not note.startswith("console bench records="):
            sys.exit(f"{args.reuse}: not a schema this module filled")
        prepare(_with_schema(base, args.reuse)).dispose()  # at head, as a new one would be
        yield _with_schema(base, args.reuse), int(note.rpartition("=")[2]), None
        return
    schema = f"bench_console_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = _with_schema(base, schema)
    try:
        engine = prepare(url)
        began = time.perf_counter()
        fill(engine, args.records)
        fill_s = time.perf_counter() - began
        engine.dispose()
        with admin.connect() as conn:
            note = f"console bench records={args.records}"
            conn.execute(text(f"COMMENT ON SCHEMA \"{schema}\" IS '{note}'"))
        yield url, args.records, fill_s
    finally:
        if args.keep:
            print(f"kept schema {schema} (--reuse {schema}; drop it when done)", file=sys.stderr)
        else:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


# Record g's fields; a reversal (every 500th) repeats record g - 60's (same device, one seq
# back) with `reverses` set, so h is the record whose fields it carries. A device's seqs
# cycle through every category (h + h / 60), so no station lacks one.
RECORDS = """
INSERT INTO records (id, seq, device_id, station_id, recorded_at, category, weight_g,
                     weight_source, channel, direction, reverses, visit_id, catalog_version,
                     clock_flag, batch_id, received_at)
SELECT lpad(g::text, 36, '0'), 1 + g / 60, 'dev' || (1 + g % 60),
       'st' || (1 + (1 + g % 60) % 30), t, p.codes[1 + (h + h / 60) % p.nc],
       500 + (h * 37) % 40000,
       'scale_stable', CASE WHEN h % 5 = 0 THEN 'self_service' ELSE 'guide' END,
       CASE WHEN p.codes[1 + (h + h / 60) % p.nc] = ANY(p.reuse) AND h % 3 = 0
            THEN 'out' ELSE 'in' END,
       CASE WHEN h <> g THEN lpad(h::text, 36, '0') END, NULL, 1,
       CASE WHEN h % 10007 = 0 THEN 'future' END,
       'b' || (1 + g % 60) || '-' || (g / 60 / 150), t + interval '1 minute'
FROM (SELECT CAST(:codes AS text[]) AS codes, CAST(:reuse AS text[]) AS reuse,
             CAST(:nc AS int) AS nc, CAST(:t0 AS timestamptz) AS t0) AS p,
     generate_series(0, CAST(:n AS bigint) - 1) AS g,
     LATERAL (SELECT CASE WHEN g % 500 = 0 AND g >= 60 THEN g - 60 ELSE g END AS h) AS x,
     LATERAL (SELECT p.t0 + make_interval(secs => g::float8 * :span / :n) AS t) AS y
"""
# The rollup in ingest's terms (central.services.rollup): a reversal counts on its
# original's Oslo day, measure and flag, subtracting; the original's moment is the same
# expression of its g (its id).
ROLLUP = """
INSERT INTO deposit_days (station_id, day, measure, flagged, net_g, records)
SELECT r.station_id,
       ((CASE WHEN r.reverses IS NULL THEN r.recorded_at
              ELSE CAST(:t0 AS timestamptz)
                   + make_interval(secs => r.reverses::bigint::float8 * :span / :n) END)
        AT TIME ZONE 'Europe/Oslo')::date,
       CASE r.direction WHEN 'out' THEN k.measure_out ELSE k.measure_in END,
       r.clock_flag IS NOT NULL,
       sum(CASE WHEN r.reverses IS NULL THEN r.weight_g ELSE -r.weight_g END), count(*)
FROM records r JOIN bench_kinds k ON k.category = r.category GROUP BY 1, 2, 3, 4
"""


def fill(engine: Engine, n: int) -> None:
    """Everything above, generated inside PostgreSQL; the records table's indexes are dropped
    for the insert and built again after it, as a restore would."""
    with Session(engine) as session:
        kinds = category_kinds(session=session)
    codes = sorted(kinds)
    reuse = [c for c in codes if kinds[c] == "reuse"]
    with engine.begin() as conn:
        conn.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
        t0 = conn.scalar(text(f"SELECT date_trunc('minute', now()) - interval '{DAYS} days'"))
        conn.execute(
            text("INSERT INTO stations (id, name, created_at) SELECT 'st' || s,"
                 " 'Stasjon ' || s, now() - interval '3 years' FROM generate_series(1, :s) s"),
            {"s": STATIONS},
        )  # fmt: skip
        # Device d holds g = d - 1, d - 1 + 60, ...: its last seq is how many there are.
        conn.execute(
            text(
                "INSERT INTO devices (id, station_id, token_hash, enrolled_at,"
                " highest_contiguous_seq, clock_offset_s, last_batch_at)"
                " SELECT 'dev' || d, 'st' || (1 + d % 30), md5('t' || d) || md5('u' || d),"
                " now() - interval '731 days', (:n - d + 60) / 60, (d % 7) * 60.0,"
                " now() - (d % 5) * interval '1 day' FROM generate_series(1, :d) d"
            ),
            {"n": n, "d": DEVICES},
        )
        constraints = conn.execute(
            text("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                 " WHERE conrelid = 'records'::regclass AND contype IN ('p', 'u')"),
        ).all()  # fmt: skip
        for name, _ in constraints:
            conn.execute(text(f'ALTER TABLE records DROP CONSTRAINT "{name}"'))
        indexes = conn.execute(
            text("SELECT indexname, indexdef FROM pg_indexes"
                 " WHERE schemaname = current_schema() AND tablename = 'records'"),
        ).all()  # fmt: skip
        for name, _ in indexes:
            conn.execute(text(f'DROP INDEX "{name}"'))
        conn.execute(
            text(RECORDS),
            {"codes": codes, "reuse": reuse, "nc": len(codes), "t0": t0, "n": n, "span": SPAN_S},
        )
        for name, definition in constraints:
            conn.execute(text(f'ALTER TABLE records ADD CONSTRAINT "{name}" {definition}'))
        for _, definition in indexes:
            conn.execute(text(definition))
        conn.execute(text("CREATE TEMP TABLE bench_kinds (category text, measure_in text,"
                          " measure_out text) ON COMMIT DROP"))  # fmt: skip
        conn.execute(
            text("INSERT INTO bench_kinds VALUES (:c, :i, :o)"),
            [
                {"c": c, "i": measure_of(k, "in").value, "o": measure_of(k, "out").value}
                for c, k in kinds.items()
            ],
        )
        conn.execute(text(ROLLUP), {"t0": t0, "n": n, "span": SPAN_S})
        rebuild_months(conn, kinds)  # migration 0025's code, from the records just filled
        conn.execute(
            text(
                "INSERT INTO batches (id, device_id, sha256, first_seq, last_seq, count,"
                " sent_at, received_at, clock_offset_s, response)"
                " SELECT 'b' || d || '-' || b, 'dev' || d, md5(b::text) || md5(d::text),"
                " b * 150 + 1, b * 150 + 150, 150, now(), now(), 0, '{}'"
                " FROM generate_series(1, :d) d, generate_series(0, :n / 60 / 150) b"
            ),
            {"n": n, "d": DEVICES},
        )
        # 20 events a station a year, public, a bike workshop of three hours.
        conn.execute(
            text(
                "INSERT INTO events (id, seq, device_id, station_id, recorded_at, kind,"
                " starts_at, ends_at, place, participants, visitors, reuse_g, audience,"
                " reverses, clock_flag, batch_id, received_at)"
                " SELECT md5('e' || i)::uuid::text, 2000000000 + i, 'dev' || (1 + i % 60),"
                " 'st' || (1 + (1 + i % 60) % 30), t + interval '3 hours', 'bike_workshop', t,"
                " t + interval '3 hours', NULL, 20, 40, 10000, 'public', NULL, NULL, 'bench',"
                " now() FROM generate_series(0, :e - 1) AS i,"
                " LATERAL (SELECT CAST(:t0 AS timestamptz)"
                " + make_interval(secs => i::float8 * :span / :e)) AS x(t)"
            ),
            {"e": STATIONS * 2 * 20, "t0": t0, "span": SPAN_S},
        )
    with engine.connect() as conn:
        # This schema's tables only: a bare VACUUM would visit every schema on the server.
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(
            text(
                "VACUUM ANALYZE stations, devices, records, deposit_days, deposit_months,"
                " batches, events"
            )
        )


def main() -> int:
    """Fill a schema and keep it: the three console benches then run with --reuse SCHEMA."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_options(parser)
    args = parser.parse_args()
    args.keep = True
    with filled_schema(args) as (_, records, fill_s):
        print(f"filled {records:,} deposits in {fill_s or 0:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
