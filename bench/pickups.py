"""Pickups at scale on PostgreSQL (issue 25, item 8): 30 stations, 5 years, weekly pickups of
8 fractions, over 10 M registrations.

Measures the capture-rate view for one station-year (every period of every fraction), the same
view across all stations, the learned-weights page (every fraction's proposals; its first
view, then a view after one late batch at one station, and a view with the data unchanged;
``weights_digest`` fingerprints the first view's proposals, to compare two versions), and the
import of a year's tickets for all stations (12,480 rows: judge, find held tickets, insert).
The records are written straight into the table, so the capture rollup is then built as
migration 0023 builds it (``rollup_build_s``). The same-run anchors: for the view a plain
query over the raw table, one station-year's registered kg per category (what the view
read before the rollup); for the weights page a bare SUM over the whole rollup
(``capture_days`` grouped by station, category, estimated and version: what any view of
every fraction's periods across stations must at least read), median of 3; for the import
a bare binary COPY of the same rows, as stored, into
an empty table of the same shape without its indexes (the least any import must write),
median of 3.
The last line printed is a JSON object. Run:
  KIOSK_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test \\
      .venv/bin/python bench/pickups.py [--registrations 10000000]
"""

import argparse
import hashlib
import json
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.helpers

from sqlalchemy import text
from sqlalchemy.orm import Session

from central.db import prepare
from central.services import capture, learned_weights, pickups
from central.services.rollup import add_to_capture, rebuild_capture
from contract.records import PickupSource
from tests.helpers.servers import pg_schema_url

FRACTIONS = (
    "wood",
    "metal",
    "ee_small",
    "paper_cardboard",
    "glass_metal_packaging",
    "hard_plastic",
    "textiles",
    "residual_bulky",
)
FIRST_YEAR, YEARS, WEEKS = 2021, 5, 52


def fill(session: Session, stations: int, registrations: int) -> None:
    session.execute(
        text(
            "INSERT INTO stations (id, name, created_at) SELECT 'st' || s, 'S', now() "
            "FROM generate_series(0, :n - 1) s"
        ),
        {"n": stations},
    )
    span_s = YEARS * 365 * 86400
    # Deposits spread evenly over five years and 30 stations, 8 categories round-robin.
    session.execute(
        text(
            "INSERT INTO records (id, seq, device_id, station_id, recorded_at, category, weight_g,"
            " weight_source, channel, direction, reverses, visit_id, catalog_version, clock_flag,"
            " batch_id, received_at) "
            "SELECT md5(g::text)::uuid::text, g / :st + 1, 'dev' || (g % :st), 'st' || (g % :st),"
            " make_timestamptz(:y, 1, 1, 0, 0, 0, 'UTC')"
            " + ((g::bigint * :span / :n) || ' s')::interval,"
            " (ARRAY[:f0,:f1,:f2,:f3,:f4,:f5,:f6,:f7])[1 + (g / :st) % 8], 1000 + (g % 9000),"
            " 'scale_stable', 'guide', 'in', NULL, NULL, 2, NULL, 'bench', now() "
            "FROM generate_series(0, :n - 1) g"
        ),
        {
            "st": stations,
            "n": registrations,
            "span": span_s,
            "y": FIRST_YEAR,
            **{f"f{i}": f for i, f in enumerate(FRACTIONS)},
        },
    )
    # Weekly pickups of every fraction at every station for the first four years.
    session.execute(
        text(
            "INSERT INTO pickups (id, seq, device_id, station_id, recorded_at, fraction,"
            " container_id, hauler, plant, net_weight_g, ticket_no, weighed_at, source, reverses,"
            " clock_flag, batch_id, received_at) "
            "SELECT md5('p' || s || '-' || w || '-' || f)::uuid::text,"
            " (s * 100000 + w * 8 + f) + 1, 'central', 'st' || s, now(),"
            " (ARRAY[:f0,:f1,:f2,:f3,:f4,:f5,:f6,:f7])[f + 1], NULL, 'H', 'P', 400000,"
            " 'T-' || s || '-' || w || '-' || f,"
            " make_timestamptz(:y, 1, 4, 8, 0, 0, 'UTC') + (w || ' weeks')::interval,"
            " 'import', NULL, NULL, 'bench', now() "
            "FROM generate_series(0, :st - 1) s, generate_series(0, :w - 1) w,"
            " generate_series(0, 7) f"
        ),
        {
            "st": stations,
            "w": (YEARS - 1) * WEEKS,
            "y": FIRST_YEAR,
            **{f"f{i}": f for i, f in enumerate(FRACTIONS)},
        },
    )
    session.commit()
    session.execute(text("ANALYZE"))


def late_batch(session: Session) -> None:
    """What a kiosk's batch does to the data: 20 records at one station, a year back (inside
    its periods), and the batch row ingest writes beside them."""
    session.execute(
        text(
            "INSERT INTO devices (id, station_id, token_hash, enrolled_at, highest_contiguous_seq)"
            " VALUES ('late', 'st1', 'late', now(), 20)"
        )
    )
    session.execute(
        text(
            "INSERT INTO batches (id, device_id, sha256, first_seq, last_seq, count, sent_at,"
            " received_at, clock_offset_s, response) VALUES ('late', 'late', '', 1, 20, 20, now(),"
            " now(), 0, '{}')"
        )
    )
    session.execute(
        text(
            "INSERT INTO records (id, seq, device_id, station_id, recorded_at, category, weight_g,"
            " weight_source, channel, direction, reverses, visit_id, catalog_version, clock_flag,"
            " batch_id, received_at) "
            "SELECT md5('late' || g)::uuid::text, g, 'late', 'st1',"
            " make_timestamptz(:y, 3, 1, 10, 0, 0, 'UTC') + (g || ' hours')::interval,"
            " (ARRAY[:f0,:f1,:f2,:f3,:f4,:f5,:f6,:f7])[1 + g % 8], 5000, 'estimate',"
            " 'self_service', 'in', NULL, NULL, 2, NULL, 'late', now() "
            "FROM generate_series(1, 20) g"
        ),
        {"y": FIRST_YEAR + YEARS - 2, **{f"f{i}": f for i, f in enumerate(FRACTIONS)}},
    )
    rows = session.execute(
        text(
            "SELECT station_id, recorded_at, category, direction, clock_flag, weight_g, reverses,"
            " weight_source, catalog_version FROM records WHERE device_id = 'late'"
        )
    ).all()
    add_to_capture(session.connection(), rows)  # as ingest does in the batch's transaction
    session.commit()


def anchor_copy(session: Session) -> float:
    """Median seconds of 3 bare binary COPYs of the imported rows into an unindexed table."""
    rows = session.execute(text("SELECT * FROM pickups WHERE batch_id <> 'bench'")).all()
    cursor = session.connection().connection.driver_connection.cursor()
    cursor.execute("CREATE TEMP TABLE anchor (LIKE pickups)")
    ints = {"seq": "int4", "net_weight_g": "int4"}
    types = [ints.get(n, "timestamptz" if n.endswith("_at") else "text") for n in rows[0]._fields]
    runs = []
    for _ in range(3):
        cursor.execute("TRUNCATE anchor")
        start = time.perf_counter()
        with cursor.copy("COPY anchor FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(types)
            for row in rows:
                copy.write_row(row)
        runs.append(time.perf_counter() - start)
    session.rollback()
    return statistics.median(runs)


def timed(work, repeat: int = 5) -> float:
    """Median seconds of ``repeat`` runs, after one warm-up."""
    work()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--registrations", type=int, default=10_000_000)
    parser.add_argument("--stations", type=int, default=30)
    args = parser.parse_args()
    with pg_schema_url() as url:
        engine = prepare(url)
        with Session(engine) as session:
            start = time.perf_counter()
            fill(session, args.stations, args.registrations)
            fill_s = time.perf_counter() - start
            start = time.perf_counter()
            rebuild_capture(session.connection())
            session.commit()
            session.execute(text("ANALYZE capture_days"))
            rollup_s = time.perf_counter() - start
            year = FIRST_YEAR + YEARS - 2  # the last year that has pickups all through

            def view() -> None:
                found = capture.periods(session, station_id="st0", year=year)
                assert len(found) >= 8 * 50, len(found)

            lo, hi = capture.year_bounds(year)

            def raw() -> None:
                session.execute(
                    text(
                        "SELECT category, sum(weight_g) FROM records WHERE station_id = 'st0'"
                        " AND recorded_at >= :lo AND recorded_at < :hi AND direction = 'in'"
                        " GROUP BY category"
                    ),
                    {"lo": lo, "hi": hi},
                ).all()

            def every_station() -> None:
                found = capture.periods(session, station_id=None, year=year)
                assert len(found) >= args.stations * 8 * 50, len(found)

            def weights() -> str:
                found = [
                    learned_weights.proposals(session=session, fraction=fraction)
                    for fraction in learned_weights.fractions(session=session)
                ]
                return hashlib.sha256(repr(found).encode()).hexdigest()[:16]

            def rollup_sum() -> None:
                session.execute(
                    text(
                        "SELECT station_id, category, estimated, catalog_version, sum(net_g)"
                        " FROM capture_days GROUP BY 1, 2, 3, 4"
                    )
                ).all()

            view_s, raw_s = timed(view), timed(raw)
            rollup_sum_s = timed(rollup_sum, 3)
            every_s = timed(every_station, 3)
            start = time.perf_counter()
            digest = weights()  # the first view computes
            weights_s = time.perf_counter() - start
            late_batch(session)
            start = time.perf_counter()
            weights()  # after a kiosk's late batch at one station
            weights_late_s = time.perf_counter() - start
            weights_cached_s = timed(weights, 3)  # then, until the data changes, it is kept
            tickets = [
                {
                    "ticket_no": f"Y-{s}-{w}-{f}",
                    "station_id": f"st{s}",
                    "fraction": fraction,
                    "weighed_at": datetime(FIRST_YEAR + YEARS - 1, 1, 5, 8, tzinfo=UTC)
                    .replace(day=1 + w % 28, month=1 + w // 5 % 12)
                    .isoformat(),
                    "net_kg": "412,5",
                }
                for s in range(args.stations)
                for w in range(WEEKS)
                for f, fraction in enumerate(FRACTIONS)
            ]
            start = time.perf_counter()
            done = pickups.store_pickups(
                session=session, rows=tickets, source=PickupSource.IMPORT, now=datetime.now(UTC)
            )
            session.commit()
            import_s = time.perf_counter() - start
            assert len(done.imported) == len(tickets), (len(done.imported), done.refused[:3])
            copy_s = anchor_copy(session)
    print(f"filled {args.registrations} registrations in {fill_s:.0f} s", file=sys.stderr)
    print(
        json.dumps(
            {
                "registrations": args.registrations,
                "stations": args.stations,
                "capture_station_year_ms": round(view_s * 1000, 1),
                "raw_query_ms": round(raw_s * 1000, 1),
                "ratio_capture_to_raw": round(view_s / raw_s, 2),
                "capture_all_stations_ms": round(every_s * 1000, 1),
                "weights_page_ms": round(weights_s * 1000, 1),
                "weights_page_after_batch_ms": round(weights_late_s * 1000, 1),
                "weights_page_cached_ms": round(weights_cached_s * 1000, 1),
                "weights_digest": digest,
                "rollup_sum_anchor_ms": round(rollup_sum_s * 1000, 1),
                "ratio_weights_to_rollup_sum": round(weights_s / rollup_sum_s, 1),
                "rollup_build_s": round(rollup_s, 1),
                "import_year_tickets": len(tickets),
                "import_year_s": round(import_s, 2),
                "copy_anchor_s": round(copy_s, 3),
                "ratio_import_to_copy": round(import_s / copy_s, 1),
                "goal_capture_ms": 200,
                "goal_import_s": 5,
            }
        )
    )


if __name__ == "__main__":
    main()
