"""Fetch, verify and stage a newer kiosk version from REG's TUF repository.

tufup's client (on python-tuf's ngclient) does every check TUF defines: signatures by the
roles' keys and thresholds, version numbers that never go back (rollback), expiry (freeze),
and each target's length and hashes (tampering, endless data). This module only decides
what a refusal means for the kiosk, stages the verified bundle beside the running one, and
runs the new bundle's self-test against a copy of the data folder before it may switch.
"""

import logging
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk import NAME
from kiosk.settings import UPDATE_CHANNELS
from kiosk.update.install import Install, UpdateResult

log = logging.getLogger(__name__)

STABLE, PILOT = UPDATE_CHANNELS
# The pilot channel also takes release candidates ("0.3.0rc1"); stable takes final releases.
_PRE_RELEASES = {STABLE: None, PILOT: "rc"}
# A bundle's self-test opens Qt offscreen and migrates a copy of the store: generous, since a
# kiosk PC is slow at night and a false "failed" only postpones the update by a day.
SELF_TEST_TIMEOUT_S = 600.0


class Unreachable(Exception):
    """The repository did not answer: try again at the next nightly window."""


SelfTest = Callable[[Path, Path], tuple[bool, str]]


@dataclass(frozen=True)
class Channel:
    """Where the repository is (``<url>/metadata/``, ``<url>/targets/``) and which channel."""

    url: str
    name: str = STABLE


def check_and_stage(
    *,
    install: Install,
    work_dir: Path,
    data_dir: Path,
    channel: Channel,
    current_version: str,
    self_test: SelfTest | None = None,
) -> UpdateResult | None:
    """Stage a newer version if the channel has one; None when there is nothing new.

    A refusal (any failed TUF check, a failed self-test) is recorded and returned, never
    raised, so the nightly pass reports it and carries on. ``Unreachable`` is raised when
    the repository cannot be reached at all.
    """
    from tuf.api import exceptions as tuf_errors

    if channel.name not in UPDATE_CHANNELS:
        raise ValueError(f"update channel must be one of {', '.join(UPDATE_CHANNELS)}")
    if install.staged:
        return None  # one waits for the next closed restart already
    what = "metadata"  # what a refusal names: the metadata, or the target being fetched
    try:
        client = _client(
            install=install, work_dir=work_dir, url=channel.url, version=current_version
        )
        client.refresh()
        found = client.check_for_updates(pre=_PRE_RELEASES[channel.name], patch=True)
        if found is None:
            return None
        version = str(found.version)
        what = ", ".join(sorted(str(target.filename) for target in client.new_targets))
        staged: list[Path] = []

        def stage(*, src_dir: Path, dst_dir: Path, **_: Any) -> None:
            staged.append(install.stage(version, Path(src_dir)))

        extract = Path(client.extract_dir)
        shutil.rmtree(extract, ignore_errors=True)
        extract.mkdir(parents=True)
        client.download_and_apply_update(skip_confirmation=True, install=stage)
    except (tuf_errors.RepositoryError, tuf_errors.DownloadLengthMismatchError) as exc:
        # A length past the one signed for is a mirror sending endless or extra data.
        return install.record(current_version, "refused", f"{what}: {type(exc).__name__}: {exc}")
    except (tuf_errors.DownloadError, OSError) as exc:
        raise Unreachable(str(exc)) from exc
    if not staged:  # tufup logs and gives up when a patch does not reproduce the archive
        return install.record(version, "refused", "the downloaded update could not be rebuilt")
    ok, detail = (self_test or run_bundle_self_test)(install.executable(version), data_dir)
    if not ok:
        install.unstage()
        return install.record(version, "self_test_failed", detail)
    log.info(
        "update %s verified, self-tested and staged; it starts at the next closed restart", version
    )
    return install.record(version, "staged", detail)


def _client(*, install: Install, work_dir: Path, url: str, version: str) -> Any:
    from tufup.client import Client

    class _OnceClient(Client):  # type: ignore[misc]
        """tufup refreshes inside ``check_for_updates`` and logs a failed check as "no
        update"; refreshing once ourselves first lets every refusal reach the caller."""

        _refreshed = False

        def refresh(self) -> None:
            if not self._refreshed:
                super().refresh()
                self._refreshed = True

    metadata, targets = work_dir / "metadata", work_dir / "targets"
    for folder in (metadata, targets):
        folder.mkdir(parents=True, exist_ok=True)
    if not (metadata / "root.json").exists():
        # The root the kiosk trusts came with its first install; later roots arrive signed
        # by the one before, and python-tuf keeps the newest here.
        shutil.copyfile(install.trusted_root, metadata / "root.json")
    base = url.rstrip("/")
    return _OnceClient(
        app_name=NAME,
        app_install_dir=install.root,
        current_version=version,
        metadata_dir=metadata,
        metadata_base_url=f"{base}/metadata/",
        target_dir=targets,
        target_base_url=f"{base}/targets/",
        extract_dir=work_dir / "extract",
        refresh_required=False,
    )


def copy_data_folder(data_dir: Path, to: Path) -> Path:
    """A consistent copy of the kiosk's data for a self-test: SQLite's online backup for
    the store (the app may be writing), plain copies of settings, keys and the catalogue."""
    to.mkdir(parents=True, exist_ok=True)
    for path in sorted(data_dir.iterdir()):
        if path.is_dir() or path.name.endswith(("-wal", "-shm", "-journal")):
            continue  # logs/, updates/ and the WAL (the backup reads through it)
        if path.suffix in (".sqlite3", ".db"):
            with sqlite3.connect(path) as source, sqlite3.connect(to / path.name) as copy:
                source.backup(copy)
        else:
            shutil.copy2(path, to / path.name)
    return to


def run_bundle_self_test(executable: Path, data_dir: Path) -> tuple[bool, str]:
    """Run ``executable --self-test --data-dir COPY``; (passed, its last line or why not)."""
    copy = data_dir / "updates" / "self-test-data"
    shutil.rmtree(copy, ignore_errors=True)
    try:
        copy_data_folder(data_dir, copy)
        done = subprocess.run(
            [str(executable), "--self-test", "--data-dir", str(copy)],
            capture_output=True,
            text=True,
            timeout=SELF_TEST_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.SubprocessError, sqlite3.Error) as exc:
        return False, f"self-test could not run: {exc}"
    finally:
        shutil.rmtree(copy, ignore_errors=True)
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    last = lines[-1] if lines else f"exit {done.returncode}"
    if done.returncode != 0:
        fails = [line for line in lines if line.startswith("FAIL")]
        return False, (fails[0] if fails else last)[:500]
    return True, last[:500]
