"""Profile: where one 100,000-record sync spends its time, kiosk and central side by side.

Runs the sync of bench/sync_throughput.py (central as `kiosk-central serve`, its own process)
with py-spy sampling both processes, every thread, idle time included, and sorts each
sample into a phase by the functions on its stack: the kiosk's read of the outbox; encoding,
hashing and compressing; waiting for central's answer (the wire plus central); marking
synced; central's HTTP server and body; its decompressing, decoding and validating; its
checks against what it holds (contradictions, ids across types); the COPY; the commit.
The wire is the kiosk's wait less central's time in the request. The last line is one JSON
object. Run: KIOSK_TEST_PG_URL=... .venv/bin/python bench/sync_profile.py [--sqlite] [--resend]
(--resend: profile the same 100,000 sent again after every answer was lost.)
"""

import argparse
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import update
from sqlalchemy.orm import Session

from central.db import prepare
from central.services import stations
from kiosk.db.models import Deposit
from kiosk.db.store import Store
from kiosk.domain.catalogue import load_default
from kiosk.sync.client import CentralClient
from kiosk.sync.engine import run_sync
from kiosk.sync.enrolment import enrol

_spec = importlib.util.spec_from_file_location(
    "sync_throughput", Path(__file__).with_name("sync_throughput.py")
)
assert _spec and _spec.loader
throughput = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(throughput)

RATE = 500  # samples per second per thread
# (phase, any of these function names on the stack), first match from the top wins; the
# frames are searched innermost first, so a commit inside ingest counts as the commit.
KIOSK_PHASES = [
    ("kiosk: check and mark the held batches' records", ("mark_held",)),
    ("kiosk: ask which remembered batches central holds", ("remembered_pending", "held_batches")),
    ("kiosk: mark synced", ("mark_synced",)),
    ("kiosk: encode, hash, compress", ("compress", "body", "_batch", "dumps", "canonical_json")),
    ("kiosk: read the outbox", ("next_batch",)),
    ("kiosk: waiting for central (wire + central)", ("post_batch",)),
    ("kiosk: the rest (check-in, waiting for the helper thread)", ("run_sync",)),
]
CENTRAL_PHASES = [
    ("central: which batches it holds", ("held_batches",)),
    ("central: commit", ("commit",)),
    ("central: COPY / insert", ("insert_records", "add_deposits")),
    (
        "central: checks against what it holds",
        ("refuse_held_elsewhere", "refuse_contradictions", "advance_contiguous", "hold_kinds"),
    ),
    ("central: decompress, decode, validate", ("_decode", "_parse", "_check_records")),
    ("central: the rest of ingest", ("ingest_batch",)),
    (
        "central: token, HTTP, body",
        ("post_batch", "get_current_device", "_receive", "data_received", "handle_events"),
    ),
]


def sampler(pid: int, out: Path) -> subprocess.Popen[bytes]:
    spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or "py-spy"
    command = [spy, "record", "--pid", str(pid), "--rate", str(RATE), "--idle", "--threads"]
    command += ["--nonblocking", "--format", "raw", "-o", str(out)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop(spy: subprocess.Popen[bytes]) -> None:
    spy.send_signal(signal.SIGINT)
    spy.wait(60)


def classify(raw: Path, phases: list[tuple[str, tuple[str, ...]]]) -> Counter[str]:
    """Seconds per phase from py-spy's raw (collapsed) stacks: ``frame;frame;... count``."""
    seconds: Counter[str] = Counter()
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        # "CentralClient.post_batch (kiosk/sync/client.py:212)" -> "post_batch"
        names = [frame.split(" (", 1)[0].rsplit(".", 1)[-1] for frame in stack.split(";")]
        for name in reversed(names):
            phase = next((p for p, funcs in phases if name in funcs), None)
            if phase is not None:
                seconds[phase] += int(count) / RATE
                break
    return seconds


def run(
    db_url: str, records: int, batch_size: int, gzip_level: int, folder: Path, resend: bool = False
) -> dict:
    engine = prepare(db_url)
    with Session(engine) as session:
        stations.add_station(
            now=datetime.now(UTC), session=session, station_id="trosterud", name="Trosterud"
        )
        code, _ = stations.issue_enrol_code(
            now=datetime.now(UTC),
            session=session,
            key=throughput.SECRET.encode(),
            station_id="trosterud",
            ttl=timedelta(hours=1),
        )
        session.commit()
    engine.dispose()
    port = throughput.free_port()
    env = dict(os.environ, KIOSK_CENTRAL_DB_URL=db_url, KIOSK_CENTRAL_SECRET=throughput.SECRET)
    server = subprocess.Popen(
        [sys.executable, "-m", "central.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(400):
            try:
                httpx.get(f"{url}/api/v1/health", timeout=1.0)
                break
            except httpx.TransportError:
                time.sleep(0.05)
        store = Store.open(
            folder / "kiosk.sqlite3",
            station_id="trosterud",
            catalogue=load_default(),
            max_weight_g=200_000,
        )
        with CentralClient(url) as client:
            enrol(store=store, client=client, central_url=url, code=code, folder=folder)
        token = (folder / "device_token").read_text()
        with CentralClient(url, token=token, gzip_level=gzip_level) as client:
            run_sync(store=store, client=client, batch_size=batch_size)  # warm-up: 0 pending
            throughput.seed(store, records)
            if resend:  # profile the resend of bench/sync_throughput.py's same batches
                first = run_sync(store=store, client=client, batch_size=batch_size)
                assert first.pending == 0 and first.pushed == records, first
                with store.write() as conn:  # every answer lost: all of it pending again
                    conn.execute(update(Deposit).values(sync_state="pending"))
            spies = [sampler(os.getpid(), folder / "kiosk.raw")]
            spies.append(sampler(server.pid, folder / "central.raw"))
            time.sleep(1.0)  # py-spy attaches
            started = time.perf_counter()
            status = run_sync(store=store, client=client, batch_size=batch_size)
            seconds = time.perf_counter() - started
            for spy in spies:
                stop(spy)
        assert status.pending == 0, status
        assert status.pushed + status.duplicates + status.skipped == records, status
        store.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    if keep := os.environ.get("SYNC_PROFILE_KEEP"):  # the raw stacks, for a flame graph
        for name in ("kiosk.raw", "central.raw"):
            shutil.copy(folder / name, Path(keep) / f"{Path(db_url).name[:8]}-{name}")
    kiosk = classify(folder / "kiosk.raw", KIOSK_PHASES)
    central = classify(folder / "central.raw", CENTRAL_PHASES)
    in_central = sum(central.values())
    waiting = kiosk["kiosk: waiting for central (wire + central)"]
    return {
        "seconds": round(seconds, 3),
        "phases_s": {
            **{k: round(v, 3) for k, v in kiosk.items()},
            **{k: round(v, 3) for k, v in central.items()},
            "wire (the kiosk's wait less central's time in the request)": round(
                max(waiting - in_central, 0.0), 3
            ),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--gzip-level", type=int, default=0, help="0: no gzip (loopback)")
    parser.add_argument("--sqlite", action="store_true", help="SQLite central too")
    parser.add_argument(
        "--resend", action="store_true", help="profile the same batches sent again instead"
    )
    args = parser.parse_args()
    results: dict[str, object] = {"records": args.records}
    if args.sqlite:
        with tempfile.TemporaryDirectory() as folder:
            lite = f"sqlite:///{folder}/central.sqlite3"
            results["sqlite"] = run(lite, args.records, args.batch_size, args.gzip_level,
                                    Path(folder), args.resend)  # fmt: skip
    base = os.environ.get("KIOSK_TEST_PG_URL")
    if base:
        schema, url = throughput.pg_schema(base)
        try:
            with tempfile.TemporaryDirectory() as folder:
                results["pg"] = run(url, args.records, args.batch_size, args.gzip_level,
                                    Path(folder), args.resend)  # fmt: skip
        finally:
            throughput.drop_schema(base, schema)
    for name in ("sqlite", "pg"):
        if name in results:
            run_ = results[name]
            assert isinstance(run_, dict)
            print(f"{name}: {run_['seconds']} s")
            for phase, secs in sorted(run_["phases_s"].items(), key=lambda kv: -kv[1]):
                print(f"  {secs:7.3f} s  {phase}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
