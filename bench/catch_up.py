"""Benchmark: a month offline caught up over a poor mobile link (1 Mbit/s, 100 ms RTT).

6,000 records from a real kiosk store reach a real central (uvicorn on loopback, SQLite)
through the test proxy limiting bandwidth and adding round trips. Reports seconds and bytes
on the wire per record; the same-run anchor is the link's own time for those bytes and round
trips, so ``link_ratio`` near 1 means the link, not our code, is the limit. Last line: JSON.
"""

import argparse
import json
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.helpers

from sqlalchemy import insert
from sqlalchemy.orm import Session

from central.core.config import Settings
from central.main import create_app
from central.services import stations
from kiosk.db.models import Deposit
from kiosk.db.store import Store
from kiosk.domain.catalogue import load_default
from kiosk.domain.ids import uuid7
from kiosk.sync.client import CentralClient
from kiosk.sync.engine import run_sync
from kiosk.sync.enrolment import enrol
from tests.helpers.fault_proxy import FaultProxy
from tests.helpers.servers import uvicorn_server


def seed_month(store: Store, count: int) -> None:
    """A busy month: opening hours spread over 30 days, the catalogue's usual categories."""
    start = datetime.now(UTC) - timedelta(days=30)
    codes = ("wood", "metal", "paper_cardboard", "hard_plastic", "clothes", "books_media")
    rows = [
        {
            "id": str(uuid7()),
            "seq": i + 1,
            "device_id": store.device_id,
            "station_id": store.station_id,
            "recorded_at": start + timedelta(seconds=i * 431 + (i * 7919) % 97),
            "category": codes[(i * 7) % len(codes)],
            "weight_g": 100 + (i * 7919) % 25_000,
            "weight_source": "scale_stable",
            "channel": "guide" if i % 3 else "self_service",
            "direction": "in",
            "catalog_version": 1,
        }
        for i in range(count)
    ]
    with store.write() as conn:
        conn.execute(insert(Deposit), rows)


def catch_up(folder: Path, records: int, bits_per_s: float | None, rtt_s: float, level: int):
    app = create_app(Settings(db_url=f"sqlite:///{folder / 'central.sqlite3'}", secret="s"))
    with Session(app.state.engine) as session:
        stations.add_station(
            now=datetime.now(UTC), session=session, station_id="trosterud", name="Trosterud"
        )
        code, _ = stations.issue_enrol_code(
            now=datetime.now(UTC),
            session=session,
            key=app.state.key,
            station_id="trosterud",
            ttl=timedelta(hours=1),
        )
        session.commit()
    store = Store.open(
        folder / "kiosk.sqlite3",
        station_id="trosterud",
        catalogue=load_default(),
        max_weight_g=200_000,
    )
    with uvicorn_server(app) as url:
        with CentralClient(url) as client:
            enrol(store=store, client=client, central_url=url, code=code, folder=folder)
        token = (folder / "device_token").read_text()
        seed_month(store, records)
        host, port = url.removeprefix("http://").split(":")
        proxy = FaultProxy(
            (host, int(port)), weights={"pass": 1.0}, bits_per_s=bits_per_s, rtt_s=rtt_s
        )
        with proxy, CentralClient(proxy.url, token=token, gzip_level=level) as client:
            started = time.perf_counter()
            status = run_sync(store=store, client=client)
            seconds = time.perf_counter() - started
    app.state.engine.dispose()
    assert (status.pushed, status.pending, status.error) == (records, 0, None), status
    wire = proxy.bytes_up + proxy.bytes_down
    requests = sum(proxy.counts.values())
    # What the link alone needs: every byte at the line rate, plus a round trip per request
    # and per connection (the proxy plays the TCP handshake's too).
    link_s = (
        max(proxy.bytes_up, proxy.bytes_down) * 8 / bits_per_s + rtt_s * (requests + 1)
        if bits_per_s
        else 0.0
    )
    return {
        "seconds": round(seconds, 2),
        "bytes_up": proxy.bytes_up,
        "bytes_down": proxy.bytes_down,
        "requests": requests,
        "wire_bytes_per_record": round(wire / records, 1),
        "link_seconds": round(link_s, 2),
    }


def main() -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=6000)
    parser.add_argument("--mbit", type=float, default=1.0)
    parser.add_argument("--rtt-ms", type=float, default=100.0)
    parser.add_argument("--gzip-level", type=int, default=1, help="the kiosk's default is 1")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        slow = catch_up(Path(a), args.records, args.mbit * 1e6, args.rtt_ms / 1000, args.gzip_level)
        # The same code on an unlimited loopback: what our side costs on its own.
        fast = catch_up(Path(b), args.records, None, 0.0, args.gzip_level)
    result = {
        "records": args.records,
        "mbit_per_s": args.mbit,
        "rtt_ms": args.rtt_ms,
        "gzip_level": args.gzip_level,
        **slow,
        "unlimited_seconds": fast["seconds"],
        "link_ratio": round(slow["seconds"] / slow["link_seconds"], 2),
    }
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
