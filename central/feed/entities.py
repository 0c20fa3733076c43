"""The feed's entity sets: their properties (for $metadata) and one keyset page of each.

Records and Events page by a stable key read through an index (type, then id), so a page
costs the same at any depth. Effect pages by station: each page holds whole stations.
"""

import base64
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Float, Table, cast, func, literal, null, select
from sqlalchemy.orm import Session

from central.core import clock
from central.models import ACTIVITY_TABLES, RECORD_TABLES, DepositDay, Station
from central.services import effect
from contract.records import EVENT
from contract.times import OSLO


class BadOption(ValueError):
    """A query option the feed cannot honour; ``option`` names it ($filter, $top, ...)."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(f"{option}: {message}")
        self.option = option


@dataclass(frozen=True, slots=True)
class Prop:
    name: str
    edm: str  # Edm.String, Edm.Int64, Edm.Decimal, Edm.DateTimeOffset, Edm.Int32
    nullable: bool = True


@dataclass(frozen=True, slots=True)
class Condition:
    """One clause of $filter: ``prop op value`` (the only form the feed supports)."""

    prop: str
    op: str  # eq, ge, lt
    value: Any


# Rows as tuples in the set's property order, and the skiptoken of the next page. Times stay
# aware UTC datetimes: the encoder writes OData's text for them in C, 10,000 rows at a time.
Page = tuple[list[Sequence[Any]], str | None]


@dataclass(frozen=True, slots=True)
class EntitySet:
    name: str
    type_name: str
    props: tuple[Prop, ...]
    filters: dict[str, tuple[str, ...]]  # property -> the operators $filter accepts on it
    page: Callable[[Session, list[Condition], str | None, int], Page]


def encode_token(*parts: str) -> str:
    return base64.urlsafe_b64encode(json.dumps(parts).encode()).decode().rstrip("=")


def decode_token(token: str, length: int) -> list[str]:
    try:
        parts = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except ValueError:
        raise BadOption("$skiptoken", "not a token this feed gave") from None
    if (
        not isinstance(parts, list)
        or len(parts) != length
        or not all(isinstance(p, str) for p in parts)
    ):
        raise BadOption("$skiptoken", "not a token this feed gave")
    return parts


def _kg(grams: ColumnElement[Any]) -> ColumnElement[Any]:
    """kg as the database's double, the same IEEE division as Python's grams / 1000."""
    return cast(grams, Float) / 1000.0


def _where(table: Table, conditions: list[Condition]) -> list[ColumnElement[bool]]:
    ops = {"eq": "__eq__", "ge": "__ge__", "lt": "__lt__"}
    return [getattr(table.c[c.prop], ops[c.op])(c.value) for c in conditions]


# --- records: every type, one table each ------------------------------------------------

# What a type's "category" is: a deposit's category, an event's kind, a repair's item, a
# material flow's kind.
_CATEGORY = ("category", "kind", "item_category", "flow")
RECORD_PROPS = (
    Prop("id", "Edm.String", nullable=False),
    Prop("type", "Edm.String", nullable=False),
    Prop("station_id", "Edm.String", nullable=False),
    Prop("device_id", "Edm.String", nullable=False),
    Prop("seq", "Edm.Int64", nullable=False),
    Prop("recorded_at", "Edm.DateTimeOffset", nullable=False),
    Prop("received_at", "Edm.DateTimeOffset", nullable=False),
    Prop("category", "Edm.String"),
    Prop("direction", "Edm.String"),
    Prop("weight_g", "Edm.Int64"),
    Prop("weight_kg", "Edm.Decimal"),
    Prop("channel", "Edm.String"),
    Prop("clock_flag", "Edm.String"),
    Prop("reverses", "Edm.String"),
)


def _optional(table: Table, *names: str) -> ColumnElement[Any]:
    for name in names:
        if name in table.c:
            return table.c[name]
    return null()


_ID, _AT = 0, 5  # where a record row holds its key: id and recorded_at
# A key after which the next page starts: (id,) unfiltered, (recorded_at, id) for one station.
After = tuple[datetime | None, str] | None


def _records_select(kind: str, table: Table, conditions: list[Condition], after: After,
                    limit: int, *, by_station: bool) -> Any:  # fmt: skip
    """One table's share of a page. Unfiltered, in id order through the primary key; for one
    station, in (recorded_at, id) order through its (station_id, recorded_at) index, so a
    small station's page does not walk every other station's records."""
    grams = _optional(table, "weight_g")
    columns = (
        table.c.id, literal(kind), table.c.station_id, table.c.device_id, table.c.seq,
        table.c.recorded_at, table.c.received_at, _optional(table, *_CATEGORY),
        _optional(table, "direction"), grams, _kg(grams), _optional(table, "channel"),
        table.c.clock_flag, table.c.reverses,
    )  # fmt: skip
    query = select(*(c.label(p.name) for c, p in zip(columns, RECORD_PROPS, strict=True)))
    query = query.where(*_where(table, [c for c in conditions if c.prop != "type"]))
    if not by_station:
        if after is not None:
            query = query.where(table.c.id > after[1])
        return query.order_by(table.c.id).limit(limit)
    if after is not None:
        at, last_id = after
        query = query.where(
            (table.c.recorded_at > at) | ((table.c.recorded_at == at) & (table.c.id > last_id))
        ).where(table.c.recorded_at >= at)  # the index's range; the line above breaks ties
    return query.order_by(table.c.recorded_at, table.c.id).limit(limit)


def _after(token: str, by_station: bool) -> tuple[str, After]:
    if not by_station:
        kind, last_id = decode_token(token, 2)
        return kind, (None, last_id)
    kind, at, last_id = decode_token(token, 3)
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        raise BadOption("$skiptoken", "not a token this feed gave") from None
    if moment.tzinfo is None:
        raise BadOption("$skiptoken", "not a token this feed gave")
    return kind, (moment, last_id)


def records_page(session: Session, conditions: list[Condition], token: str | None,
                 size: int) -> Page:  # fmt: skip
    kinds = list(RECORD_TABLES)
    wanted = {c.value for c in conditions if c.prop == "type"}
    by_station = any(c.prop == "station_id" for c in conditions)
    start, after = kinds[0], None
    if token is not None:
        start, after = _after(token, by_station)
        if start not in RECORD_TABLES:
            raise BadOption("$skiptoken", "not a token this feed gave")
    out: list[Sequence[Any]] = []
    for kind in kinds[kinds.index(start) :]:
        if wanted and kind not in wanted:
            after = None
            continue
        query = _records_select(kind, RECORD_TABLES[kind], conditions, after, size - len(out),
                                by_station=by_station)  # fmt: skip
        out += session.execute(query).all()  # one fetchall: iterating fetches row by row
        if len(out) >= size:
            last = out[-1]
            if by_station:
                return out, encode_token(kind, last[_AT].isoformat(), last[_ID])
            return out, encode_token(kind, last[_ID])
        after = None
    return out, None


# --- events: the contract's fields, and kg to reuse --------------------------------------

EVENTS = ACTIVITY_TABLES["event"]
_EDM = {"text": "Edm.String", "uuid": "Edm.String", "enum": "Edm.String",
        "int": "Edm.Int64", "time": "Edm.DateTimeOffset"}  # fmt: skip
EVENT_PROPS = (
    *(Prop(f.name, _EDM[f.kind], nullable=f.nullable) for f in EVENT.fields),
    Prop("received_at", "Edm.DateTimeOffset", nullable=False),
    Prop("reuse_kg", "Edm.Decimal"),
)
_EVENT_ID = [p.name for p in EVENT_PROPS].index("id")


def events_page(session: Session, conditions: list[Condition], token: str | None,
                size: int) -> Page:  # fmt: skip
    query = select(
        *(EVENTS.c[f.name] for f in EVENT.fields), EVENTS.c.received_at, _kg(EVENTS.c.reuse_g)
    ).where(*_where(EVENTS, conditions))
    if token is not None:
        query = query.where(EVENTS.c.id > decode_token(token, 1)[0])
    out: list[Sequence[Any]] = list(session.execute(query.order_by(EVENTS.c.id).limit(size)).all())
    return out, (encode_token(out[-1][_EVENT_ID]) if len(out) >= size else None)


# --- effect: whatever rows and measures the effect report gives -------------------------

EFFECT_PROPS = (
    Prop("id", "Edm.String", nullable=False),
    Prop("station_id", "Edm.String", nullable=False),
    Prop("year", "Edm.Int32", nullable=False),
    Prop("month", "Edm.Int32"),
    Prop("row", "Edm.String", nullable=False),
    Prop("value", "Edm.Decimal", nullable=False),
    Prop("unit", "Edm.String", nullable=False),
    Prop("source", "Edm.String", nullable=False),
)


def _years(session: Session) -> list[int]:
    """Every year from the first recorded day to this one (Oslo), or none without data."""
    firsts: list[date] = []
    if (day := session.scalar(select(func.min(DepositDay.__table__.c.day)))) is not None:
        firsts.append(day)
    for table in ACTIVITY_TABLES.values():
        if (at := session.scalar(select(func.min(table.c.recorded_at)))) is not None:
            moment = at if isinstance(at, datetime) else datetime.fromisoformat(str(at))
            firsts.append(moment.replace(tzinfo=moment.tzinfo or UTC).astimezone(OSLO).date())
    this_year = clock.now().astimezone(OSLO).year
    first = max(min(firsts).year, 2000) if firsts else this_year + 1
    return list(range(first, min(this_year, 2099) + 1))


def _unit(name: str) -> tuple[str, int]:
    """The unit a row is given in, and the divisor from the report's integers: grams become
    kg. Rows and measures that count things (events, people) are counts."""
    return ("kg", 1000) if name.endswith("_kg") else ("count", 1)


def _figures(
    report: effect.EffectReport, station_id: str, *, months: bool
) -> Iterator[dict[str, Any]]:
    series: list[tuple[str, str, list[int], tuple[str, int]]] = [
        ("row", str(row), values, _unit(str(row))) for row, values in report.rows.items()
    ]
    series += [("measure", str(m), values, ("kg", 1000)) for m, values in report.measures.items()]
    for index, period in enumerate(report.periods):
        month = period.first.month if months else None
        for source, name, values, (unit, divisor) in series:
            yield {
                "station_id": station_id,
                "year": period.first.year,
                "month": month,
                "row": name,
                "value": values[index] / divisor if divisor != 1 else values[index],
                "unit": unit,
                "source": source,
            }


def effect_page(session: Session, conditions: list[Condition], token: str | None,
                size: int) -> Page:  # fmt: skip
    years = _years(session)
    query = select(Station.id).order_by(Station.id)
    for c in conditions:
        if c.prop == "station_id":
            query = query.where(Station.id == c.value)
    if token is not None:
        query = query.where(Station.id > decode_token(token, 1)[0])
    year_conditions = [c for c in conditions if c.prop == "year"]
    years = [y for y in years if all(_holds(y, c) for c in year_conditions)]
    out: list[Sequence[Any]] = []
    if not years:
        return out, None
    for station_id in session.scalars(query):
        for months in (False, True):
            report = effect.effect_report(
                session=session, years=years, station_id=station_id, months=months
            )
            for item in _figures(report, station_id, months=months):
                month = f"{item['month']:02d}" if item["month"] else "year"
                item["id"] = f"{station_id}/{item['year']}/{month}/{item['source']}/{item['row']}"
                out.append(tuple(item[p.name] for p in EFFECT_PROPS))
        if len(out) >= size:
            return out, encode_token(station_id)
    return out, None


def _holds(value: int, c: Condition) -> bool:
    return bool({"eq": value == c.value, "ge": value >= c.value, "lt": value < c.value}[c.op])


ENTITY_SETS = {
    s.name: s
    for s in (
        EntitySet("Records", "Record", RECORD_PROPS,
                  {"station_id": ("eq",), "type": ("eq",), "recorded_at": ("ge", "lt")},
                  records_page),
        EntitySet("Events", "Event", EVENT_PROPS,
                  {"station_id": ("eq",), "recorded_at": ("ge", "lt"), "starts_at": ("ge", "lt")},
                  events_page),
        EntitySet("Effect", "Figure", EFFECT_PROPS,
                  {"station_id": ("eq",), "year": ("eq", "ge", "lt")}, effect_page),
    )
}  # fmt: skip
