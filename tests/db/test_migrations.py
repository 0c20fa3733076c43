"""The schema moves only through Alembic, and a database from newer code is refused untouched."""

from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from kiosk.db import migrate
from kiosk.db.deposits import register_deposit
from kiosk.db.engine import make_engine
from kiosk.db.errors import StorageError
from kiosk.db.store import Store
from kiosk.domain.catalogue import Catalogue
from tests.helpers import rawdb


def open_store(path: Path, catalogue: Catalogue) -> Store:
    return Store.open(path, station_id="trosterud", catalogue=catalogue, max_weight_g=200_000)


def test_known_revisions_match_the_migration_scripts() -> None:
    # migrate.py checks the revision without importing Alembic; its list must not drift.
    scripts = ScriptDirectory(str(migrate.SCRIPT_LOCATION))
    found = tuple(rev.revision for rev in reversed(list(scripts.walk_revisions())))
    assert found == migrate.KNOWN_REVISIONS
    assert scripts.get_heads() == [migrate.HEAD]


def test_empty_file_migrates_to_head(data_dir: Path) -> None:
    path = data_dir / "fresh.sqlite3"
    path.parent.mkdir(parents=True)
    path.touch()  # an empty file is a valid, empty SQLite database
    engine = make_engine(path)
    try:
        assert migrate.current_revision(engine) is None
        assert migrate.upgrade(engine) == migrate.HEAD
    finally:
        engine.dispose()

    assert rawdb.scalar(path, "SELECT version_num FROM alembic_version") == migrate.HEAD
    tables = {name for (name,) in rawdb.rows(path, "SELECT name FROM sqlite_master")}
    assert {"deposits", "meta", "alembic_version"} <= tables
    assert {"deposits_no_delete", "deposits_no_update"} <= tables


def test_open_creates_and_migrates_a_missing_file(data_dir: Path, catalogue: Catalogue) -> None:
    path = data_dir / "sub" / "kiosk.sqlite3"
    store = open_store(path, catalogue)
    try:
        assert migrate.current_revision(store.engine) == migrate.HEAD
        device = store.meta("device_id")
        assert device and store.device_id == device
    finally:
        store.close()
    reopened = open_store(path, catalogue)
    try:
        assert reopened.device_id == device  # the device keeps its identity across starts
    finally:
        reopened.close()


def test_newer_schema_is_refused_and_left_untouched(
    store: Store, db_path: Path, catalogue: Catalogue
) -> None:
    register_deposit(store=store, category="wood", weight_g=4000)
    register_deposit(store=store, category="metal", weight_g=1000)
    store.close()
    rawdb.execute(db_path, "UPDATE alembic_version SET version_num = '9999'")
    before = rawdb.deposits(db_path)

    with pytest.raises(StorageError) as refused:
        open_store(db_path, catalogue)

    assert refused.value.kind == "schema_too_new"
    assert "9999" in refused.value.message
    assert migrate.HEAD in refused.value.message
    assert rawdb.scalar(db_path, "SELECT version_num FROM alembic_version") == "9999"
    assert rawdb.deposits(db_path) == before
    assert len(before) == 2


def test_models_match_the_migrated_schema(data_dir: Path) -> None:
    # The services build SQL from the models; the file is built by the migrations.
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from kiosk.db.models import Base

    data_dir.mkdir(parents=True)
    engine = make_engine(data_dir / "compare.sqlite3")
    try:
        migrate.upgrade(engine)
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        engine.dispose()
    assert diff == []
