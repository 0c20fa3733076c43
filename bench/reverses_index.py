"""Benchmark: ingest with migration 0024 (the reversal check and a unique partial index on
``reverses``) against before it (no check, 0020's plain index over every row), same run.

Two fresh databases of one kind, one as each: the "before" one has 0024's index swapped back
for 0020's and the check switched off while it ingests. Rounds alternate between them, each
posting one batch of the same shape through the real app in process: 5,000 deposits, 1 in 50
a reversal of a record the previous batch brought. Reports each side's median seconds per
batch and after / before; the last line is one JSON object.
Run: KIOSK_TEST_PG_URL=... .venv/bin/python bench/reverses_index.py --db pg
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.helpers

from fastapi.testclient import TestClient
from sqlalchemy import text

from central.core.config import Settings
from central.services import ingest
from contract import CONTRACT_VERSION
from tests.central.conftest import Kiosk, enrol_kiosk
from tests.helpers.central_app import central_app
from tests.helpers.servers import database_url

BATCH = 5000


def _batch(kiosk: Kiosk, previous: list[dict[str, Any]]) -> list[dict[str, Any]]:
    originals = [r for r in previous if r["reverses"] is None]
    undo = [dict(r, id=None, reverses=r["id"]) for r in originals[::50]]
    records = [kiosk.record(type="deposit") for _ in range(BATCH - len(undo))]
    for r in undo:
        records.append(kiosk.record(**{k: v for k, v in r.items() if k not in ("id", "seq")}))
    return records


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "pg"], default="sqlite")
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args(argv)
    check = ingest.refuse_double_reversals
    with ExitStack() as stack:
        sides = {}
        for side in ("before", "after"):
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            url = stack.enter_context(database_url(args.db, folder))
            settings = Settings(db_url=url, max_batch_records=BATCH, data_dir=folder)
            app = stack.enter_context(central_app(settings))
            api = stack.enter_context(TestClient(app, base_url="http://central"))
            kiosk = enrol_kiosk(app, api)
            if side == "before":
                with app.state.engine.begin() as conn:
                    conn.execute(text("DROP INDEX uq_records_reverses"))
                    conn.execute(text("CREATE INDEX ix_records_reverses ON records (reverses)"))
            sides[side] = (api, kiosk, [], [])
        for _ in range(args.rounds):
            for side, (api, kiosk, previous, seconds) in sides.items():
                records = _batch(kiosk, previous)
                body = kiosk.batch(records, contract_version=CONTRACT_VERSION)
                ingest.refuse_double_reversals = (
                    (lambda conn, batch: None) if side == "before" else check
                )
                started = time.perf_counter()
                answer = api.post("/api/v1/batches", json=body, headers=kiosk.auth)
                seconds.append(time.perf_counter() - started)
                assert answer.status_code == 200, answer.text
                previous[:] = records
        ingest.refuse_double_reversals = check
    # The first round fills an empty table: left out of the medians.
    before = statistics.median(sides["before"][3][1:])
    after = statistics.median(sides["after"][3][1:])
    result = {"db": args.db, "batch": BATCH, "rounds": args.rounds,
              "before_s": round(before, 4), "after_s": round(after, 4),
              "after_over_before": round(after / before, 3)}  # fmt: skip
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
