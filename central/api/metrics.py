"""Prometheus metrics: request latency (the instrumentator), batches, records and alarms.

Each app has its own registry, so two apps in one process (the tests) never share counts.
"""

from collections.abc import Iterator
from datetime import timedelta

from fastapi import FastAPI
from prometheus_client import CollectorRegistry, Counter
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from prometheus_fastapi_instrumentator import Instrumentator
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from central.console import queries
from central.core.config import Settings

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
            fleet = queries.fleet(
                session=session,
                silent_after=timedelta(hours=self._settings.silent_alarm_hours),
                clock_limit_s=self._settings.clock_alarm_s,
                gap_after=timedelta(minutes=self._settings.gap_alarm_after_min),
            )
        counts = dict.fromkeys(ALARM_KINDS, 0)
        for alarm in queries.alarms(fleet):
            counts[alarm.kind] = counts.get(alarm.kind, 0) + 1
        gauge = GaugeMetricFamily("central_alarms", "Current alarms, by kind", labels=["kind"])
        for kind, count in counts.items():
            gauge.add_metric([kind], count)
        yield gauge


def install(app: FastAPI, settings: Settings) -> None:
    registry = CollectorRegistry()
    app.state.metrics = Metrics(registry)
    if not settings.metrics_enabled:
        return
    registry.register(AlarmCollector(app.state.engine, settings))
    Instrumentator(registry=registry, excluded_handlers=["/metrics"]).instrument(app).expose(
        app, endpoint="/metrics", include_in_schema=False
    )
