"""Child process for the crash test and soak: register deposits until killed.

It prints "<id> <seq>" for each record only after register_deposit (or undo_deposit) has
returned, i.e. after the commit; the parent holds the store to every id it has seen.
Usage: python crash_child.py FOLDER
"""

import sys
from pathlib import Path

from kiosk.db.deposits import register_deposit, undo_deposit
from kiosk.db.store import Store
from kiosk.domain.catalogue import load_default

UNDO_EVERY = 7  # now and then write a reversal too: the other path that appends a record


def main(folder: Path) -> None:
    store = Store.open(
        folder / "kiosk.sqlite3",
        station_id="crash-test",
        catalogue=load_default(),
        max_weight_g=200_000,
    )
    out = sys.stdout
    n = 0
    while True:
        n += 1
        saved = register_deposit(store=store, category="wood", weight_g=n % 90_000 + 1)
        out.write(f"{saved.id} {saved.seq}\n")
        out.flush()
        if n % UNDO_EVERY == 0:
            reversal = undo_deposit(store=store, deposit_id=saved.id)
            out.write(f"{reversal.id} {reversal.seq}\n")
            out.flush()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
