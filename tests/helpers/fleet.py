"""A fleet's night against central run by its production command (`serve --workers N`).

Shared by tests/central/test_fleet.py (a few kiosks) and bench/central_load.py (220).
Kiosks send through the kiosk's own client in several processes; some resend every batch,
some replay the night, some go through a proxy that resets connections. ``check_exact``
then proves central holds each record once and every device's contiguous seq.
"""

import multiprocessing
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

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


def parse_cpus(text: str | None) -> frozenset[int] | None:
    """A CPU list as taskset writes it ("0", "0,1", "0-1"); None (or empty) for no pinning."""
    if not text:
        return None
    cpus: set[int] = set()
    for part in text.split(","):
        low, _, high = part.partition("-")
        cpus.update(range(int(low), int(high or low) + 1))
    return frozenset(cpus)


@contextmanager
def central_process(
    db_url: str, workers: int, max_inflight: int | None, cpus: frozenset[int] | None = None
):
    """`kiosk-central serve --workers N`, the production command, on a free loopback port;
    on ``cpus`` only when given (its workers inherit the mask), else on this process's."""
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
    if cpus is not None:  # taskset execs central: the same pid, before any worker is spawned
        command = ["taskset", "-c", ",".join(map(str, sorted(cpus))), *command]
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


def _fault_kind(exc: Transient) -> str:
    """Which wait a failed post costs: central's own refusal, a reset or a timeout."""
    if exc.retry_after is not None:
        return "shed"
    cause = exc.__cause__
    if isinstance(cause, httpx.TimeoutException):
        return "timeout"
    if isinstance(cause, httpx.TransportError):
        return "reset"
    return "other"


class ServerTiming(httpx.HTTPTransport):
    """A simulated kiosk's transport: keeps the Server-Timing of central's last answer (its
    queue and batch times, central/core/shedding.py), to split a post's latency."""

    last: tuple[float, float] | None = None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        durations = {}
        for part in response.headers.get("server-timing", "").split(","):
            name, _, dur = part.strip().partition(";dur=")
            if dur:
                durations[name] = float(dur) / 1000
        self.last = (durations["queue"], durations["batch"]) if len(durations) == 2 else None
        return response


def send(
    client: CentralClient,
    batch,
    latencies: list[float],
    counts: dict,
    timing: ServerTiming | None = None,
) -> None:
    """Post one batch as the kiosk's engine does: retry transient failures, Retry-After first.

    Time goes into ``counts``: ``post_s`` (answered), ``failed_s`` (a post that failed, by
    kind) and ``sleep_<kind>_s`` (the wait after it), so the night shows what set its pace;
    ``inside`` has each answered post's latency with central's queue and batch times, and
    when it was answered.
    """
    backoff = retry_backoff(random.Random())
    while True:
        started = time.perf_counter()
        try:
            client.post_batch(batch)
        except Transient as exc:
            kind = _fault_kind(exc)
            counts["retries"] += 1
            counts[f"failed_{kind}_s"] += time.perf_counter() - started
            if kind == "shed":
                counts["shed"] += 1
                counts["hints"].append((started, exc.retry_after))
            # The kiosk engine's wait (kiosk.sync.engine._Retrier), as a plain sleep here.
            if exc.retry_after is not None:
                delay = exc.retry_after * (1.0 + backoff.jitter * backoff.rng.random())
            else:
                delay = backoff.next_delay()
            counts[f"sleep_{kind}_s"] += delay
            time.sleep(delay)
            continue
        latency = time.perf_counter() - started
        counts["post_s"] += latency
        latencies.append(latency)
        if timing is not None and timing.last is not None:
            counts["inside"].append((latency, *timing.last, time.perf_counter()))
        return


WAITS = ("shed", "reset", "timeout", "other")
TIMES = (
    "build_s",
    "post_s",
    *(f"failed_{k}_s" for k in WAITS),
    *(f"sleep_{k}_s" for k in WAITS),
)


def kiosk_client(
    job: Job, url: str, proxy_url: str | None, timing: ServerTiming | None = None
) -> CentralClient:
    timeout = httpx.Timeout(connect=5.0, read=60.0, write=60.0, pool=5.0)
    base = proxy_url if job.faulty and proxy_url else url
    return CentralClient(base, token=job.token, timeout=timeout, transport=timing)


def run_kiosk(
    job: Job, client: CentralClient, records: list[dict], timing: ServerTiming | None = None
) -> tuple[list[float], dict, float]:
    """One kiosk's night of ``records`` through its ``client``. A kiosk holds both before
    the night (making them costs the drivers seconds of CPU), so both are made before the
    start: the drivers' own work must not set when the kiosks arrive.
    ``counts`` also has its times (``TIMES``) and when it began (``began``) and first posted
    (``first_post``), on this machine's perf_counter, which every process shares."""
    counts: dict = {"retries": 0, "shed": 0, "batches": 0, **dict.fromkeys(TIMES, 0.0)}
    counts["hints"] = []
    counts["inside"] = []
    counts["began"] = time.perf_counter()
    latencies: list[float] = []
    with client:
        rounds = 2 if job.replay else 1
        for _ in range(rounds):
            for i in range(0, len(records), job.batch):
                built = time.perf_counter()
                batch = build_batch(
                    job.device_id, records[i : i + job.batch], sent_at=datetime.now(UTC)
                )
                counts["build_s"] += time.perf_counter() - built
                counts.setdefault("first_post", time.perf_counter())
                for _ in range(2 if job.duplicate else 1):
                    send(client, batch, latencies, counts, timing)
                    counts["batches"] += 1
    return latencies, counts, time.perf_counter()


_START: Any = None  # the night's start line, handed to each driver process at its birth


def _set_start(start: Any, cpus: frozenset[int] | None = None) -> None:
    global _START
    _START = start
    if cpus is not None:
        os.sched_setaffinity(0, cpus)


def run_driver(
    jobs: list[Job], url: str, seed: int
) -> tuple[list[tuple[list[float], dict, float]], float, set[int]]:
    """One driver process: a thread per kiosk, faulty kiosks behind one fault proxy. Every
    kiosk's records are made first; the kiosks then start together with the other drivers'
    (at ``_START``, a barrier the night's clock waits on too, when there is one). Returns
    each kiosk's figures, the CPU seconds this process used from the start on and the CPUs
    it could run on."""
    host, port = url.removeprefix("http://").split(":")
    weights = {"pass": 0.7, "reset_before": 0.1, "reset_after": 0.1, "truncate": 0.1}
    results: list = [None] * len(jobs)
    records = [make_records(job) for job in jobs]
    with FaultProxy((host, int(port)), seed=seed, weights=weights) as proxy:
        timings = [ServerTiming() for _ in jobs]
        clients = [
            kiosk_client(job, url, proxy.url, t) for job, t in zip(jobs, timings, strict=True)
        ]

        def one(i: int) -> None:
            results[i] = run_kiosk(jobs[i], clients[i], records[i], timings[i])

        threads = [threading.Thread(target=one, args=(i,)) for i in range(len(jobs))]
        if _START is not None:
            _START.wait(timeout=600)
        cpu = time.process_time()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return results, time.process_time() - cpu, os.sched_getaffinity(0)


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


def _covered(spans: list[tuple[float, float]], low: float, high: float) -> float:
    """How much of ``low..high`` the spans cover (their union, clipped)."""
    covered, reach = 0.0, low
    for start, end in sorted(spans):
        start, end = max(start, reach), min(end, high)
        if end > start:
            covered += end - start
            reach = end
    return covered


def _mean(values: Iterable[float]) -> float:
    seen = list(values)
    return round(sum(seen) / len(seen), 3) if seen else 0.0


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
    # Where central and the simulated kiosks run (taskset's CPU lists; None: wherever this
    # process may). The kiosks are 220 other machines in the field: pinned apart from
    # central, their CPU is not counted against central's cores. PostgreSQL is the host's.
    central_cpus: str | None = None
    kiosk_cpus: str | None = None


def fleet_night(base: str, *, workers: int, args: Night) -> dict:
    """One whole night on a fresh schema; returns its figures and the exactness check."""
    rng = random.Random(args.seed)
    specs = [(rng.randint(args.records // 2, args.records), n) for n in range(args.kiosks)]
    specs += [(args.offline_records, args.kiosks + n) for n in range(args.offline)]
    with pg_schema(base) as db_url:
        central_cpus = parse_cpus(args.central_cpus)
        kiosk_cpus = parse_cpus(args.kiosk_cpus)
        with central_process(db_url, workers, args.max_inflight, central_cpus) as (url, pid):
            jobs = enrol_fleet(db_url, url, specs, args.batch)
            shares = [jobs[i :: args.procs] for i in range(args.procs)]
            shares = [share for share in shares if share]
            # The drivers and this process meet at the start line, so the clock starts
            # when every kiosk has its records and can send.
            start = multiprocessing.get_context().Barrier(len(shares) + 1)
            with ProcessPoolExecutor(
                len(shares), initializer=_set_start, initargs=(start, kiosk_cpus)
            ) as pool:
                futures = [
                    pool.submit(run_driver, share, url, args.seed + i)
                    for i, share in enumerate(shares)
                ]
                start.wait(timeout=600)
                cpu_before = cpu_seconds(pid)
                central_on = os.sched_getaffinity(pid)
                started = time.perf_counter()
                drivers = [f.result() for f in futures]
            elapsed = time.perf_counter() - started
            central_cpu = cpu_seconds(pid) - cpu_before
            results = [r for kiosks, _, _ in drivers for r in kiosks]
            driver_cpu = sum(cpu for _, cpu, _ in drivers)
            kiosks_on = set().union(*(on for _, _, on in drivers))
        exact = check_exact(db_url, jobs)
    latencies = [lat for lats, _, _ in results for lat in lats]
    last_done = max(done for _, _, done in results) - started
    counts = {k: sum(c[k] for _, c, _ in results) for k in ("retries", "shed", "batches")}
    where = _where_time_went(results, started)
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
        # The CPUs each side could run on: the night's machine, stated with its figures.
        "central_cpus": sorted(central_on),
        "kiosk_cpus": sorted(kiosks_on),
        **counts,
        "unique_batches": sum(-(-job.records // job.batch) for job in jobs),
        **exact,
        "where": where,
    }


def _where_time_went(results: list, started: float) -> dict:
    """The night's kiosk-seconds split by what each kiosk was doing, and its arrival: when the
    kiosks began (made their records) and first posted, from the night's start."""
    kiosk_s = sum(done - c["began"] for _, c, done in results)
    spent = {k: round(sum(c[k] for _, c, _ in results), 1) for k in TIMES}
    last = max(results, key=lambda r: r[2])[1]
    began = [c["began"] - started for _, c, _ in results]
    first = [c.get("first_post", c["began"]) - started for _, c, _ in results]
    hints = [h for _, c, _ in results for _, h in c["hints"]]
    inside = [t for _, c, _ in results for t in c["inside"]]
    p99 = percentile([t[0] for t in inside], 0.99)
    slow = [t for t in inside if t[0] >= p99]
    shed_at = [t - started for _, c, _ in results for t, _ in c["hints"]]
    last_shed = max(shed_at, default=0.0)
    batches = [(done - batch - started, done - started) for _, _, batch, done in inside]
    return {
        "kiosk_s": round(kiosk_s, 1),
        **spent,
        # Central's retry hints: median and longest, and when the last refusal came.
        "hint_s": [round(percentile(hints, 0.5), 2), round(max(hints, default=0.0), 2)],
        "last_shed_s": round(last_shed, 1),
        # The share of the time up to the last refusal in which central had a batch in hand
        # (from each answer's Server-Timing): busy while it refused, or idle.
        "busy_while_shedding": round(_covered(batches, 0.0, last_shed) / last_shed, 2)
        if last_shed
        else None,
        # The slowest 1 % of answered posts (at or over the p99), their mean split by
        # central's Server-Timing: waiting in its queue, in central, and outside it (the
        # wire, the proxy, the kiosk's own gzip and GIL).
        "p99_split_s": {
            "posts": len(slow),
            "latency": _mean(t[0] for t in slow),
            "queue": _mean(t[1] for t in slow),
            "batch": _mean(t[2] for t in slow),
            "outside": _mean(t[0] - t[1] - t[2] for t in slow),
        },
        "began_s": [round(min(began), 2), round(max(began), 2)],
        "first_post_s": [round(percentile(first, 0.5), 2), round(max(first), 2)],
        "last_kiosk": {k: round(last[k], 2) for k in TIMES if last[k]}
        | {"began": round(last["began"] - started, 2), "batches": last["batches"]},
    }
