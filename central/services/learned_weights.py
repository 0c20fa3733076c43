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

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.errors import Conflict, Invalid
from central.models import ACTIVITY_TABLES, Batch, CatalogueVersion
from central.services import capture
from central.services.capture_sums import Span
from central.services.catalogue import category_kinds, latest_catalogue, publish_catalogue
from central.services.estimates import PeriodData, propose
from central.services.kept_periods import kept_sums
from central.services.pickups import categories_of
from contract.fields import INT_MAX

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
    return gather_all(session=session, fractions=[fraction])[fraction]


def gather_all(*, session: Session, fractions: list[str]) -> dict[str, list[PeriodData]]:
    """``gather`` for several fractions in one pass: a day two fractions' pickups share is
    read once, and the statements' fixed cost is paid once."""
    kinds = category_kinds(session=session)
    codes = {}
    for fraction in fractions:
        found_codes = _codes(fraction, kinds)
        if found_codes is None:
            raise Invalid(
                "fraction", f"fraction: {fraction!r} is not a category or a group of them."
            )
        codes[fraction] = found_codes
    each = capture.spans()
    found = session.execute(
        select(each.c.fraction, each.c.station_id, each.c.starts_at, each.c.weighed_at,
               each.c.net_weight_g)
        .where(
            each.c.fraction.in_(fractions),
            each.c.net_weight_g.is_not(None),
            each.c.starts_at.is_not(None),
            each.c.starts_at < each.c.weighed_at,
        )
        .order_by(each.c.fraction, each.c.station_id, each.c.weighed_at)
    ).all()  # fmt: skip
    wanted = [Span(str(s), codes[str(f)], start, end) for f, s, start, end, _w in found]
    sums = kept_sums(session, wanted)
    versions = weights_by_version(session=session)
    weights: dict[tuple[str, int], int] = {}  # weight_in_force, once per category and version
    out: dict[str, list[PeriodData]] = {fraction: [] for fraction in fractions}
    for (fraction, _station, _start, _end, weighed), summed in zip(found, sums, strict=True):
        measured = 0
        items: dict[str, float] = defaultdict(float)
        for (category, estimated, version), grams in summed.items():
            if not estimated:
                measured += grams
                continue
            weight = weights.get((category, version))
            if weight is None:
                weight = weights[category, version] = weight_in_force(versions, category, version)
            if weight:
                items[category] += grams / weight
        out[str(fraction)].append(PeriodData(int(weighed), measured, dict(items)))
    return out


# The last proposals computed per database, under the data version they were computed at.
_computed: dict[tuple[str, int], tuple[tuple[Any, ...], dict[str, FractionProposals]]] = {}


def data_version(*, session: Session) -> tuple[Any, ...]:
    """What the proposals depend on, cheaply: records change only by ingest, which writes a
    ``batches`` row in the same transaction; pickups and catalogue versions are only added.
    So the three counts (and the newest catalogue) change whenever a proposal could."""
    count = func.count()
    return tuple(
        session.execute(
            select(
                select(count).select_from(Batch).scalar_subquery(),
                select(count).select_from(ACTIVITY_TABLES["pickup"]).scalar_subquery(),
                select(func.max(CatalogueVersion.version)).scalar_subquery(),
            )
        ).one()
    )


def proposals(*, session: Session, fraction: str) -> FractionProposals:
    """The proposal for every category the fraction's periods estimate, with its data;
    computed once per data version (``data_version``) and database, so a page view after
    no change reads three counts, and one after any change computes afresh: for every
    fraction with a ticket at once (the page shows them all), in one pass."""
    engine = session.get_bind().engine
    where = (str(engine.url), id(engine))
    version = data_version(session=session)
    held = _computed.get(where)
    if held is None or held[0] != version:
        held = _computed[where] = (version, {})
    if fraction not in held[1]:
        kinds = category_kinds(session=session)
        others = [f for f in fractions(session=session) if f not in held[1] and f != fraction]
        wanted = [fraction, *(f for f in others if _codes(f, kinds) is not None)]
        for name, found in gather_all(session=session, fractions=wanted).items():
            held[1][name] = _proposals(session=session, fraction=name, found=found)
    return held[1][fraction]


def _codes(fraction: str, kinds: dict[str, str]) -> tuple[str, ...] | None:
    """The fraction's categories, or None when it names one the catalogue does not hold."""
    codes = categories_of(fraction, kinds)
    return tuple(codes) if codes and all(c in kinds for c in codes) else None


def _proposals(*, session: Session, fraction: str, found: list[PeriodData]) -> FractionProposals:
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
