"""The effect report as text (the pilot's table), JSON, CSV (Norwegian Excel) and XLSX.

Kilograms are rounded to whole kg only in the text; CSV and XLSX carry exact kg (grams
/ 1000) so a spreadsheet's SUM is right.
"""

import io
from typing import Any

from central.services import spreadsheet
from central.services.effect import EffectReport
from contract.effect import Measure, Row

# The pilot report's row labels, in English (text) and Norwegian (CSV, XLSX headers).
LABELS = {
    Row.REUSED_KG: "kg reused from the mini recycling station",
    Row.RECYCLED_KG: "kg to material recycling from the station",
    Row.ACTIVITY_REUSE_KG: "kg reuse/upcycling in connection with the project's activities",
    Row.BUSINESS_WASTE_KG: "business waste reused or redesigned",
    Row.EVENTS: "number of public events on reuse, repair and the like",
}
LABELS_NB = {
    Row.REUSED_KG: "kg ombruk fra minigjenbruksstasjonen",
    Row.RECYCLED_KG: "kg til materialgjenvinning fra stasjonen",
    Row.ACTIVITY_REUSE_KG: "kg ombruk/redesign i forbindelse med prosjektets aktiviteter",
    Row.BUSINESS_WASTE_KG: "kg næringsavfall ombrukt eller redesignet",
    Row.EVENTS: "antall offentlige arrangementer om ombruk, reparasjon o.l.",
}
HEADER_NB = "Hva"


def format_kg(grams: int) -> str:
    """Whole kilograms with a thousands comma, as in the pilot's report: 4,043."""
    return f"{round(grams / 1000):,}"


def _cell(report: EffectReport, row: Row, index: int) -> str:
    value = report.rows[row][index]
    if row is Row.EVENTS:
        return str(value) if value else ""
    if not value:
        return ""
    text = f"{format_kg(value)} kg"
    if row is Row.BUSINESS_WASTE_KG and (other := report.business_waste_other_agency_g[index]):
        text += (
            " (from another agency)"
            if other == value
            else f" ({format_kg(other)} kg from another agency)"
        )
    return text


def as_text(report: EffectReport) -> str:
    """The pilot's table, as markdown: blank where nothing was recorded."""
    where = report.station_id or "all stations"
    lines = [
        f"Effect report: {where}, Europe/Oslo calendar days"
        + (f", to {report.cutoff:%d.%m.%Y}" if report.cutoff else ""),
        "",
        "| What | " + " | ".join(p.label for p in report.periods) + " |",
        "|---|" + "---|" * len(report.periods),
    ]
    for row in Row:
        cells = [_cell(report, row, i) for i in range(len(report.periods))]
        lines.append("|" + "|".join(f" {c} " if c else " " for c in (LABELS[row], *cells)) + "|")
    if report.flagged:
        lines += ["", "Not counted: the kiosk's clock was flagged for these records"]
        for item in report.flagged:
            at = f" {item.recorded_at:%Y-%m-%d %H:%M} UTC" if item.recorded_at else ""
            amount = f"{item.amount}" if item.type == "event" else f"{format_kg(item.amount)} kg"
            lines.append(f"- {item.type} {item.station_id}{at}: {item.what}, {amount}"
                         + (f" ({item.records} records)" if item.records > 1 else ""))  # fmt: skip
    return "\n".join(lines)


def as_json(report: EffectReport) -> dict[str, Any]:
    return {
        "station_id": report.station_id,
        "cutoff": report.cutoff.isoformat() if report.cutoff else None,
        "timezone": "Europe/Oslo",
        "periods": [
            {"label": p.label, "first": p.first.isoformat(), "last": p.last.isoformat()}
            for p in report.periods
        ],
        "rows": {row.value: report.rows[row] for row in Row},
        "units": {row.value: "count" if row is Row.EVENTS else "g" for row in Row},
        "measures_g": {m.value: report.measures[m] for m in Measure},
        "business_waste_other_agency_g": report.business_waste_other_agency_g,
        "business_waste_notes": report.business_waste_notes,
        "repairs": report.repairs,
        "flagged": [
            {
                "type": f.type,
                "station_id": f.station_id,
                "recorded_at": f.recorded_at.isoformat() if f.recorded_at else None,
                "what": f.what,
                "amount": f.amount,
                "records": f.records,
            }
            for f in report.flagged
        ],
    }


def _number(row: Row, value: int) -> int | float:
    return value if row is Row.EVENTS else value / 1000


def decimal_comma(value: int | float) -> str:
    """Norwegian Excel reads 1376,5 as a number; 1376.5 would become a date or text."""
    return str(value) if isinstance(value, int) else f"{value:.3f}".replace(".", ",")


def _labels_nb(report: EffectReport) -> list[str]:
    return [p.label.replace("(to ", "(t.o.m. ") for p in report.periods]


def as_csv(report: EffectReport) -> bytes:
    """Semicolons, decimal comma, UTF-8 with BOM: what Excel in Norway opens as numbers."""
    header = [HEADER_NB, *_labels_nb(report)]
    rows = [[LABELS_NB[row], *(_number(row, v) for v in report.rows[row])] for row in Row]
    return spreadsheet.csv_bytes([header, *rows])


def as_xlsx(report: EffectReport) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]  # ships no type hints

    book = Workbook()
    sheet = book.active
    sheet.title = "Effekt"
    spreadsheet.append_row(sheet, [HEADER_NB, *_labels_nb(report)])
    for row in Row:
        cells = [LABELS_NB[row], *(_number(row, v) for v in report.rows[row])]
        spreadsheet.append_row(sheet, cells)
        if row is not Row.EVENTS:
            for cell in sheet[sheet.max_row][1:]:
                cell.number_format = "#,##0.000"
    sheet.column_dimensions["A"].width = 62
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
