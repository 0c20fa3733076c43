"""CouchDB-style replication of the same records, for bench/sync_throughput.py's same-run ratio.

pouchdb-server (npm, bench/couch/package.json: `npm ci --prefix bench/couch`) runs on
loopback with its LevelDB files in a temporary folder. The records go in as documents of the
same JSON (``_id`` = the record's id) to a source database, untimed, as a kiosk's local
database would hold them; then the timed part: CouchDB's replication of the source to a
second database over HTTP (``POST /_replicate``, target by URL), with the replicator's own
batch size, as a user who picked it instead of ours would run it (larger batches were slower
here: 3,000 documents took 25 s in batches of 100, 11 s of 500 and 62 s of 3,000 on a
loaded machine, but at 100,000 documents 500 took 172 s against 111 s at its own 100, so
the default stays; ``--batch-size`` sets one, as sync_throughput's ``--couch-batch-size``
does). Run alone: .venv/bin/python bench/couch_compare.py [--records N]; the last line is
one JSON object.
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent / "couch"
SERVER = HERE / "node_modules" / ".bin" / "pouchdb-server"


def available() -> str | None:
    """Why the comparison cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not SERVER.exists():
        return f"pouchdb-server is not installed: npm ci --prefix {HERE}"
    return None


def records(count: int, device_id: str = "0190a1b2-0000-7000-8000-000000000001") -> list[dict]:
    """Deposits as on the wire (the fields of bench/sync_throughput.py's seed)."""
    start = datetime(2026, 10, 27, 8, 0, tzinfo=UTC)
    codes = ("wood", "metal", "paper_cardboard", "hard_plastic", "textiles")
    return [
        {
            "type": "deposit",
            "id": str(uuid.UUID(int=(0x0190A1B2 << 96) | (7 << 76) | (2 << 62) | i)),
            "seq": i + 1,
            "device_id": device_id,
            "station_id": "trosterud",
            "recorded_at": (start + timedelta(milliseconds=i)).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "category": codes[i % 5],
            "weight_g": 100 + (i * 37) % 40_000,
            "weight_source": "scale_stable",
            "channel": "guide",
            "direction": "in",
            "reverses": None,
            "visit_id": None,
            "catalog_version": 1,
            "clock_flag": None,
        }
        for i in range(count)
    ]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def replicate(docs: list[dict[str, Any]], batch_size: int | None = None) -> dict[str, float]:
    """Seconds for pouchdb-server to replicate ``docs`` from one database to another."""
    with tempfile.TemporaryDirectory() as folder:
        port = _free_port()
        server = subprocess.Popen(
            [str(SERVER), "--port", str(port), "--dir", folder, "--no-stdout-logs"],
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            with httpx.Client(base_url=url, timeout=600) as http:
                deadline = time.monotonic() + 120  # node starts slowly on a busy machine
                while True:
                    try:
                        http.get("/").raise_for_status()
                        break
                    except httpx.TransportError:
                        if server.poll() is not None or time.monotonic() > deadline:
                            raise RuntimeError("pouchdb-server did not start") from None
                        time.sleep(0.2)
                http.put("/source").raise_for_status()
                for i in range(0, len(docs), 5000):
                    chunk = [{"_id": d["id"], **d} for d in docs[i : i + 5000]]
                    http.post("/source/_bulk_docs", json={"docs": chunk}).raise_for_status()
                started = time.perf_counter()
                order: dict[str, Any] = {"source": "source", "target": f"{url}/target"}
                order["create_target"] = True
                if batch_size is not None:
                    order["batch_size"] = batch_size
                answer = http.post("/_replicate", json=order)
                seconds = time.perf_counter() - started
                answer.raise_for_status()
                held = http.get("/target").json()["doc_count"]
            if held != len(docs):
                raise RuntimeError(f"the target holds {held} of {len(docs)} documents")
        finally:
            server.terminate()
            server.wait(30)
    doc_bytes = sum(len(json.dumps(d, separators=(",", ":"))) for d in docs) / len(docs)
    return {"seconds": seconds, "doc_bytes": doc_bytes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=None, help="the replicator's own")
    args = parser.parse_args()
    if (why := available()) is not None:
        raise SystemExit(why)
    result = replicate(records(args.records), args.batch_size)
    print(f"pouchdb-server: {args.records} documents replicated in {result['seconds']:.2f} s")
    print(json.dumps({"records": args.records, **{k: round(v, 3) for k, v in result.items()}}))


if __name__ == "__main__":
    os.environ.setdefault("NODE_OPTIONS", "--max-old-space-size=2048")
    main()
