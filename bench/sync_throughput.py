"""Benchmark: 100,000 pending kiosk records to central over loopback, SQLite and PostgreSQL.

Central runs as its own process (`kiosk-central serve`, uvicorn) so the kiosk's memory is
measured alone. Reports records/s, seconds and their ratio to the database writing the same
rows alone (the anchor, in the same run: PostgreSQL's binary COPY, SQLite's executemany),
resend time, an idle pass's time (the median of 21) and the kiosk's peak RSS growth during the
sync (kiosk_peak_rss_mb: the peak minus the RSS just before it); the last line is one JSON
object. PostgreSQL runs when
KIOSK_TEST_PG_URL is set (each run in a fresh schema, dropped afterwards). Then pouchdb-server
replicates as many documents of the same JSON (bench/couch_compare.py; install it with
`npm ci --prefix bench/couch`): couch_ratio is its time over ours (PostgreSQL's, else SQLite's).
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import httpx
from sqlalchemy import Engine, create_engine, delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from central.db import prepare
from central.models import Record
from central.services import stations
from kiosk.db.models import Deposit, SentBatch
from kiosk.db.store import Store
from kiosk.domain.catalogue import load_default
from kiosk.domain.ids import uuid7
from kiosk.sync.client import CentralClient
from kiosk.sync.engine import run_sync
from kiosk.sync.enrolment import enrol

PAGE = os.sysconf("SC_PAGE_SIZE")
SECRET = "bench-secret"  # keys token and code hashes, shared with the central subprocess


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE / 2**20


class PeakRss:
    """Samples this process's RSS every 5 ms in a thread; ``peak`` is the highest seen."""

    def __init__(self) -> None:
        self.peak = rss_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, rss_mb())

    def __enter__(self) -> "PeakRss":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seed(store: Store, count: int) -> None:
    start = datetime.now(UTC)
    codes = ("wood", "metal", "paper_cardboard", "hard_plastic", "textiles")
    rows = [
        {
            "id": str(uuid7()),
            "seq": i + 1,
            "device_id": store.device_id,
            "station_id": store.station_id,
            "recorded_at": start + timedelta(milliseconds=i),
            "category": codes[i % 5],
            "weight_g": 100 + (i * 37) % 40_000,
            "weight_source": "scale_stable",
            "channel": "guide",
            "direction": "in",
            "catalog_version": 1,
        }
        for i in range(count)
    ]
    with store.write() as conn:
        conn.execute(insert(Deposit), rows)


def run_one(db_url: str, records: int, batch_size: int, gzip_level: int) -> dict[str, float]:
    engine = prepare(db_url)
    with Session(engine) as session:
        stations.add_station(
            now=datetime.now(UTC), session=session, station_id="trosterud", name="Trosterud"
        )
        code, _ = stations.issue_enrol_code(
            now=datetime.now(UTC),
            session=session,
            key=SECRET.encode(),
            station_id="trosterud",
            ttl=timedelta(hours=1),
        )
        session.commit()
    port = free_port()
    env = dict(os.environ, KIOSK_CENTRAL_DB_URL=db_url, KIOSK_CENTRAL_SECRET=SECRET)
    server = subprocess.Popen(
        [sys.executable, "-m", "central.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(f"{url}/api/v1/health", timeout=1.0)
                break
            except httpx.TransportError:
                time.sleep(0.05)
        with tempfile.TemporaryDirectory() as folder:
            store = Store.open(
                Path(folder) / "kiosk.sqlite3",
                station_id="trosterud",
                catalogue=load_default(),
                max_weight_g=200_000,
            )
            with CentralClient(url) as client:
                enrol(store=store, client=client, central_url=url, code=code, folder=Path(folder))
            token = (Path(folder) / "device_token").read_text()
            with CentralClient(url, token=token, gzip_level=gzip_level) as client:
                run_sync(store=store, client=client, batch_size=batch_size)  # warm-up: 0 pending
                seed(store, records)
                baseline = rss_mb()
                with PeakRss() as peak:
                    started = time.perf_counter()
                    first = run_sync(store=store, client=client, batch_size=batch_size)
                    seconds = time.perf_counter() - started
                assert first.pending == 0 and first.pushed == records, first
                with store.write() as conn:  # pretend every answer was lost: send it all again
                    conn.execute(update(Deposit).values(sync_state="pending"))
                # The kiosk remembers the batches it composed and asks central once which it
                # holds; their records are marked synced without being read or sent (issue 24).
                started = time.perf_counter()
                same = run_sync(store=store, client=client, batch_size=batch_size)
                resend_same = time.perf_counter() - started
                assert same.pending == 0 and same.skipped == records, same
                with store.write() as conn:
                    conn.execute(update(Deposit).values(sync_state="pending"))
                    # A kiosk that remembers no batch (one release behind) sends everything.
                    conn.execute(delete(SentBatch))
                # Other batch boundaries, so central cannot answer from its stored replies
                # and must skip every record by id: the heavier of the two resend paths.
                started = time.perf_counter()
                again = run_sync(store=store, client=client, batch_size=batch_size - 1)
                resend = time.perf_counter() - started
                assert again.pending == 0 and again.duplicates == records, again
                # An idle pass, as a kiosk runs one every few minutes: the median of 21.
                idle = []
                for _ in range(21):
                    started = time.perf_counter()
                    empty = run_sync(store=store, client=client, batch_size=batch_size)
                    idle.append((time.perf_counter() - started) * 1000)
                    assert empty.batches == 0 and empty.ok, empty
                empty_ms = statistics.median(idle)
            store.close()
        with Session(engine) as session:
            held = session.scalar(select(func.count()).select_from(Record))
        assert held == records, held
        floor = store_floor(engine)
    finally:
        server.terminate()
        server.wait(timeout=10)
        engine.dispose()
    return {
        "seconds": seconds,
        "floor": floor,
        "resend": resend,
        "resend_same": resend_same,
        "empty_ms": empty_ms,
        "rss_growth_mb": peak.peak - baseline,
        "rss_peak_mb": peak.peak,
    }


def store_floor(engine: Engine) -> float:
    """The anchor, in the same run: the database writing the same rows alone, into a copy of
    the records table with the same indexes, in one transaction. PostgreSQL: its own binary
    COPY (the rows read out first, so only the write is timed); SQLite: one executemany."""
    table = Record.__table__.name
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            driver = conn.connection.driver_connection
            assert driver is not None
            cursor = driver.cursor()
            cursor.execute(f"CREATE TABLE anchor (LIKE {table} INCLUDING ALL)")
            driver.commit()
            out = bytearray()
            with cursor.copy(f"COPY {table} TO STDOUT (FORMAT binary)") as copy:
                for chunk in copy:
                    out += chunk
            started = time.perf_counter()
            with cursor.copy("COPY anchor FROM STDIN (FORMAT binary)") as copy:
                copy.write(bytes(out))
            driver.commit()
            return time.perf_counter() - started
        raw = conn.connection.driver_connection
        assert raw is not None
        made = raw.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL", (table,)
        ).fetchall()
        for (sql,) in made:  # the table, then its indexes, under other names
            raw.execute(sql.replace(f'"{table}"', "anchor").replace(f" {table} ", " anchor ")
                        .replace("CREATE UNIQUE INDEX ", "CREATE UNIQUE INDEX anchor_")
                        .replace("CREATE INDEX ", "CREATE INDEX anchor_"))  # fmt: skip
        raw.commit()
        rows = raw.execute(f"SELECT * FROM {table}").fetchall()
        marks = ", ".join("?" * len(rows[0]))
        started = time.perf_counter()
        raw.execute("BEGIN")  # central's engine runs sqlite3 in autocommit mode: one transaction
        raw.executemany(f"INSERT INTO anchor VALUES ({marks})", rows)
        raw.execute("COMMIT")
        return time.perf_counter() - started


def pg_schema(base: str) -> tuple[str, str]:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    sep = "&" if "?" in base else "?"
    return schema, f"{base}{sep}options={quote(f'-csearch_path={schema}')}"


def drop_schema(base: str, schema: str) -> None:
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def summary(name: str, records: int, r: dict[str, float]) -> str:
    return (
        f"{name} central: {records} records in {r['seconds']:.2f} s "
        f"({records / r['seconds']:,.0f} records/s; the database alone {r['floor']:.3f} s, "
        f"{r['seconds'] / r['floor']:.1f}x), resend {r['resend']:.2f} s "
        f"(same batches {r['resend_same']:.2f} s), "
        f"empty sync {r['empty_ms']:.1f} ms, kiosk RSS +{r['rss_growth_mb']:.1f} MB "
        f"(peak {r['rss_peak_mb']:.0f} MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--gzip-level", type=int, default=0, help="0: no gzip (loopback)")
    parser.add_argument(
        "--no-couch", action="store_true", help="skip CouchDB-style replication (pouchdb-server)"
    )
    parser.add_argument(
        "--couch-batch-size", type=int, help="the replicator's batch size (default: its own, 100)"
    )
    args = parser.parse_args()
    results: dict[str, object] = {"records": args.records}
    with tempfile.TemporaryDirectory() as folder:
        lite_url = f"sqlite:///{folder}/central.sqlite3"
        lite = run_one(lite_url, args.records, args.batch_size, args.gzip_level)
    print(summary("SQLite", args.records, lite))
    results["seconds_sqlite"] = round(lite["seconds"], 3)
    results["floor_sqlite"] = round(lite["floor"], 3)
    results["over_floor_sqlite"] = round(lite["seconds"] / lite["floor"], 2)
    peak = lite["rss_growth_mb"]
    empty_ms = lite["empty_ms"]
    pg = None
    base = os.environ.get("KIOSK_TEST_PG_URL")
    if base:
        schema, url = pg_schema(base)
        try:
            pg = run_one(url, args.records, args.batch_size, args.gzip_level)
        finally:
            drop_schema(base, schema)
        print(summary("PostgreSQL", args.records, pg))
        peak = max(peak, pg["rss_growth_mb"])
        empty_ms = pg["empty_ms"]
    else:
        print("KIOSK_TEST_PG_URL not set: PostgreSQL run skipped")
    results.update(
        seconds_pg=round(pg["seconds"], 3) if pg else None,
        copy_floor_pg=round(pg["floor"], 3) if pg else None,
        over_copy_pg=round(pg["seconds"] / pg["floor"], 2) if pg else None,
        records_per_s_pg=round(args.records / pg["seconds"]) if pg else None,
        seconds_resend_pg=round(pg["resend"], 3) if pg else None,
        seconds_resend_same_batches_pg=round(pg["resend_same"], 3) if pg else None,
        resend_same_over_first_pg=round(pg["resend_same"] / pg["seconds"], 3) if pg else None,
        empty_sync_ms=round(empty_ms, 1),
        kiosk_peak_rss_mb=round(peak, 1),
    )
    results.update(
        couch(args.records, results, skip=args.no_couch, batch_size=args.couch_batch_size)
    )
    print(json.dumps(results))


def couch(
    records: int, results: dict[str, object], *, skip: bool, batch_size: int | None = None
) -> dict[str, object]:
    """The same number of documents of the same JSON replicated by pouchdb-server, in this
    run (bench/couch_compare.py); couch_ratio is how many times longer it takes than ours."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import couch_compare

    why = "skipped (--no-couch)" if skip else couch_compare.available()
    if why is not None:
        print(f"CouchDB-style replication: {why}")
        return {"seconds_couch": None, "couch_ratio": None}
    run = couch_compare.replicate(couch_compare.records(records), batch_size)
    ours = results["seconds_pg"] or results["seconds_sqlite"]
    assert isinstance(ours, float)
    print(
        f"CouchDB-style replication (pouchdb-server, {records} documents of "
        f"{run['doc_bytes']:.0f} bytes): {run['seconds']:.2f} s, {run['seconds'] / ours:.1f}x ours"
    )
    ratio = round(run["seconds"] / ours, 2)
    return {
        "seconds_couch": round(run["seconds"], 3),
        "couch_ratio": ratio,
        "couch_batch_size": batch_size,  # None: the replicator's own (100)
    }


if __name__ == "__main__":
    main()
