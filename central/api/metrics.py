"""Prometheus metrics: request latency (the instrumentator), batches, records and alarms.

Each app has its own registry, so two apps in one process (the tests) never share counts.
With several workers (PROMETHEUS_MULTIPROC_DIR, set by `kiosk-central serve`), the counts
live in files shared by all workers, and /metrics adds them up, whichever worker answers.
"""

import os
import time
from collections.abc import Iterator
from pathlib import Path

from fastapi import FastAPI, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from prometheus_fastapi_instrumentator import Instrumentator
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from central.core import clock
from central.core.config import Settings
from central.services import alarms

ALARM_KINDS = ("silent", "clock", "gap")


class Metrics:
    """The counters the batch route moves; kept on ``app.state.metrics``."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.batches = Counter(
            "central_batches", "Batches answered, by outcome", ["outcome"], registry=registry
        )
        self.records = Counter(
            "central_records",
            "Records in accepted batches, by outcome",
            ["outcome"],
            registry=registry,
        )


class AlarmCollector(Collector):
    """Current alarms by kind, counted when Prometheus scrapes (the same rule as the console)."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self._engine = engine
        self._settings = settings

    def collect(self) -> Iterator[GaugeMetricFamily]:
        with Session(self._engine) as session:
            fleet = alarms.current_fleet(session=session, settings=self._settings, now=clock.now())
        counts = dict.fromkeys(ALARM_KINDS, 0)
        for alarm in alarms.alarms(fleet):
            counts[alarm.kind] = counts.get(alarm.kind, 0) + 1
        gauge = GaugeMetricFamily("central_alarms", "Current alarms, by kind", labels=["kind"])
        for kind, count in counts.items():
            gauge.add_metric([kind], count)
        yield gauge
        # What the kiosks last reported holding back: a record a kiosk set aside is a record
        # central does not have, so it alerts like a gap.
        yield GaugeMetricFamily(
            "central_quarantined_records",
            "Records quarantined on the kiosks, as their last status reports say",
            value=sum(
                int(device.status.get("quarantined") or 0)
                for station in fleet
                for device in station.devices
                if device.revoked_at is None
            ),
        )


class BackupAgeCollector(Collector):
    """Seconds since the backup job last finished well: it touches the stamp file on success.

    No stamp yet is reported as a very large age, so "no backup ever" alerts like "too old"."""

    def __init__(self, stamp: Path) -> None:
        self._stamp = stamp

    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            age = time.time() - self._stamp.stat().st_mtime
        except OSError:
            age = float("inf")
        yield GaugeMetricFamily(
            "central_backup_age_seconds",
            "Seconds since the last successful backup (the backup job's stamp file)",
            value=age,
        )


class WalArchiveCollector(Collector):
    """1 while PostgreSQL's last WAL archiving attempt failed (point-in-time recovery stalls)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def collect(self) -> Iterator[GaugeMetricFamily]:
        with self._engine.connect() as conn:
            failing = conn.exec_driver_sql(
                "SELECT coalesce(last_failed_time > coalesce(last_archived_time, 'epoch'), false)"
                " FROM pg_stat_archiver"
            ).scalar()
        yield GaugeMetricFamily(
            "central_wal_archive_failing",
            "1 while PostgreSQL's latest WAL archiving attempt failed",
            value=1 if failing else 0,
        )


def install(app: FastAPI, settings: Settings) -> None:
    registry = CollectorRegistry()
    app.state.metrics = Metrics(registry)
    if not settings.metrics_enabled:
        return
    # Status codes one by one: 503 is deliberate shedding, a 500 a fault; alerts tell them apart.
    Instrumentator(
        registry=registry, excluded_handlers=["/metrics"], should_group_status_codes=False
    ).instrument(app)
    shared = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    exposed = registry
    if shared:
        # The counters above write to the shared files; this registry reads all of them.
        exposed = CollectorRegistry()
        multiprocess.MultiProcessCollector(exposed, path=shared)  # type: ignore[no-untyped-call]

        def worker_exit() -> None:
            # Drops this worker's live gauges; its counts stay, so totals never go back.
            multiprocess.mark_process_dead(os.getpid(), path=shared)  # type: ignore[no-untyped-call]

        app.router.on_shutdown.append(worker_exit)

    exposed.register(AlarmCollector(app.state.engine, settings))
    if settings.backup_stamp is not None:
        exposed.register(BackupAgeCollector(settings.backup_stamp))
    if app.state.engine.dialect.name == "postgresql":
        exposed.register(WalArchiveCollector(app.state.engine))

    @app.get("/metrics", include_in_schema=False)
    def metrics() -> Response:
        return Response(generate_latest(exposed), media_type=CONTENT_TYPE_LATEST)
