"""The kiosk's open store: one SQLite file, checked, migrated, with this device's identity.

The device id is bound to the database: made once when the file is created and kept in
``meta``, never read from settings. A reinstalled kiosk (a new file) is a new device to
central, and a restored one continues above ``seq_floor``, so no seq is ever used twice.
"""

import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import ColumnElement, Connection, Engine, Integer, cast, insert, select
from sqlalchemy.dialects.sqlite import Insert
from sqlalchemy.dialects.sqlite import insert as upsert

from kiosk import atomic
from kiosk.db import migrate
from kiosk.db.engine import make_engine, writer
from kiosk.db.errors import StorageError, classify, known_errors
from kiosk.db.models import RECORD_TABLES, Meta
from kiosk.domain.catalogue import Catalogue
from kiosk.domain.clock import utc_now
from kiosk.domain.ids import uuid7


def meta_upsert(key: str, value: str, *, only_if: ColumnElement[bool] | None = None) -> Insert:
    """The one statement that writes a ``meta`` key: insert it, or replace its value
    (only where ``only_if`` holds of the stored row, when given)."""
    stmt = upsert(Meta).values(key=key, value=value)
    return stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value}, where=only_if)


def set_meta(store: "Store", values: Mapping[str, str]) -> None:
    """Store every key's value in one transaction: all of them or, after a power cut, none."""
    with store.write() as conn:
        for key, value in values.items():
            conn.execute(meta_upsert(key, value))


SQLITE_HEADER = b"SQLite format 3\x00"
META_DEVICE_ID = "device_id"
# The lowest seq this device may use next, minus one: central's highest seq for this device
# when a technician took the device over (kiosk enrol --takeover). See kiosk.db.deposits.
META_SEQ_FLOOR = "seq_floor"

_DEPOSITS = RECORD_TABLES["deposit"]


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
        create: bool = True,
        device_id: str = "",
        checked: bool = False,
    ) -> "Store":
        """Check, open (or create, if ``create``) and migrate the store at ``path``.

        ``device_id`` names a database that has none bound yet (tests); an existing
        database keeps its own.

        A file that is there but empty, not SQLite, or fails ``PRAGMA quick_check`` is
        refused with StorageError before anything is written to it, and left as it was.
        ``checked``: this process's caller already checked it (the app's sync child, whose
        app ran the check at start), so ``quick_check`` does not read every page again.
        """
        exists = path.is_file() if checked else check_file(path)
        if not exists and not create:
            raise StorageError("missing", detail=str(path))
        path.parent.mkdir(parents=True, exist_ok=True)
        if not exists:
            _create(path, device_id)
        engine = make_engine(path)
        try:
            migrate.upgrade(engine)
            device_id = _bind_device_id(engine, device_id)
            _ensure_meta(engine, "installed_at", utc_now().isoformat())
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, station_id, device_id, catalogue, max_weight_g)

    @classmethod
    def open_read_only(
        cls, path: Path, *, station_id: str, catalogue: Catalogue, max_weight_g: int
    ) -> "Store":
        """The store at ``path`` for reading only (export, the rescue path): no migration,
        nothing written to the file or its folder, so a read-only disk still works."""
        if not check_file(path, immutable=True):
            raise StorageError("cant_open", detail=f"no database at {path}")
        # immutable=1: no -shm/-wal file is needed or made, as a read-only folder cannot
        # hold them. The kiosk app must not be writing meanwhile (it is not, on a rescue).
        engine = make_engine(Path(f"file:{path}?mode=ro&immutable=1&uri=true"))
        try:
            with known_errors(), engine.connect() as conn:
                device_id = conn.scalar(
                    select(Meta.value).where(Meta.key == META_DEVICE_ID)
                ) or conn.scalar(
                    select(_DEPOSITS.c.device_id).order_by(_DEPOSITS.c.seq.desc()).limit(1)
                )
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, station_id, device_id or "unknown", catalogue, max_weight_g)

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

    def raise_seq_floor(self, highest_seq: int) -> None:
        """Never number a record at or below ``highest_seq`` (central's, at a takeover)."""
        stmt = meta_upsert(
            META_SEQ_FLOOR, str(highest_seq), only_if=cast(Meta.value, Integer) < highest_seq
        )
        with self.write() as conn:
            conn.execute(stmt)

    def integrity_check(self, *, full: bool = False) -> None:
        """``PRAGMA quick_check`` (or the full ``integrity_check``); StorageError if damaged."""
        pragma = "integrity_check" if full else "quick_check"
        with self.read() as conn:
            rows = [row[0] for row in conn.exec_driver_sql(f"PRAGMA {pragma}")]
        if rows != ["ok"]:
            raise StorageError("corrupt", detail=f"{pragma}: " + "; ".join(rows[:5]))

    def close(self) -> None:
        self.engine.dispose()


def check_file(path: Path, *, immutable: bool = False) -> bool:
    """False when nothing is at ``path``; True for a readable, undamaged SQLite file.

    Raises StorageError for anything else, without writing to the file: opening an
    emptied or foreign file as a store would silently replace the data that was there.
    """
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return False
    except IsADirectoryError:
        raise StorageError("cant_open", detail=f"{path} is a folder, not a file") from None
    except OSError as exc:
        raise StorageError("cant_open", detail=f"{path}: {exc.strerror or exc}") from exc
    if not head:
        raise StorageError("empty_file", detail=str(path))
    if head != SQLITE_HEADER:
        raise StorageError("not_sqlite", detail=str(path))
    try:
        # Read-only: a damaged file is reported before anything (even WAL mode) is written.
        uri = f"file:{path}?mode=ro" + ("&immutable=1" if immutable else "")
        with closing(sqlite3.connect(uri, uri=True, timeout=5)) as db:
            rows = [row[0] for row in db.execute("PRAGMA quick_check")]
    except sqlite3.Error as exc:
        known = classify(exc)
        if known is None:
            raise
        raise known from exc
    if rows != ["ok"]:
        raise StorageError("corrupt", detail="quick_check: " + "; ".join(rows[:5]))
    return True


def _create(path: Path, device_id: str) -> None:
    """Build a new store beside ``path`` and rename it into place once whole.

    A power cut during a first start then leaves no store or a whole one, never an empty
    file at ``path``: an empty file there is refused (check_file), because it may be what is
    left of a store that held records.
    """
    tmp = path.with_name(path.name + ".creating")
    for leftover in (tmp, *(Path(f"{tmp}{end}") for end in ("-wal", "-shm", "-journal"))):
        leftover.unlink(missing_ok=True)  # a first start cut short: nothing was acknowledged
    engine = make_engine(tmp)
    try:
        migrate.upgrade(engine)
        _bind_device_id(engine, device_id)
    finally:
        engine.dispose()  # the last connection closes: SQLite folds the WAL into the file
    wal = Path(f"{tmp}-wal")
    if wal.exists() and wal.stat().st_size:
        raise StorageError("cant_open", detail=f"{wal} was not checkpointed")
    wal.unlink(missing_ok=True)
    Path(f"{tmp}-shm").unlink(missing_ok=True)
    atomic.replace(tmp, path)


def _bind_device_id(engine: Engine, proposed: str) -> str:
    """This database's device id: kept in meta; for a store from before that, the id on its
    newest record (it came from the retired device_id setting); else ``proposed`` or new."""
    with known_errors(), writer(engine).begin() as conn:
        value = conn.scalar(select(Meta.value).where(Meta.key == META_DEVICE_ID))
        if value is None:
            value = conn.scalar(
                select(_DEPOSITS.c.device_id).order_by(_DEPOSITS.c.seq.desc()).limit(1)
            ) or (proposed or str(uuid7()))
            conn.execute(insert(Meta).values(key=META_DEVICE_ID, value=value))
        return value


def _ensure_meta(engine: Engine, key: str, value: str) -> str:
    with known_errors(), writer(engine).begin() as conn:
        found = conn.scalar(select(Meta.value).where(Meta.key == key))
        if found is None:
            conn.execute(insert(Meta).values(key=key, value=value))
            return value
        return found
