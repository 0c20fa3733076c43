"""The whole road of an update on one kiosk PC, with real processes: the launcher, stand-in
bundles served from a real TUF repository over HTTP, a closed hour pinned. Release n+1 is
staged at night and runs after the closed restart; a broken n+2 goes back to n+1 by itself.

Stand-in bundles (tests/helpers/tuf_repo.py) keep this inside CI's time; .ci/run stages the
real PyInstaller bundle through the same code and runs its self-test (kiosk/update/channel).
"""

import sqlite3
import subprocess
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.domain.hours import PILOT_HOURS, OpeningHours
from kiosk.paths import resolve
from kiosk.settings import Settings
from kiosk.update import nightly
from kiosk.update.install import Install
from tests.helpers.tuf_repo import Repo, install_first, serve

LAUNCHER = Path(__file__).parents[2] / "deploy" / "kiosk-launch"
OSLO = ZoneInfo("Europe/Oslo")
HOURS = OpeningHours.parse(PILOT_HOURS)
NIGHT = datetime(2026, 12, 8, 2, 30, tzinfo=OSLO)  # a Tuesday night: closed
THURSDAY_NOON = datetime(2026, 12, 10, 12, 0, tzinfo=OSLO)  # open


def _launch(install: Install) -> int:
    done = subprocess.run(
        [str(LAUNCHER)],
        env={"KIOSK_INSTALL_DIR": str(install.root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    return done.returncode


def _schema(store: Path, version: str) -> None:
    with sqlite3.connect(store) as db:
        db.execute("CREATE TABLE IF NOT EXISTS schema (version TEXT)")
        db.execute("DELETE FROM schema")
        db.execute("INSERT INTO schema VALUES (?)", (version,))


def _schema_of(store: Path) -> str:
    with sqlite3.connect(store) as db:
        return str(db.execute("SELECT version FROM schema").fetchone()[0])


def _started(install: Install) -> list[str]:
    path = install.root / "started"
    return path.read_text().split() if path.exists() else []


@pytest.fixture
def pc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Install, Repo]:
    repo = Repo(tmp_path / "workspace")
    repo.cut("1.0.0")
    install_first(tmp_path / "pc", repo, "1.0.0")
    monkeypatch.setenv(nightly.INSTALL_DIR_ENV, str(tmp_path / "pc"))
    return Install(tmp_path / "pc"), repo


def _night(install: Install, url: str, tmp_path: Path, at: datetime = NIGHT) -> object:
    paths = resolve(tmp_path / "data").ensure()
    return nightly.stage_if_due(paths=paths, settings=Settings(update_url=url), hours=HOURS, now=at)


def test_release_n_plus_1_then_a_broken_n_plus_2_rolls_back_by_itself(
    pc: tuple[Install, Repo], tmp_path: Path
) -> None:
    install, repo = pc
    repo.cut("1.1.0")
    with serve(repo.served) as url:
        staged = _night(install, url, tmp_path)
    assert getattr(staged, "outcome", None) == "staged" and install.staged == "1.1.0"

    # The closed restart: the app switches and ends; the launcher starts n+1 on trial.
    assert nightly.switch_if_staged(hours=HOURS, now=NIGHT, resident_idle=True) == "1.1.0"
    assert _launch(install) == 0
    assert _started(install)[-1] == "1.1.0"
    assert install.current == "1.1.0" and install.trial_starts is None  # up: trial over

    store = tmp_path / "kiosk.sqlite3"
    _schema(store, "n+1")
    repo.cut("1.2.0", starts=False)  # passes its self-test, never reaches a first frame
    with serve(repo.served) as url:
        assert _night(install, url, tmp_path) is None  # looked already tonight
        _night(install, url, tmp_path, at=NIGHT + timedelta(days=1))
    assert install.staged == "1.2.0"
    assert (
        nightly.switch_if_staged(hours=HOURS, now=NIGHT, resident_idle=True, store=store) == "1.2.0"
    )
    _schema(store, "n+2")  # the new version migrates the store, then fails to show a frame
    assert [_launch(install), _launch(install)] == [3, 3]
    assert install.trial_starts == 2
    assert _launch(install) == 0  # the third start goes back to n+1 by itself
    assert _started(install) == ["1.1.0", "1.2.0", "1.2.0", "1.1.0"]
    assert (install.current, install.trial_starts) == ("1.1.0", None)
    result = install.last_result()
    assert result is not None and (result.version, result.outcome) == ("1.2.0", "rolled_back")
    assert "no first frame after 2 starts" in result.reason
    assert _schema_of(store) == "n+1"  # the store n+1 knows, as it was at the switch


def test_nothing_is_fetched_or_switched_while_the_station_is_open(
    pc: tuple[Install, Repo], tmp_path: Path
) -> None:
    install, repo = pc
    repo.cut("1.1.0")
    with serve(repo.served) as url:
        assert _night(install, url, tmp_path, at=THURSDAY_NOON) is None
        assert install.staged is None and not (tmp_path / "data" / "updates").exists()
        _night(install, url, tmp_path)
    assert install.staged == "1.1.0"
    assert nightly.switch_if_staged(hours=HOURS, now=THURSDAY_NOON, resident_idle=True) is None
    assert nightly.switch_if_staged(hours=HOURS, now=NIGHT, resident_idle=False) is None
    assert install.current == "1.0.0"  # never in front of a resident


def test_a_kiosk_not_started_by_the_launcher_never_updates(
    pc: tuple[Install, Repo], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install, repo = pc
    repo.cut("1.1.0")
    monkeypatch.delenv(nightly.INSTALL_DIR_ENV)
    with serve(repo.served) as url:
        assert _night(install, url, tmp_path) is None
    assert install.staged is None


def test_a_launcher_without_a_previous_version_keeps_starting_the_current_one(
    pc: tuple[Install, Repo],
) -> None:
    install, _ = pc
    (install.state / "trial").write_text("7\n")  # no previous to go back to
    assert _launch(install) == 0
    assert install.current == "1.0.0"
