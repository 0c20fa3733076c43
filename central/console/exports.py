"""A station's figures as CSV and XLSX, with Norwegian headers and kilograms to three decimals."""

import io
from collections.abc import Sequence

from openpyxl import Workbook  # type: ignore[import-untyped]  # ships no type hints

from central.console.queries import FigureRow
from central.services.spreadsheet import append_row, csv_bytes

HEADERS = ("Kategori", "Kode", "Type", "Retning", "I dag (kg)", "Denne uka (kg)", "I år (kg)")
_KIND = {"recycling": "materialgjenvinning", "hazardous": "farlig avfall", "reuse": "ombruk"}
_DIRECTION = {"in": "inn", "out": "ut"}


def _rows(rows: Sequence[FigureRow]) -> list[tuple[object, ...]]:
    return [
        (
            r.name,
            r.category,
            _KIND.get(r.kind, r.kind),
            _DIRECTION.get(r.direction, r.direction),
            r.today_g / 1000,
            r.week_g / 1000,
            r.year_g / 1000,
        )
        for r in rows
    ]


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
    for cells in sheet.iter_rows(min_row=3, min_col=5, max_col=7):
        for cell in cells:
            cell.number_format = "#,##0.000"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
