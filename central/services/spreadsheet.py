"""The one way central writes a spreadsheet: CSV in the Norwegian Excel convention, and XLSX
cells, with no text able to become a formula (OWASP's CSV-injection advice).

Every CSV and XLSX central hands out goes through here: station figures, the effect report,
usage by hour, export-records. Numbers are given as numbers and stay numbers.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from central.services.formatting import Kg, csv_kg, xlsx_kg

# What a spreadsheet may read as the start of a formula (OWASP): =, +, -, @, tab and CR.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot hold, which openpyxl refuses (IllegalCharacterError).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_text(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet evaluates: one that starts like a formula gets a
    leading apostrophe, which Excel and LibreOffice read as "this is text"."""
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_cell(value: Any) -> str:
    """One CSV cell: an integer as digits, a kg figure (``Kg``) by the one rule, a float with
    a decimal comma (so Norwegian Excel reads a number, negative ones too), text made safe."""
    if value is None:
        return ""
    if isinstance(value, Kg):
        return csv_kg(value.grams, value.decimals)
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.3f}".replace(".", ",")
    return safe_text(str(value))


def csv_bytes(rows: Iterable[Sequence[Any]], *, first: bool = True) -> bytes:
    """Rows as the CSV Norwegian Excel opens with a double-click: semicolons, CRLF, UTF-8
    with a BOM (else Excel reads æøå in its ANSI code page). A file written in parts (a
    stream) has its BOM on the ``first`` part only."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return (("\ufeff" if first else "") + out.getvalue()).encode("utf-8")


def append_row(sheet: Any, values: Sequence[Any]) -> None:
    """Append ``values`` to an openpyxl worksheet. Every text stays text: openpyxl makes a
    string that starts with "=" a formula, so each text cell is typed as a string instead
    (shown exactly as written, never evaluated)."""
    sheet.append(
        [_NOT_XML.sub("\ufffd", v) if isinstance(v, str) else None if isinstance(v, Kg) else v
         for v in values]
    )  # fmt: skip
    for cell, value in zip(sheet[sheet.max_row], values, strict=False):
        if isinstance(value, Kg):
            xlsx_kg(cell, value.grams, value.decimals)
        elif isinstance(cell.value, str):
            cell.data_type = "s"
