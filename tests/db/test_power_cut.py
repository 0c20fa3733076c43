"""Simulated power cuts (tests/helpers/power): an acknowledged registration survives any of them.

The real kiosk start-up and services run in a child under an LD_PRELOAD shim that records its
writes and fsyncs; crash images keep what was fsynced plus a random part of the rest, and each
is opened with the kiosk's own start-up path. The mutants prove the check can fail: each plants
one fault in the child (never in the kiosk) and must be caught. POWER_SEED replays a run
(default: a fixed seed, so CI is deterministic; POWER_SEED=random draws new cuts).
"""

import os
import random
from pathlib import Path

import pytest

from tests.helpers.power import image
from tests.helpers.power.simulator import PowerSimulator
from tests.helpers.power.trace import Op, Trace

RUNS, CUTS_PER_RUN = 10, 10  # 100 cuts
MUTANT_RUNS = 10  # a mutant must be caught within this many runs (it is, within one or two)
LOST = ("acknowledged records lost",)
SMALL_FILES = ("device_token:", "guide_pin.scrypt:", "pin_lockout.json:")


# CI replays the same cuts every run (a test must not pass or fail by luck); the soak,
# bench/power_cut_soak.py, draws new ones. POWER_SEED=random explores here too.
FIXED_SEED = 3991247846  # once found a first start cut short, leaving an empty store file


def seed() -> int:
    chosen = os.environ.get("POWER_SEED", "")
    if chosen == "random":
        return random.SystemRandom().randrange(2**32)
    return int(chosen or FIXED_SEED)


def test_power_cuts_never_lose_an_acknowledged_record(tmp_path: Path) -> None:
    run_seed = seed()
    simulator = PowerSimulator(tmp_path, rng=random.Random(run_seed))
    cuts = acknowledged = 0
    for _ in range(RUNS):
        for report in simulator.run(CUTS_PER_RUN):
            cuts += 1
            acknowledged += report.acknowledged
            assert report.ok, f"cut {cuts} (POWER_SEED={run_seed}): {report}"
    assert cuts == RUNS * CUTS_PER_RUN
    assert acknowledged > 0  # the cuts landed after registrations, not only before the first


def caught(tmp_path: Path, mutant: str, *, wanted: tuple[str, ...]) -> list[str]:
    """Run the mutant until a cut reports a problem starting with one of ``wanted``; the
    problems seen by then (none wanted if it was never caught)."""
    run_seed = seed()
    simulator = PowerSimulator(tmp_path, rng=random.Random(run_seed), mutant=mutant)
    seen: list[str] = []
    for _ in range(MUTANT_RUNS):
        for report in simulator.run(CUTS_PER_RUN):
            seen += report.problems
            if any(p.startswith(wanted) for p in report.problems):
                return seen
    return [f"never caught (POWER_SEED={run_seed})", *seen]


@pytest.mark.parametrize("mutant", ["sync_normal", "ack_early"])
def test_power_cut_mutant_loses_acknowledged_records(tmp_path: Path, mutant: str) -> None:
    problems = caught(tmp_path, mutant, wanted=LOST)
    assert any(p.startswith(LOST) for p in problems), problems


@pytest.mark.parametrize("mutant", ["plain_files", "no_dirsync"])
def test_power_cut_mutant_leaves_a_small_file_old_or_torn(tmp_path: Path, mutant: str) -> None:
    problems = caught(tmp_path, mutant, wanted=SMALL_FILES)
    assert any(p.startswith(SMALL_FILES) for p in problems), problems


def _images(trace: Trace, seeds: range, tmp_path: Path) -> list[bytes | None]:
    found = []
    for s in seeds:
        into = tmp_path / f"img{s}"
        into.mkdir(parents=True)
        image.build(trace, len(trace.ops), random.Random(s), into)
        path = into / "f"
        found.append(path.read_bytes() if path.exists() else None)
    return found


def test_power_image_keeps_what_was_fsynced_and_drops_some_of_the_rest(tmp_path: Path) -> None:
    a, b = b"A" * 1024, b"B" * 1024
    synced = Trace({}, {}, [Op("create", 0, name="f"), Op("write", 0, data=a), Op("fsync", 0)])
    synced.ops += [Op("dirsync", name=""), Op("write", 0, offset=1024, data=b)]
    found = _images(synced, range(40), tmp_path / "synced")
    assert all(f is not None and f.startswith(a) for f in found)
    assert a + b in found  # the later write sometimes landed whole,
    assert a in found  # sometimes not at all,
    assert a + b[:512] in found  # and sometimes torn after a sector


def test_power_image_loses_a_new_name_whose_folder_was_not_synced(tmp_path: Path) -> None:
    unsynced = Trace({}, {}, [Op("create", 0, name="f"), Op("write", 0, data=b"x"), Op("fsync", 0)])
    found = _images(unsynced, range(40), tmp_path / "unsynced")
    assert None in found and b"x" in found
