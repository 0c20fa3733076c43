"""OData feed page speed: a page of 10,000 records over a records table of 1 M on PostgreSQL.

Serves GET /feed/odata/Records (Basic auth with a feed token, JSON out) at the first page,
the middle and the last, in-process through the ASGI app, and times in the same run the
anchor: the bare SELECT of the same page (same keyset, all rows fetched), no HTTP, no JSON.
The last line printed is a JSON object: {"records", "page_ms", "anchor_ms", "ratio", ...}.
Run: KIOSK_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test \
     .venv/bin/python bench/feed_page.py [--records 1000000] [--runs 5]
"""

import argparse
import base64
import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.helpers

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from central.core.config import Settings
from central.feed.entities import encode_token
from central.main import create_app
from central.services import auth, feed_tokens
from tests.helpers.servers import pg_schema_url

PAGE = 10_000
FILL = """
INSERT INTO stations (id, name, created_at)
  SELECT 'st' || s, 'Stasjon ' || s, now() FROM generate_series(1, 30) s;
INSERT INTO records (id, seq, device_id, station_id, recorded_at, category, weight_g,
                     weight_source, channel, direction, catalog_version, batch_id, received_at)
  SELECT lpad(g::text, 36, '0'), 1 + g / 60, 'dev' || (1 + g % 60), 'st' || (1 + g % 30),
         now() - (g % 525600) * interval '1 minute',
         (ARRAY['wood','metal','textiles','ee_small'])[1 + g % 4], 500 + g % 20000,
         'scale_stable', 'guide', 'in', 1, 'b' || (g / 9000), now()
  FROM generate_series(0, :records - 1) g;
ANALYZE;
"""
ANCHOR = text(
    "SELECT id, station_id, device_id, seq, recorded_at, received_at, category, direction,"
    " weight_g, channel, clock_flag, reverses FROM records WHERE id > :after"
    " ORDER BY id LIMIT :page"
)


def median_ms(action: Callable[[], None], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with pg_schema_url() as url:
        app = create_app(Settings(db_url=url))
        started = time.perf_counter()
        with app.state.engine.begin() as conn:
            for statement in FILL.split(";\n"):
                if statement.strip():
                    conn.execute(text(statement), {"records": args.records})
        fill_s = time.perf_counter() - started
        with Session(app.state.engine) as session:
            user = auth.add_user(
                now=datetime.now(UTC),
                session=session,
                username="bench",
                password="bench-password",
                role="viewer",
            )
            secret = feed_tokens.issue(
                now=datetime.now(UTC),
                session=session,
                key=app.state.key,
                user_id=user.id,
                name="bench",
            ).secret
            session.commit()
        basic = base64.b64encode(f"bench:{secret}".encode()).decode()
        headers = {"Authorization": f"Basic {basic}"}
        # The id just before each page: the first, the middle and the last full page.
        afters = {
            "first": None,
            "middle": f"{args.records // 2 - 1:036d}",
            "last": f"{args.records - PAGE - 1:036d}",
        }
        results: dict[str, float] = {}
        with TestClient(app, base_url="http://central") as client:

            def page(after: str | None) -> None:
                query = "" if after is None else f"?$skiptoken={encode_token('deposit', after)}"
                response = client.get(f"/feed/odata/Records{query}", headers=headers)
                assert response.status_code == 200, response.text[:200]
                assert len(response.json()["value"]) == PAGE

            page(None)  # warm the caches and the pool
            for name, after in afters.items():
                results[f"{name}_ms"] = median_ms(partial(page, after), args.runs)
            # One station of 30, halfway through its records: its (station_id, recorded_at)
            # index, in time order.
            with app.state.engine.connect() as conn:
                at, middle_id = conn.execute(
                    text(
                        "SELECT recorded_at, id FROM records WHERE station_id = 'st7'"
                        " ORDER BY recorded_at, id OFFSET :n LIMIT 1"
                    ),
                    {"n": args.records // 60},
                ).one()
            station_token = encode_token("deposit", at.isoformat(), middle_id)

            def station_page() -> None:
                response = client.get(
                    "/feed/odata/Records",
                    params={"$filter": "station_id eq 'st7'", "$skiptoken": station_token},
                    headers=headers,
                )
                assert response.status_code == 200, response.text[:200]
                assert len(response.json()["value"]) == min(PAGE, args.records // 60)

            results["station_middle_ms"] = median_ms(station_page, args.runs)
        with app.state.engine.connect() as conn:

            def bare(after: str | None) -> None:
                rows = conn.execute(ANCHOR, {"after": after or "", "page": PAGE}).all()
                assert len(rows) == PAGE

            bare(None)
            anchors = {n: median_ms(partial(bare, a), args.runs) for n, a in afters.items()}
        app.state.engine.dispose()
    page_ms = max(results.values())
    anchor_ms = max(anchors.values())
    result = {
        "records": args.records,
        "page_rows": PAGE,
        "fill_s": round(fill_s, 1),
        **{k: round(v, 1) for k, v in results.items()},
        "page_ms": round(page_ms, 1),
        "anchor_ms": round(anchor_ms, 1),
        "ratio": round(page_ms / anchor_ms, 1),
        "goal_ms": 500,
    }
    print(
        f"feed page of {PAGE:,} at first/middle/last/one station: "
        + ", ".join(f"{results[k]:.0f}" for k in results)
        + f" ms; bare SELECT {anchor_ms:.0f} ms; median of {args.runs}"
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
