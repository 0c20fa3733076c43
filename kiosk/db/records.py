"""Every record type the kiosk keeps, by contract name, and the one seq space they share.

A device numbers all its records in one sequence, whatever their type: the outbox sends
them in that order and central's high-water mark runs across them.
"""

from typing import Any

from sqlalchemy import Integer, ScalarSelect, Table, bindparam, cast, func, select

from kiosk.db.models import ACTIVITY_TABLES, Deposit, Meta
from kiosk.db.store import META_SEQ_FLOOR

RECORD_TABLES: dict[str, Table] = {"deposit": Deposit.__table__, **ACTIVITY_TABLES}  # type: ignore[dict-item]


def next_seq() -> ScalarSelect[Any]:
    """The device's next seq, as a subquery to put inside an INSERT (``:device_id`` bound).

    Computed under the write lock, so no other writer can take the same number, and a crash
    before commit leaves no gap anyone was told about; a trigger per table refuses a seq
    another type already holds. Never below the floor a takeover set (kiosk.db.store): a
    restored or reinstalled store continues above what central already holds for this device.
    """
    floor = select(cast(Meta.value, Integer)).where(Meta.key == META_SEQ_FLOOR).scalar_subquery()
    highest = [
        func.coalesce(
            select(func.max(t.c.seq))
            .where(t.c.device_id == bindparam("device_id"))
            .scalar_subquery(),
            0,
        )
        for t in RECORD_TABLES.values()
    ]
    highest.append(func.coalesce(floor, 0))
    # SQLite's max() with several arguments is the scalar maximum of them.
    return select(func.max(*highest) + 1).scalar_subquery()
