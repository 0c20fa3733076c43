"""Benchmark: the effect report over 10 million deposits (30 stations, 10 years), PostgreSQL.

Times the yearly report for one station and for all stations from the daily rollup, against
a plain aggregate over the raw records table in the same run (and checks both give the same
grams), then ingest throughput with the rollup kept in step vs without it. Needs
KIOSK_TEST_PG_URL; runs in a fresh schema, dropped afterwards. Last line: one JSON object.
"""

import argparse
import json
import os
import statistics
import sys
import time
import uuid
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text
from sqlalchemy.orm import Session

from central.db import prepare
from central.models import Device, Station
from central.schemas import BatchCreate
from central.services import effect, ingest, rollup
from central.services.catalogue import category_kinds
from contract.effect import Measure, Row
from contract.wire import canonical_sha256, format_time
from tests.helpers.servers import schema_url

STATIONS = 30
YEARS = 10
START = datetime(2016, 1, 1, tzinfo=UTC)
YEAR = 2024  # the report's year, well inside the data


def fresh_schema(base: str) -> AbstractContextManager[str]:
    return schema_url(base, prefix="bench")


def generate(engine, deposits: int, kinds: dict[str, str]) -> float:
    """Deposits and events generated inside PostgreSQL (no rows cross the socket), then the
    rollup built by one GROUP BY in the same Oslo-day terms as ingest's."""
    codes = sorted(kinds)
    reuse = [c for c in codes if kinds[c] == "reuse"]
    span = YEARS * 365 * 86400
    began = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE records DROP CONSTRAINT records_pkey"))
        conn.execute(text("ALTER TABLE records DROP CONSTRAINT uq_records_device_seq"))
        conn.execute(text("DROP INDEX ix_records_station_recorded"))
        conn.execute(
            text(
                "INSERT INTO records (id, seq, device_id, station_id, recorded_at, category,"
                " weight_g, weight_source, channel, direction, reverses, visit_id,"
                " catalog_version, clock_flag, batch_id, received_at)"
                " SELECT md5(i::text)::uuid::text, i / :s + 1, 'dev' || (i % :s),"
                " 'st' || (i % :s), p.t0 + make_interval(secs => (i::float8 * :span / :n)),"
                " p.codes[1 + (i * 7) % :nc], 500 + (i * 37) % 40000, 'scale_stable', 'guide',"
                " CASE WHEN p.codes[1 + (i * 7) % :nc] = ANY(p.reuse) AND i % 3 = 0"
                "  THEN 'out' ELSE 'in' END,"
                " CASE WHEN i % 500 = 0 THEN md5((i - 1)::text)::uuid::text END, NULL, 1,"
                " CASE WHEN i % 10000 = 0 THEN 'future' END, 'bench', now()"
                " FROM generate_series(0, :n - 1) AS i, (SELECT CAST(:codes AS text[]) AS codes,"
                " CAST(:reuse AS text[]) AS reuse, CAST(:start AS timestamptz) AS t0) AS p"
            ),
            {"s": STATIONS, "start": START, "span": span, "n": deposits, "codes": codes,
             "nc": len(codes), "reuse": reuse},
        )  # fmt: skip
        conn.execute(text("ALTER TABLE records ADD PRIMARY KEY (id)"))
        conn.execute(
            text("ALTER TABLE records ADD CONSTRAINT uq_records_device_seq UNIQUE (device_id, seq)")
        )
        conn.execute(
            text("CREATE INDEX ix_records_station_recorded ON records (station_id, recorded_at)")
        )
        conn.execute(
            text("CREATE TEMP TABLE kinds (category text, measure_in text, measure_out text)")
        )
        conn.execute(
            text("INSERT INTO kinds VALUES (:c, :i, :o)"),
            [{"c": c, "i": _m(kinds[c], "in"), "o": _m(kinds[c], "out")} for c in codes],
        )
        conn.execute(
            text(
                "INSERT INTO deposit_days (station_id, day, measure, flagged, net_g, records)"
                " SELECT r.station_id, (r.recorded_at AT TIME ZONE 'Europe/Oslo')::date,"
                " CASE r.direction WHEN 'out' THEN k.measure_out ELSE k.measure_in END,"
                " r.clock_flag IS NOT NULL,"
                " sum(CASE WHEN r.reverses IS NULL THEN r.weight_g ELSE -r.weight_g END), count(*)"
                " FROM records r JOIN kinds k ON k.category = r.category GROUP BY 1, 2, 3, 4"
            )
        )
        conn.execute(
            text(
                "INSERT INTO events (id, seq, device_id, station_id, recorded_at, kind, starts_at,"
                " ends_at, place, participants, visitors, reuse_g, reverses, clock_flag,"
                " batch_id, received_at)"
                " SELECT md5('e' || i)::uuid::text, 2000000000 + i, 'dev' || (i % :s),"
                " 'st' || (i % :s), t, 'bike_workshop', t, t + interval '3 hours', NULL, 20,"
                " 40, 10000, NULL, NULL, 'bench', now()"
                " FROM generate_series(0, :e - 1) AS i,"
                " LATERAL (SELECT CAST(:start AS timestamptz)"
                " + make_interval(secs => (i::float8 * :span / :e))) AS x(t)"
            ),
            {"s": STATIONS, "e": STATIONS * YEARS * 20, "start": START, "span": span},
        )  # fmt: skip
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
    return time.perf_counter() - began


def _m(kind: str, direction: str) -> str:
    from contract.effect import measure_of

    return measure_of(kind, direction).value


def raw_aggregate(engine, kinds: dict[str, str], station: str | None) -> dict[str, int]:
    """The plain way: group the raw records of the Oslo year, then map kinds in Python."""
    where = "" if station is None else "station_id = :st AND "
    sql = text(
        "SELECT category, direction,"
        " sum(CASE WHEN reverses IS NULL THEN weight_g ELSE -weight_g END) FROM records"
        f" WHERE {where}clock_flag IS NULL AND"
        " (recorded_at AT TIME ZONE 'Europe/Oslo') >= :a AND"
        " (recorded_at AT TIME ZONE 'Europe/Oslo') < :b GROUP BY category, direction"
    )
    totals = dict.fromkeys(Measure, 0)
    with engine.connect() as conn:
        rows = conn.execute(
            sql, {"st": station, "a": datetime(YEAR, 1, 1), "b": datetime(YEAR + 1, 1, 1)}
        )
        for category, direction, grams in rows:
            totals[Measure(_m(kinds[category], direction))] += int(grams)
    return {m.value: g for m, g in totals.items()}


def rollup_report(engine, station: str | None) -> dict[str, int]:
    with Session(engine) as session:
        report = effect.effect_report(session=session, years=[YEAR], station_id=station)
    assert report.rows[Row.EVENTS][0] > 0
    return {m.value: report.measures[m][0] for m in Measure}


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000, result


def ingest_rate(engine, batches: int, size: int, rollup_on: bool) -> float:
    """Records/s through ingest_batch (the batch route's service) on fresh seqs."""
    device = f"ingest-{rollup_on}"
    with Session(engine) as session:
        session.merge(Station(id="ingest", name="ingest", created_at=datetime.now(UTC)))
        session.flush()
        session.add(Device(id=device, station_id="ingest", token_hash=uuid.uuid4().hex,
                           enrolled_at=datetime.now(UTC), highest_contiguous_seq=0))  # fmt: skip
        session.commit()
    saved = rollup.add_deposits
    if not rollup_on:
        ingest.add_deposits = lambda *args, **kwargs: None
    seq, total = 1, 0.0
    try:
        for b in range(batches):
            records = []
            for i in range(size):
                at = START + timedelta(days=3000, seconds=(b * size + i) * 7)
                records.append({
                    "type": "deposit", "id": str(uuid.uuid4()), "seq": seq, "device_id": device,
                    "station_id": "ingest", "recorded_at": format_time(at), "category": "clothes",
                    "weight_g": 1000 + i, "weight_source": "scale_stable", "channel": "guide",
                    "direction": "out" if i % 2 else "in", "reverses": None, "visit_id": None,
                    "catalog_version": 1, "clock_flag": None,
                })  # fmt: skip
                seq += 1
            sha = canonical_sha256(records)
            batch = BatchCreate.model_validate(
                {"contract_version": 2, "batch_id": str(uuid.uuid4()), "device_id": device,
                 "first_seq": records[0]["seq"], "last_seq": records[-1]["seq"], "count": size,
                 "sha256": sha, "sent_at": datetime.now(UTC), "records": records}
            )  # fmt: skip
            with Session(engine) as session:
                dev = session.get(Device, device)
                began = time.perf_counter()
                ingest.ingest_batch(
                    received_at=datetime.now(UTC),
                    session=session,
                    device=dev,
                    batch=batch,
                    records_sha256=sha,
                    max_weight_g=200_000,
                )
                session.commit()
                total += time.perf_counter() - began
    finally:
        ingest.add_deposits = saved
    return batches * size / total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--deposits", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--ingest-batches", type=int, default=20)
    args = parser.parse_args()
    base = os.environ.get("KIOSK_TEST_PG_URL")
    if not base:
        print("KIOSK_TEST_PG_URL is not set", file=sys.stderr)
        return 2
    with fresh_schema(base) as url:
        engine = prepare(url)
        with Session(engine) as session:
            kinds = category_kinds(session=session)
        gen_s = generate(engine, args.deposits, kinds)
        print(f"generated {args.deposits:,} deposits in {gen_s:.0f} s", file=sys.stderr)
        result: dict[str, object] = {"deposits": args.deposits, "generate_s": round(gen_s, 1)}
        for name, station in (("one_station", "st7"), ("all_stations", None)):
            fast_ms, fast = timed(lambda s=station: rollup_report(engine, s), args.repeat)
            raw_ms, raw = timed(lambda s=station: raw_aggregate(engine, kinds, s), args.repeat)
            assert fast == raw, (name, fast, raw)  # exact: the rollup and the raw rows agree
            print(f"{name}: report {fast_ms:.1f} ms, raw aggregate {raw_ms:.1f} ms, "
                  f"{raw_ms / fast_ms:.0f}x", file=sys.stderr)  # fmt: skip
            result[f"{name}_report_ms"] = round(fast_ms, 1)
            result[f"{name}_raw_ms"] = round(raw_ms, 1)
            result[f"{name}_ratio"] = round(raw_ms / fast_ms, 1)
        off = ingest_rate(engine, args.ingest_batches, 5000, rollup_on=False)
        on = ingest_rate(engine, args.ingest_batches, 5000, rollup_on=True)
        print(f"ingest: {on:,.0f} records/s with the rollup, {off:,.0f} without "
              f"({(1 - on / off) * 100:.1f}% slower)", file=sys.stderr)  # fmt: skip
        result |= {"ingest_rollup_on_rps": round(on), "ingest_rollup_off_rps": round(off),
                   "ingest_slowdown_pct": round((1 - on / off) * 100, 1)}  # fmt: skip
        engine.dispose()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
