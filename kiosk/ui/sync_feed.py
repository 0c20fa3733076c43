"""Runs the Qt-free sync engine as a long background operation, on a schedule, with signals.

When: soon after a registration while central is reachable; with growing gaps while it is
not (the first check is cheap and fails fast); and at the nightly time, made up at start
when the kiosk was off. Registering never waits for a sync: the engine holds SQLite's
write lock only for the short transaction that marks a batch synced. The nightly pass
also runs the full ``PRAGMA integrity_check`` (the quick one runs at every start).
"""

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.composition import Kiosk, SetupError, check_central_url
from kiosk.db.errors import StorageError
from kiosk.db.store import Store, set_meta
from kiosk.domain.clock import WallClock, utc_now
from kiosk.sync import outbox
from kiosk.sync.enrolment import TokenError, read_token
from kiosk.sync.schedule import Backoff, connectivity_backoff, next_sync_due, nightly_slot
from kiosk.sync.status import SyncStatus
from kiosk.sync.worker import PassRequest, run_pass
from kiosk.ui.operations import Lane, LongOp, Op

log = logging.getLogger(__name__)

# The timer wakes at least this often to compare with the wall clock, so a clock corrected
# by sync, or a machine that was suspended, makes the nightly run late by at most this.
MAX_SLEEP_S = 3600.0
# Smaller than `kiosk sync`'s batches: a batch's answer is what a stop waits for.
APP_BATCH_SIZE = 1000
# Records left pending when the kiosk stopped go out this soon after start, not only after
# the next registration.
FIRST_SYNC_AFTER_S = 3.0
NOT_ENROLLED = "not enrolled: run `kiosk enrol URL CODE`"
# The full PRAGMA integrity_check runs with the nightly pass, at most this often.
FULL_CHECK_EVERY = timedelta(hours=20)
META_FULL_CHECK = "integrity_checked_at"


def _reported_by_the_pass(_exc: Exception) -> None:
    pass  # the pass waits for this write and its failure reaches the pass's own handler


def is_offline(status: SyncStatus) -> bool:
    """The pass gave up because central did not answer (not a refusal or a bug)."""
    return (status.error or "").startswith("offline:")


class SyncFeed(QObject):
    sync_started = Signal()
    sync_finished = Signal(object)  # SyncStatus
    storage_failed = Signal(object)  # StorageError, e.g. the nightly integrity check failed
    offline_changed = Signal(object)  # UTC datetime since central is unreachable, or None

    def __init__(
        self,
        store: Store,
        kiosk: Kiosk,
        *,
        backoff: Backoff | None = None,
        wall_clock: WallClock = utc_now,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._store = store
        # The time shown ("offline since 10:15"), read as the header reads "today"; the
        # timers that decide when a pass runs keep the real time.
        self._wall_clock = wall_clock
        self._paths = kiosk.paths
        self._settings = kiosk.settings
        # For the pass's own process. The app checked the file at its start and checks it
        # whole at night: a pass every 30 s must not read every page again.
        self._open_store = partial(kiosk.open_store, checked=True)
        self._backoff = backoff or connectivity_backoff()
        self._stopped = False
        self._pass: LongOp[SyncStatus] | None = None
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._wake)
        self._due_at = datetime.max.replace(tzinfo=UTC)
        self.last_status: SyncStatus | None = None
        self.offline_since: datetime | None = None
        self._pass_started_at: datetime | None = None

    @property
    def running(self) -> bool:
        return self._pass is not None

    def start(self) -> None:
        """Sync shortly after start: it pushes what waited and makes up a missed nightly run."""
        self._schedule(min(FIRST_SYNC_AFTER_S, self._settings.sync_after_registration_s))

    def registered(self) -> None:
        """A record was saved: push it soon, unless central is known to be unreachable."""
        if self._backoff.attempt == 0:
            self._schedule(self._settings.sync_after_registration_s, sooner_only=True)

    def run_now(self) -> None:
        if self.running:
            return
        url = self._store.meta(outbox.META_CENTRAL_URL)
        try:
            token = read_token(self._paths.data)
            if url:
                check_central_url(url, self._settings)
        except (TokenError, SetupError) as exc:
            self._report(self._error_status(str(exc)))
            self._schedule(MAX_SLEEP_S)  # a technician fixes this from the command line
            return
        if not url or not token:
            self._report(self._error_status(NOT_ENROLLED))
            self._schedule(MAX_SLEEP_S)  # enrolment happens from the command line, meanwhile
            return
        # The nightly pass (or the one that makes it up) also reads every page of the store.
        full_check = self._until_nightly() == 0 and self._full_check_due()
        # Made here, on the GUI thread; the pass runs it on the STORE lane, where every write
        # the UI asks for happens, in order.
        mark_checked = Op(self, self._mark_full_check) if full_check else None
        self._pass_started_at = self._wall_clock()
        self.sync_started.emit()
        self._pass = (
            LongOp(self, partial(self._work, url, token, mark_checked), name="sync")
            .success(self._finished)
            .failure(self._failed)
            .start()
        )

    def _error_status(self, error: str) -> SyncStatus:
        """A pass that could not run, with the count the header shows (the same overview)."""
        try:
            pending = outbox.sync_overview(store=self._store).pending
        except StorageError:  # the storage screen says what is wrong; the count cannot be read
            pending = 0
        return SyncStatus(error=error, pending=pending)

    def _full_check_due(self) -> bool:
        last = self._store.meta(META_FULL_CHECK)
        if not last:
            return True
        return utc_now() - datetime.fromisoformat(last) >= FULL_CHECK_EVERY

    def _mark_full_check(self) -> None:
        set_meta(self._store, {META_FULL_CHECK: utc_now().isoformat()})

    def _work(
        self,
        url: str,
        token: str,
        mark_checked: Op[None] | None,
        _report: Callable[[object], None],
        stop: threading.Event,
    ) -> SyncStatus:
        if mark_checked is not None:
            # Off the GUI thread and off the STORE lane, and only reads: a damaged page found
            # now gets the storage screen before the guide registers onto it (StorageError
            # reaches _failed). Only the note that it passed is a write, on the STORE lane; the
            # pass waits for it, so its failure is the pass's and is reported once, by _failed.
            self._store.integrity_check(full=True)
            mark_checked.failure(_reported_by_the_pass).run_in_background(lane=Lane.STORE).result()
            log.info("nightly integrity_check: ok")
        # The pass itself runs in its own process: its CPU work never holds the GIL that the
        # guide's next tap needs (bench/register_latency.py); this thread only waits.
        request = PassRequest(
            open_store=self._open_store,
            paths=self._paths,
            settings=self._settings,
            url=url,
            token=token,
            batch_size=APP_BATCH_SIZE,
            give_up_after=self._settings.sync_give_up_after_s,
        )
        return run_pass(request, stop)

    def _failed(self, exc: Exception) -> None:
        # A storage error or a bug: log it, keep the kiosk running, try again later.
        log.error("sync failed", exc_info=exc)
        self._finished(self._error_status(f"sync failed: {exc}"))
        if isinstance(exc, StorageError):
            self.storage_failed.emit(exc)

    def _finished(self, status: SyncStatus) -> None:
        self._pass = None
        if self._stopped:
            return
        if status.ok:
            self._backoff.reset()
            delay = self._until_nightly()
            if status.pending:  # registered while this pass ran
                delay = min(delay, self._settings.sync_after_registration_s)
        else:
            delay = self._backoff.next_delay()
        self._report(status)
        self._schedule(delay)

    def _report(self, status: SyncStatus) -> None:
        self.last_status = status
        offline = is_offline(status)
        if offline and self.offline_since is None:
            self.offline_since = self._pass_started_at or self._wall_clock()
            self.offline_changed.emit(self.offline_since)
        elif status.ok and self.offline_since is not None:
            self.offline_since = None
            self.offline_changed.emit(None)
        if status.ok:
            log.info(
                "sync ok: pushed %d, duplicates %d, quarantined %d, pending %d",
                status.pushed,
                status.duplicates,
                status.quarantined,
                status.pending,
            )
        else:
            log.warning("sync: %s (pending %d)", status.error, status.pending)
        self.sync_finished.emit(status)

    def _until_nightly(self) -> float:
        now = utc_now()
        due = next_sync_due(
            now=now,
            last_nightly_success=outbox.last_success(self._store),
            nightly_at=nightly_slot(self._store.device_id, start=self._settings.nightly_at),
        )
        return max(0.0, (due - now).total_seconds())

    def _schedule(self, delay_s: float, *, sooner_only: bool = False) -> None:
        due_at = utc_now() + timedelta(seconds=delay_s)
        if sooner_only and self._timer.isActive() and self._due_at <= due_at:
            return
        self._due_at = due_at
        self._timer.start(int(min(delay_s, MAX_SLEEP_S) * 1000))

    def _wake(self) -> None:
        remaining = (self._due_at - utc_now()).total_seconds()
        if remaining > 1:
            self._timer.start(int(min(remaining, MAX_SLEEP_S) * 1000))
        else:
            self.run_now()

    def stop(self) -> None:
        """Ask the pass to stop and wait briefly; nothing is lost, the next start resumes."""
        self._stopped = True
        self._timer.stop()
        if self._pass is not None:
            self._pass.stop(timeout=5)
