"""Memory under hostile door input: peak RSS of `kiosk-central import-door-events` on a
million-row CSV, and of a central that is sent a 300 MB unsigned webhook body (chunked, so no
Content-Length to refuse it by) and one declaring 500 MB.

Each runs in its own process on SQLite; ``--code DIR`` runs another checkout's code (e.g.
the commit before, to compare). The anchor is the same process's RSS after start-up with
nothing sent. The last line printed is a JSON object. Run:
  .venv/bin/python bench/door_memory.py [--rows 1000000] [--code DIR]
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SECRET = "x" * 64
SERVER = """
import sys, uvicorn
from central.main import create_app
sock = __import__("socket").socket(); sock.bind(("127.0.0.1", 0)); sock.listen()
print(sock.getsockname()[1], flush=True)
uvicorn.Server(uvicorn.Config(create_app(), log_level="warning")).run(sockets=[sock])
"""


def peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM")


def csv_import(env: dict[str, str], folder: Path, rows: int) -> dict[str, float]:
    path = folder / "log.csv"
    with path.open("w", encoding="utf-8") as file:
        file.write("event_id,station_id,opened_at,user_name\n")
        for n in range(rows):
            file.write(f"okn-{n},trosterud,2026-{1 + n % 12:02d}-15T10:00:00Z,Kari Nordmann\n")
    db = ["--db-url", env["KIOSK_CENTRAL_DB_URL"]]
    run = [sys.executable, "-m", "central.cli", *db]
    # cwd: the folder, so the checkout under test comes from PYTHONPATH, not from ".".
    subprocess.run([*run, "add-station", "trosterud", "T"], env=env, cwd=folder, check=True)
    began = time.perf_counter()
    out_path, err_path = folder / "out.txt", folder / "err.txt"
    with out_path.open("w") as out, err_path.open("w") as err:
        child = subprocess.Popen(
            [*run, "import-door-events", str(path)], env=env, cwd=folder, stdout=out, stderr=err
        )
        # wait4: this child's own peak (RUSAGE_CHILDREN is the largest of every child).
        _, _, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - began
    output = out_path.read_text()
    assert f"{rows} new" in output, output + err_path.read_text()[-2000:]
    peak = usage.ru_maxrss  # KiB
    return {"csv_rows": rows, "csv_peak_rss_mb": round(peak / 1024), "csv_s": round(seconds, 1)}


def webhook(env: dict[str, str], folder: Path) -> dict[str, float]:
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER], env=env, cwd=folder, stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        idle = peak_kib(server.pid)
        head = (
            "POST /api/v1/door-events HTTP/1.1\r\nHost: c\r\nContent-Type: application/json\r\n"
            "X-Door-Integration: oslonokkelen\r\nX-Door-Timestamp: 1\r\n"
            "X-Door-Signature: sha256=00\r\n"
        )
        # 300 MB chunked: nothing declared, so only the cap while reading can stop it.
        sent = 0
        with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
            sock.sendall((head + "Transfer-Encoding: chunked\r\n\r\n").encode())
            chunk = b"%x\r\n%s\r\n" % (1 << 20, b" " * (1 << 20))
            try:
                while sent < 300 << 20:
                    sock.sendall(chunk)
                    sent += 1 << 20
                sock.sendall(b"0\r\n\r\n")
            except OSError:
                pass  # central answered and closed: it stopped reading
            status = sock.recv(200).split(b" ")[1].decode()
        after_chunked = peak_kib(server.pid)
        # 500 MB declared: answered from the headers alone.
        began = time.perf_counter()
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            sock.sendall((head + f"Content-Length: {500 << 20}\r\n\r\n").encode())
            try:
                declared = sock.recv(200).split(b" ")[1].decode()
            except TimeoutError:
                declared = "0"  # no answer: the worker is still waiting for 500 MB
        answer_ms = (time.perf_counter() - began) * 1000
        return {
            "server_idle_peak_rss_mb": round(idle / 1024),
            "chunked_300mb_status": int(status),
            "chunked_300mb_sent_mb": sent >> 20,
            "server_peak_rss_after_300mb_mb": round(after_chunked / 1024),
            "declared_500mb_status": int(declared),
            "declared_500mb_answer_ms": round(answer_ms, 1),
        }
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--code", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {
            **os.environ,
            "PYTHONPATH": str(args.code.resolve()),
            "KIOSK_CENTRAL_DB_URL": f"sqlite:///{folder / 'central.sqlite3'}",
            "KIOSK_CENTRAL_DOOR_SECRETS": json.dumps({"oslonokkelen": SECRET}),
        }
        result = {
            "code": str(args.code),
            **webhook(env, folder),
            **csv_import(env, folder, args.rows),
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
