"""Benchmark: the kiosk's side of a 100,000-record sync alone, composing every batch.

Seeds 100,000 pending deposits in a real kiosk store and composes them as a pass does
(``outbox.next_batch``: read, wire dicts, canonical JSON, hashes), 5,000 a batch, without
sending. The anchor, in the same run: SQLite reading the same rows alone through the same
query (sqlite3's fetchall). Best of ``--repeat`` for each; the last line is one JSON object.
Run it with PYTHONPATH pointing at the tree to measure (docs/benchmarks.md, copy24).
"""

import argparse
import json
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sync_throughput import seed

from kiosk.db.store import Store
from kiosk.domain.catalogue import load_default
from kiosk.sync import outbox

SQL = (
    "SELECT seq, * FROM deposits WHERE sync_state != 'synced' AND sync_state = 'pending' "
    "AND device_id = ? AND seq > ? ORDER BY seq LIMIT ?"
)


def compose_all(store: Store, size: int) -> int:
    after, count = 0, 0
    while (batch := outbox.next_batch(store, limit=size, sent_at=datetime.now(UTC),
                                      after_seq=after)) is not None:  # fmt: skip
        after, count = batch.last_seq, count + batch.count
    return count


def read_all(store: Store, size: int) -> int:
    after, count = 0, 0
    with store.read() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        while rows := raw.execute(SQL, (store.device_id, after, size)).fetchall():
            after, count = rows[-1][0], count + len(rows)
    return count


def best(action: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "kiosk.sqlite3", station_id="trosterud",
                           catalogue=load_default(), max_weight_g=200_000)  # fmt: skip
        seed(store, args.records)
        assert compose_all(store, args.batch_size) == args.records
        compose = best(lambda: compose_all(store, args.batch_size), args.repeat)
        read = best(lambda: read_all(store, args.batch_size), args.repeat)
        store.close()
    print(f"compose {args.records} records: {compose:.3f} s; SQLite reading them alone "
          f"{read:.3f} s ({compose / read:.1f}x)")  # fmt: skip
    print(json.dumps({"records": args.records, "seconds_compose": round(compose, 3),
                      "seconds_read_floor": round(read, 3),
                      "compose_over_read": round(compose / read, 2)}))  # fmt: skip


if __name__ == "__main__":
    main()
