"""Power-cut soak: 1,000 simulated power cuts of the real kiosk store; nothing acknowledged lost.

The same simulator as tests/db/test_power_cut.py (tests/helpers/power), many more cuts. As its
anchor, the same run cuts a mutant kiosk with PRAGMA synchronous=NORMAL and reports the share
of its cuts that lost an acknowledged record: a checker that catches none is not checking.
The last line printed is a JSON object: {"cuts", "acknowledged", "failed_cuts", ...}.
Run: .venv/bin/python bench/power_cut_soak.py [--cuts 1000] [--per-run 10] [--seed N]
"""

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.helpers

from tests.helpers.power.simulator import PowerSimulator


def soak(folder: Path, *, cuts: int, per_run: int, seed: int, mutant: str = "") -> dict[str, int]:
    simulator = PowerSimulator(folder, rng=random.Random(seed), mutant=mutant)
    done = acknowledged = failed = lost_cuts = 0
    while done < cuts:
        for report in simulator.run(min(per_run, cuts - done)):
            done += 1
            acknowledged += report.acknowledged
            failed += not report.ok
            lost_cuts += any(p.startswith("acknowledged records lost") for p in report.problems)
            if not report.ok and not mutant:
                print(f"cut {done}: {report}", flush=True)
        if not mutant and done % 100 < per_run:
            print(f"cuts {done}, failed {failed}", flush=True)
    return {"cuts": done, "acknowledged": acknowledged, "failed": failed, "lost": lost_cuts}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cuts", type=int, default=1000)
    parser.add_argument("--per-run", type=int, default=10, help="crash images per child run")
    parser.add_argument("--anchor-cuts", type=int, default=100)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    with tempfile.TemporaryDirectory(prefix="power-soak-") as scratch:
        started = time.monotonic()
        real = soak(Path(scratch) / "real", cuts=args.cuts, per_run=args.per_run, seed=seed)
        seconds = time.monotonic() - started
        anchor = soak(
            Path(scratch) / "mutant",
            cuts=args.anchor_cuts,
            per_run=args.per_run,
            seed=seed,
            mutant="sync_normal",
        )
    summary = {
        "cuts": real["cuts"],
        "acknowledged": real["acknowledged"],
        "failed_cuts": real["failed"],
        "cuts_losing_records": real["lost"],
        "seconds": round(seconds, 1),
        "anchor_sync_normal_cuts": anchor["cuts"],
        "anchor_cuts_losing_records": anchor["lost"],
        "ratio_caught_real_vs_anchor": round(
            (real["lost"] / real["cuts"]) / max(anchor["lost"] / anchor["cuts"], 1e-9), 4
        ),
        "seed": seed,
    }
    print(json.dumps(summary), flush=True)
    return 0 if real["failed"] == 0 and anchor["lost"] > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
