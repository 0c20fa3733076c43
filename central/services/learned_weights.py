"""Default weights that learn from tickets, wired to the data (issue 25, item 5).

For a fraction: its pickup periods with a ticket, across stations (``capture.spans``, the
periods the capture view shows), each with the ticket's grams, the grams weighed or typed at
the counter in it, and per category its estimated grams as "default items" (each record's
grams over the category's default weight in the catalogue version the kiosk used). Then
``estimates.propose``, and accepting a proposal publishes the next catalogue version.
"""

import json
import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Integer,
    String,
    case,
    cast,
    func,
    literal,
    literal_column,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session

from central.errors import Conflict, Invalid
from central.models import ACTIVITY_TABLES, CatalogueVersion, Record, UTCDateTime
from central.services import capture
from central.services.catalogue import category_kinds, latest_catalogue, publish_catalogue
from central.services.estimates import PeriodData, propose
from central.services.pickups import categories_of, live
from contract.fields import INT_MAX
from contract.records import Direction, WeightSource

# Periods beyond one per estimated category: fewer, and the fit has no residual to judge by.
SPARE_PERIODS = 3


@dataclass(frozen=True)
class CategoryProposal:
    category: str
    name: str
    current_g: int  # the default weight in the newest catalogue
    proposed_g: int
    periods: int  # periods with estimated registrations of it
    items: float  # default items behind it, over those periods

    @property
    def change(self) -> str:
        """The proposal against the current weight, as "+30 %"; empty without one."""
        if not self.current_g:
            return ""
        return f"{round((self.proposed_g - self.current_g) * 100 / self.current_g):+d} %"


@dataclass(frozen=True)
class FractionProposals:
    fraction: str
    catalogue_version: int  # the version the current weights are read from
    periods: int  # periods with a ticket and a known start
    categories: int  # categories with estimated registrations in them
    needed: int
    rows: list[CategoryProposal]  # empty while there are too few periods
    residual_g: float | None  # root mean square of ticket minus fit per period, proposed
    target_g: float  # mean grams per period left to explain (ticket minus counter)

    @property
    def enough(self) -> bool:
        return self.periods >= self.needed


def fractions(*, session: Session) -> list[str]:
    """Every fraction with a live pickup that has a ticket."""
    each = capture.spans()
    query = select(each.c.fraction).where(each.c.net_weight_g.is_not(None)).distinct()
    return sorted(str(f) for f in session.scalars(query))


def weights_by_version(*, session: Session) -> dict[int, dict[str, int]]:
    """Every catalogue version held: {category: default weight}."""
    return {
        version: {c["code"]: int(c["default_weight_g"]) for c in json.loads(doc)["categories"]}
        for version, doc in session.execute(
            select(CatalogueVersion.version, CatalogueVersion.document)
        )
    }


def weight_in_force(versions: dict[int, dict[str, int]], category: str, version: int) -> int:
    """The default weight ``category`` had in catalogue ``version``: that version's, else the
    newest before it with the category (a kiosk's bundled catalogue may be one central never
    stored), else the oldest with it; 0 when no version has it."""
    having = sorted(v for v, weights in versions.items() if category in weights)
    before = [v for v in having if v <= version]
    chosen = before[-1] if before else (having[0] if having else None)
    return 0 if chosen is None else versions[chosen][category]


def gather(*, session: Session, fraction: str) -> list[PeriodData]:
    """The fraction's periods with a ticket and a start, in time order per station.

    A fraction's first pickup has no known start (the container may have held waste from
    before the kiosk), and a second pickup at the same moment an empty period: neither says
    anything about weights, so both are left out."""
    kinds = category_kinds(session=session)
    codes = categories_of(fraction, kinds)
    if not codes or any(c not in kinds for c in codes):
        raise Invalid("fraction", f"fraction: {fraction!r} is not a category or a group of them.")
    each = capture.spans(fraction=fraction)
    found = session.execute(
        select(each.c.station_id, each.c.starts_at, each.c.weighed_at, each.c.net_weight_g)
        .where(
            each.c.net_weight_g.is_not(None),
            each.c.starts_at.is_not(None),
            each.c.starts_at < each.c.weighed_at,
        )
        .order_by(each.c.station_id, each.c.weighed_at)
    ).all()
    if not found:
        return []
    first, last = min(f.starts_at for f in found), max(f.weighed_at for f in found)
    sums = _sums(session, fraction, codes, first, last)
    versions = weights_by_version(session=session)
    out = []
    for station, _start, end, weighed in found:
        measured = 0
        items: dict[str, float] = defaultdict(float)
        for (category, estimated, version), grams in sums.get((str(station), end), {}).items():
            if not estimated:
                measured += grams
            elif weight := weight_in_force(versions, category, version):
                items[category] += grams / weight
        out.append(PeriodData(int(weighed), measured, dict(items)))
    return out


def _sums(
    session: Session, fraction: str, codes: list[str], first: datetime, last: datetime
) -> dict[tuple[str, datetime], dict[tuple[str, bool, int], int]]:
    """Net grams left in per period, by (station, its pickup's ``weighed_at``), then by
    category, estimated or not, and catalogue version.

    One statement, as the capture view sums (``capture._registered``): the records of the
    range and the fraction's pickups in one stream per station, walked latest first, where a
    running ``min`` gives each record the pickup that emptied it. Joining records to periods
    by time made PostgreSQL hash the stations and compare every record with every period."""
    r = Record.__table__
    t = ACTIVITY_TABLES["pickup"]
    grams = case((r.c.reverses.is_(None), r.c.weight_g), else_=-r.c.weight_g)
    estimated = cast(r.c.weight_source == WeightSource.ESTIMATE.value, Integer)
    deposits = select(
        r.c.station_id,
        type_coerce(r.c.recorded_at, UTCDateTime()).label("at"),
        literal_column("0", Integer).label("kind"),
        r.c.category,
        estimated.label("estimated"),
        r.c.catalog_version.label("version"),
        grams.label("grams"),
    ).where(
        r.c.category.in_(codes),
        r.c.direction == Direction.IN.value,
        r.c.clock_flag.is_(None),
        r.c.recorded_at > first,
        r.c.recorded_at <= last,
    )
    ends = select(
        t.c.station_id,
        t.c.weighed_at,
        literal_column("1", Integer),
        cast(literal(""), String),
        literal_column("0", Integer),
        literal_column("0", Integer),
        literal_column("0", Integer),
    ).where(*live(), t.c.fraction == fraction, t.c.weighed_at > first, t.c.weighed_at <= last)
    marks = union_all(deposits, ends).subquery("marks")
    # Latest first, a pickup before the records of its own moment (a period ends inclusive).
    pickup = func.min(type_coerce(case((marks.c.kind == 1, marks.c.at)), UTCDateTime())).over(
        partition_by=marks.c.station_id,
        order_by=(marks.c.at.desc(), marks.c.kind.desc()),
        rows=(None, 0),
    )
    placed = select(marks, pickup.label("pickup")).subquery("placed")
    keys = (
        placed.c.station_id,
        placed.c.pickup,
        placed.c.category,
        placed.c.estimated,
        placed.c.version,
    )
    query = (
        select(*keys, func.sum(placed.c.grams))
        .where(placed.c.kind == 0, placed.c.pickup.is_not(None))
        .group_by(*keys)
    )
    out: dict[tuple[str, datetime], dict[tuple[str, bool, int], int]] = defaultdict(dict)
    for station, at, category, is_estimate, version, total in session.execute(query):
        key = (str(category), bool(is_estimate), int(version))
        out[str(station), at][key] = int(total or 0)
    return out


def proposals(*, session: Session, fraction: str) -> FractionProposals:
    """The proposal for every category the fraction's periods estimate, with its data."""
    found = gather(session=session, fraction=fraction)
    estimated = {c for p in found for c, n in p.default_items.items() if n > 0}
    needed = max(len(estimated), 1) + SPARE_PERIODS
    catalogue = latest_catalogue(session=session)
    document: dict[str, Any] = json.loads(catalogue.document) if catalogue else {"version": 0}
    described = {c["code"]: c for c in document.get("categories", [])}
    target = sum(p.weighed_g - p.measured_g for p in found) / len(found) if found else 0.0
    if len(found) < needed:
        version = document["version"]
        return FractionProposals(
            fraction, version, len(found), len(estimated), needed, [], None, target
        )
    proposed = propose(found)
    weights = {p.category: p.weight_g for p in proposed}
    residual = math.sqrt(
        sum(
            (p.weighed_g - p.measured_g - sum(n * weights[c] for c, n in p.default_items.items()))
            ** 2
            for p in found
        )
        / len(found)
    )
    rows = [
        CategoryProposal(
            p.category,
            (described.get(p.category, {}).get("names") or {}).get("nb", p.category),
            int(described.get(p.category, {}).get("default_weight_g", 0)),
            p.weight_g,
            p.periods,
            p.items,
        )
        for p in proposed
    ]
    return FractionProposals(
        fraction, document["version"], len(found), len(estimated), needed, rows, residual, target
    )


def accept(
    *,
    session: Session,
    fraction: str,
    category: str,
    weight_g: int,
    version: int,
    now: datetime,
) -> tuple[CatalogueVersion, CategoryProposal]:
    """Publish the next catalogue version with ``category``'s default weight set to the
    proposal ``weight_g``, which must still be what the data proposes over catalogue
    ``version``, the newest: a proposal gone stale is refused, naming its field."""
    current = latest_catalogue(session=session)
    if current is None or current.version != version:
        raise Conflict(
            "stale_proposal",
            f"version: the proposal was made over catalogue version {version}, "
            f"and version {current.version if current else 0} is now the newest; look again.",
        )
    found = proposals(session=session, fraction=fraction)
    if not found.enough:
        raise Conflict(
            "too_few_periods",
            f"fraction: {fraction!r} has {found.periods} periods with a ticket; "
            f"a proposal needs at least {found.needed}.",
        )
    row = next((r for r in found.rows if r.category == category), None)
    if row is None:
        raise Invalid("category", f"category: {fraction!r} proposes nothing for {category!r}.")
    if not 1 <= weight_g <= INT_MAX:
        raise Invalid("weight_g", f"weight_g: must be a whole number within 1..{INT_MAX}")
    if weight_g != row.proposed_g:
        raise Conflict(
            "stale_proposal",
            f"weight_g: the proposal for {category!r} is now {row.proposed_g} g, "
            f"not {weight_g} g; look again.",
        )
    document = json.loads(current.document)
    document["version"] = current.version + 1
    for entry in document["categories"]:
        if entry["code"] == category:
            entry["default_weight_g"] = weight_g
    return publish_catalogue(session=session, document=document, now=now), row
