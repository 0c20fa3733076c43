"""Records browser speed: the first page and a deep page of /records on PostgreSQL, against a
plain indexed query for the same 51 rows (the anchor), through the same app in-process.

The deep page starts at the record in the middle of the table by recorded_at, so an OFFSET
would skip half of it; keyset paging reads one index range either way. The last line printed
is a JSON object with "first_over_anchor" and "deep_over_anchor".
Run: KIOSK_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test \
     .venv/bin/python bench/console_records.py [--deposits 10000000]
"""

import argparse
import json
import re
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.helpers

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from central.core.config import Settings
from central.main import create_app
from central.services import auth
from central.services.record_browser import Cursor
from tests.helpers.servers import pg_schema_url

FILL = """
INSERT INTO stations (id, name, created_at)
  SELECT 'st' || s, 'Stasjon ' || s, now() FROM generate_series(1, 30) s;
INSERT INTO records (id, seq, device_id, station_id, recorded_at, category, weight_g,
                     weight_source, channel, direction, catalog_version, batch_id, received_at)
  SELECT lpad(g::text, 36, '0'), 1 + g / 60, 'dev' || (1 + g % 60), 'st' || (1 + (1 + g % 60) % 30),
         now() - (g % 525600) * interval '1 minute' - (g / 525600) * interval '1 second',
         (ARRAY['wood','metal','textiles','ee_small'])[1 + g % 4], 500 + g % 20000,
         'scale_stable', 'guide', 'in', 1, 'b' || (g / 60 / 150), now()
  FROM generate_series(0, :deposits - 1) g;
ANALYZE;
"""
ANCHOR = text(
    "SELECT * FROM records WHERE (recorded_at, id) < (:at, :id) "
    "ORDER BY recorded_at DESC, id DESC LIMIT 51"
)


def timed(run: object, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deposits", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with pg_schema_url() as url:
        app = create_app(Settings(db_url=url))
        started = time.perf_counter()
        with app.state.engine.begin() as conn:
            for statement in FILL.split(";\n"):
                if statement.strip():
                    conn.execute(text(statement), {"deposits": args.deposits})
        fill_s = time.perf_counter() - started
        with Session(app.state.engine) as session:
            auth.add_user(
                now=datetime.now(UTC),
                session=session,
                username="bench",
                password="bench-pass",
                role="viewer",
            )
            session.commit()
            middle = session.execute(
                text("SELECT recorded_at, id FROM records ORDER BY recorded_at DESC, id DESC "
                     "OFFSET :n LIMIT 1"), {"n": args.deposits // 2},
            ).one()  # fmt: skip
        deep = Cursor(middle.recorded_at, middle.id).text()
        with TestClient(app, base_url="http://central") as client:
            form = client.get("/login").text
            csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
            client.post("/login", data={"username": "bench", "password": "bench-pass",
                                        "csrf": csrf})  # fmt: skip

            def get(path: str) -> None:
                response = client.get(path)
                assert response.status_code == 200 and "data-record=" in response.text

            deep_path = f"/records?after={quote(deep)}"
            get("/records")
            get(deep_path)
            first_ms = timed(lambda: get("/records"), args.runs)
            deep_ms = timed(lambda: get(deep_path), args.runs)
            station_ms = timed(lambda: get(f"/records?station=st7&after={quote(deep)}"), args.runs)
        with app.state.engine.connect() as conn:
            anchor_ms = timed(
                lambda: conn.execute(ANCHOR, {"at": middle.recorded_at, "id": middle.id}).all(),
                args.runs,
            )
        app.state.engine.dispose()
    result = {
        "deposits": args.deposits,
        "fill_s": round(fill_s, 1),
        "first_page_ms": round(first_ms, 1),
        "deep_page_ms": round(deep_ms, 1),
        "deep_station_page_ms": round(station_ms, 1),
        "anchor_query_ms": round(anchor_ms, 2),
        "first_over_anchor": round(first_ms / anchor_ms, 1),
        "deep_over_anchor": round(deep_ms / anchor_ms, 1),
    }
    print(
        f"first page {first_ms:.1f} ms, deep page {deep_ms:.1f} ms, deep station page "
        f"{station_ms:.1f} ms, plain indexed query {anchor_ms:.2f} ms; median of {args.runs}"
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
