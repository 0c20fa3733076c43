"""A container or the hazardous cabinet leaving on a truck, kept as a ``pickup`` record.

The guide types it from the driver's weighbridge ticket; hauler, plant and container are
remembered from the last pickup of the same fraction, so the usual case is a few taps.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from contract.records import PickupSource, pickup_problem
from kiosk.db.records import RECORD_TABLES, SavedRecord, append_record
from kiosk.db.store import Store
from kiosk.domain.clock import utc_now
from kiosk.domain.errors import QT_TRANSLATE_NOOP, ValidationError


@dataclass(frozen=True, slots=True)
class PickupDefaults:
    """What the last pickup of a fraction said: the guide rarely has to type these again."""

    container_id: str | None = None
    hauler: str | None = None
    plant: str | None = None


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


def register_pickup(
    *,
    store: Store,
    fraction: str,
    net_weight_g: int | None,
    ticket_no: str | None,
    container_id: str | None = None,
    hauler: str | None = None,
    plant: str | None = None,
    weighed_at: datetime | None = None,
    now: datetime | None = None,
) -> SavedRecord:
    """Save one pickup as the guide typed it from the ticket; refused, naming the field."""
    now = now or utc_now()
    fields = {
        "fraction": fraction,
        "container_id": _text(container_id),
        "hauler": _text(hauler),
        "plant": _text(plant),
        "net_weight_g": net_weight_g,
        "ticket_no": _text(ticket_no),
        "weighed_at": weighed_at or now,
        "source": PickupSource.KIOSK.value,
    }
    problem = pickup_problem(fields)
    if problem is not None:
        field = problem[0]
        text = (
            QT_TRANSLATE_NOOP("validation", "Skriv inn nettovekten fra veiebeviset.")
            if field == "net_weight_g"
            else QT_TRANSLATE_NOOP("validation", "Skriv inn nummeret på veiebeviset.")
        )
        raise ValidationError("pickup_" + field, text, field=field)
    return append_record(store, "pickup", fields, now=now)


def pickup_defaults(*, store: Store, fraction: str) -> PickupDefaults:
    """The container, hauler and plant of this station's last pickup of ``fraction``."""
    t = RECORD_TABLES["pickup"]
    query = (
        select(t.c.container_id, t.c.hauler, t.c.plant)
        .where(t.c.fraction == fraction, t.c.reverses.is_(None))
        .order_by(t.c.seq.desc())
        .limit(1)
    )
    with store.read() as conn:
        row = conn.execute(query).one_or_none()
    return PickupDefaults() if row is None else PickupDefaults(*row)
