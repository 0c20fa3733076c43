"""Staff CSV of deposit records in the Norwegian Excel convention: a plain SUM is right.

Semicolons, decimal comma, UTF-8 with BOM, Oslo local time beside UTC; a reversal row
carries a negative weight, so summing the kg column gives the net. Not the USB export
format (contract/export.py), the machine format central's import reads.
"""

from datetime import UTC

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.models import Record
from central.services.catalogue import category_kinds
from central.services.formatting import EXACT_KG_DECIMALS, Kg
from central.services.spreadsheet import csv_bytes
from contract.effect import measure_of
from contract.times import OSLO

RECORDS = Record.__table__
HEADER = (
    "id", "løpenummer", "enhet", "stasjon", "tid (Oslo)", "tid (UTC)", "kategori",
    "regnes som", "retning", "kg", "vektkilde", "kanal", "reverserer", "klokke flagget",
)  # fmt: skip


def records_csv(*, session: Session, station_id: str | None = None) -> bytes:
    kinds = category_kinds(session=session)
    query = select(
        RECORDS.c.id, RECORDS.c.seq, RECORDS.c.device_id, RECORDS.c.station_id,
        RECORDS.c.recorded_at, RECORDS.c.category, RECORDS.c.direction, RECORDS.c.weight_g,
        RECORDS.c.weight_source, RECORDS.c.channel, RECORDS.c.reverses, RECORDS.c.clock_flag,
    ).order_by(RECORDS.c.station_id, RECORDS.c.recorded_at, RECORDS.c.device_id,
               RECORDS.c.seq)  # fmt: skip
    if station_id is not None:
        query = query.where(RECORDS.c.station_id == station_id)
    rows = (
        (
            r.id, r.seq, r.device_id, r.station_id,
            r.recorded_at.astimezone(OSLO).strftime("%d.%m.%Y %H:%M:%S"),
            r.recorded_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%SZ"),
            r.category, measure_of(kinds.get(r.category, "recycling"), r.direction).value,
            r.direction, Kg(-r.weight_g if r.reverses else r.weight_g, EXACT_KG_DECIMALS),
            r.weight_source, r.channel, r.reverses or "", r.clock_flag or "",
        )
        for r in session.execute(query)
    )  # fmt: skip
    return csv_bytes([HEADER, *rows])
