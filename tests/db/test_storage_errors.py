"""Known storage failures become StorageError with the right kind, and earlier records survive.

Each failure is made real in SQLite (a page cap, a read-only open, a smashed header, a held
lock) instead of mocked, so the test exercises the error codes SQLite really returns.
"""

import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError, OperationalError

from kiosk.db.deposits import SavedDeposit, register_deposit, todays_deposits
from kiosk.db.engine import make_engine
from kiosk.db.errors import StorageError, classify, known_errors
from kiosk.db.store import Store
from kiosk.domain.catalogue import Catalogue
from kiosk.domain.hours import OSLO
from tests.helpers import rawdb

# The records' day, which "today's list" is read for: the same day at any hour the tests run.
NOON = datetime(2026, 11, 25, 12, 0, tzinfo=OSLO)


def reopen(path: Path, catalogue: Catalogue) -> Store:
    return Store.open(
        path,
        station_id="trosterud",
        catalogue=catalogue,
        max_weight_g=200_000,
        device_id="kiosk-test-1",
    )


def assert_all_kept(path: Path, catalogue: Catalogue, saved: list[SavedDeposit]) -> None:
    """A fresh store on the file still has exactly the records that were acknowledged."""
    store = reopen(path, catalogue)
    try:
        with store.read() as conn:
            ids = set(conn.scalars(text("SELECT id FROM deposits")))
        assert ids == {s.id for s in saved}
        # ...and the next registration carries on from the last acknowledged number.
        assert register_deposit(store=store, category="wood", weight_g=1).seq == len(saved) + 1
    finally:
        store.close()
    assert rawdb.integrity(path) == "ok"


@pytest.fixture
def saved(store: Store) -> list[SavedDeposit]:
    return [
        register_deposit(store=store, category="metal", weight_g=1000 + i, now=NOON)
        for i in range(3)
    ]


def on_every_connection(store: Store, *pragmas: str) -> None:
    """From now on the store's connections also run ``pragmas`` (after the kiosk's own)."""

    def run(dbapi_connection: Any, _record: Any) -> None:
        for pragma in pragmas:
            dbapi_connection.execute(pragma)

    event.listen(store.engine, "connect", run)
    store.engine.dispose()  # drop pooled connections so every later one gets the hook


def test_disk_full(
    store: Store, saved: list[SavedDeposit], db_path: Path, catalogue: Catalogue
) -> None:
    # max_page_count caps the file where it is now; SQLite then answers SQLITE_FULL.
    pages = rawdb.scalar(db_path, "PRAGMA page_count")
    on_every_connection(store, f"PRAGMA max_page_count={pages}")

    with pytest.raises(StorageError) as failed:
        for _ in range(10_000):
            saved.append(register_deposit(store=store, category="wood", weight_g=2000, now=NOON))
    assert failed.value.kind == "disk_full"
    assert isinstance(failed.value.__cause__, OperationalError)

    # The guide can still see today's list while the disk is full.
    assert {d.id for d in todays_deposits(store=store, now=NOON)} == {s.id for s in saved}
    with pytest.raises(StorageError) as again:
        register_deposit(store=store, category="wood", weight_g=2000)
    assert again.value.kind == "disk_full"
    store.close()
    assert_all_kept(db_path, catalogue, saved)


def test_read_only_file(
    store: Store, saved: list[SavedDeposit], db_path: Path, catalogue: Catalogue
) -> None:
    # As on a file system remounted read-only: open the same file through a mode=ro URI.
    # (Permission bits would not stop the root user the tests may run as.)
    read_only = Store(
        make_engine(Path(f"file:{db_path}?mode=ro&uri=true")),
        store.station_id,
        store.device_id,
        store.catalogue,
        store.max_weight_g,
    )
    try:
        assert {d.id for d in todays_deposits(store=read_only, now=NOON)} == {s.id for s in saved}
        with pytest.raises(StorageError) as failed:
            register_deposit(store=read_only, category="wood", weight_g=2000)
    finally:
        read_only.close()
    assert failed.value.kind == "read_only"
    store.close()
    assert_all_kept(db_path, catalogue, saved)


def test_query_only_connection(
    store: Store, saved: list[SavedDeposit], db_path: Path, catalogue: Catalogue
) -> None:
    on_every_connection(store, "PRAGMA query_only=1")

    with pytest.raises(StorageError) as failed:
        register_deposit(store=store, category="wood", weight_g=2000)

    assert failed.value.kind == "read_only"
    store.close()
    assert_all_kept(db_path, catalogue, saved)


def test_locked_by_another_writer(
    store: Store, saved: list[SavedDeposit], db_path: Path, catalogue: Catalogue
) -> None:
    # busy_timeout=0 so the test need not wait out the kiosk's five seconds.
    on_every_connection(store, "PRAGMA busy_timeout=0")
    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(StorageError) as failed:
            register_deposit(store=store, category="wood", weight_g=2000)
        other.execute("ROLLBACK")
    finally:
        other.close()

    assert failed.value.kind == "locked"
    saved.append(register_deposit(store=store, category="wood", weight_g=2000))  # lock gone
    store.close()
    assert_all_kept(db_path, catalogue, saved)


def smash_header(path: Path) -> None:
    with path.open("r+b") as f:
        f.write(b"this is not an sqlite file!!" * 4)


def test_corrupt_file_is_refused_and_not_written(
    store: Store, saved: list[SavedDeposit], db_path: Path, catalogue: Catalogue
) -> None:
    store.close()  # checkpoints the WAL into the main file and removes it
    assert not db_path.with_name(db_path.name + "-wal").exists()
    smash_header(db_path)
    before = db_path.read_bytes()

    with pytest.raises(StorageError) as failed:
        reopen(db_path, catalogue)

    assert failed.value.kind == "not_sqlite"  # no SQLite header left: refused, not replaced
    assert db_path.read_bytes() == before  # nothing written, so what is left can be rescued


def smash_pages(path: Path) -> None:
    """Overwrite pages after the first with garbage, as a failing disk would."""
    page = rawdb.scalar(path, "PRAGMA page_size")
    with path.open("r+b") as f:
        f.seek(page)  # keep page 1 (header and schema) so the file still opens
        f.write(b"\xde\xad\xbe\xef" * (page // 2))


def test_overwritten_pages_are_found_at_open_before_anything_is_written(
    store: Store, saved: list[SavedDeposit], db_path: Path, catalogue: Catalogue
) -> None:
    store.close()
    smash_pages(db_path)
    before = db_path.read_bytes()

    with pytest.raises(StorageError) as failed:
        reopen(db_path, catalogue)

    assert failed.value.kind == "corrupt"
    assert db_path.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "kind"), [(b"", "empty_file"), (b"%PDF-1.7 not a database\n", "not_sqlite")]
)
def test_an_empty_or_foreign_file_is_never_replaced_by_a_fresh_store(
    tmp_path: Path, catalogue: Catalogue, content: bytes, kind: str
) -> None:
    db_path = tmp_path / "data" / "kiosk.sqlite3"
    db_path.parent.mkdir()
    db_path.write_bytes(content)

    with pytest.raises(StorageError) as failed:
        reopen(db_path, catalogue)

    assert failed.value.kind == kind
    assert db_path.read_bytes() == content
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_the_full_integrity_check_finds_what_quick_check_is_for(
    store: Store, saved: list[SavedDeposit]
) -> None:
    store.integrity_check()
    store.integrity_check(full=True)  # a sound store passes both


def test_unknown_errors_are_not_classified(store: Store) -> None:
    with pytest.raises(OperationalError) as missing, store.read() as conn:
        conn.execute(text("SELECT * FROM no_such_table"))
    assert classify(missing.value) is None

    with pytest.raises(IntegrityError) as constraint, store.write() as conn:
        conn.execute(text("INSERT INTO meta (key, value) VALUES ('k', NULL)"))
    assert classify(constraint.value) is None

    assert classify(ValueError("not storage")) is None
    assert classify(sqlite3.ProgrammingError("closed")) is None
    with pytest.raises(ZeroDivisionError), known_errors():
        raise ZeroDivisionError  # a bug passes through, untouched


def test_a_first_start_cut_short_leaves_no_empty_store_behind(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    """The store is built beside its path and renamed in whole: what a power cut during the
    first start leaves (an empty or half-built ``.creating`` file) is cleared at the next."""
    db_path = tmp_path / "data" / "kiosk.sqlite3"
    db_path.parent.mkdir()
    leftover = db_path.with_name("kiosk.sqlite3.creating")
    leftover.write_bytes(b"")
    Path(f"{leftover}-wal").write_bytes(b"torn")

    store = reopen(db_path, catalogue)
    try:
        assert register_deposit(store=store, category="wood", weight_g=1000).seq == 1
    finally:
        store.close()
    assert sorted(p.name for p in db_path.parent.iterdir() if "creating" in p.name) == []
    assert db_path.read_bytes().startswith(b"SQLite format 3\x00")
