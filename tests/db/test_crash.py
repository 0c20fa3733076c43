"""SIGKILL the kiosk mid-registration, again and again: nothing it reported as saved may be lost.

A child process registers in a loop and prints each id only after the commit returned; we kill
it once it has reported a random number of records, restart it on the same file, and check the
file after every kill. Set CRASH_SEED to replay a failing run's kill points.
"""

import os
import random
from pathlib import Path

import pytest

from tests.helpers.crash_harness import CrashHarness

KILLS = 50


def seed() -> int:
    return int(os.environ.get("CRASH_SEED") or random.SystemRandom().randrange(2**32))


@pytest.mark.slow
def test_sigkill_never_loses_an_acknowledged_record(tmp_path: Path) -> None:
    run_seed = seed()
    harness = CrashHarness(tmp_path / "crash", rng=random.Random(run_seed))

    for kill in range(1, KILLS + 1):
        report = harness.kill_once()
        assert report.acknowledged >= 1
        assert report.ok, f"after kill {kill} of {KILLS} (CRASH_SEED={run_seed}): {report}"

    assert len(harness.acknowledged) >= KILLS
    assert harness.last_seq >= len(harness.acknowledged)


LIAR = """
import sys, time, uuid
from pathlib import Path
from kiosk.db.deposits import register_deposit
from kiosk.db.store import Store
from kiosk.domain.catalogue import load_default
store = Store.open(Path(sys.argv[1]) / "kiosk.sqlite3", station_id="x",
                   catalogue=load_default(), max_weight_g=1000)
saved = register_deposit(store=store, category="wood", weight_g=1)
print(saved.id, saved.seq, flush=True)
print(uuid.uuid4(), saved.seq + 1, flush=True)  # reported, never saved
time.sleep(60)
"""


def test_the_harness_notices_a_lost_record(tmp_path: Path) -> None:
    # The check above could pass by checking nothing; a child that lies must be caught.
    liar = tmp_path / "liar.py"
    liar.write_text(LIAR)
    # Killed only after both lines are read: the lie is always seen, however slow the machine.
    harness = CrashHarness(
        tmp_path / "crash", rng=random.Random(0), min_lines=2, max_lines=2, child=liar
    )

    report = harness.kill_once()

    assert report.integrity == "ok"
    assert len(report.lost) == 1
    assert not report.ok
