"""The traced child: the real kiosk start-up and services, registering until the power goes.

It opens the store through ``Kiosk.load(folder).open_store()`` and registers deposits with
the real ``register_deposit`` (now and then an undo), rewrites the small files through their
real writers (device token, PIN hash, PIN lockout state) and stores a newer catalogue. Each is
acknowledged on stdout only after the call returned, one line each:
``deposit ID SEQ``, ``file NAME`` or ``catalogue VERSION``.
Usage: python -m tests.helpers.power.child FOLDER START  (START numbers this run's versions)

POWER_MUTANT (read here only, never by the kiosk) plants the faults the simulator must catch:
``sync_normal`` (PRAGMA synchronous=NORMAL), ``ack_early`` (acknowledge inside the
transaction, before the commit returned), ``plain_files`` (the token written in place),
``no_dirsync`` (atomic writes without the folder's fsync).
"""

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, text

from assets import default_catalogue_document
from kiosk import atomic
from kiosk.composition import Kiosk
from kiosk.db import engine as kiosk_engine
from kiosk.db.catalogues import save_catalogue
from kiosk.db.deposits import register_deposit, undo_deposit
from kiosk.db.errors import known_errors
from kiosk.db.store import Store
from kiosk.domain.pin import LOCKOUT_FILE, Lockout, write_pin
from kiosk.sync.enrolment import TOKEN_FILE, write_token

UNDO_EVERY = 7
FILES_EVERY = 4  # small-file rewrites between registrations
MUTANT = os.environ.get("POWER_MUTANT", "")


def ack(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()  # one write() per line: the shim logs it before it is made


def main(folder: Path, start: int) -> None:
    if MUTANT == "sync_normal":
        kiosk_engine.PRAGMAS = tuple(
            "PRAGMA synchronous=NORMAL" if p.startswith("PRAGMA synchronous") else p
            for p in kiosk_engine.PRAGMAS
        )
    if MUTANT == "no_dirsync":
        atomic.sync_folder = lambda folder: None
    kiosk = Kiosk.load(folder)
    store = kiosk.open_store()
    if MUTANT == "ack_early":
        _acknowledge_before_commit(store)
    document = default_catalogue_document()
    n = 0
    while True:
        n += 1
        saved = register_deposit(store=store, category="wood", weight_g=n % 90_000 + 1)
        if MUTANT != "ack_early":
            ack(f"deposit {saved.id} {saved.seq}")
        if n % UNDO_EVERY == 0:
            reversal = undo_deposit(store=store, deposit_id=saved.id)
            if MUTANT != "ack_early":
                ack(f"deposit {reversal.id} {reversal.seq}")
        if n % FILES_EVERY == 0:
            version = start + n
            _write_small_files(kiosk, version)
            document["version"] = version
            save_catalogue(store.engine, document)
            ack(f"catalogue {version}")


def _write_small_files(kiosk: Kiosk, version: int) -> None:
    token = f"token-{version:08d}-" + "t" * 40
    pin = f"{version % 10**6:06d}"
    if MUTANT == "plain_files":
        (kiosk.paths.data / TOKEN_FILE).write_text(token, "ascii")
    else:
        write_token(kiosk.paths.data, token)
    ack(f"file {TOKEN_FILE}")
    write_pin(kiosk.paths.pin_file, pin)
    ack(f"file {kiosk.paths.pin_file.name}")
    lockout_file = kiosk.paths.data / LOCKOUT_FILE
    lockout = Lockout.restore(lockout_file, now=time.monotonic(), max_tries=3)
    lockout.record_failure(time.monotonic())  # a wrong PIN: the count is written at once
    ack(f"file {LOCKOUT_FILE}")


def _acknowledge_before_commit(store: Store) -> None:
    """The mutant 'UI says saved before the commit returned': ack from inside the transaction."""

    @contextmanager
    def write() -> Iterator[Connection]:
        with known_errors(), kiosk_engine.writer(store.engine).begin() as conn:
            yield conn
            row = conn.execute(text("SELECT id, seq FROM deposits ORDER BY seq DESC LIMIT 1"))
            record_id, seq = row.one()
            ack(f"deposit {record_id} {seq}")

    store.write = write  # type: ignore[method-assign]


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
