"""Cut a kiosk release as a signed TUF target: ``scripts/release`` (tufup's repository tools).

Key ceremony, rotation and loss: docs/updates.md. Root and targets keys are offline (a
release person's machine or a token) and sign only here; timestamp and snapshot keys are
online, where the repository is served, and ``refresh`` re-signs with them alone so kiosks
can tell fresh metadata from a frozen mirror.

    scripts/release init    --workspace W            keys and an empty repository
    scripts/release add     --workspace W BUNDLE_DIR --version V   (V "0.3.0rc1": pilot only)
    scripts/release refresh --workspace W            (online keys: run daily where served)
"""

import argparse
import contextlib
import os
import shutil
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from kiosk import NAME

# How long each role's signature holds. Timestamp: one day, so a kiosk refuses a mirror that
# stopped refreshing (freeze attack) within a day; the online refresh runs well inside it.
EXPIRATION_DAYS = {"root": 365, "targets": 120, "snapshot": 30, "timestamp": 1}
OFFLINE, ONLINE = "offline", "online"
_KEY_HOME = {"root": OFFLINE, "targets": OFFLINE, "snapshot": ONLINE, "timestamp": ONLINE}


def _paths(workspace: Path) -> dict[str, Path]:
    workspace = workspace.resolve()  # tufup works from inside it (_in)
    return {
        "repo": workspace / "repository",  # what is served: metadata/ and targets/
        "keys": workspace / "keys" / "public",
        OFFLINE: workspace / "keys" / OFFLINE,
        ONLINE: workspace / "keys" / ONLINE,
    }


@contextlib.contextmanager
def _in(folder: Path) -> Iterator[None]:
    """tufup keeps its repository configuration in the working folder."""
    before = Path.cwd()
    folder = folder.resolve()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def _repository(workspace: Path, **overrides: Any) -> Any:
    from tufup.repo import Repository

    paths = _paths(workspace)
    return Repository(
        app_name=NAME,
        repo_dir=paths["repo"],
        keys_dir=paths["keys"],
        expiration_days={**EXPIRATION_DAYS, **overrides},
    )


def init(workspace: Path) -> Path:
    """Make the four keys and the first signed metadata; return the root.json kiosks trust."""
    workspace.mkdir(parents=True, exist_ok=True)
    paths = _paths(workspace)
    with _in(workspace):
        repo = _repository(workspace)
        repo.save_config()
        repo.initialize()
        # tufup writes private keys beside the public ones; move each to where it lives.
        for role, home in _KEY_HOME.items():
            paths[home].mkdir(parents=True, exist_ok=True)
            private = paths["keys"] / role
            if private.exists():
                os.chmod(private, 0o600)
                shutil.move(private, paths[home] / role)
    return paths["repo"] / "metadata" / "root.json"


def add(workspace: Path, bundle: Path, version: str, *, patch: bool = True) -> None:
    """Sign ``bundle`` (a built PyInstaller folder) as ``version``, with a patch from the last
    (bsdiff: minutes and about a gigabyte of memory for a full bundle; kiosks fall back to
    the whole archive when a patch is missing or too big)."""
    from tufup.repo import Repository

    bundle = bundle.resolve()
    if not (bundle / NAME).is_file():
        raise SystemExit(f"release: {bundle} is not a kiosk bundle (no {NAME} in it)")
    paths = _paths(workspace)
    with _in(workspace):
        repo = Repository.from_config()
        repo.add_bundle(new_bundle_dir=bundle, new_version=version, skip_patch=not patch)
        repo.publish_changes(private_key_dirs=[paths[OFFLINE], paths[ONLINE]])


def refresh(workspace: Path, *, timestamp_days: int | None = None) -> None:
    """Re-sign snapshot and timestamp with the online keys alone (daily, where served)."""
    from tufup.repo import Repository

    paths = _paths(workspace)
    with _in(workspace):
        repo = Repository.from_config()
        repo.refresh_expiration_date("snapshot")
        repo.refresh_expiration_date("timestamp", days=timestamp_days)
        repo.publish_changes(private_key_dirs=[paths[ONLINE]])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/release", description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, required=True, help="keys and repository")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("init", help="make the keys and an empty repository")
    adding = commands.add_parser("add", help="sign a built bundle as a new version")
    adding.add_argument("bundle", type=Path, help="the PyInstaller folder, e.g. dist/" + NAME)
    adding.add_argument("--version", required=True, help='e.g. "0.3.0", or "0.3.0rc1" for pilot')
    adding.add_argument("--no-patch", action="store_true", help="sign the whole archive only")
    commands.add_parser("refresh", help="re-sign snapshot and timestamp (online keys)")
    args = parser.parse_args(argv)
    if args.command == "init":
        root = init(args.workspace)
        print(f"repository ready; install {root} on every kiosk as <install>/root.json")
    elif args.command == "add":
        add(args.workspace, args.bundle, args.version, patch=not args.no_patch)
        print(f"version {args.version} signed; publish {_paths(args.workspace)['repo']}")
    else:
        refresh(args.workspace)
        print("timestamp and snapshot re-signed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
