"""Door events at scale: a year for 30 stations (500,000 CSV rows) imported on PostgreSQL.

Measures the import (read CSV, judge rows, COPY + merge), a repeat import (must write
nothing), one station-year's visits and hour-of-week matrices, and the console's heat map
built on them (published hours drawn over the matrix, busiest and quietest hours).
The same-run anchor is a bare PostgreSQL COPY of the same rows into an empty table of the
same shape.
The last line printed is a JSON object. Run:
  KIOSK_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test \
      .venv/bin/python bench/door_events.py [--rows 500000]
"""

import argparse
import json
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.helpers

from sqlalchemy import text
from sqlalchemy.orm import Session

from central.db import prepare
from central.services import door_events, door_stats, usage_map
from central.services import hours as hours_service
from tests.helpers.servers import pg_schema_url

YEAR = datetime(2026, 1, 1, tzinfo=UTC)
WINTER = {
    "weekly": {"mon": ["11:00-16:00"], "wed": ["11:00-16:00"], "thu": ["11:00-18:00"]},
    "seasons": [{"name": "Vinter", "from": "2026-11-01", "to": "2027-03-31",
                 "weekly": {"thu": ["12:00-15:00"]}}],
    "exceptions": [{"date": "2026-12-24", "reason": "holiday"}],
}  # fmt: skip


def make_csv(rows: int, stations: int) -> str:
    rng = random.Random(13)
    lines = ["event_id,station_id,opened_at,user_name,phone"]
    for n in range(rows):
        at = YEAR + timedelta(seconds=rng.randrange(365 * 86400))
        lines.append(f"okn-{n},st{n % stations},{at:%Y-%m-%dT%H:%M:%SZ},Kari,+4790000000")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--stations", type=int, default=30)
    args = parser.parse_args()
    csv_text = make_csv(args.rows, args.stations)
    with pg_schema_url() as url:
        engine = prepare(url)
        with Session(engine) as session:
            session.execute(
                text("INSERT INTO stations (id, name, created_at) SELECT 'st' || s, 'S', now() "
                     "FROM generate_series(0, :n - 1) s"),
                {"n": args.stations},
            )  # fmt: skip
            session.commit()

        def run_import() -> tuple[float, door_events.DoorImport]:
            began = time.perf_counter()
            with Session(engine) as session:
                done = door_events.store_events(
                    session=session,
                    rows=door_events.read_csv(csv_text),
                    source="csv",
                    now=datetime.now(UTC),
                )
                session.commit()
            return time.perf_counter() - began, done

        import_s, first = run_import()
        repeat_s, repeat = run_import()
        assert first.inserted == args.rows and not first.refused, first
        assert repeat.inserted == 0 and repeat.duplicates == args.rows, repeat

        # Anchor: COPY of the same rows (already parsed) into an empty table of the same shape.
        rows = [
            (r["event_id"], r["station_id"], datetime.fromisoformat(r["opened_at"]))
            for r in door_events.read_csv(csv_text)
        ]
        with engine.connect() as conn:
            cursor = conn.connection.driver_connection.cursor()
            cursor.execute("CREATE TEMP TABLE anchor (LIKE door_events)")
            began = time.perf_counter()
            now = datetime.now(UTC)
            with cursor.copy("COPY anchor FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((*row, "csv", now))
            anchor_s = time.perf_counter() - began
            conn.rollback()

        times = []
        with Session(engine) as session:
            for _ in range(5):
                began = time.perf_counter()
                usage = door_stats.station_usage(
                    session=session,
                    station_id="st0",
                    start=YEAR,
                    end=YEAR.replace(year=2027),
                    window=timedelta(minutes=15),
                )
                times.append(time.perf_counter() - began)
        assert usage.openings == sum(map(sum, usage.openings_by_hour)) > 0

        # The console's heat map on top: published hours drawn over the matrix, and the lists.
        with Session(engine) as session:
            hours_service.publish_hours(now=datetime.now(UTC), session=session, station_id="st0",
                                        document=WINTER, actor="bench")  # fmt: skip
            session.commit()
            station_hours = hours_service.hours_in_force(session=session, station_id="st0")
        map_times = []
        for _ in range(5):
            began = time.perf_counter()
            heat = usage_map.build(usage, station_hours, date(2026, 1, 1), date(2026, 12, 31))
            map_times.append(time.perf_counter() - began)
        assert heat.quietest_open and heat.busiest_closed
        engine.dispose()
    matrix_ms = sorted(times)[len(times) // 2] * 1000
    print(
        json.dumps(
            {
                "rows": args.rows,
                "stations": args.stations,
                "import_s": round(import_s, 2),
                "repeat_import_s": round(repeat_s, 2),
                "repeat_inserted": repeat.inserted,
                "anchor_copy_s": round(anchor_s, 2),
                "import_over_anchor": round(import_s / anchor_s, 1),
                "station_year_matrix_ms": round(matrix_ms, 1),
                "station_year_openings": usage.openings,
                "heat_map_build_ms": round(sorted(map_times)[2] * 1000, 1),
                "goal_import_s": 10,
                "goal_matrix_ms": 200,
            }
        )
    )


if __name__ == "__main__":
    main()
