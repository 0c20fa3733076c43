"""Nightly scheduling in Oslo time and the growing, jittered retry gaps."""

import random
from collections import Counter
from datetime import UTC, datetime, time, timedelta

import pytest

from kiosk.domain.hours import OSLO
from kiosk.sync.schedule import Backoff, connectivity_backoff, next_sync_due, nightly_slot


def oslo(*args: int) -> datetime:
    return datetime(*args, tzinfo=OSLO)


def test_after_tonights_run_the_next_is_tomorrow_at_two() -> None:
    due = next_sync_due(
        now=oslo(2026, 11, 26, 10, 0), last_nightly_success=oslo(2026, 11, 26, 2, 1)
    )
    assert due == oslo(2026, 11, 27, 2, 0)


def test_missed_nightly_run_is_due_at_start() -> None:
    now = oslo(2026, 11, 26, 8, 30)  # switched on in the morning; last run was two nights ago
    assert next_sync_due(now=now, last_nightly_success=oslo(2026, 11, 25, 2, 0)) == now
    assert next_sync_due(now=now, last_nightly_success=None) == now


def test_before_two_the_run_of_last_night_counts() -> None:
    due = next_sync_due(now=oslo(2026, 11, 26, 1, 0), last_nightly_success=oslo(2026, 11, 25, 2, 5))
    assert due == oslo(2026, 11, 26, 2, 0)


def test_due_time_across_the_spring_dst_change() -> None:
    # 29 March 2026: clocks jump from 02:00 to 03:00 in Oslo.
    due = next_sync_due(
        now=datetime(2026, 3, 28, 12, 0, tzinfo=UTC),
        last_nightly_success=datetime(2026, 3, 28, 1, 30, tzinfo=UTC),
    )
    assert due.astimezone(UTC) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "now",
    [
        # 25 October 2026: 02:00-03:00 comes twice in Oslo. 01:10 UTC is the second 02:10,
        # after the 02:30 slot of the first (00:30 UTC).
        datetime(2026, 10, 25, 1, 10, tzinfo=UTC),
        # 28 March 2027: 02:00-03:00 is skipped; a 02:30 slot is 03:30 CEST (01:30 UTC).
        # At 03:10 CEST (01:10 UTC) it is still ahead, and last night's run counts.
        datetime(2027, 3, 28, 1, 10, tzinfo=UTC),
    ],
    ids=["autumn_repeated_hour", "spring_skipped_hour"],
)
def test_a_good_pass_in_the_dst_hour_is_not_due_again_at_once(now: datetime) -> None:
    """In the hour the clocks change, a pass that just succeeded must not make the next
    one due at once (the sync feed would then run passes back to back all that hour)."""
    due = next_sync_due(now=now, last_nightly_success=now, nightly_at=time(2, 30))
    assert due.astimezone(UTC) > now
    assert due.astimezone(UTC) - now < timedelta(hours=25)
    assert due.astimezone(OSLO).time() == time(2, 30) or due.astimezone(OSLO).hour == 3


def test_backoff_grows_to_its_cap_with_jitter_and_resets() -> None:
    backoff = connectivity_backoff(random.Random(7))
    gaps = [backoff.next_delay() for _ in range(10)]
    assert 2.5 <= gaps[0] <= 5.0
    assert gaps[3] > gaps[0]
    assert all(150.0 <= gap <= 300.0 for gap in gaps[7:])  # capped at 5 min, never beyond
    backoff.reset()
    assert backoff.next_delay() <= 5.0


def test_jitter_spreads_kiosks_that_failed_together() -> None:
    delays = {Backoff(initial=5, rng=random.Random(seed)).next_delay() for seed in range(20)}
    assert len(delays) == 20


def test_nightly_slot_spreads_a_fleet_over_the_hour_and_is_stable() -> None:
    devices = [f"device-{n}" for n in range(200)]
    slots = [nightly_slot(d) for d in devices]
    assert all(time(2, 0) <= s < time(3, 0) for s in slots)
    assert nightly_slot("device-7") == slots[7]  # the same slot every night
    # 200 kiosks over 3,600 s: no second holds more than a handful, every quarter has some.
    seconds = [s.minute * 60 + s.second for s in slots]
    assert max(Counter(seconds).values()) <= 3
    assert {sec // 900 for sec in seconds} == {0, 1, 2, 3}


def test_due_time_uses_the_device_slot() -> None:
    slot = nightly_slot("abc")
    due = next_sync_due(
        now=oslo(2026, 11, 26, 10, 0),
        last_nightly_success=oslo(2026, 11, 26, 2, 59),
        nightly_at=slot,
    )
    assert due == oslo(2026, 11, 27, slot.hour, slot.minute, slot.second)
    assert due != oslo(2026, 11, 27, 2, 0)


def test_nightly_slot_wraps_past_midnight() -> None:
    assert nightly_slot("x", start=time(23, 59), window_s=3600) < time(1, 0)
