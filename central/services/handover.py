"""The hazardous-waste hand-over for one pickup of the cabinet (or a hazardous fraction): the
lines the declaration needs (avfallsdeklarering.no), one per EAL code and waste-substance
number (avfallsstoffnummer), with the UN number where the substance has one; kg weighed where
a ticket exists and registered where not; the number of items; the station as the place of
collection. Central does not submit the declaration, which needs its own login.

The period is the one that pickup emptied (central/services/capture.py): registered deposits
left in since the previous pickup of the same fraction, counted as the capture view counts
them (``capture_sums``): a reversal with the record it reverses, in that record's period,
however late it was made. A ticket for several categories is split over them in proportion
to their registered kg.
"""

import io
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.errors import Invalid, NotFound
from central.models import ACTIVITY_TABLES, Station
from central.services import spreadsheet
from central.services.capture_sums import Span, from_records
from central.services.catalogue import category_kinds, latest_catalogue
from central.services.formatting import TABLE_KG_DECIMALS, Kg, oslo_moment
from central.services.pickups import categories_of
from contract.records import Kind

# UN numbers (ADR) by waste-substance number, only where every item of it has one: spray
# cans are aerosols (UN 1950). A category's own ``un`` in the catalogue (set in the console's
# editor) wins over this. Paint, batteries and tubes vary by content, so they carry none;
# the driver's own transport document says it for what is on the truck.
UN_BY_NS = {"7055": "1950"}
_PICKUPS = ACTIVITY_TABLES["pickup"]


@dataclass(frozen=True)
class Line:
    ewc: str  # EAL code(s), "20 01 33*"; "" when the catalogue lacks it
    ns: str  # avfallsstoffnummer; "" when the catalogue lacks it
    un: str
    categories: list[str]
    names: list[str]
    items: int  # registered deposits, net of reversals
    registered_g: int
    kg_g: int  # the declared grams: weighed share, or registered
    weighed: bool


@dataclass(frozen=True)
class Handover:
    pickup_id: str
    station_id: str
    station_name: str
    fraction: str
    ticket_no: str | None
    weighed_at: datetime
    hauler: str | None
    plant: str | None
    period_from: datetime | None
    lines: list[Line]

    @property
    def missing_codes(self) -> list[str]:
        return [", ".join(line.names) for line in self.lines if not line.ewc or not line.ns]


def handover(*, session: Session, pickup_id: str) -> Handover:
    t = _PICKUPS
    pickup = session.execute(select(t).where(t.c.id == pickup_id)).one_or_none()
    if pickup is None or pickup.reverses is not None:
        raise NotFound("unknown_pickup", f"pickup {pickup_id!r} is not held here.")
    kinds = category_kinds(session=session)
    codes = [c for c in categories_of(pickup.fraction, kinds) if kinds.get(c) == Kind.HAZARDOUS]
    if not codes:
        raise Invalid("fraction", f"fraction {pickup.fraction!r} holds no hazardous category.")
    reversed_ids = select(t.c.reverses).where(t.c.reverses.is_not(None))
    previous = session.scalar(
        select(func.max(t.c.weighed_at)).where(
            t.c.station_id == pickup.station_id,
            t.c.fraction == pickup.fraction,
            t.c.weighed_at < pickup.weighed_at,
            t.c.reverses.is_(None),
            t.c.id.not_in(reversed_ids),
        )
    )
    span = Span(pickup.station_id, tuple(codes), previous, pickup.weighed_at)
    registered: dict[str, tuple[int, int]] = {}
    for (category, _estimated, _version), (grams, items) in from_records(session, span).items():
        held = registered.get(category, (0, 0))
        registered[category] = (held[0] + grams, held[1] + items)
    catalogue = latest_catalogue(session=session)
    described = {}
    if catalogue is not None:
        described = {c["code"]: c for c in json.loads(catalogue.document)["categories"]}
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for code in codes:
        entry = described.get(code, {})
        ns = entry.get("ns") or ""
        un = entry.get("un") or UN_BY_NS.get(ns, "")
        groups[(" / ".join(entry.get("ewc") or ()), ns, un)].append(code)
    total_registered = sum(g for g, _n in registered.values())
    weighed = pickup.net_weight_g
    lines = []
    for (ewc, ns, un), members in sorted(groups.items()):
        grams = sum(registered.get(c, (0, 0))[0] for c in members)
        items = sum(registered.get(c, (0, 0))[1] for c in members)
        if weighed is not None:
            share = (
                round(weighed * grams / total_registered)
                if total_registered
                else round(weighed / len(groups))
            )
        else:
            share = grams
        names = [(described.get(c, {}).get("names") or {}).get("nb", c) for c in members]
        lines.append(
            Line(
                ewc,
                ns,
                un,
                members,
                names,
                items,
                grams,
                share,
                weighed is not None,
            )
        )
    station = session.get(Station, pickup.station_id)
    return Handover(
        pickup.id,
        pickup.station_id,
        station.name if station else pickup.station_id,
        pickup.fraction,
        pickup.ticket_no,
        pickup.weighed_at,
        pickup.hauler,
        pickup.plant,
        previous,
        lines,
    )


def as_json(sheet: Handover) -> dict[str, Any]:
    return {
        "pickup_id": sheet.pickup_id,
        "collection_place": {"station_id": sheet.station_id, "name": sheet.station_name},
        "ticket_no": sheet.ticket_no,
        "weighed_at": sheet.weighed_at.isoformat(),
        "period_from": sheet.period_from.isoformat() if sheet.period_from else None,
        "hauler": sheet.hauler,
        "plant": sheet.plant,
        "lines": [
            {
                "ewc": ln.ewc,
                "avfallsstoffnummer": ln.ns,
                "un": ln.un or None,
                "categories": ln.categories,
                "items": ln.items,
                "kg_g": ln.kg_g,
                "kg_source": "weighed" if ln.weighed else "registered",
                "registered_g": ln.registered_g,
            }
            for ln in sheet.lines
        ],
        "missing_codes": sheet.missing_codes,
    }


# The declaration's columns first (as avfallsdeklarering.no asks for them), then where and
# when it was collected; one row per line of the sheet, in the one spreadsheet writer's form.
TABLE_HEADER_NB = [
    "Avfallsstoffnummer", "EAL-kode", "UN-nummer", "Beskrivelse", "Mengde (kg)",
    "Mengde fra", "Antall", "Innsamlingssted", "Stasjons-id", "Veiebevis", "Veid",
    "Transportør", "Mottaksanlegg",
]  # fmt: skip


def as_table(sheet: Handover) -> list[list[Any]]:
    """The sheet's lines as spreadsheet rows under ``TABLE_HEADER_NB``; kg as the sheet shows
    them (``TABLE_KG_DECIMALS``), a code the catalogue lacks left empty."""
    where = [
        sheet.station_name, sheet.station_id, sheet.ticket_no, oslo_moment(sheet.weighed_at),
        sheet.hauler, sheet.plant,
    ]  # fmt: skip
    lines = [
        [ln.ns, ln.ewc, ln.un, ", ".join(ln.names), Kg(ln.kg_g, TABLE_KG_DECIMALS),
         "veid" if ln.weighed else "registrert", ln.items, *where]
        for ln in sheet.lines
    ]  # fmt: skip
    return [list(TABLE_HEADER_NB), *lines]


def as_csv(sheet: Handover) -> bytes:
    return spreadsheet.csv_bytes(as_table(sheet))


def as_xlsx(sheet: Handover) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]  # ships no type hints

    book = Workbook()
    page = book.active
    page.title = "Overlevering"
    for row in as_table(sheet):
        spreadsheet.append_row(page, row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
