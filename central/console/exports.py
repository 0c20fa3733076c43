"""A station's figures as CSV and XLSX, with Norwegian headers; kg to one decimal by the one rule
(central.services.numbers), exact kg in the XLSX cells shown at one decimal."""

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook  # type: ignore[import-untyped]  # ships no type hints

from central.console.queries import FigureRow
from central.services.numbers import TABLE_KG_DECIMALS, csv_kg, xlsx_kg

HEADERS = ("Kategori", "Kode", "Type", "Retning", "I dag (kg)", "Denne uka (kg)", "I år (kg)")
_KIND = {"recycling": "materialgjenvinning", "hazardous": "farlig avfall", "reuse": "ombruk"}
_DIRECTION = {"in": "inn", "out": "ut"}


def _labels(r: FigureRow) -> list[str]:
    return [r.name, r.category, _KIND.get(r.kind, r.kind), _DIRECTION.get(r.direction, r.direction)]


def to_csv(rows: Sequence[FigureRow]) -> bytes:
    # Semicolons and a BOM: what Norwegian Excel opens correctly with a double-click.
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADERS)
    for r in rows:
        grams = (r.today_g, r.week_g, r.year_g)
        writer.writerow([*_labels(r), *(csv_kg(g, TABLE_KG_DECIMALS) for g in grams)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows: Sequence[FigureRow], station_name: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Stasjon"
    sheet.append([station_name])
    sheet.append(HEADERS)
    for r in rows:
        sheet.append(_labels(r))
        for column, grams in enumerate((r.today_g, r.week_g, r.year_g), start=5):
            xlsx_kg(sheet.cell(sheet.max_row, column), grams, TABLE_KG_DECIMALS)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
