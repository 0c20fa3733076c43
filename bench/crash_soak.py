"""Crash soak: SIGKILL the registering kiosk 500 times and count what, if anything, is lost.

Same child and checks as tests/db/test_crash.py, many more kills. The last line printed is a
JSON object for scripts: {"kills", "acknowledged", "lost", "integrity_failures", ...}.
Run: .venv/bin/python bench/crash_soak.py [--kills 500] [--seed N] [--folder DIR]
"""

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.helpers

from tests.helpers.crash_harness import CrashHarness


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=500)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--max-lines", type=int, default=40, help="kill after 1..N records")
    parser.add_argument("--folder", type=Path, default=None, help="default: a temporary folder")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)

    with tempfile.TemporaryDirectory(prefix="crash-soak-") as scratch:
        folder = args.folder or Path(scratch)
        harness = CrashHarness(folder, rng=random.Random(seed), max_lines=args.max_lines)
        lost: set[str] = set()
        integrity_failures = seq_problems = 0
        started = time.monotonic()
        for kill in range(1, args.kills + 1):
            report = harness.kill_once()
            lost.update(report.lost)
            integrity_failures += report.integrity != "ok"
            seq_problems += bool(report.problems)
            if not report.ok:
                print(f"kill {kill}: {report}", flush=True)
            if kill % 50 == 0:
                print(
                    f"kills {kill}, acknowledged {len(harness.acknowledged)}, lost {len(lost)}",
                    flush=True,
                )
        summary = {
            "kills": args.kills,
            "acknowledged": len(harness.acknowledged),
            "lost": len(lost),
            "integrity_failures": integrity_failures,
            "seq_problems": seq_problems,
            "seed": seed,
            "seconds": round(time.monotonic() - started, 1),
        }
    print(json.dumps(summary), flush=True)
    return 0 if not lost and not integrity_failures and not seq_problems else 1


if __name__ == "__main__":
    sys.exit(main())
