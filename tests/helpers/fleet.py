"""A fleet's night against central run by its production command (`serve --workers N`).

Shared by tests/central/test_fleet.py (a few kiosks) and bench/central_load.py (220).
Kiosks send through the kiosk's own client in several processes; some resend every batch,
some replay the night, some go through a proxy that resets connections. ``check_exact``
then proves central holds each record once and every device's contiguous seq.
"""

import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.core.secret import server_key
from central.db import prepare
from central.models import Record
from central.services import sequence, stations
from kiosk.domain.ids import uuid7
from kiosk.sync.client import CentralClient, Transient
from kiosk.sync.outbox import build_batch
from kiosk.sync.schedule import retry_backoff
from tests.helpers.fault_proxy import FaultProxy
from tests.helpers.records import wire_deposit
from tests.helpers.servers import schema_url

SECRET = "bench-secret"  # keys token and code hashes, shared with central's workers


@dataclass(frozen=True)
class Job:
    """One kiosk's night: how many records, in what batch size, and how it misbehaves."""

    device_id: str
    station_id: str
    token: str
    records: int
    batch: int
    duplicate: bool = False  # sends every batch twice in a row (a lost answer's resend)
    replay: bool = False  # sends the whole night again once done
    faulty: bool = False  # goes through a proxy that resets connections


def pg_schema(base: str) -> AbstractContextManager[str]:
    return schema_url(base, prefix="load")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children (uvicorn's workers), from /proc."""
    total = 0.0
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            children = [int(c) for c in f.read().split()]
    except OSError:
        return total
    return total + sum(cpu_seconds(child) for child in children)


@contextmanager
def central_process(db_url: str, workers: int, max_inflight: int | None):
    """`kiosk-central serve --workers N`, the production command, on a free loopback port."""
    port = free_port()
    env = {
        **os.environ,
        "KIOSK_CENTRAL_SECRET": SECRET,
        # The whole fleet enrols in a second here; in the field it is one kiosk at a time.
        "KIOSK_CENTRAL_ENROL_PER_CLIENT_PER_MIN": "100000",
        "KIOSK_CENTRAL_ENROL_OVERALL_PER_MIN": "100000",
    }
    if max_inflight is not None:  # a ceiling on the adaptive admission; central's own else
        env["KIOSK_CENTRAL_MAX_INFLIGHT_BATCHES"] = str(max_inflight)
    command = [sys.executable, "-m", "central.cli", "--db-url", db_url, "serve"]
    command += ["--port", str(port), "--workers", str(workers)]
    # Its log goes to a file, not a pipe: an unread pipe fills up and blocks the workers.
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in the finally below)
    proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180  # spawning workers on a busy 2-core box is slow
        while True:  # waiting for another process to listen: nothing to subscribe to
            try:
                if httpx.get(f"{url}/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError(f"central did not start: {log.read().decode()[-2000:]}")
            time.sleep(0.1)
        yield url, proc.pid
    finally:
        proc.terminate()
        proc.wait(30)
        log.close()


def enrol_fleet(db_url: str, url: str, specs: list[tuple[int, int]], batch: int) -> list[Job]:
    """Enrol one device per spec (records, flags seed) through the real enrolment API."""
    engine = prepare(db_url)
    key = server_key(secret=SECRET, data_dir=None)
    jobs = []
    with Session(engine) as session, httpx.Client(base_url=url, timeout=30) as http:
        for n, (records, flags) in enumerate(specs):
            station_id = f"st{n:04d}"
            stations.add_station(
                now=datetime.now(UTC), session=session, station_id=station_id, name=station_id
            )
            code, _ = stations.issue_enrol_code(
                now=datetime.now(UTC),
                session=session,
                key=key,
                station_id=station_id,
                ttl=timedelta(hours=1),
            )
            session.commit()
            device_id = str(uuid7())
            answer = http.post("/api/v1/enrol", json={"code": code, "device_id": device_id})
            answer.raise_for_status()
            jobs.append(
                Job(
                    device_id,
                    station_id,
                    answer.json()["token"],
                    records,
                    batch,
                    duplicate=flags % 10 == 1,
                    replay=flags % 10 == 2,
                    faulty=flags % 10 == 3,
                )
            )
    engine.dispose()
    return jobs


def make_records(job: Job) -> list[dict]:
    start = datetime(2026, 10, 27, 8, 0, tzinfo=UTC)
    return [
        wire_deposit(
            id=str(uuid7()),
            seq=seq,
            device_id=job.device_id,
            station_id=job.station_id,
            recorded_at=(start + timedelta(seconds=seq * 7)).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            category=("wood", "metal", "textiles", "paper_cardboard")[seq % 4],
            weight_g=100 + seq % 5000,
        )
        for seq in range(1, job.records + 1)
    ]


def send(client: CentralClient, batch, latencies: list[float], counts: dict) -> None:
    """Post one batch as the kiosk's engine does: retry transient failures, Retry-After first."""
    backoff = retry_backoff(random.Random())
    while True:
        started = time.perf_counter()
        try:
            client.post_batch(batch)
        except Transient as exc:
            counts["retries"] += 1
            if exc.retry_after is not None:
                counts["shed"] += 1
            # The kiosk engine's wait (kiosk.sync.engine._Retrier), as a plain sleep here.
            if exc.retry_after is not None:
                time.sleep(exc.retry_after * (1.0 + backoff.jitter * backoff.rng.random()))
            else:
                time.sleep(backoff.next_delay())
            continue
        latencies.append(time.perf_counter() - started)
        return


def run_kiosk(job: Job, url: str, proxy_url: str | None) -> tuple[list[float], dict, float]:
    records = make_records(job)
    latencies: list[float] = []
    counts = {"retries": 0, "shed": 0, "batches": 0}
    timeout = httpx.Timeout(connect=5.0, read=60.0, write=60.0, pool=5.0)
    base = proxy_url if job.faulty and proxy_url else url
    with CentralClient(base, token=job.token, timeout=timeout) as client:
        rounds = 2 if job.replay else 1
        for _ in range(rounds):
            for i in range(0, len(records), job.batch):
                batch = build_batch(
                    job.device_id, records[i : i + job.batch], sent_at=datetime.now(UTC)
                )
                for _ in range(2 if job.duplicate else 1):
                    send(client, batch, latencies, counts)
                    counts["batches"] += 1
    return latencies, counts, time.perf_counter()


def run_driver(jobs: list[Job], url: str, seed: int) -> list[tuple[list[float], dict, float]]:
    """One driver process: a thread per kiosk, faulty kiosks behind one fault proxy."""
    host, port = url.removeprefix("http://").split(":")
    weights = {"pass": 0.7, "reset_before": 0.1, "reset_after": 0.1, "truncate": 0.1}
    results: list = [None] * len(jobs)
    with FaultProxy((host, int(port)), seed=seed, weights=weights) as proxy:

        def one(i: int) -> None:
            results[i] = run_kiosk(jobs[i], url, proxy.url)

        threads = [threading.Thread(target=one, args=(i,)) for i in range(len(jobs))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return results


def check_exact(db_url: str, jobs: list[Job]) -> dict:
    """Central holds each unique record once and every device's contiguous seq is its last."""
    engine = prepare(db_url)
    with Session(engine) as session:
        held = session.scalar(select(func.count()).select_from(Record))
        wrong = []
        for job in jobs:
            state = sequence.sequence_state(session=session, device_id=job.device_id)
            if state.highest_contiguous_seq != job.records or state.gaps:
                wrong.append(job.device_id)
    engine.dispose()
    expected = sum(job.records for job in jobs)
    return {"expected": expected, "held": held, "devices_wrong": len(wrong)}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


@dataclass(frozen=True)
class Night:
    """The shape of one night: the nightly fleet, the kiosks back from a month offline."""

    kiosks: int = 200
    records: int = 3000  # most records per nightly kiosk; each has between half and this
    offline: int = 20
    offline_records: int = 6000
    batch: int = 500
    procs: int = 4  # load-driving processes
    max_inflight: int | None = None  # per central worker's ceiling; None: central's default
    seed: int = 14


def fleet_night(base: str, *, workers: int, args: Night) -> dict:
    """One whole night on a fresh schema; returns its figures and the exactness check."""
    rng = random.Random(args.seed)
    specs = [(rng.randint(args.records // 2, args.records), n) for n in range(args.kiosks)]
    specs += [(args.offline_records, args.kiosks + n) for n in range(args.offline)]
    with pg_schema(base) as db_url:
        with central_process(db_url, workers, args.max_inflight) as (url, pid):
            jobs = enrol_fleet(db_url, url, specs, args.batch)
            shares = [jobs[i :: args.procs] for i in range(args.procs)]
            cpu_before = cpu_seconds(pid)
            load_before = os.times()
            started = time.perf_counter()
            with ProcessPoolExecutor(args.procs) as pool:
                futures = [
                    pool.submit(run_driver, share, url, args.seed + i)
                    for i, share in enumerate(shares)
                    if share
                ]
                results = [r for f in futures for r in f.result()]
            elapsed = time.perf_counter() - started
            central_cpu = cpu_seconds(pid) - cpu_before
            load = os.times()
            driver_cpu = sum(load[i] - load_before[i] for i in range(4))
        exact = check_exact(db_url, jobs)
    latencies = [lat for lats, _, _ in results for lat in lats]
    last_done = max(done for _, _, done in results) - started
    counts = {k: sum(c[k] for _, c, _ in results) for k in ("retries", "shed", "batches")}
    return {
        "workers": workers,
        "kiosks": len(jobs),
        "records": exact["expected"],
        "seconds": round(elapsed, 2),
        "records_per_s": round(exact["expected"] / elapsed),
        "p50_s": round(percentile(latencies, 0.5), 3),
        "p99_s": round(percentile(latencies, 0.99), 3),
        "minutes_to_last_kiosk": round(last_done / 60, 2),
        # Cores busy on average: central's workers and the kiosks driving them share the box.
        "central_cores": round(central_cpu / elapsed, 2),
        "driver_cores": round(driver_cpu / elapsed, 2),
        **counts,
        "unique_batches": sum(-(-job.records // job.batch) for job in jobs),
        **exact,
    }
