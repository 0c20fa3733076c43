"""One sync pass in a child process: encoding, hashing and HTTP there never hold the GIL
that the kiosk's GUI thread needs for the guide's next tap (bench/register_latency.py).

The child opens the store with the opener it is handed (the composition root's, passed in
so that sync never imports it), runs the same ``run_sync`` that ``kiosk sync`` runs, and
sends back its ``SyncStatus``; its log records come back through a queue into the app's own
log. Killing the child at any point loses nothing: records are marked synced only after
central's answer, and the next pass sends the rest again.
"""

import logging
import logging.handlers
import multiprocessing
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk.db.errors import StorageError
from kiosk.db.store import Store
from kiosk.domain.clock import utc_now
from kiosk.paths import Paths
from kiosk.settings import Settings
from kiosk.sync.status import STOPPED, SyncStatus

log = logging.getLogger(__name__)
# How often the waiting thread looks at the caller's stop flag.
POLL_S = 0.2
# After a stop, how long the child may take to end by itself (between two requests it ends
# at once; inside one it may wait for central's answer) before it is terminated. Within
# LongOp.stop's wait at quit, so the app never exits with the child still running.
STOP_GRACE_S = 2.0


@dataclass(frozen=True)
class PassRequest:
    """What a child needs for one pass: all of it picklable. ``open_store`` opens the store
    in the child (e.g. a Kiosk's bound ``open_store``); ``url`` is already checked by the
    caller (kiosk.composition.check_central_url)."""

    open_store: Callable[[], Store]
    paths: Paths
    settings: Settings
    url: str
    token: str
    batch_size: int
    give_up_after: float | None


def _child(request: PassRequest, stop: Any, logs: Any, answer: Any) -> None:
    """The pass, in the child (top level, so the spawn start method can find it)."""
    root = logging.getLogger("kiosk")
    root.handlers[:] = [logging.handlers.QueueHandler(logs)]
    root.setLevel(logging.INFO)
    root.propagate = False
    from kiosk.sync.client import CentralClient, tls_verify
    from kiosk.sync.engine import run_sync

    try:
        store = request.open_store()
    except StorageError as exc:
        answer.send(("storage", exc.kind, exc.detail, exc.params))
        return
    try:
        verify = tls_verify(request.settings.central_ca_file)
        with CentralClient(request.url, token=request.token, verify=verify) as client:
            status = run_sync(
                store=store,
                client=client,
                stop=stop,
                batch_size=request.batch_size,
                give_up_after=request.give_up_after,
                hours_fallback=request.settings.hours,
            )
            if status.error is None:
                _stage_update(store, request, client)
        answer.send(("ok", status))
    except StorageError as exc:
        answer.send(("storage", exc.kind, exc.detail, exc.params))
    except Exception as exc:  # a bug: its traceback goes to the app's log through the queue
        logging.getLogger(__name__).exception("sync pass failed in its process")
        answer.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        store.close()


def _stage_update(store: Store, request: PassRequest, client: Any) -> None:
    """After a good pass: tell central how updates went, and at a closed hour fetch and
    stage a signed update (kiosk/update)."""

    from kiosk.db.hours import load_hours
    from kiosk.sync.client import Rejected, Transient
    from kiosk.update.nightly import stage_if_due

    def report(body: dict[str, Any]) -> str | None:
        try:
            return str(client.report_update(body)["channel"])
        except (Rejected, Transient, KeyError, TypeError) as exc:  # e.g. a central before it
            logging.getLogger(__name__).info("updates: report not taken (%s)", exc)
            return None

    hours = load_hours(store) or request.settings.hours
    stage_if_due(
        paths=request.paths,
        settings=request.settings,
        hours=hours,
        now=utc_now(),
        report=report,
    )


def run_pass(request: PassRequest, stop: threading.Event) -> SyncStatus:
    """Run one pass in a child process and return its status; ``stop`` asks it to end soon.

    Raises StorageError as the child met it, RuntimeError for a bug or a child that died.
    """
    context = multiprocessing.get_context("spawn")  # no forked copy of Qt's threads
    receive, send = context.Pipe(duplex=False)
    child_stop = context.Event()
    logs = context.Queue()
    listener = logging.handlers.QueueListener(logs, _Forward(), respect_handler_level=False)
    process = context.Process(
        target=_child, args=(request, child_stop, logs, send), name="kiosk-sync", daemon=True
    )
    listener.start()
    process.start()
    send.close()  # the child holds the only sending end: its death ends the wait below
    stop_by: float | None = None
    try:
        while not receive.poll(POLL_S):
            if stop.is_set() and stop_by is None:
                child_stop.set()
                stop_by = time.monotonic() + STOP_GRACE_S
            if stop_by is not None and time.monotonic() >= stop_by:
                # Killing it loses nothing (records are marked synced after central's answer).
                process.terminate()
                process.join()
                log.info("sync stopped: its process was ended mid-pass, to resume next start")
                return SyncStatus(error=STOPPED)
            if not process.is_alive() and not receive.poll():
                if _ended_by_sigterm(process):
                    return SyncStatus(error=STOPPED)
                raise RuntimeError(f"the sync process ended without an answer ({process.exitcode})")
        try:
            kind, *rest = receive.recv()
        except EOFError as exc:
            if _ended_by_sigterm(process):
                return SyncStatus(error=STOPPED)
            raise RuntimeError("the sync process ended without an answer") from exc
    finally:
        process.join(timeout=10)
        if process.is_alive():
            process.kill()
            process.join()
        listener.stop()
        receive.close()
        logs.close()
    if kind == "ok":
        status: SyncStatus = rest[0]
        return status
    if kind == "storage":
        raise StorageError(rest[0], detail=rest[1], **rest[2])
    raise RuntimeError(rest[0])


def _ended_by_sigterm(process: Any) -> bool:
    """The child was stopped from outside (a service manager's SIGTERM to the whole group):
    the same as a stop, not a bug; nothing is lost and the next pass resumes."""
    process.join(timeout=10)
    if process.exitcode != -signal.SIGTERM:
        return False
    log.info("sync stopped: its process was ended by SIGTERM")
    return True


class _Forward(logging.Handler):
    """Hands the child's records to the app's own loggers, as if logged here."""

    def emit(self, record: logging.LogRecord) -> None:
        logger = logging.getLogger(record.name)
        if logger.isEnabledFor(record.levelno):
            logger.handle(record)
