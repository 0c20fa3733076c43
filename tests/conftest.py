"""Shared fixtures. Qt runs offscreen; every test gets its own data folder under tmp_path."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import Engine

from kiosk.db import migrate
from kiosk.db import store as store_module
from kiosk.db.engine import make_engine
from kiosk.db.store import Store
from kiosk.domain.catalogue import Catalogue, load_default
from tests.helpers.patient_bot import PatientBot

GUI_FIXTURES = frozenset({"qtbot", "qapp"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that needs a display or a browser `gui`, as qutebrowser does from its
    qapp fixture, so `-m "not gui"` is the fast subset with no Qt window and no chromium."""
    for item in items:
        if GUI_FIXTURES & set(getattr(item, "fixturenames", ())) or item.get_closest_marker(
            "browser"
        ):
            item.add_marker(pytest.mark.gui)


@pytest.fixture
def qtbot(qapp: QApplication, request: pytest.FixtureRequest) -> Iterator[PatientBot]:
    """pytest-qt's qtbot (the same fixture, the same name), with waits bounded only against
    a hang: under xdist on shared cores, its 5 s default and the tests' 10-20 s timed out.

    A kiosk window sets the application's layout direction (its station's language) and the
    theme's style sheet on the application, as the one window of a kiosk process does; a
    test's must not reach the next test in the worker (an Urdu station's left the ink check's
    labels right to left, and three of its tests failed after it, not alone). Both are put
    back after the test's widgets are closed."""
    direction, sheet = qapp.layoutDirection(), qapp.styleSheet()
    yield PatientBot(request)
    if qapp.layoutDirection() != direction:
        qapp.setLayoutDirection(direction)
    if qapp.styleSheet() != sheet:
        qapp.setStyleSheet(sheet)


@pytest.fixture(autouse=True, scope="session")
def migrated_once(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every new store in this process starts as a copy of one store migrated by the real
    Alembic run (SQLite's backup API, page for page), instead of running every migration
    again: that was most of a kiosk test's setup. Only ``Store.open`` takes the copy; the
    migration tests call ``kiosk.db.migrate`` themselves and run the scripts, and a kiosk
    started as a process (the crash and power-cut tests) migrates for real."""
    template = tmp_path_factory.mktemp("kiosk-template") / "kiosk.sqlite3"
    engine = make_engine(template)
    migrate.upgrade(engine)
    engine.dispose()

    def upgrade(engine: Engine) -> str:
        if migrate.current_revision(engine) is None:
            with engine.connect() as conn:
                target = conn.connection.driver_connection
                assert isinstance(target, sqlite3.Connection)
                with sqlite3.connect(template) as source:
                    source.backup(target)
        return migrate.upgrade(engine)  # at head now: a check, no Alembic

    patch = pytest.MonkeyPatch()
    patch.setattr(store_module, "migrate", SimpleNamespace(upgrade=upgrade))
    yield template
    patch.undo()


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point KIOSK_DATA_DIR at tmp_path so no test can touch the real user folders."""
    folder = tmp_path / "kiosk-data"
    monkeypatch.setenv("KIOSK_DATA_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_default()


@pytest.fixture
def store(data_dir: Path, catalogue: Catalogue) -> Store:
    opened = Store.open(
        data_dir / "kiosk.sqlite3",
        station_id="trosterud",
        catalogue=catalogue,
        max_weight_g=200_000,
        device_id="kiosk-test-1",
    )
    yield opened
    opened.close()
