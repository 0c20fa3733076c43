"""The kiosk's open store: one SQLite file, migrated, with this device's identity."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, insert, select

from kiosk.db import migrate
from kiosk.db.engine import make_engine, writer
from kiosk.db.errors import known_errors
from kiosk.db.models import Meta
from kiosk.domain.catalogue import Catalogue
from kiosk.domain.ids import uuid7


@dataclass
class Store:
    """What every service function needs: the engine, who we are, and the rules in force."""

    engine: Engine
    station_id: str
    device_id: str
    catalogue: Catalogue
    max_weight_g: int

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        station_id: str,
        catalogue: Catalogue,
        max_weight_g: int,
        device_id: str = "",
    ) -> "Store":
        """Open (or create) and migrate the store at ``path``; StorageError if known-bad."""
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = make_engine(path)
        try:
            migrate.upgrade(engine)
            device_id = device_id or _ensure_meta(engine, "device_id", lambda: str(uuid7()))
            _ensure_meta(engine, "installed_at", lambda: datetime.now(UTC).isoformat())
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, station_id, device_id, catalogue, max_weight_g)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with known_errors(), self.engine.connect() as conn:
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One IMMEDIATE transaction; it has committed (durably) when the block exits."""
        with known_errors(), writer(self.engine).begin() as conn:
            yield conn

    def meta(self, key: str) -> str | None:
        with self.read() as conn:
            return conn.scalar(select(Meta.value).where(Meta.key == key))

    def close(self) -> None:
        self.engine.dispose()


def _ensure_meta(engine: Engine, key: str, make: Callable[[], str]) -> str:
    with known_errors(), writer(engine).begin() as conn:
        value = conn.scalar(select(Meta.value).where(Meta.key == key))
        if value is None:
            value = make()
            conn.execute(insert(Meta).values(key=key, value=value))
        return value
