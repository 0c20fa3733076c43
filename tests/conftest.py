"""Shared fixtures. Qt runs offscreen; every test gets its own data folder under tmp_path."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest

from kiosk.db.store import Store
from kiosk.domain.catalogue import Catalogue, load_default

GUI_FIXTURES = frozenset({"qtbot", "qapp"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that needs a display or a browser `gui`, as qutebrowser does from its
    qapp fixture, so `-m "not gui"` is the fast subset with no Qt window and no chromium."""
    for item in items:
        if GUI_FIXTURES & set(getattr(item, "fixturenames", ())) or item.get_closest_marker(
            "browser"
        ):
            item.add_marker(pytest.mark.gui)


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
