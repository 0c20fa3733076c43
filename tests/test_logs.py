"""The log: a file a day kept a month, registration ids, storage errors with tracebacks."""

import gzip
import os
import sqlite3
import time
from logging.handlers import TimedRotatingFileHandler
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


DAY = 86_400
# Forty days ago at UTC midnight: the days the test plays through all lie in the past.
FIRST_MIDNIGHT = (int(time.time()) // DAY - 40) * DAY


def _file_handler() -> TimedRotatingFileHandler:
    (handler,) = [h for h in logs.log.handlers if isinstance(h, TimedRotatingFileHandler)]
    return handler


def _day(midnight: int) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(midnight))


def test_the_log_starts_a_file_each_day_and_keeps_a_month_gzipped(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    path = logs.configure(folder, echo=False)
    handler = _file_handler()
    try:
        for day in range(40):
            for n in range(50):
                logs.log.info("day %02d line %02d %s", day, n, "x" * 60)
            # The handler's clock: the midnight that ends day ``day`` has passed, so the next
            # line starts a new file and the old one is named by that day.
            handler.rolloverAt = FIRST_MIDNIGHT + (day + 1) * DAY
        logs.log.info("today")
    finally:
        logs.close()

    kept = logs.rotated(path)
    assert len(kept) == logs.DAYS_KEPT == 31
    # Named by the day they hold; the nine oldest days are gone.
    assert [p.name for p in kept] == [
        f"kiosk.log.{_day(FIRST_MIDNIGHT + day * DAY)}.gz" for day in range(9, 40)
    ]
    with gzip.open(kept[0], "rt", encoding="utf-8") as first:
        lines = first.read().splitlines()
    assert len(lines) == 50 and all("day 09 line" in line for line in lines)
    assert kept[0].stat().st_size < len("\n".join(lines)) / 4  # compressed, not renamed
    assert path.read_text("utf-8").endswith("today\n")
    # Just after midnight the technician still sees what led up to it, in order.
    assert logs.tail(path, 3)[0].endswith("day 39 line 48 " + "x" * 60)
    assert logs.tail(path, 3)[-1].endswith("today")


def test_a_kiosk_started_on_a_later_day_rolls_the_old_file_over(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    folder.mkdir()
    old = folder / logs.FILE_NAME
    old.write_text("2020-01-01T12:00:00Z INFO    kiosk: the last line before the night\n")
    yesterday = FIRST_MIDNIGHT + DAY // 2
    os.utime(old, (yesterday, yesterday))
    path = logs.configure(folder, echo=False)
    try:
        logs.log.info("a new day")
    finally:
        logs.close()
    assert [p.name for p in logs.rotated(path)] == [f"kiosk.log.{_day(FIRST_MIDNIGHT)}.gz"]
    assert path.read_text("utf-8").endswith("a new day\n")
    assert logs.tail(path, 2)[0].endswith("the last line before the night")


def test_a_command_beside_the_app_appends_and_leaves_rotation_to_the_app(tmp_path: Path) -> None:
    """`kiosk export` in the morning, before the app's first line of the day: it must not roll
    yesterday over (the app would then replace that copy at its own rollover)."""
    folder = tmp_path / "logs"
    folder.mkdir()
    old = folder / logs.FILE_NAME
    old.write_text("yesterday's last line\n")
    yesterday = FIRST_MIDNIGHT + DAY // 2
    os.utime(old, (yesterday, yesterday))
    path = logs.configure(folder, rotate=False, echo=False)
    try:
        logs.log.info("exported")
    finally:
        logs.close()
    assert logs.rotated(path) == []
    assert path.read_text("utf-8").splitlines()[0] == "yesterday's last line"
    assert path.read_text("utf-8").endswith("exported\n")


def test_registrations_are_logged_by_id(store: Store, log_file: Path) -> None:
    saved = register_deposit(store=store, category="wood", weight_g=12_500)
    reversal = undo_deposit(store=store, deposit_id=saved.id)

    text = log_file.read_text("utf-8")
    assert f"registered deposit {saved.id} seq=1\n" in text
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
