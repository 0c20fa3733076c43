"""The A/B install folder on a kiosk PC: every version in its own folder, and small state
files that say which runs, which ran before, which waits, and how the last update went.

    <root>/versions/<version>/   one bundle folder per version, never changed in place
    <root>/state/current    the version the launcher starts
    <root>/state/previous   the version to go back to
    <root>/state/staged     verified and self-tested, switched to at the next closed restart
    <root>/state/trial      starts of ``current`` that have not yet reached a first frame
    <root>/state/result.json   the last update's outcome, reported to central
    <root>/state/store-before-switch.sqlite3, state/rollback-store
                            the store as it was at the switch, and where it lives: put back
                            if the new version never comes up (it may have migrated it)
    <root>/root.json        the TUF root the kiosk trusts, installed with the first version

The launcher (deploy/kiosk-launch) reads the same files; every write is atomic (kiosk.atomic),
so a power cut leaves the old state or the new one.
"""

import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk import NAME, atomic
from kiosk.domain.clock import utc_now

# Two starts of a new version that never reach a first frame, and the launcher goes back.
MAX_TRIAL_STARTS = 2


@dataclass(frozen=True)
class UpdateResult:
    """How the last update attempt ended, as the kiosk reports it to central."""

    version: str
    outcome: str  # staged | switched | up | rolled_back | refused | self_test_failed
    reason: str
    at: str

    def as_dict(self) -> dict[str, str]:
        return {
            "version": self.version,
            "outcome": self.outcome,
            "reason": self.reason,
            "at": self.at,
        }


@dataclass(frozen=True)
class Install:
    """One kiosk PC's install folder (``update_install_dir``)."""

    root: Path

    @property
    def versions(self) -> Path:
        return self.root / "versions"

    @property
    def state(self) -> Path:
        return self.root / "state"

    @property
    def trusted_root(self) -> Path:
        return self.root / "root.json"

    def executable(self, version: str) -> Path:
        return self.versions / version / NAME

    def _read(self, name: str) -> str | None:
        try:
            text = (self.state / name).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return text or None

    def _write(self, name: str, value: str) -> None:
        atomic.write(self.state / name, f"{value}\n".encode(), mode=0o644)

    def _remove(self, name: str) -> None:
        (self.state / name).unlink(missing_ok=True)
        atomic.sync_folder(self.state)

    @property
    def current(self) -> str | None:
        return self._read("current")

    @property
    def previous(self) -> str | None:
        return self._read("previous")

    @property
    def staged(self) -> str | None:
        return self._read("staged")

    @property
    def trial_starts(self) -> int | None:
        """Starts of ``current`` since the switch without a first frame; None: not on trial."""
        text = self._read("trial")
        return None if text is None else int(text)

    def adopt(self, version: str) -> None:
        """Make ``version`` (already in versions/) the one that runs, e.g. at first install."""
        self._write("current", version)

    def stage(self, version: str, bundle: Path) -> Path:
        """Move an extracted, verified bundle folder in as ``version``, waiting to switch."""
        if version in (self.current, self.previous):
            raise ValueError(f"version {version} is installed already")
        self.versions.mkdir(parents=True, exist_ok=True)
        target = self.versions / version
        partial = self.versions / f".{version}.partial"
        for leftover in (partial, target):
            shutil.rmtree(leftover, ignore_errors=True)
        shutil.copytree(bundle, partial, symlinks=True)
        os.replace(partial, target)  # a folder appears whole or not at all
        atomic.sync_folder(self.versions)
        self._write("staged", version)
        return target

    def unstage(self) -> None:
        staged = self.staged
        self._remove("staged")
        if staged and staged not in (self.current, self.previous):
            shutil.rmtree(self.versions / staged, ignore_errors=True)

    def switch(self, store: Path | None = None) -> str:
        """Put the staged version in force for the next start; it runs on trial until up.

        ``store`` (the kiosk's SQLite file) is copied first: a new version may migrate it
        before it fails, and the previous one must find the schema it knows. Nothing is
        registered meanwhile, since a version on trial has not yet shown a screen.
        """
        staged = self.staged
        if staged is None:
            raise ValueError("nothing is staged")
        self._remove("rollback-store")
        if store is not None and store.is_file():
            backup = self.state / "store-before-switch.sqlite3"
            with sqlite3.connect(store) as source, sqlite3.connect(backup) as copy:
                source.backup(copy)
            self._write("rollback-store", str(store))
        old_previous, current = self.previous, self.current
        # The trial counter first: a power cut after it and before "current" leaves the old
        # version running with a counter the next first frame clears, never the reverse.
        self._write("trial", "0")
        if current:
            self._write("previous", current)
        self._write("current", staged)
        self._remove("staged")
        if old_previous and old_previous not in (current, staged):
            shutil.rmtree(self.versions / old_previous, ignore_errors=True)
        return staged

    def mark_up(self) -> bool:
        """The running version reached its first frame: it is no longer on trial."""
        if self.trial_starts is None:
            return False
        self._remove("trial")
        self._remove("rollback-store")
        (self.state / "store-before-switch.sqlite3").unlink(missing_ok=True)
        self.record(self.current or "", "up", "first frame reached")
        return True

    def record(self, version: str, outcome: str, reason: str) -> UpdateResult:
        result = UpdateResult(version, outcome, reason, utc_now().isoformat())
        atomic.write(self.state / "result.json", json.dumps(result.as_dict()).encode(), mode=0o644)
        return result

    def last_result(self) -> UpdateResult | None:
        try:
            raw: Any = json.loads((self.state / "result.json").read_text(encoding="utf-8"))
            return UpdateResult(**{k: str(raw[k]) for k in ("version", "outcome", "reason", "at")})
        except (FileNotFoundError, ValueError, KeyError, TypeError):
            return None
