"""Kill a registering child with SIGKILL at random points and check nothing it reported is lost.

Shared by tests/db/test_crash.py (about 50 kills) and bench/crash_soak.py (500). The check
reads the file with plain sqlite3, so it does not trust the code under test. The kill point is
chosen by progress (after the child has reported a random number of records), never by the
clock, so a slow or loaded machine kills at the same points as a fast one.
"""

import itertools
import os
import random
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from tests.helpers import rawdb

CHILD = Path(__file__).with_name("crash_child.py")
REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 300.0  # a generous bound so a hung child fails the run instead of hanging it
EXIT_TIMEOUT_S = 10.0


@dataclass
class KillReport:
    """What one kill left behind."""

    acknowledged: int  # complete "<id> <seq>" lines this child printed before it died
    lost: list[str]  # acknowledged ids (from any run so far) missing from the file
    integrity: str  # PRAGMA integrity_check, 'ok' when sound
    problems: list[str] = field(default_factory=list)  # numbering faults

    @property
    def ok(self) -> bool:
        return not self.lost and self.integrity == "ok" and not self.problems


class CrashHarness:
    """One database folder, one child at a time, killed and restarted on the same file."""

    def __init__(
        self,
        folder: Path,
        *,
        rng: random.Random,
        min_lines: int = 1,
        max_lines: int = 40,
        python: str = sys.executable,
        child: Path = CHILD,
    ) -> None:
        self.folder = folder
        self.db = folder / "kiosk.sqlite3"
        self.rng = rng
        self.min_lines = min_lines
        self.max_lines = max_lines
        self.python = python
        self.child = child
        self.acknowledged: dict[str, int] = {}  # id -> seq, over every run
        self.last_seq = 0  # highest seq acknowledged or found in the file so far
        folder.mkdir(parents=True, exist_ok=True)

    def kill_once(self) -> KillReport:
        """Start the child, kill it once it has reported min..max_lines records, verify."""
        lines = self._run_and_kill(self.rng.randint(self.min_lines, self.max_lines))
        problems: list[str] = []
        printed: list[tuple[str, int]] = []
        for line in lines:
            record_id, seq = line.split()
            printed.append((record_id, int(seq)))
        seqs = [seq for _, seq in printed]
        if seqs and seqs[0] <= self.last_seq:
            problems.append(f"seq went back: restart began at {seqs[0]} after {self.last_seq}")
        if any(b <= a for a, b in itertools.pairwise(seqs)):
            problems.append(f"seq not increasing within one run: {seqs}")
        self.acknowledged.update(printed)

        integrity = rawdb.integrity(self.db)
        rows = rawdb.rows(self.db, "SELECT id, seq FROM deposits")
        in_file = dict(rows)
        lost = sorted(i for i in self.acknowledged if i not in in_file)
        wrong = [i for i, s in self.acknowledged.items() if i in in_file and in_file[i] != s]
        if wrong:
            problems.append(f"{len(wrong)} ids stored with another seq than reported")
        file_seqs = sorted(seq for _, seq in rows)
        if len(file_seqs) != len(set(file_seqs)):
            problems.append("duplicate seq in the file")
        elif file_seqs != list(range(1, len(file_seqs) + 1)):
            problems.append("gap in the file's seq numbers")
        devices = rawdb.rows(self.db, "SELECT DISTINCT device_id FROM deposits")
        if len(devices) > 1:
            problems.append(f"the device changed identity across restarts: {devices}")
        self.last_seq = max([self.last_seq, *file_seqs])
        return KillReport(len(printed), lost, integrity, problems)

    def _run_and_kill(self, kill_after: int) -> list[str]:
        stderr_path = self.folder / "child-stderr.log"
        with stderr_path.open("wb") as stderr:
            child = subprocess.Popen(
                [self.python, str(self.child), str(self.folder)],
                stdout=subprocess.PIPE,
                stderr=stderr,
                cwd=REPO_ROOT,
            )
        lines: list[str] = []
        reached = threading.Event()
        reader = threading.Thread(
            target=_read_lines, args=(child, lines, kill_after, reached), daemon=True
        )
        reader.start()
        try:
            reached.wait(START_TIMEOUT_S)
            if len(lines) < kill_after:
                raise RuntimeError(
                    f"child reported {len(lines)} of {kill_after} records "
                    f"(exit code {child.poll()}): "
                    + stderr_path.read_text(errors="replace")[-2000:]
                )
        finally:
            # The child keeps registering between the line we read and this kill, so the kill
            # still lands anywhere in a commit; only the moment is tied to progress.
            if child.poll() is None:
                os.kill(child.pid, signal.SIGKILL)
            child.wait(EXIT_TIMEOUT_S)
            reader.join(EXIT_TIMEOUT_S)
            assert child.stdout is not None
            child.stdout.close()
        if child.returncode != -signal.SIGKILL:
            raise RuntimeError(
                f"child ended by itself (exit code {child.returncode}): "
                + stderr_path.read_text(errors="replace")[-2000:]
            )
        return list(lines)


def _read_lines(
    child: subprocess.Popen[bytes], lines: list[str], kill_after: int, reached: threading.Event
) -> None:
    # Only complete lines count: a line cut short by the kill was never fully reported.
    assert child.stdout is not None
    try:
        for raw in iter(child.stdout.readline, b""):
            if raw.endswith(b"\n"):
                lines.append(raw.decode())
                if len(lines) >= kill_after:
                    reached.set()
    finally:
        reached.set()  # wake the parent if the child died early
        child.stdout.close()
