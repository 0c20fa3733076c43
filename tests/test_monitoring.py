"""The monitoring that ships in deploy/: alert rules that fire (promtool), a dashboard over the
metrics central exposes, and a Caddyfile that keeps /metrics, /docs and /openapi.json inside.
"""

import contextlib
import json
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from central.core.config import Settings
from central.main import create_app
from tests.helpers.servers import uvicorn_server

ROOT = Path(__file__).resolve().parents[1]
PROMETHEUS = ROOT / "deploy" / "prometheus"
CADDYFILE = ROOT / "deploy" / "central" / "Caddyfile"
INTERNAL = ("/metrics", "/docs", "/openapi.json")


def promtool(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["promtool", *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_alert_rules_pass_their_promtool_tests() -> None:
    checked = promtool("check", "rules", "central-alerts.yml", cwd=PROMETHEUS)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    tested = promtool("test", "rules", "central-alerts.test.yml", cwd=PROMETHEUS)
    assert tested.returncode == 0, tested.stdout + tested.stderr


def test_the_rule_tests_catch_a_wrong_threshold(tmp_path: Path) -> None:
    for name in ("central-alerts.yml", "central-alerts.test.yml"):
        shutil.copy(PROMETHEUS / name, tmp_path / name)
    rules = tmp_path / "central-alerts.yml"
    text = rules.read_text()
    assert "> 26 * 3600" in text
    rules.write_text(text.replace("> 26 * 3600", "> 260 * 3600"))
    tested = promtool("test", "rules", "central-alerts.test.yml", cwd=tmp_path)
    assert tested.returncode != 0
    assert "CentralBackupTooOld" in tested.stdout + tested.stderr


def rule_metrics() -> set[str]:
    text = (PROMETHEUS / "central-alerts.yml").read_text()
    return set(re.findall(r"\b(central_[a-z_]+)", text))


def test_every_fault_has_an_alert_and_a_dashboard_panel() -> None:
    rules = (PROMETHEUS / "central-alerts.yml").read_text()
    dashboard = json.loads((PROMETHEUS / "central-dashboard.json").read_text())
    exprs = " ".join(t["expr"] for panel in dashboard["panels"] for t in panel["targets"])
    faults = {
        "silent kiosks": 'central_alarms{job="kiosk-central",kind="silent"}',
        "gaps": 'central_alarms{job="kiosk-central",kind="gap"}',
        "quarantined records": "central_quarantined_records",
        "5xx rate": 'status=~"5..",status!="503"',
        "backup age": "central_backup_age_seconds",
        "certificate expiry": "probe_ssl_earliest_cert_expiry",
        "disk space": "node_filesystem_avail_bytes",
    }
    for fault, expr in faults.items():
        assert expr in rules, f"no alert for {fault}"
        assert expr in exprs, f"no dashboard panel for {fault}"


def test_central_exposes_every_metric_the_rules_use(tmp_path: Path) -> None:
    stamp = tmp_path / "last-success"
    stamp.touch()
    settings = Settings(
        db_url=f"sqlite:///{tmp_path / 'c.sqlite3'}",
        data_dir=tmp_path,
        metrics_enabled=True,
        backup_stamp=stamp,
    )
    app = create_app(settings)
    try:
        with uvicorn_server(app) as base:
            text = httpx.get(f"{base}/metrics", timeout=10).text
    finally:
        app.state.engine.dispose()
    exposed = set(re.findall(r"^(central_[a-z_]+)", text, re.MULTILINE))
    # The WAL archiver's gauge is PostgreSQL's only (pg_stat_archiver); the rest are here.
    missing = rule_metrics() - exposed - {"central_wal_archive_failing"}
    assert not missing
    age = re.search(r"^central_backup_age_seconds (\S+)$", text, re.MULTILINE)
    assert age and 0 <= float(age.group(1)) < 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_the_shipped_caddyfile_is_valid() -> None:
    done = subprocess.run(
        ["caddy", "validate", "--config", str(CADDYFILE), "--adapter", "caddyfile"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    text = CADDYFILE.read_text()
    assert "@internal path /metrics /metrics/* /docs /docs/* /openapi.json" in text


@pytest.mark.slow
def test_through_caddy_the_internal_paths_are_not_found(tmp_path: Path) -> None:
    """The shipped Caddyfile's site block, served on a local port in front of a real central."""
    settings = Settings(
        db_url=f"sqlite:///{tmp_path / 'c.sqlite3'}", data_dir=tmp_path, metrics_enabled=True
    )
    app = create_app(settings)
    port = free_port()
    with uvicorn_server(app) as backend:
        site = CADDYFILE.read_text()
        site = site.replace("central.example.no {", f"http://127.0.0.1:{port} {{", 1)
        site = site.replace("reverse_proxy 127.0.0.1:8000", f"reverse_proxy {backend[7:]}")
        site = site.replace("/var/log/caddy/central-access.log", str(tmp_path / "access.log"))
        config = tmp_path / "Caddyfile"
        config.write_text("{\n\tadmin off\n}\n" + site)
        caddy = subprocess.Popen(
            ["caddy", "run", "--config", str(config), "--adapter", "caddyfile"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 30
            while True:  # polls a server process's start
                try:
                    health = httpx.get(f"{base}/api/v1/health", timeout=5)
                    break
                except httpx.TransportError:
                    assert caddy.poll() is None and time.monotonic() < deadline
                    with contextlib.suppress(subprocess.TimeoutExpired):
                        caddy.wait(timeout=0.1)
            assert health.status_code == 200
            for path in INTERNAL:
                assert httpx.get(f"{base}{path}", timeout=5).status_code == 404, path
                # ... while central itself, on loopback, still serves them to Prometheus.
                assert httpx.get(f"{backend}{path}", timeout=5).status_code == 200, path
        finally:
            caddy.terminate()
            caddy.wait(timeout=30)
            assert caddy.stderr is not None
            caddy.stderr.close()
    app.state.engine.dispose()
