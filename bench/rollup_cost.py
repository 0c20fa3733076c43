"""What the monthly rollup adds to ingest: one batch's rollup writes with ``deposit_months``
(``rollup.add_counted``: days and months) against without it (``add_to_rollup``: days
alone, the code before issue 26's monthly rollup), timed in turn in the same run on
PostgreSQL, each in a transaction rolled back, so both write into the same rows. A batch
is one kiosk's N deposits over a day in every category, a reversal every 50th.
The last line printed is a JSON object.
Run: KIOSK_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test \
     .venv/bin/python bench/rollup_cost.py [--records 5000] [--runs 40]
"""

import argparse
import json
import os
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from console_data import _with_schema
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from central.db import prepare
from central.services import rollup
from central.services.catalogue import category_kinds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    base = os.environ.get("KIOSK_TEST_PG_URL")
    if not base:
        sys.exit("KIOSK_TEST_PG_URL is not set")
    schema = f"bench_rollup_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        engine = prepare(_with_schema(base, schema))
        with Session(engine) as session:
            kinds = category_kinds(session=session)
        codes = sorted(kinds)
        start = datetime(2026, 11, 30, 6, tzinfo=UTC)  # a day that crosses an Oslo month
        rows = [
            ("st1", start + timedelta(seconds=i * 86400 / args.records), codes[i % len(codes)],
             "out" if kinds[codes[i % len(codes)]] == "reuse" and i % 3 == 0 else "in",
             None, 500 + i % 4000, "x" if i % 50 == 49 else None,
             "self_service" if i % 5 == 0 else "guide")
            for i in range(args.records)
        ]  # fmt: skip
        days_only = [r[:7] for r in rows]
        timings: dict[str, list[float]] = {"days": [], "days_and_months": []}
        with engine.connect() as conn:
            for _ in range(args.runs):
                for name in timings:
                    began = time.perf_counter()
                    with conn.begin() as tx:
                        if name == "days":
                            rollup.add_to_rollup(conn, days_only, kinds)
                        else:
                            rollup.add_counted(conn, rows, kinds)
                        timings[name].append((time.perf_counter() - began) * 1000)
                        tx.rollback()
        engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    days = statistics.median(timings["days"])
    both = statistics.median(timings["days_and_months"])
    ratios = [b / a for a, b in zip(timings["days"], timings["days_and_months"], strict=True)]
    result = {
        "records": args.records,
        "runs": args.runs,
        "days_ms": round(days, 2),
        "days_and_months_ms": round(both, 2),
        "months_add_ms": round(both - days, 2),
        "ratio": round(statistics.median(ratios), 2),
        "months_add_us_per_record": round((both - days) * 1000 / args.records, 2),
    }
    print(
        f"one batch of {args.records}: days {days:.2f} ms, days and months {both:.2f} ms "
        f"({result['ratio']}x, median of each round's ratio; median of {args.runs})"
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
