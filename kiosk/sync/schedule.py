"""When to sync: the nightly run (made up at start if missed) and growing retry gaps.

Pure functions and a small value class, no clocks read and no threads, so the Qt
worker that drives them and the tests can pass in any ``now``.
"""

import hashlib
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from kiosk.domain.hours import OSLO

NIGHTLY_AT = time(2, 0)
NIGHTLY_WINDOW_S = 3600


def nightly_slot(
    device_id: str, *, start: time = NIGHTLY_AT, window_s: int = NIGHTLY_WINDOW_S
) -> time:
    """This device's own nightly start: ``start`` plus a fixed offset within ``window_s``.

    Drawn from a hash of the device id, so a fleet spreads over the window instead of
    hitting central in the same second, and one kiosk keeps the same slot every night.
    """
    digest = hashlib.sha256(device_id.encode("utf-8")).digest()
    offset = int.from_bytes(digest[:8], "big") % window_s
    seconds = (start.hour * 3600 + start.minute * 60 + start.second + offset) % 86_400
    return time(seconds // 3600, seconds % 3600 // 60, seconds % 60)


def _nightly_on(day: datetime, at: time, tz: ZoneInfo) -> datetime:
    # Built as wall-clock time in Oslo: on the spring-forward night 02:00 does not exist,
    # and zoneinfo maps it to 03:00 CEST, which is still the right night.
    return datetime(day.year, day.month, day.day, at.hour, at.minute, at.second, tzinfo=tz)


def _utc(at: datetime) -> datetime:
    return at.astimezone(UTC)


def next_sync_due(
    *,
    now: datetime,
    last_nightly_success: datetime | None,
    nightly_at: time = NIGHTLY_AT,
    tz: ZoneInfo = OSLO,
) -> datetime:
    """When the next nightly sync is due, as an aware datetime in ``tz``.

    If the most recent nightly slot at or before ``now`` has no successful sync after it
    (the kiosk was off at 02:00, or the run failed), the sync is due ``now``. Any full pass
    counts, so pass ``kiosk.sync.outbox.last_success(store)``: a sync at 08:00 after
    the network came back makes that night's run unnecessary.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    local = now.astimezone(tz)
    slot = _nightly_on(local, nightly_at, tz)
    # Compared as instants (UTC): two datetimes in the same zone compare by wall time and
    # ignore fold, so on the autumn night 02:30 (the first, summer-time one) would come
    # after 02:10 (the repeated, winter-time one), and in spring a slot in the skipped
    # hour (really 03:xx) before 03:00. Either way a good pass was due again at once.
    before = _utc(slot) <= _utc(now)
    previous = slot if before else _nightly_on(local - timedelta(days=1), nightly_at, tz)
    if last_nightly_success is None or _utc(last_nightly_success) < _utc(previous):
        return local
    following = _nightly_on(previous + timedelta(days=1, hours=3), nightly_at, tz)
    return following


@dataclass
class Backoff:
    """Exponential gaps with jitter: initial, doubling, capped; reset on success.

    Each gap is drawn from [(1 - jitter) * base, base], so gaps keep growing while many
    kiosks that lost the network together do not all retry in the same second.
    """

    initial: float = 5.0
    cap: float = 300.0
    factor: float = 2.0
    jitter: float = 0.5
    rng: random.Random = field(default_factory=random.Random)
    attempt: int = 0

    def next_delay(self) -> float:
        base = min(self.cap, self.initial * self.factor**self.attempt)
        self.attempt += 1
        return base * (1.0 - self.jitter * self.rng.random())

    def reset(self) -> None:
        self.attempt = 0


def connectivity_backoff(rng: random.Random | None = None) -> Backoff:
    """Gaps between connectivity checks while offline: 5 s doubling to 5 min."""
    return Backoff(initial=5.0, cap=300.0, rng=rng or random.Random())


def retry_backoff(rng: random.Random | None = None) -> Backoff:
    """Gaps between retries of one request inside a sync: 0.5 s doubling to 60 s."""
    return Backoff(initial=0.5, cap=60.0, rng=rng or random.Random())
