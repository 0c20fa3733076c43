"""The log: capped by rotation, carries registration ids, and storage errors with tracebacks."""

import sqlite3
from pathlib import Path

import pytest

from kiosk import logs
from kiosk.db.deposits import register_deposit, undo_deposit
from kiosk.db.errors import StorageError, known_errors
from kiosk.db.store import Store


@pytest.fixture
def log_file(tmp_path: Path):
    path = logs.configure(tmp_path / "logs", echo=False)
    yield path
    logs.close()


def test_rotation_caps_the_size(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    path = logs.configure(folder, max_bytes=4_000, backup_count=2, echo=False)
    try:
        for n in range(2_000):
            logs.log.info("line %05d %s", n, "x" * 40)
    finally:
        logs.close()

    files = sorted(folder.iterdir())
    assert [f.name for f in files] == ["kiosk.log", "kiosk.log.1", "kiosk.log.2"]
    assert all(f.stat().st_size <= 4_000 for f in files)
    assert logs.tail(path, 1)[0].split("line ")[1].startswith("01999")
    # More lines than the current file holds: the rotated one makes up the rest, in order.
    wanted = logs.tail(path, 50)
    assert len(wanted) == 50
    assert [int(line.split("line ")[1][:5]) for line in wanted] == list(range(1950, 2000))


def test_registrations_are_logged_by_id(store: Store, log_file: Path) -> None:
    saved = register_deposit(store=store, category="wood", weight_g=12_500)
    reversal = undo_deposit(store=store, deposit_id=saved.id)

    text = log_file.read_text("utf-8")
    assert f"registered {saved.id} seq=1\n" in text
    assert "12500" not in text  # ids only, never what was weighed
    assert f"undid deposit {saved.id} by reversal {reversal.id}" in text


def test_storage_errors_are_logged_with_traceback(tmp_path: Path, log_file: Path) -> None:
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"this is not a database" * 100)

    with pytest.raises(StorageError) as raised, known_errors():
        sqlite3.connect(broken).execute("SELECT * FROM sqlite_master")

    assert raised.value.kind == "corrupt"
    text = log_file.read_text("utf-8")
    assert "storage error corrupt" in text
    assert "Traceback (most recent call last)" in text


def test_tail_of_a_missing_log_is_empty(tmp_path: Path) -> None:
    assert logs.tail(tmp_path / "none.log") == []
