"""Run the traced child, cut the power at random points, and check each disk it could leave.

One ``PowerRun`` starts the child on a copy of the current disk under the shim, kills it with
SIGKILL after a random number of acknowledgements, then builds ``cuts`` crash images at random
points of what it did (image.py) and opens each with the kiosk's own start-up path. The last
image becomes the disk the next run starts from, as after a real power cut and restart.
"""

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from tests.helpers import rawdb
from tests.helpers.power import image, trace
from tests.helpers.power.build import shim_path

CHILD = "tests.helpers.power.child"
REPO_ROOT = Path(__file__).resolve().parents[3]
START_TIMEOUT_S = 300.0  # a hung child fails the run instead of hanging it
EXIT_TIMEOUT_S = 10.0


@dataclass
class CutReport:
    """What one crash image showed; ``problems`` is empty when every promise held."""

    cut: image.Cut
    acknowledged: int  # deposits acknowledged before the cut
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class PowerSimulator:
    """One kiosk's disk through a series of power cuts; ``mutant`` plants a fault in the child."""

    def __init__(
        self, folder: Path, *, rng: random.Random, mutant: str = "", max_acks: int = 30
    ) -> None:
        self.folder = folder
        self.rng = rng
        self.mutant = mutant
        self.max_acks = max_acks
        self.disk = folder / "disk"  # the state the next run starts from
        self.disk.mkdir(parents=True, exist_ok=True)
        self.runs = 0

    def run(self, cuts: int) -> list[CutReport]:
        """One child run, killed at random, and ``cuts`` images checked; the last one is kept."""
        self.runs += 1
        work = self.folder / f"run{self.runs}"
        shutil.copytree(self.disk, work / "data")
        root = work / "data"
        start = trace.snapshot(root)
        log = work / "ops.bin"
        self._run_child(root, log, kill_after=self.rng.randint(1, self.max_acks))
        traced = trace.read(log, root, start)
        reports = []
        for i in range(cuts):
            at = self.rng.randint(0, len(traced.ops)) if i else len(traced.ops)
            into = work / f"cut{i}"
            into.mkdir()
            cut = image.build(traced, at, self.rng, into)
            reports.append(check(traced, cut, into))
        shutil.rmtree(self.disk)
        shutil.copytree(into, self.disk)
        shutil.rmtree(work)
        return reports

    def _run_child(self, root: Path, log: Path, *, kill_after: int) -> None:
        env = dict(
            os.environ,
            LD_PRELOAD=str(shim_path()),
            POWER_ROOT=str(root),
            POWER_LOG=str(log),
            POWER_ACK_FD="1",
            POWER_MUTANT=self.mutant,
        )
        env.pop("KIOSK_DATA_DIR", None)
        stderr_path = log.with_name("child-stderr.log")
        with stderr_path.open("wb") as stderr:
            child = subprocess.Popen(
                [sys.executable, "-m", CHILD, str(root), str(self.runs * 1000)],
                stdout=subprocess.PIPE,
                stderr=stderr,
                cwd=REPO_ROOT,
                env=env,
            )
        seen = threading.Event()
        count = [0]

        def read() -> None:
            assert child.stdout is not None
            for raw in iter(child.stdout.readline, b""):
                if raw.startswith(b"deposit "):
                    count[0] += 1
                    if count[0] >= kill_after:
                        seen.set()
            seen.set()  # the child died early: wake the parent

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        try:
            seen.wait(START_TIMEOUT_S)
        finally:
            if child.poll() is None:
                os.kill(child.pid, signal.SIGKILL)  # the power goes: nothing runs after this
            child.wait(EXIT_TIMEOUT_S)
            reader.join(EXIT_TIMEOUT_S)
            assert child.stdout is not None
            child.stdout.close()
        if child.returncode != -signal.SIGKILL:
            raise RuntimeError(
                f"child ended by itself (exit code {child.returncode}): "
                + stderr_path.read_text(errors="replace")[-3000:]
            )


def check(traced: trace.Trace, cut: image.Cut, disk: Path) -> CutReport:
    """Open ``disk`` as the kiosk would after the cut and hold it to every acknowledgement."""
    from kiosk.composition import Kiosk
    from kiosk.db.deposits import register_deposit

    acks = [op.data.decode().split() for op in traced.ops[: cut.at] if op.kind == "ack"]
    deposits = {a[1]: int(a[2]) for a in acks if a[0] == "deposit"}
    report = CutReport(cut, len(deposits))
    problems = report.problems
    problems.extend(_small_files(traced, cut.at, disk))
    try:
        kiosk = Kiosk.load(disk)
        store = kiosk.open_store()
    except Exception as exc:  # the promise is that it opens without help
        problems.append(f"the store did not open: {exc!r}")
        return report
    try:
        db = kiosk.paths.database
        integrity = rawdb.integrity(db)
        if integrity != "ok":
            problems.append(f"integrity_check: {integrity}")
        in_file = dict(rawdb.rows(db, "SELECT id, seq FROM deposits"))
        lost = [i for i in deposits if i not in in_file]
        if lost:
            problems.append(f"acknowledged records lost: {len(lost)}, e.g. {lost[0]}")
        moved = [i for i, s in deposits.items() if i in in_file and in_file[i] != s]
        if moved:
            problems.append(f"{len(moved)} records stored with another seq than acknowledged")
        seqs = sorted(in_file.values())
        if seqs != list(range(1, len(seqs) + 1)):
            problems.append("the file's seq numbers have a gap or a repeat")
        catalogues = [int(a[1]) for a in acks if a[0] == "catalogue"]
        if catalogues and store.catalogue.version < catalogues[-1]:
            problems.append(
                f"catalogue went back to {store.catalogue.version} after {catalogues[-1]}"
            )
        saved = register_deposit(store=store, category="wood", weight_g=1)
        if saved.seq <= max([0, *deposits.values()]):
            problems.append(f"seq went back: {saved.seq} after {max(deposits.values())}")
    finally:
        store.close()
    return report


def _small_files(traced: trace.Trace, at: int, disk: Path) -> list[str]:
    """Each small file is a whole version that was put in place, at least the last acknowledged."""
    versions: dict[str, list[bytes]] = {}  # name -> contents put in place, in order
    required: dict[str, int] = {}  # name -> index of the version acknowledged last
    names = dict(traced.names)
    files = {inode: bytearray(data) for inode, data in traced.contents.items()}
    for name, inode in names.items():
        versions[name] = [bytes(files[inode])]
    for op in traced.ops[:at]:
        if op.kind in image.DATA_KINDS:
            image._apply_data(files, op, torn_sectors=None)
        elif op.kind in image.ENTRY_KINDS:
            image._apply_entry(names, files, op)
            if op.kind == "rename":
                versions.setdefault(op.to, []).append(bytes(files[op.inode]))
        elif op.kind == "ack":
            words = op.data.decode().split()
            if words[0] == "file":
                required[words[1]] = len(versions.get(words[1], [])) - 1
    problems = []
    for name, index in required.items():
        path = disk / name
        content = path.read_bytes() if path.exists() else None
        good = versions.get(name, [])[max(index, 0) :]
        if content not in good:
            state = "missing" if content is None else f"{len(content)} bytes not put in place"
            problems.append(f"{name}: {state} (want one of {len(good)} versions from the ack on)")
    return problems
