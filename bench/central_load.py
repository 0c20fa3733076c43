"""Benchmark: a night of the fleet against central as in production, 1 worker vs N workers.

Central runs as `kiosk-central serve --workers N` on PostgreSQL (each run in a fresh
schema). 200 kiosks with a few thousand records each and 20 back after a month offline
(6,000 each) all start at once, through the kiosk's own client (batches, gzip, retries
honouring Retry-After) in several processes; some kiosks go through a proxy that resets
connections, some resend every batch, some replay the whole night. Afterwards central
must hold exactly the unique records and every device's highest contiguous seq.
Each kiosk's records and client are made before the start line, and each run's `where`
splits the kiosk-seconds: answered posts, failed ones and the sleep after each (503 busy,
reset, timeout), central's retry hints. The last line is one JSON object; `ratio` (the
same-run anchor) is N workers' throughput over 1 worker's. Central at one core, its kiosks
elsewhere (they are other machines in the field): --central-cpus 0 --kiosk-cpus 1; each run
states the CPUs each side could use (`central_cpus`, `kiosk_cpus`).
Run: KIOSK_TEST_PG_URL=... .venv/bin/python bench/central_load.py
"""

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.helpers

from tests.helpers.fleet import SECRET, Night, fleet_night


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    night = Night()
    parser.add_argument("--kiosks", type=int, default=night.kiosks)
    parser.add_argument("--records", type=int, default=night.records, help="most per kiosk")
    parser.add_argument("--offline", type=int, default=night.offline, help="back after a month")
    parser.add_argument("--offline-records", type=int, default=night.offline_records)
    parser.add_argument("--batch", type=int, default=night.batch, help="records per batch")
    parser.add_argument("--procs", type=int, default=night.procs, help="load-driving processes")
    parser.add_argument(
        "--max-inflight", type=int, default=night.max_inflight, help="ceiling per worker"
    )
    parser.add_argument("--seed", type=int, default=night.seed)
    parser.add_argument("--central-cpus", help="pin central's workers (taskset list: 0 or 0-1)")
    parser.add_argument("--kiosk-cpus", help="pin the simulated kiosks' processes (taskset list)")
    parser.add_argument("--workers", type=int, default=2)
    args = vars(parser.parse_args(argv))
    workers_n = args.pop("workers")
    night = Night(**args)
    base = os.environ.get("KIOSK_TEST_PG_URL")
    if not base:
        sys.exit("set KIOSK_TEST_PG_URL to a PostgreSQL URL")
    os.environ.setdefault("KIOSK_CENTRAL_SECRET", SECRET)
    runs = []
    for workers in sorted({1, workers_n}):
        run = fleet_night(base, workers=workers, args=night)
        print(json.dumps(run), flush=True)
        runs.append(run)
    ratio = runs[-1]["records_per_s"] / runs[0]["records_per_s"]
    exact = all(r["held"] == r["expected"] and r["devices_wrong"] == 0 for r in runs)
    summary = {"runs": runs, "ratio": round(ratio, 2), "exact": exact}
    print(json.dumps(summary))
    return summary


if __name__ == "__main__":
    main()
