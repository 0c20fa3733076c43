"""`kiosk --self-test`: green in-process and as the installed command; red when a part is gone."""

import io
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.ui.operations import drain
from kiosk.ui.selftest import run_self_test

CHECKS = [
    "migrations",
    "catalogue",
    "database",
    "theme",
    "translations",
    "scale",
    "sync",
    "updates",
    "screens",
]


def test_self_test_passes_in_process(qapp) -> None:
    out = io.StringIO()
    assert run_self_test(out) == 0
    lines = out.getvalue().splitlines()
    assert [line.split()[1] for line in lines[:-1]] == CHECKS
    assert all(line.startswith("ok  ") for line in lines[:-1])
    assert lines[-1] == "self-test passed"


def test_self_test_outlives_the_background_work_it_started(
    qapp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The translations' warm-up compiles into the self-test's throw-away folder off the GUI
    thread; the folder must not go while it runs (it raced: 'Directory not empty', and
    lrelease writing into a removed folder). A slow compile shows it whatever the load."""
    import time

    from kiosk.ui import languages

    seen: list[bool] = []

    def slow(language: str, cache_dir: Path) -> None:
        time.sleep(0.4)
        root = next(p for p in cache_dir.parents if p.name.startswith("kiosk-selftest-"))
        seen.append(root.exists())

    monkeypatch.setattr(languages, "compiled", slow)
    out = io.StringIO()
    run_self_test(out)
    drain()  # every compile has now run: each must have found its folder still there
    assert len(seen) > len(languages.LANGUAGES) and all(seen), seen


def test_self_test_fails_when_the_catalogue_is_missing(
    qapp, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing():
        raise FileNotFoundError("catalogue.json")

    monkeypatch.setattr("kiosk.domain.catalogue.load_default", missing)
    out = io.StringIO()
    assert run_self_test(out) == 1
    text = out.getvalue()
    assert "FAIL catalogue: FileNotFoundError: catalogue.json" in text
    assert "ok  migrations" in text
    assert text.splitlines()[-1].startswith("self-test FAILED")


def test_self_test_as_the_installed_command(tmp_path: Path) -> None:
    command = Path(sys.executable).with_name("kiosk")
    result = subprocess.run(
        [str(command), "--self-test"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok  screens" in result.stdout
    assert result.stdout.splitlines()[-1] == "self-test passed"


def test_self_test_opens_a_copy_of_the_station_data_as_an_update_does(
    qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.composition import Kiosk

    copy = tmp_path / "copy"
    Kiosk.load(copy).open_store().close()
    out = io.StringIO()
    assert run_self_test(out, data_copy=copy) == 0
    assert out.getvalue().splitlines()[0].startswith("ok  station data")

    # A store this version cannot open (here: not a database at all) fails the update's test.
    (copy / "kiosk.sqlite3").write_bytes(b"not a database" * 100)
    out = io.StringIO()
    assert run_self_test(out, data_copy=copy) == 1
    assert out.getvalue().splitlines()[0].startswith("FAIL station data")
