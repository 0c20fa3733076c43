"""A TCP proxy that breaks connections on purpose, between the kiosk and a real central.

For each request it picks, at random: pass through; reset before the request reaches
central; reset after central has answered (so central committed, the kiosk never hears);
delay the answer; or truncate the answer. Resets are real RSTs (SO_LINGER 0). It can also
play a poor mobile link: a bandwidth limit each way and a round-trip time, counting bytes;
and hold every answer until a test lets it go (``answers``), to keep a sync in flight.
``plan`` gives the n-th batch upload (from 0) a mode instead of the draw, and ``hold`` keeps
the answers to those uploads back until the next upload has reached the proxy: a pipelining
kiosk then has a batch on the wire when it hears of the one before (no clock involved).
"""

import contextlib
import random
import select
import socket
import struct
import threading
import time
from collections import Counter

MODES = ("pass", "reset_before", "reset_after", "delay", "truncate")


def _reset(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


class FaultProxy:
    """Listen on 127.0.0.1 at a free port and forward to ``target`` with injected faults."""

    def __init__(
        self,
        target: tuple[str, int],
        *,
        seed: int = 1,
        weights: dict[str, float] | None = None,
        max_delay: float = 0.3,
        bits_per_s: float | None = None,
        rtt_s: float = 0.0,
        plan: dict[int, str] | None = None,
        hold: frozenset[int] = frozenset(),
    ) -> None:
        self.target = target
        self.bits_per_s = bits_per_s
        self.rtt_s = rtt_s
        self.bytes_up = 0  # kiosk to central, as sent on the wire (TCP payload)
        self.bytes_down = 0
        self.rng = random.Random(seed)
        self.weights = weights or {
            "pass": 0.4,
            "reset_before": 0.15,
            "reset_after": 0.15,
            "delay": 0.15,
            "truncate": 0.15,
        }
        self.max_delay = max_delay
        self.counts: Counter[str] = Counter()
        self.batch_counts: Counter[str] = Counter()  # faults that hit a batch upload
        self.plan = plan
        self.hold = hold
        self.uploads = 0  # batch uploads seen
        self._arrived: dict[int, threading.Event] = {}
        # Held uploads whose answer went only after the next upload arrived (not after the
        # safety bound): the proof that two were on the wire at once.
        self.held_while_next_in_flight: list[int] = []
        self.statuses: dict[int, int] = {}  # each batch upload's HTTP status, as central answered
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        # Cleared: central's answers wait here until it is set again, so a sync stays in flight
        # for as long as a test needs, by an event rather than a delay.
        self.answers = threading.Event()
        self.answers.set()
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "FaultProxy":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._closed.set()
        self.answers.set()  # nothing held outlives the proxy
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)  # close() alone leaves accept() blocked
        self._listener.close()
        self._thread.join(timeout=5)

    def _arrival(self, upload: int) -> threading.Event:
        with self._lock:
            return self._arrived.setdefault(upload, threading.Event())

    def _pick(self, first_bytes: bytes) -> tuple[str, float, int | None]:
        upload = None
        with self._lock:
            if first_bytes.startswith(b"POST /api/v1/batches"):
                upload, self.uploads = self.uploads, self.uploads + 1
            if self.plan is not None:
                mode = self.plan.get(upload, "pass") if upload is not None else "pass"
            else:
                weights = list(self.weights.values())
                mode = self.rng.choices(list(self.weights), weights=weights)[0]
            self.counts[mode] += 1
            if upload is not None:
                self.batch_counts[mode] += 1
            delay = self.rng.uniform(0.05, self.max_delay)
        if upload is not None:
            self._arrival(upload).set()
        return mode, delay, upload

    def _hold(self, upload: int | None) -> None:
        """Keep a held upload's answer back until the next upload arrives (bounded, so a
        kiosk that never sends one fails its test's check instead of hanging)."""
        if upload in self.hold and self._arrival(upload + 1).wait(30):
            with self._lock:
                self.held_while_next_in_flight.append(upload)

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(client,), daemon=True).start()

    def _handle(self, client: socket.socket) -> None:
        if self.rtt_s:
            time.sleep(self.rtt_s)  # the TCP handshake's round trip on a slow link
        try:
            upstream = socket.create_connection(self.target, timeout=10)
        except OSError:
            _reset(client)
            return
        try:
            self._pump(client, upstream)
        except OSError:
            pass
        finally:
            for sock in (client, upstream):
                with contextlib.suppress(OSError):
                    sock.close()

    def _send(self, sock: socket.socket, data: bytes, link: list[float], first: bool) -> None:
        """Forward ``data`` no faster than the link: each chunk waits its serialisation time,
        and the first of a message its one-way delay; ``link`` is this direction's clock."""
        if self.bits_per_s or self.rtt_s:
            now = time.monotonic()
            start = max(now + (self.rtt_s / 2 if first else 0.0), link[0])
            link[0] = start + len(data) * 8 / (self.bits_per_s or float("inf"))
            time.sleep(max(0.0, link[0] - now))  # the link's own pace, not a wait for a result
        sock.sendall(data)

    def _pump(self, client: socket.socket, upstream: socket.socket) -> None:
        mode, delay, answered, upload = "", 0.0, True, None
        up, down = [0.0], [0.0]
        # Small reads on a limited link, so the pace is smooth rather than 64 KiB bursts.
        size = 4096 if self.bits_per_s else 65536
        while True:
            ready, _, _ = select.select([client, upstream], [], [], 30)
            if not ready:
                return
            if client in ready:
                data = client.recv(size)
                if not data:
                    return
                first = answered
                if answered:
                    # A new request on a kept-alive connection: draw its fate afresh, so
                    # faults hit requests, not just the first one on each connection.
                    mode, delay, upload = self._pick(data)
                    answered = False
                if mode == "reset_before":
                    _reset(client)  # the request never reaches central
                    return
                with self._lock:
                    self.bytes_up += len(data)
                self._send(upstream, data, up, first)
            if upstream in ready:
                data = upstream.recv(size)
                if not data:
                    return
                self.answers.wait()
                if not answered:
                    self._hold(upload)
                    if upload is not None and data.startswith(b"HTTP/"):
                        with self._lock:
                            self.statuses[upload] = int(data.split(b" ", 2)[1])
                if mode == "reset_after":
                    _reset(client)  # central has answered, so it committed; the kiosk never hears
                    return
                if mode == "truncate":
                    client.sendall(data[: max(1, len(data) // 2)])
                    _reset(client)
                    return
                if mode == "delay" and not answered:
                    time.sleep(delay)  # a slow network, not a Qt test
                first, answered = not answered, True
                with self._lock:
                    self.bytes_down += len(data)
                self._send(client, data, down, first)
