"""A station's figures as CSV and XLSX, with Norwegian headers; kg to one decimal by the one rule
(central.services.formatting), exact kg in the XLSX cells shown at one decimal."""

import io
from collections.abc import Sequence

from openpyxl import Workbook  # type: ignore[import-untyped]  # ships no type hints

from central.console.queries import FigureRow
from central.services.formatting import TABLE_KG_DECIMALS, Kg
from central.services.spreadsheet import append_row, csv_bytes

HEADERS = ("Kategori", "Kode", "Type", "Retning", "I dag (kg)", "Denne uka (kg)", "I år (kg)")
_KIND = {
    "recycling": "materialgjenvinning",
    "residual": "energigjenvinning",
    "hazardous": "farlig avfall",
    "reuse": "ombruk",
}
_DIRECTION = {"in": "inn", "out": "ut"}


def _rows(rows: Sequence[FigureRow]) -> list[list[object]]:
    return [
        [r.name, r.category, _KIND.get(r.kind, r.kind), _DIRECTION.get(r.direction, r.direction),
         *(Kg(g, TABLE_KG_DECIMALS) for g in (r.today_g, r.week_g, r.year_g))]
        for r in rows
    ]  # fmt: skip


def to_csv(rows: Sequence[FigureRow]) -> bytes:
    # Semicolons and a BOM: what Norwegian Excel opens correctly with a double-click.
    return csv_bytes([HEADERS, *_rows(rows)])


def to_xlsx(rows: Sequence[FigureRow], station_name: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Stasjon"
    append_row(sheet, [station_name])
    append_row(sheet, HEADERS)
    for row in _rows(rows):
        append_row(sheet, row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
