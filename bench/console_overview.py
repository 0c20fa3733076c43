"""Console overview speed: 30 stations, 60 devices, a year of deposits on PostgreSQL.

Renders GET / (the overview with alarms) signed in, in-process through the ASGI app, and
GET /api/v1/health in the same run as the floor (one trivial query through the same stack).
The last line printed is a JSON object: {"deposits", "batches", "overview_ms", ...}.
Run: KIOSK_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test \
     .venv/bin/python bench/console_overview.py [--deposits 2000000]
"""

import argparse
import json
import re
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.helpers

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from central.core.config import Settings
from central.main import create_app
from central.services import auth
from tests.helpers.servers import pg_schema_url

FILL = """
INSERT INTO stations (id, name, created_at)
  SELECT 'st' || s, 'Stasjon ' || s, now() FROM generate_series(1, 30) s;
INSERT INTO devices (id, station_id, token_hash, enrolled_at, highest_contiguous_seq,
                     clock_offset_s, last_batch_at)
  SELECT 'dev' || d, 'st' || (1 + d % 30), md5('t' || d) || md5('u' || d),
         now() - interval '366 days', :per_device, (d % 7) * 60.0,
         now() - (d % 5) * interval '1 day'
  FROM generate_series(1, 60) d;
INSERT INTO records (id, seq, device_id, station_id, recorded_at, category, weight_g,
                     weight_source, channel, direction, catalog_version, batch_id, received_at)
  SELECT lpad(g::text, 36, '0'), 1 + g / 60, 'dev' || (1 + g % 60), 'st' || (1 + (1 + g % 60) % 30),
         now() - (g % 525600) * interval '1 minute',
         (ARRAY['wood','metal','textiles','ee_small'])[1 + g % 4], 500 + g % 20000,
         'scale_stable', 'guide', 'in', 1, 'b' || (g / 60 / 150), now()
  FROM generate_series(0, :deposits - 1) g;
INSERT INTO batches (id, device_id, sha256, first_seq, last_seq, count, sent_at, received_at,
                     clock_offset_s, response)
  SELECT 'b' || d || '-' || b, 'dev' || d, md5(b::text) || md5(d::text), b * 150 + 1,
         b * 150 + 150, 150, now(), now(), 0, '{}'
  FROM generate_series(1, 60) d, generate_series(0, :per_device / 150) b;
ANALYZE;
"""


def timed(client: TestClient, path: str, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.text[:200]
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deposits", type=int, default=2_000_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with pg_schema_url() as url:
        app = create_app(Settings(db_url=url))
        started = time.perf_counter()
        with app.state.engine.begin() as conn:
            for statement in FILL.split(";\n"):
                if statement.strip():
                    conn.execute(
                        text(statement),
                        {"deposits": args.deposits, "per_device": args.deposits // 60},
                    )
        fill_s = time.perf_counter() - started
        with Session(app.state.engine) as session:
            auth.add_user(
                now=datetime.now(UTC),
                session=session,
                username="bench",
                password="bench-password",
                role="viewer",
            )
            session.commit()
            batches = session.scalar(text("SELECT count(*) FROM batches"))
        with TestClient(app, base_url="http://central") as client:
            form = client.get("/login").text
            csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
            client.post(
                "/login", data={"username": "bench", "password": "bench-password", "csrf": csrf}
            )
            page = client.get("/").text
            assert page.count("<tr class=") == 60, "every device on the page"
            timed(client, "/", 3)  # warm the caches and the pool
            overview = timed(client, "/", args.runs)
            alerts = timed(client, "/api/v1/alerts", args.runs)
            station = timed(client, "/stations/st1", args.runs)
            floor = timed(client, "/api/v1/health", args.runs)
        app.state.engine.dispose()
    result = {
        "deposits": args.deposits,
        "batches": batches,
        "fill_s": round(fill_s, 1),
        "overview_ms": round(overview, 1),
        "alerts_ms": round(alerts, 1),
        "station_ms": round(station, 1),
        "health_floor_ms": round(floor, 1),
        "overview_over_floor": round(overview / floor, 1),
    }
    print(
        f"overview {overview:.1f} ms, alerts {alerts:.1f} ms, station page {station:.1f} ms, "
        f"health (floor) {floor:.1f} ms; median of {args.runs}"
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
