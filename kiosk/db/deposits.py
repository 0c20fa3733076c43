"""Deposit services: register, undo by reversal, and what the guide's screen shows for today.

Widgets call these with keyword arguments and get value objects back; no session leaks out.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, Table, and_, func, literal, select

from contract.records import DEPOSIT
from kiosk.db.models import RECORD_TABLES
from kiosk.db.records import append_record, append_reversal
from kiosk.db.store import Store
from kiosk.domain.clock import utc_now
from kiosk.domain.hours import OSLO
from kiosk.domain.kinds import Channel, Direction, Kind, WeightSource
from kiosk.domain.weights import check_grams

log = logging.getLogger(__name__)
T: Table = RECORD_TABLES[DEPOSIT.name]
_REVERSED = T.alias("reversal")


@dataclass(frozen=True, slots=True)
class SavedDeposit:
    """A deposit as committed. Returned only after the commit, so 'saved' is true."""

    id: str
    seq: int
    recorded_at: datetime
    category: str
    weight_g: int
    weight_source: str
    channel: str
    direction: str
    reverses: str | None = None
    undone: bool = False


_COLUMNS = (
    T.c.id,
    T.c.seq,
    T.c.recorded_at,
    T.c.category,
    T.c.weight_g,
    T.c.weight_source,
    T.c.channel,
    T.c.direction,
    T.c.reverses,
)


def register_deposit(
    *,
    store: Store,
    category: str,
    weight_g: int,
    channel: Channel = Channel.GUIDE,
    direction: Direction = Direction.IN,
    weight_source: WeightSource = WeightSource.MANUAL,
    visit_id: str | None = None,
    now: datetime | None = None,
) -> SavedDeposit:
    """Validate and durably save one deposit; raises ValidationError or StorageError."""
    store.catalogue.require(category, direction=Direction(direction))
    check_grams(weight_g, max_g=store.max_weight_g)
    fields = {
        "category": category,
        "weight_g": weight_g,
        "weight_source": WeightSource(weight_source).value,
        "channel": Channel(channel).value,
        "direction": Direction(direction).value,
        "visit_id": visit_id,
        "catalog_version": store.catalogue.version,
    }
    saved = append_record(store, DEPOSIT.name, fields, now=now)
    return SavedDeposit(
        id=saved.id, seq=saved.seq, **{c.name: saved.values[c.name] for c in _COLUMNS[2:-1]}
    )


def undo_deposit(*, store: Store, deposit_id: str, now: datetime | None = None) -> SavedDeposit:
    """Cancel a deposit by appending a reversal that points at it; the original stays."""
    row = append_reversal(store=store, record_type=DEPOSIT.name, record_id=deposit_id, now=now)
    return SavedDeposit(**{column.name: row._mapping[column.name] for column in _COLUMNS})


def local_day_bounds(now: datetime | None = None) -> tuple[datetime, datetime]:
    """Start and end of the Oslo calendar day containing ``now``, as UTC instants."""
    local = (now or utc_now()).astimezone(OSLO)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    end = start + timedelta(days=1)  # wall-clock arithmetic: the next local midnight, DST or not
    return start.astimezone(UTC), end.astimezone(UTC)


def _today_filter(now: datetime | None) -> ColumnElement[bool]:
    start, end = local_day_bounds(now)
    return and_(T.c.recorded_at >= start, T.c.recorded_at < end)


def todays_deposits(
    *, store: Store, now: datetime | None = None, limit: int = 200
) -> list[SavedDeposit]:
    """Today's registrations (not reversals), newest first, each marked if it was undone."""
    undone = select(literal(True)).where(_REVERSED.c.reverses == T.c.id).exists().label("undone")
    query = (
        select(*_COLUMNS, undone)
        .where(_today_filter(now), T.c.reverses.is_(None))
        .order_by(T.c.seq.desc())
        .limit(limit)
    )
    with store.read() as conn:
        return [SavedDeposit(**row._asdict()) for row in conn.execute(query)]


def todays_totals(*, store: Store, now: datetime | None = None) -> dict[Kind, int]:
    """Grams registered today per kind, net of reversals (reuse counts both directions)."""
    sign = func.iif(T.c.reverses.is_(None), 1, -1)
    query = (
        select(T.c.category, func.sum(sign * T.c.weight_g))
        .where(_today_filter(now))
        .group_by(T.c.category)
    )
    totals = dict.fromkeys(Kind, 0)
    with store.read() as conn:
        for code, grams in conn.execute(query):
            category = store.catalogue.get(code)
            if category is not None:
                totals[category.kind] += grams
    return totals
