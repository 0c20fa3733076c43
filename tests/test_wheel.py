"""The release wheel holds exactly the committed migrations, whatever build/ holds.

setuptools reuses build/lib between builds: a migration left there by another branch went
into an older release's wheel, and that release then failed on the database it made.
"""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
VERSIONS = "central/migrations/versions"


def run(*command: str | Path, cwd: Path | None = None) -> str:
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHON": sys.executable},  # the clone has no .venv of its own
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def migrations_in(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    return {name for name in names if name.startswith(VERSIONS) and name.endswith(".py")}


@pytest.mark.slow
def test_the_wheel_holds_exactly_the_tracked_migrations(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    run("git", "clone", "-q", "--no-hardlinks", REPO, clone)
    tracked = set(run("git", "ls-files", f"{VERSIONS}/*.py", cwd=clone).split())
    assert len(tracked) >= 8
    # A newer release's migration left in build/lib by an earlier build on another branch.
    stale = clone / "build" / "lib" / VERSIONS / "0099_from_another_branch.py"
    stale.parent.mkdir(parents=True)
    stale.write_text('revision = "0099_from_another_branch"\n')

    wheel = Path(run(clone / "scripts" / "build-wheel", tmp_path / "dist").strip())
    assert migrations_in(wheel) == tracked
    # The console's templates and vendored assets (Designsystemet, Chart.js, htmx, licences)
    # are served from the installed package: a station's intranet has no CDN to fall back on.
    console = set(run("git", "ls-files", "central/console/static", "central/console/templates",
                      cwd=clone).split())  # fmt: skip
    assert "central/console/static/vendor/designsystemet/designsystemet.css" in console
    assert console <= set(zipfile.ZipFile(wheel).namelist())

    # The fault the script exists for: a plain build in the tree ships the stale migration.
    plain = tmp_path / "plain"
    run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
        "-w", plain, clone)  # fmt: skip
    (plain_wheel,) = plain.glob("*.whl")
    assert f"{VERSIONS}/0099_from_another_branch.py" in migrations_in(plain_wheel)
