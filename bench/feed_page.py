"""OData feed page speed: a page of 10,000 records over a records table of 10 M on PostgreSQL.

Serves GET /feed/odata/Records (Basic auth with a feed token, JSON out) at the first page,
the middle and the last, in-process through the ASGI app, and times in the same run the
anchor: the bare SELECT of the same page (same keyset, all rows fetched), no HTTP, no JSON.
The data set is bench/console_data.py's (--reuse SCHEMA takes one a --keep run filled).
The last line printed is a JSON object: {"records", "page_ms", "anchor_ms", "ratio", ...}.
Run: KIOSK_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test \
     .venv/bin/python bench/feed_page.py [--records 10000000] [--reuse SCHEMA] [--runs 5]
"""

import argparse
import base64
import json
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for central

from console_data import add_options, filled_schema
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from central.core.config import Settings
from central.feed.entities import encode_token
from central.main import create_app
from central.services import auth, feed_tokens

PAGE = 10_000
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
    add_options(parser)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with filled_schema(args) as (url, records, fill_s):
        args.records = records
        app = create_app(Settings(db_url=url))
        with Session(app.state.engine) as session:
            user = auth.add_user(
                now=datetime.now(UTC),
                session=session,
                username=f"bench-{uuid.uuid4().hex[:8]}",
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
        "fill_s": None if fill_s is None else round(fill_s, 1),
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
