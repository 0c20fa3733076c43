"""One sync pass: check in (clock, catalogue, hours, central's checkpoint), flag impossible
times, push every batch.

``run_sync`` blocks and never touches Qt, so a worker thread can call it and report
the returned ``SyncStatus`` through signals. Transient failures are retried with
exponential backoff and jitter for as long as it takes (or until ``stop`` is set or
``give_up_after`` seconds pass without progress).

A record is quarantined only when central refuses that record by name (a 4xx naming it).
When central fails on the same batch ``POISON_AFTER`` times in a row (a 5xx that is not load
or a gateway), or refuses it without naming a record, the batch is halved until the one
record it fails on is alone; that record stays pending, held back for this pass only, and
the rest keeps flowing. At every good check-in, quarantines that were not a named refusal
(an older release quarantined on a 500) are released, and every record central lacks of what
the kiosk marked synced (a restore from backup) is made pending and sent again.

Before sending, a pass asks central once which of the batches it composed earlier and that
still cover pending records (their answers were lost) it holds with the same hash, as
CouchDB's ``_revs_diff`` does; their records are marked synced without being read or sent.
"""

import logging
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from contract import CONTRACT_VERSION
from contract.limits import HELD_BATCHES_MAX
from contract.wire import format_time
from kiosk import __version__
from kiosk.db.catalogues import save_catalogue
from kiosk.db.hours import in_force, load_hours, save_schedule, stored_version
from kiosk.db.store import Store, set_meta
from kiosk.domain.catalogue import Catalogue
from kiosk.domain.clock import WallClock, utc_now
from kiosk.domain.hours import OpeningHours
from kiosk.sync import outbox
from kiosk.sync.client import AuthFailed, CentralClient, Rejected, Transient
from kiosk.sync.schedule import Backoff, retry_backoff
from kiosk.sync.status import STOPPED, SyncStatus

log = logging.getLogger(__name__)
T = TypeVar("T")
DEFAULT_BATCH_SIZE = 5000
# Batches on the wire at once (each on its own connection): central decodes one while it
# writes the one before, and the kiosk composes and marks beside both.
IN_FLIGHT = 2
# Answers a pass waits for, one batch at a time, before it opens the window (TCP's slow
# start); why two is central's admission's to say (central/core/shedding.py, BatchGate).
ALONE_FIRST = 2
# Central's 401 code for a device a person revoked: the kiosk keeps its records and says so.
REVOKED = "device_revoked"
REVOKED_MESSAGE = (
    "revoked: central has revoked this kiosk (device_revoked); its records stay here, "
    "pending; enrol the kiosk again with a new code: kiosk enrol --takeover URL CODE"
)
# Server errors in a row on one batch before it is split to find the record that fails.
POISON_AFTER = 3
# The contract version central spoke at the last pass: when it changes, named refusals are
# tried again (the record may be valid under the new contract).
META_QUARANTINE_CONTRACT = "quarantine_contract_version"


class Stopped(Exception):
    """The caller asked the pass to stop (app closing); nothing is lost."""


class GaveUp(Exception):
    """Central stayed unreachable for longer than the caller wanted to wait."""


class ServerFailed(Exception):
    """Central answered the same request with a server error POISON_AFTER times in a row."""

    def __init__(self, last: Transient) -> None:
        super().__init__(f"central failed {POISON_AFTER} times in a row on it: {last}")
        self.last = last


class _Retrier:
    def __init__(self, backoff: Backoff, stop: threading.Event, give_up_after: float | None):
        self.backoff = backoff
        self.stop = stop
        self.give_up_after = give_up_after
        # Set when the pass ends on a storage error or a bug: a sender thread still retrying
        # its batch stops at its next attempt instead of holding the pass open.
        self.halted = threading.Event()

    def _delay(self, exc: Transient) -> float:
        # A shedding central is up and says when to come back: wait that, spread a little so
        # the shed kiosks do not return together, instead of the outage backoff's growing gaps.
        if exc.retry_after is not None:
            return exc.retry_after * (1.0 + self.backoff.jitter * self.backoff.rng.random())
        return self.backoff.next_delay()

    def __call__(self, action: Callable[[], T], *, poison_after: int | None = None) -> T:
        waited = 0.0
        server_errors = 0
        while True:
            if self.stop.is_set() or self.halted.is_set():
                raise Stopped
            try:
                result = action()
            except Transient as exc:
                server_errors = server_errors + 1 if exc.server_error else 0
                if poison_after is not None and server_errors >= poison_after:
                    self.backoff.reset()  # central answered: not an outage to wait out
                    raise ServerFailed(exc) from exc
                delay = self._delay(exc)
                if self.give_up_after is not None and waited + delay > self.give_up_after:
                    raise GaveUp(str(exc)) from exc
                log.info("central unreachable (%s); retrying in %.1f s", exc, delay)
                waited += delay
                if self.stop.wait(delay) or self.halted.is_set():
                    raise Stopped from exc
                continue
            self.backoff.reset()
            return result


@dataclass(frozen=True, slots=True)
class _CheckIn:
    """What a pass learns before it sends: the clock, what is newer, the contract to speak."""

    offset: float
    catalogue: Catalogue | None
    hours: OpeningHours | None
    speaks: int
    # The status central now holds from this pass (None: a central from before check-in).
    reported: dict[str, Any] | None
    # What central holds of this device (highest_seq and gaps); None from an older central.
    sequence: dict[str, Any] | None = None


def _status(overview: outbox.SyncOverview) -> dict[str, Any]:
    oldest = overview.oldest_unsynced_at
    return {
        "app_version": __version__,
        "pending": overview.pending,
        "quarantined": overview.quarantined,
        "oldest_pending_at": format_time(oldest) if oldest else None,
    }


def _sent(status: dict[str, Any], clock: WallClock) -> dict[str, Any]:
    return status | {"sent_at": format_time(clock())}


def _check_in(
    store: Store,
    client: CentralClient,
    retry: _Retrier,
    clock: WallClock,
    fallback: OpeningHours | None = None,
) -> _CheckIn:
    """The pass's first request: report the backlog, read central's clock, and take a newer
    catalogue and newer opening hours. One round trip, so an idle pass costs one request."""
    status = _status(outbox.sync_overview(store=store, now=clock()))
    reported: dict[str, Any] | None = status
    hours_answer = None
    sequence = None
    before = clock()
    try:
        answer = retry(
            lambda: client.check_in(
                status=_sent(status, clock),
                catalogue_since=store.catalogue.version,
                hours_since=stored_version(store),
            )
        )
        catalogue_answer, hours_answer = answer["catalogue"], answer.get("hours")
        sequence = answer.get("sequence")
    except AuthFailed:
        raise
    except Rejected as exc:
        # A central from before check-in (404) offers the catalogue alone, and no hours; the
        # status then goes at the pass's end. Either way records must keep flowing.
        log.info("central took no check-in (%s); asking for its catalogue", exc)
        reported = None
        before = clock()
        catalogue_answer = retry(lambda: client.catalog(since=store.catalogue.version))
    after = clock()
    # Central stamped server_time somewhere between our two readings: take the midpoint.
    server = datetime.fromisoformat(catalogue_answer["server_time"].replace("Z", "+00:00"))
    offset = (server - (before + (after - before) / 2)).total_seconds()
    # The newest contract version both sides speak; a central without the key is version 1.
    speaks = min(int(catalogue_answer.get("contract_version") or 1), CONTRACT_VERSION)
    return _CheckIn(
        offset=offset,
        catalogue=_newer_catalogue(store, catalogue_answer),
        hours=_newer_hours(store, hours_answer, fallback),
        speaks=speaks,
        reported=reported,
        sequence=sequence if isinstance(sequence, dict) else None,
    )


def _compare_checkpoints(store: Store, sequence: dict[str, Any] | None) -> int:
    """Send again what the kiosk marked synced but central lacks (as CouchDB compares both
    sides' checkpoints): central restored from a dump lost what came after it."""
    if sequence is None:
        return 0
    try:
        # Everything up to the contiguous mark is held, whatever else central reports.
        contiguous = int(sequence.get("highest_contiguous_seq") or 0)
        highest = max(int(sequence["highest_seq"]), contiguous)
        gaps = [(int(g["first"]), int(g["last"])) for g in sequence.get("gaps") or ()]
        gaps = [(max(first, contiguous + 1), last) for first, last in gaps if last > contiguous]
    except (KeyError, TypeError, ValueError, AttributeError):
        log.error("central sent an unreadable sequence; not comparing checkpoints")
        return 0
    resent = outbox.resend_missing(store, highest_seq=highest, gaps=gaps)
    if resent:
        log.warning("central lacks %d records marked synced here; sending them again", resent)
    return resent


def _release(store: Store, speaks: int, now: datetime) -> int:
    """Quarantines to try again now that central answered: see ``outbox.release_quarantined``."""
    before = store.meta(META_QUARANTINE_CONTRACT)
    released = outbox.release_quarantined(
        store, named_too=before is not None and before != str(speaks), now=now
    )
    if released:
        log.warning("%d quarantined records released; sending them again", released)
    return released


def _newer_catalogue(store: Store, answer: dict[str, Any]) -> Catalogue | None:
    """Central's newer catalogue, stored; None when unchanged or unusable."""
    if not (answer.get("changed") and answer.get("catalogue")):
        return None
    try:
        return save_catalogue(store.engine, answer["catalogue"])
    except (ValueError, KeyError, TypeError):
        # A catalogue the kiosk cannot read must not stop records flowing: keep ours.
        kept = store.catalogue.version
        log.exception("central sent an unreadable catalogue; keeping version %s", kept)
        return None


def _newer_hours(
    store: Store, answer: object, fallback: OpeningHours | None
) -> OpeningHours | None:
    """This station's newer schedule from central (hours, planned events), stored; returned as
    the screens should show it (``fallback``: the settings file's hours, until central has
    published some); None when unchanged or unusable."""
    if not (isinstance(answer, dict) and answer.get("changed")):
        return None
    document, planned = answer.get("hours"), answer.get("planned")
    if not isinstance(document, dict):
        document = None
    if not isinstance(planned, list):
        planned = None  # a central from before planned events sends none
    if document is None and planned is None:
        return None
    if document is not None and document.get("station_id", store.station_id) != store.station_id:
        station = document.get("station_id")
        log.error("central sent hours of station %r to %r; keeping ours", station, store.station_id)
        return None
    version = answer.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        version = document.get("version", 0) if document else 0
    try:
        save_schedule(store, version=version, hours=document, planned=planned)
    except ValueError:
        log.exception("central sent an unreadable schedule (hours, planned events); keeping ours")
        return None
    return in_force(store, fallback) if fallback is not None else load_hours(store)


def _report_status(client: CentralClient, status: dict[str, Any], clock: WallClock) -> None:
    """Tell central this kiosk's backlog and quarantine (its console shows them), when the
    pass changed them. Best effort: a central that cannot take it must not fail the sync."""
    try:
        client.report_status(_sent(status, clock))
    except (Transient, Rejected) as exc:
        log.info("status report not taken by central: %s", exc)


def _skip_held(store: Store, client: CentralClient, retry: _Retrier) -> int:
    """Mark synced the records of remembered batches central holds (same device, same hash,
    the same pending records here: ``outbox.mark_held``); returns how many. A central that
    does not answer the question (one release behind: 404) or fails on it gets every record
    sent as before; only a wrong token ends the pass."""
    asked = outbox.remembered_pending(store)
    skipped = 0
    for start in range(0, len(asked), HELD_BATCHES_MAX):
        chunk = asked[start : start + HELD_BATCHES_MAX]
        try:
            held = retry(lambda c=chunk: client.held_batches(c), poison_after=POISON_AFTER)  # type: ignore[misc]
        except AuthFailed:
            raise
        except (Rejected, ServerFailed) as exc:
            log.info("central did not say which batches it holds (%s); sending them", exc)
            return skipped
        skipped += outbox.mark_held(store, held)
    if skipped:
        log.info("central holds %d pending records already (answers lost); not sent", skipped)
    return skipped


def _settle(marks: "list[Future[Any]]", *, keep: int = 0) -> None:
    """Wait for queued mark-synced steps but the newest ``keep``; re-raise a storage error."""
    while len(marks) > keep:
        marks.pop(0).result()


def _mark_and_remember(
    store: Store, done: outbox.OutgoingBatch,
    upcoming: "Future[outbox.OutgoingBatch | None] | None", now: datetime,
) -> int:  # fmt: skip
    """On the helper thread: mark the answered batch synced and, in the same transaction,
    remember the next one to go (composed by a task queued before this one, so done)."""
    # A next batch that failed to compose is not remembered; its error reaches the pass.
    ok = upcoming is not None and upcoming.exception() is None
    following = upcoming.result() if ok and upcoming is not None else None
    return outbox.mark_synced(
        store, first_seq=done.first_seq, last_seq=done.last_seq, remember=following, now=now
    )


@dataclass(frozen=True, slots=True)
class _OnTheWire:
    """A batch sent and central's answer to it, to come (a sender thread retries it)."""

    batch: outbox.OutgoingBatch
    answer: "Future[dict[str, Any]]"


class _Push:
    """Every pending batch to central, ``IN_FLIGHT`` on the wire at once (after ALONE_FIRST).

    While central writes one batch it reads and decodes the next, and a helper thread marks
    the answered one synced and reads and encodes the one after: the pass goes at the pace of
    its slowest stage rather than the sum of them (issue 24). Answers are taken in the order
    the batches went; a batch is marked synced only after central's answer to that very batch
    (by its seq range), and one helper thread keeps the store's steps in order. When central
    refuses a batch or fails on it, the batches sent after it are waited for, those it took are
    marked, and the pass goes on from the first record not delivered, as it always has.
    """

    def __init__(
        self,
        *,
        store: Store,
        client: CentralClient,
        retry: _Retrier,
        clock: WallClock,
        speaks: int,
        batch_size: int,
        totals: dict[str, Any],
        on_progress: Callable[[int], None] | None,
        helper: ThreadPoolExecutor,
        wire: ThreadPoolExecutor,
    ) -> None:
        self.store, self.client, self.retry, self.clock = store, client, retry, clock
        self.speaks, self.batch_size, self.totals = speaks, batch_size, totals
        self.on_progress, self.helper, self.wire = on_progress, helper, wire
        self.marks: list[Future[Any]] = []
        self.window: deque[_OnTheWire] = deque()

    def _compose(self, after_seq: int, size: int) -> outbox.OutgoingBatch | None:
        return outbox.next_batch(
            self.store,
            limit=size,
            sent_at=self.clock(),
            after_seq=after_seq,
            contract_version=self.speaks,
        )

    def _send(self, batch: outbox.OutgoingBatch) -> dict[str, Any]:
        return self.retry(lambda: self.client.post_batch(batch), poison_after=POISON_AFTER)

    def _took(self, answer: dict[str, Any]) -> None:
        self.totals["pushed"] += answer["inserted"]
        self.totals["duplicates"] += answer["duplicates"]
        self.totals["batches"] += 1

    def _progress(self) -> None:
        if self.on_progress is not None:
            t = self.totals
            self.on_progress(t["skipped"] + t["pushed"] + t["duplicates"])

    def drain(self) -> int:
        """Wait for every batch still on the wire; mark synced those central took, each by
        its own seq range; the others stay pending. Returns how many central took."""
        took = 0
        while self.window:
            sent = self.window.popleft()
            try:
                answer = sent.answer.result()
            except (Rejected, ServerFailed, GaveUp, Stopped) as exc:
                log.info("batch %d-%d not taken: %s", sent.batch.first_seq,
                         sent.batch.last_seq, exc)  # fmt: skip
                continue
            self.marks.append(
                self.helper.submit(_mark_and_remember, self.store, sent.batch, None, self.clock())
            )
            self._took(answer)
            took += 1
        _settle(self.marks)
        if took:
            self._progress()
        return took

    def run(self) -> None:
        store, totals, batch_size = self.store, self.totals, self.batch_size
        size = batch_size
        # Records at or below this seq are delivered or held back for this pass.
        floor = 0
        failed_on: Rejected | ServerFailed | None = None
        just_held = False  # the last thing central did was fail on a lone record
        upcoming: Future[outbox.OutgoingBatch | None] | None = self.helper.submit(
            self._compose, floor, size
        )
        # The composed batch a queued mark remembers in its own transaction; any other is
        # remembered on its own before it goes (a lost answer's records then cost no resend).
        carried: Future[outbox.OutgoingBatch | None] | None = None
        depth, answered = 1, 0  # see ALONE_FIRST
        while True:
            while len(self.window) < depth and upcoming is not None:
                batch = upcoming.result()
                if batch is None:
                    upcoming = None
                    break
                if upcoming is not carried:
                    self.marks.append(
                        self.helper.submit(outbox.remember, store, batch, now=self.clock())
                    )
                self.window.append(_OnTheWire(batch, self.wire.submit(self._send, batch)))
                upcoming = self.helper.submit(self._compose, batch.last_seq, size)
            if not self.window:
                break
            sent = self.window.popleft()
            batch = sent.batch
            try:
                answer = sent.answer.result()
            except AuthFailed:
                raise
            except (Rejected, ServerFailed) as exc:
                # What was sent after it may have been taken: mark that first, in order, so
                # the next read (from the floor) sees only what central does not hold.
                if upcoming is not None:
                    upcoming.result()  # stale now; let the helper finish it
                    upcoming = None
                took = self.drain()
                named = exc.record_id if isinstance(exc, Rejected) else None
                if named is not None and named in batch.record_ids:
                    outbox.quarantine(store, record_id=named, reason=str(exc), now=self.clock())
                    totals["quarantined"] += 1
                    size = batch_size
                elif isinstance(exc, Rejected) and exc.status == 413 and size > 1:
                    size = max(1, size // 2)  # central's limit is lower than ours: halve
                elif batch.count > 1:
                    # Central cannot take something in this batch and did not say what:
                    # halve it until the record that fails is alone (bisection).
                    log.warning("batch %d-%d: %s; splitting it", batch.first_seq,
                                batch.last_seq, exc)  # fmt: skip
                    size = max(1, batch.count // 2)
                else:
                    # Central fails on this one record but did not refuse it by name: a
                    # bug or a fault at central, not the record's. Keep it pending, hold
                    # it back for this pass, and send the rest after it.
                    log.warning("record %s held back: %s", batch.record_ids[0], exc)
                    floor = batch.first_seq
                    totals["held_back"] += 1
                    if just_held:
                        # Two records in a row and nothing taken between them: central
                        # fails on everything (an outage, a full disk behind an older
                        # central). End the pass; the schedule tries again later.
                        raise exc
                    failed_on, just_held = exc, True
                    size = batch_size
                if took:
                    just_held = False  # central took batches sent after this one
                upcoming, carried = self.helper.submit(self._compose, floor, size), None
                continue
            just_held, answered = False, answered + 1
            depth = IN_FLIGHT if answered >= ALONE_FIRST else 1
            self.marks.append(
                self.helper.submit(_mark_and_remember, store, batch, upcoming, self.clock())
            )
            carried = upcoming
            self._took(answer)
            size = min(batch_size, size * 2)  # after a split, grow back while it goes well
            # Report once every batch before this one is marked synced (its mark is queued).
            _settle(self.marks, keep=1)
            self._progress()
        _settle(self.marks)
        if failed_on is not None:
            raise failed_on


def run_sync(
    *,
    store: Store,
    client: CentralClient,
    batch_size: int = DEFAULT_BATCH_SIZE,
    backoff: Backoff | None = None,
    stop: threading.Event | None = None,
    give_up_after: float | None = None,
    on_progress: Callable[[int], None] | None = None,
    hours_fallback: OpeningHours | None = None,
    clock: WallClock = utc_now,
) -> SyncStatus:
    """Deliver every pending record of this device; return what happened. Never raises for
    network or central errors (they end up in ``status.error``); storage errors propagate.
    ``on_progress`` gets the records central has acknowledged so far, after each batch, once
    every batch before that one is marked synced. ``hours_fallback`` (the settings file's
    hours) is what a newer schedule is shown with while central has published no hours.
    ``clock`` is the kiosk's one wall clock: the moments the pass stamps (sent_at, the clock
    reading, quarantines, the last success) come from it."""
    retry = _Retrier(backoff or retry_backoff(), stop or threading.Event(), give_up_after)
    totals: dict[str, Any] = {"pushed": 0, "duplicates": 0, "quarantined": 0, "batches": 0}
    totals |= {"held_back": 0, "released": 0, "resent": 0, "skipped": 0}
    checked: _CheckIn | None = None
    flagged = 0
    error: str | None = None
    revoked = False
    # Written together at the end, in one transaction: the clock and how the pass ended.
    meta: dict[str, str] = {}
    try:
        checked = _check_in(store, client, retry, clock, hours_fallback)
        meta[outbox.META_CLOCK_OFFSET] = f"{checked.offset:.3f}"
        speaks = checked.speaks
        totals["released"] = _release(store, speaks, clock())
        meta[META_QUARANTINE_CONTRACT] = str(speaks)
        totals["resent"] = _compare_checkpoints(store, checked.sequence)
        true_now = clock() + timedelta(seconds=checked.offset)
        flagged = outbox.flag_impossible_times(store, true_now=true_now)
        # After the flags: a record flagged since it was sent no longer matches its batch.
        totals["skipped"] = _skip_held(store, client, retry)
        if totals["skipped"] and on_progress is not None:
            on_progress(totals["skipped"])
        with (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-helper") as helper,
            ThreadPoolExecutor(max_workers=IN_FLIGHT, thread_name_prefix="sync-send") as wire,
        ):
            push = _Push(store=store, client=client, retry=retry, clock=clock, speaks=speaks,
                         batch_size=batch_size, totals=totals, on_progress=on_progress,
                         helper=helper, wire=wire)  # fmt: skip
            try:
                push.run()
            except (Rejected, ServerFailed, GaveUp, Stopped):
                push.drain()  # what central took before the pass ended is marked, not resent
                raise
            except BaseException:
                retry.halted.set()
                raise
        meta |= {outbox.META_LAST_SUCCESS: clock().isoformat(), outbox.META_ATTENTION: ""}
    except AuthFailed as exc:
        revoked = exc.code == REVOKED
        if revoked:
            error = REVOKED_MESSAGE
            meta[outbox.META_ATTENTION] = "revoked"
        else:
            # After central was restored from a dump made before this kiosk enrolled, central
            # no longer knows it: enrolled again, it sends every record from seq 1.
            meta[outbox.META_ATTENTION] = "unknown"
            error = (
                f"central refused the device token ({exc}): central does not know this kiosk "
                "(restored from a backup made before it enrolled?); its records stay here and "
                "are all sent again once it is enrolled again: kiosk enrol URL CODE"
            )
    except Rejected as exc:
        error = f"central refused a batch: {exc}"
        if totals["held_back"]:
            error = f"{totals['held_back']} records held back, pending; {error}"
    except ServerFailed as exc:
        error = f"{totals['held_back']} records held back, pending, sent again next pass: {exc}"
    except GaveUp as exc:
        error = f"offline: central unreachable ({exc})"
    except Stopped:
        error = STOPPED
    if meta:
        set_meta(store, meta)
    overview = outbox.sync_overview(store=store, now=clock())
    if checked is not None and not revoked and _status(overview) != checked.reported:
        _report_status(client, _status(overview), clock)
    return SyncStatus(
        pushed=totals["pushed"],
        duplicates=totals["duplicates"],
        quarantined=totals["quarantined"],
        pending=overview.pending,
        quarantined_now=overview.quarantined,
        held_back=totals["held_back"],
        released=totals["released"],
        resent=totals["resent"],
        skipped=totals["skipped"],
        flagged=flagged,
        batches=totals["batches"],
        last_success=overview.last_success,
        clock_offset_s=checked.offset if checked else None,
        catalogue_version=(checked.catalogue or store.catalogue).version if checked else None,
        catalogue=checked.catalogue if checked else None,
        hours=checked.hours if checked else None,
        error=error,
    )
