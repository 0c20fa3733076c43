"""Store test fixtures: the store's file, and a catalogue in which a category was retired."""

from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.db.store import Store
from kiosk.domain.catalogue import Catalogue


@pytest.fixture
def db_path(store: Store) -> Path:
    return Path(store.engine.url.database)


@pytest.fixture
def retired_store(store: Store, catalogue: Catalogue) -> Store:
    """The same store, but its catalogue has retired 'wood' (as a newer central version might)."""
    doc = catalogue.to_dict()
    for raw in doc["categories"]:
        if raw["code"] == "wood":
            raw["active"] = False
    return replace(store, catalogue=Catalogue.from_dict(doc))
