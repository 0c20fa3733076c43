"""Console overview speed on PostgreSQL: the all-stations page (/stations, "Alle stasjoner":
every station this year against last year, sparklines, totals, alarms) over 10 M deposits.

Signed in, in-process through the ASGI app, it times /stations (the goal: <= 150 ms), the
fleet overview (/), one station's page (its goal: well under 300 ms) and its trend chart, and
in the same run three anchors, timed in turn with the page in each round: GET /api/v1/health
(one trivial query through the same stack), the bare read the page made before the monthly
rollup (every station's daily rollup rows of both years by month, one GROUP BY, no HTTP) and
the bare read of the monthly rollup it reads now (both years' whole months). The data set
is bench/console_data.py's (--reuse SCHEMA takes one a --keep run filled). The last line
printed is a JSON object: {"records", "stations_ms", "stations_over_health", ...}.
Run: KIOSK_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test \
     .venv/bin/python bench/console_overview.py [--records 10000000] [--reuse SCHEMA]
"""

import argparse
import json
import re
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for central

from console_data import add_options, filled_schema
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from central.core.config import Settings
from central.main import create_app
from central.services import auth

GOAL_MS = 150
STATION_GOAL_MS = 300
# What the page reads at least: both years' rollup rows of every station, summed by station,
# month and measure (the page also reads last year to the same day, and the events).
RAW = text(
    "SELECT station_id, date_part('year', day), date_part('month', day), measure, sum(net_g)"
    " FROM deposit_days WHERE NOT flagged AND day >= :start GROUP BY 1, 2, 3, 4"
)
MONTHS = text(
    "SELECT station_id, month, measure, sum(net_g) FROM deposit_months"
    " WHERE NOT flagged AND month >= :start GROUP BY 1, 2, 3"
)


def timed(action: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def paired(actions: dict[str, Callable[[], object]], runs: int) -> dict[str, list[float]]:
    """Each action once per round, in turn, so the page and its anchors meet the same load
    (this machine is shared: a ratio of medians taken minutes apart drifts with it)."""
    out: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            start = time.perf_counter()
            action()
            out[name].append((time.perf_counter() - start) * 1000)
    return out


def ratio(page: list[float], anchor: list[float]) -> float:
    """The median of the rounds' own ratios."""
    return statistics.median(p / a for p, a in zip(page, anchor, strict=True))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_options(parser)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with filled_schema(args) as (url, records, fill_s):
        app = create_app(Settings(db_url=url))
        user = f"bench-{uuid.uuid4().hex[:8]}"
        with Session(app.state.engine) as session:
            auth.add_user(now=datetime.now(UTC), session=session, username=user,
                          password="bench-password", role="viewer")  # fmt: skip
            session.commit()
            batches = session.scalar(text("SELECT count(*) FROM batches"))
        with TestClient(app, base_url="http://central") as client:
            form = client.get("/login").text
            found = re.search(r'name="csrf" value="([^"]+)"', form)
            assert found is not None, "the sign-in form's CSRF token"
            csrf = found.group(1)
            client.post("/login", data={"username": user, "password": "bench-password",
                                        "csrf": csrf})  # fmt: skip

            def get(path: str) -> str:
                response = client.get(path)
                assert response.status_code == 200, (path, response.text[:200])
                return str(response.text)

            page = get("/stations")
            assert page.count('href="/stations/st') >= 30, "every station on the page"
            assert "<polyline" in page, "the sparklines drawn"
            assert get("/").count("<tr class=") == 60, "every device on the fleet page"
            for _ in range(3):
                get("/stations")  # warm the caches and the pool
            start = date(datetime.now(UTC).year - 1, 1, 1)
            with app.state.engine.connect() as conn:
                rounds = paired(
                    {
                        "stations": lambda: get("/stations"),
                        "raw": lambda: conn.execute(RAW, {"start": start}).all(),
                        "months": lambda: conn.execute(MONTHS, {"start": start}).all(),
                        "health": lambda: get("/api/v1/health"),
                    },
                    args.runs,
                )
            fleet = timed(lambda: get("/"), args.runs)
            station = timed(lambda: get("/stations/st1"), args.runs)
            trend = timed(lambda: get("/stations/st1/trend"), args.runs)
        stations = statistics.median(rounds["stations"])
        raw = statistics.median(rounds["raw"])
        months = statistics.median(rounds["months"])
        health = statistics.median(rounds["health"])
        app.state.engine.dispose()
    result = {
        "records": records,
        "batches": batches,
        "fill_s": None if fill_s is None else round(fill_s, 1),
        "stations_ms": round(stations, 1),
        "fleet_ms": round(fleet, 1),
        "station_ms": round(station, 1),
        "trend_ms": round(trend, 1),
        "health_ms": round(health, 1),
        "raw_read_ms": round(raw, 1),
        "months_read_ms": round(months, 1),
        "stations_over_health": round(ratio(rounds["stations"], rounds["health"]), 1),
        "stations_over_raw": round(ratio(rounds["stations"], rounds["raw"]), 1),
        "stations_over_months": round(ratio(rounds["stations"], rounds["months"]), 1),
        "goal_ms": GOAL_MS,
        "station_goal_ms": STATION_GOAL_MS,
    }
    print(
        f"all stations {stations:.1f} ms (goal {GOAL_MS}), fleet {fleet:.1f} ms, station page "
        f"{station:.1f} ms, its trend {trend:.1f} ms; anchors: health {health:.1f} ms "
        f"({result['stations_over_health']}x), bare rollup read {raw:.1f} ms "
        f"({result['stations_over_raw']}x), bare months read {months:.1f} ms "
        f"({result['stations_over_months']}x; medians of each round's ratio); "
        f"median of {args.runs}"
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
