"""The effect report as text (the pilot's table), JSON, CSV (Norwegian Excel) and XLSX.

Kilograms are rounded to whole kg only in the text; CSV and XLSX carry exact kg (grams
/ 1000) so a spreadsheet's SUM is right.
"""

import csv
import io
from datetime import datetime
from typing import Any

from central.services.effect import EffectReport
from central.services.rollup import OSLO
from contract.effect import COUNT_ROWS, REVERSAL_RULE, Measure, Row

# The pilot report's row labels, in English (text) and Norwegian (CSV, XLSX headers).
LABELS = {
    Row.REUSED_KG: "kg reused from the mini recycling station",
    Row.RECYCLED_KG: "kg to material recycling from the station",
    Row.ACTIVITY_REUSE_KG: "kg reuse/upcycling in connection with the project's activities",
    Row.BUSINESS_WASTE_KG: "business waste reused or redesigned",
    Row.EVENTS: "number of public events on reuse, repair and the like",
    Row.LEFT_FOR_REUSE_KG: "kg left for reuse at the station",
    Row.RESIDUAL_KG: "kg to energy recovery (residual waste)",
    Row.HAZARDOUS_KG: "kg hazardous waste",
    Row.PARTICIPANTS: "participants at public events",
    Row.VISITORS: "visitors at public events",
    Row.REPAIRS_FIXED: "items repaired (fixed)",
    Row.REPAIRS_REPAIRABLE: "items repairable (not finished)",
    Row.REPAIRS_END_OF_LIFE: "items beyond repair (end of life)",
}
LABELS_NB = {
    Row.REUSED_KG: "kg ombruk fra minigjenbruksstasjonen",
    Row.RECYCLED_KG: "kg til materialgjenvinning fra stasjonen",
    Row.ACTIVITY_REUSE_KG: "kg ombruk/redesign i forbindelse med prosjektets aktiviteter",
    Row.BUSINESS_WASTE_KG: "kg næringsavfall ombrukt eller redesignet",
    Row.EVENTS: "antall offentlige arrangementer om ombruk, reparasjon o.l.",
    Row.LEFT_FOR_REUSE_KG: "kg levert til ombruk",
    Row.RESIDUAL_KG: "kg til energigjenvinning",
    Row.HAZARDOUS_KG: "kg farlig avfall",
    Row.PARTICIPANTS: "deltakere på offentlige arrangementer",
    Row.VISITORS: "besøkende på offentlige arrangementer",
    Row.REPAIRS_FIXED: "gjenstander reparert",
    Row.REPAIRS_REPAIRABLE: "gjenstander som kan repareres",
    Row.REPAIRS_END_OF_LIFE: "gjenstander utrangert",
}
HEADER_NB = "Hva"
REVERSAL_RULE_NB = (
    "En tilbakeføring teller i perioden til registreringen den opphever, sammen med den; "
    "en tilbakeføring av en registrering med flagget klokke står sammen med den og "
    "summeres aldri."
)


def format_kg(grams: int) -> str:
    """Whole kilograms with a thousands comma, as in the pilot's report: 4,043."""
    return f"{round(grams / 1000):,}"


def _cell(report: EffectReport, row: Row, index: int) -> str:
    value = report.rows[row][index]
    if row in COUNT_ROWS:
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
        + (f", to {report.cutoff:%d.%m.%Y}" if report.cutoff else "")
        + (f", as received by {_oslo(report.as_of)}" if report.as_of else ""),
        "",
        "| What | " + " | ".join(p.label for p in report.periods) + " |",
        "|---|" + "---|" * len(report.periods),
    ]
    for row in Row:
        cells = [_cell(report, row, i) for i in range(len(report.periods))]
        lines.append("|" + "|".join(f" {c} " if c else " " for c in (LABELS[row], *cells)) + "|")
    lines += ["", f"Every figure is net of reversals. {REVERSAL_RULE}"]
    if report.flagged:
        lines += ["", "Not counted: the kiosk's clock was flagged for these records"]
        for item in report.flagged:
            at = f" {item.recorded_at:%Y-%m-%d %H:%M} UTC" if item.recorded_at else ""
            amount = f"{item.amount}" if item.type == "event" else f"{format_kg(item.amount)} kg"
            lines.append(f"- {item.type} {item.station_id}{at}: {item.what}, {amount}"
                         + (f" ({item.records} records)" if item.records > 1 else ""))  # fmt: skip
    return "\n".join(lines)


def _oslo(moment: datetime) -> str:
    return f"{moment.astimezone(OSLO):%d.%m.%Y %H:%M:%S} (Oslo)"


def as_json(report: EffectReport) -> dict[str, Any]:
    return {
        "station_id": report.station_id,
        "cutoff": report.cutoff.isoformat() if report.cutoff else None,
        "as_of": report.as_of.isoformat() if report.as_of else None,
        "as_received_by": report.as_received_by.isoformat(),
        "timezone": "Europe/Oslo",
        "periods": [
            {"label": p.label, "first": p.first.isoformat(), "last": p.last.isoformat()}
            for p in report.periods
        ],
        "rows": {row.value: report.rows[row] for row in Row},
        "units": {row.value: "count" if row in COUNT_ROWS else "g" for row in Row},
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
    return value if row in COUNT_ROWS else value / 1000


def decimal_comma(value: int | float) -> str:
    """Norwegian Excel reads 1376,5 as a number; 1376.5 would become a date or text."""
    return str(value) if isinstance(value, int) else f"{value:.3f}".replace(".", ",")


def _labels_nb(report: EffectReport) -> list[str]:
    return [p.label.replace("(to ", "(t.o.m. ") for p in report.periods]


def _ewc_label(code: str) -> str:
    """A breakdown row of hazardous kg: the EAL (EWC) code of its categories."""
    return f"{LABELS_NB[Row.HAZARDOUS_KG]}, EAL {code}"


def as_csv(report: EffectReport) -> bytes:
    """Semicolons, decimal comma, UTF-8 with BOM: what Excel in Norway opens as numbers."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([HEADER_NB, *_labels_nb(report)])
    for row in Row:
        values = report.rows[row]
        writer.writerow([LABELS_NB[row], *(decimal_comma(_number(row, v)) for v in values)])
        if row is Row.HAZARDOUS_KG:
            for code, grams in report.hazardous_by_ewc.items():
                writer.writerow([_ewc_label(code), *(decimal_comma(g / 1000) for g in grams)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(report: EffectReport) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]  # ships no type hints

    book = Workbook()
    sheet = book.active
    sheet.title = "Effekt"
    sheet.append([HEADER_NB, *_labels_nb(report)])
    for row in Row:
        sheet.append([LABELS_NB[row], *(_number(row, v) for v in report.rows[row])])
        if row not in COUNT_ROWS:
            for cell in sheet[sheet.max_row][1:]:
                cell.number_format = "#,##0.000"
        if row is Row.HAZARDOUS_KG:
            for code, grams in report.hazardous_by_ewc.items():
                sheet.append([_ewc_label(code), *(g / 1000 for g in grams)])
                for cell in sheet[sheet.max_row][1:]:
                    cell.number_format = "#,##0.000"
    # Where the figures stand: rerun with --as-of this moment and the same numbers come back.
    sheet.append([])
    sheet.append(["Tall slik de var mottatt per", _oslo(report.as_received_by)])
    sheet.append(["Tilbakeføringer", REVERSAL_RULE_NB])
    sheet.column_dimensions["A"].width = 62
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
