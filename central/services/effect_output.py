"""The effect report as text (the pilot's table), JSON, CSV (Norwegian Excel) and XLSX.

Every kg is written by central.services.formatting: whole kg in the text, the console and CSV;
the XLSX cells hold exact kg (a SUM stays right) in a whole-kg number format.
"""

import io
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from central.services import effect_entered, effect_history, spreadsheet
from central.services.effect import EffectReport
from central.services.formatting import EFFECT_KG_DECIMALS, Kg, kg_text
from contract.effect import COUNT_ROWS, REVERSAL_RULE, FigureSource, Measure, Row
from contract.times import OSLO

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


def labels(lang: str) -> dict[Row, str]:
    """The rows' labels in a console language: Bokmål, else English. CSV and XLSX always use
    LABELS_NB (the report REG files is Norwegian); every console page asks here."""
    return LABELS_NB if lang == "nb" else LABELS


HEADER_NB = "Hva"
REVERSAL_RULE_NB = (
    "En tilbakeføring teller i perioden til registreringen den opphever, sammen med den; "
    "en tilbakeføring av en registrering med flagget klokke står sammen med den og "
    "summeres aldri."
)
# The business waste row's qualifier and notes, as rows under it in CSV and XLSX.
OTHER_AGENCY_NB = "herav fra en annen etat (kg)"
NOTES_NB = "merknader"
# Under each row that may come from tickets, per period, the source it used (report.sources).
SOURCE_NB = {
    FigureSource.REGISTERED: "registrert",
    FigureSource.WEIGHED: "veid",
    FigureSource.MIXED: "blandet",
}


def _source_row(report: EffectReport, row: Row) -> list[str] | None:
    """The row's source per period, in Norwegian, as a row under it; None for other rows."""
    values = report.sources.get(row)
    if values is None:
        return None
    return [f"{LABELS_NB[row]}: kilde", *(SOURCE_NB[FigureSource(v)] for v in values)]


def format_kg(grams: int) -> str:
    """Whole kilograms, as the pilot printed them, by the one rule: 4 043 (no-break space)."""
    return kg_text(grams, EFFECT_KG_DECIMALS)


# The rows an event carries: where events stand, their 0 is a figure (no one came).
EVENT_COUNT_ROWS = frozenset({Row.PARTICIPANTS, Row.VISITORS})


def figure_text(row: Row, value: int, events: int = 0) -> str:
    """A figure by the console's one rule: empty where nothing registered stands (no record,
    or only records with the reversals that cancel them: a reversed pair is a correction and
    shows as nothing, never 0,0); the value otherwise. Every weight is at least 1 g, so a kg
    figure is 0 only when nothing stands; a 0 is shown only for participants or visitors where
    ``events`` (that cell's public events) stand."""
    if value == 0 and not (row in EVENT_COUNT_ROWS and events):
        return ""
    return effect_entered.value_text(row, value)


def cell_text(
    report: EffectReport, row: Row, index: int, other_agency: str = "from another agency"
) -> str:
    """One cell as text and console show it: blank for nothing, kg with the agency qualifier;
    an entered figure beside the registered one, marked (effect_entered.MARK), never added."""
    value = report.rows[row][index]
    entered_value, entered_other = effect_history.cell(report.entered, row, index) or (None, 0)
    shown = figure_text(row, value, report.rows[Row.EVENTS][index])
    parts = [shown] if shown else []
    if entered_value is not None:
        parts.append(effect_entered.value_text(row, entered_value) + effect_entered.MARK)
    text = " + ".join(parts)
    total = value + (entered_value or 0)
    other = report.business_waste_other_agency_g[index] if row is Row.BUSINESS_WASTE_KG else 0
    if other := other + entered_other:
        text += (
            f" ({other_agency})" if other == total else f" ({format_kg(other)} kg {other_agency})"
        )
    return text


def notes_text(report: EffectReport, index: int) -> str:
    return "; ".join(report.business_waste_notes[index])


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
        cells = [cell_text(report, row, i) for i in range(len(report.periods))]
        lines.append("|" + "|".join(f" {c} " if c else " " for c in (LABELS[row], *cells)) + "|")
    lines += ["", f"Every figure is net of reversals. {REVERSAL_RULE}"]
    if any(v != "registered" for values in report.sources.values() for v in values):
        lines += ["", "Source of the figures (registered at the kiosk, weighed at pickups):"]
        for row, values in report.sources.items():
            used = ", ".join(f"{p.label}: {v}" for p, v in zip(report.periods, values, strict=True))
            lines.append(f"- {LABELS[row]}: {used}")
    notes = [(p.label, notes_text(report, i)) for i, p in enumerate(report.periods)]
    if any(text for _label, text in notes):
        lines += ["", "Notes on business waste"]
        lines += [f"- {label}: {text}" for label, text in notes if text]
    if report.entered:
        lines += ["", *effect_entered.footnotes(report, LABELS)]
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
        # Never summed into "rows": figures no kiosk recorded, with their source.
        "entered": effect_entered.as_json(report.entered),
        # Per row and period, where the recycling and hazardous figures came from.
        "sources": {row.value: values for row, values in report.sources.items()},
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


def _labels_nb(report: EffectReport) -> list[str]:
    return [p.label.replace("(to ", "(t.o.m. ") for p in report.periods]


def _ewc_label(code: str) -> str:
    """A breakdown row of hazardous kg: the EAL (EWC) code of its categories."""
    return f"{LABELS_NB[Row.HAZARDOUS_KG]}, EAL {code}"


def as_csv(report: EffectReport) -> bytes:
    """Semicolons, decimal comma, UTF-8 with BOM: what Excel in Norway opens as numbers."""

    def kg_row(row: Row, values: list[int]) -> list[Any]:
        return [int(v) if row in COUNT_ROWS else Kg(v, EFFECT_KG_DECIMALS) for v in values]

    lines: list[list[Any]] = [[HEADER_NB, *_labels_nb(report)]]
    for row in Row:
        values = report.rows[row]
        lines.append([LABELS_NB[row], *kg_row(row, values)])
        if source := _source_row(report, row):
            lines.append(source)
        if entered := effect_entered.csv_row(report, row, LABELS_NB[row]):
            lines.append(entered)
        if row is Row.BUSINESS_WASTE_KG:
            lines.append([OTHER_AGENCY_NB, *kg_row(row, report.business_waste_other_agency_g)])
            lines.append([NOTES_NB, *(notes_text(report, i) for i in range(len(values)))])
        if row is Row.HAZARDOUS_KG:
            lines += [[_ewc_label(code), *kg_row(row, grams)]
                      for code, grams in report.hazardous_by_ewc.items()]  # fmt: skip
    if report.entered:
        lines += [[], list(effect_entered.LIST_HEADER_NB)]
        lines += effect_entered.listing(report, LABELS_NB)
    return spreadsheet.csv_bytes(lines)


def as_xlsx(report: EffectReport) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]  # ships no type hints

    book = Workbook()
    sheet = book.active
    sheet.title = "Effekt"
    spreadsheet.append_row(sheet, [HEADER_NB, *_labels_nb(report)])
    for row in Row:
        _xlsx_row(sheet, row, LABELS_NB[row], report.rows[row])
        if source := _source_row(report, row):
            spreadsheet.append_row(sheet, source)
        if (entered := effect_entered.rows_for(report, row)) is not None:
            label = f"{LABELS_NB[row]} ({effect_entered.ENTERED_NB})"
            _xlsx_row(sheet, row, label, entered)
        if row is Row.BUSINESS_WASTE_KG:
            _xlsx_row(sheet, row, OTHER_AGENCY_NB, report.business_waste_other_agency_g)
            notes = [notes_text(report, i) for i in range(len(report.periods))]
            spreadsheet.append_row(sheet, [NOTES_NB, *notes])
        if row is Row.HAZARDOUS_KG:
            for code, grams in report.hazardous_by_ewc.items():
                _xlsx_row(sheet, row, _ewc_label(code), grams)
    # Where the figures stand: rerun with --as-of this moment and the same numbers come back.
    spreadsheet.append_row(sheet, [])
    spreadsheet.append_row(sheet, ["Tall slik de var mottatt per", _oslo(report.as_received_by)])
    spreadsheet.append_row(sheet, ["Tilbakeføringer", REVERSAL_RULE_NB])
    sheet.column_dimensions["A"].width = 62
    if report.entered:
        listing = book.create_sheet(effect_entered.ENTERED_NB.capitalize())
        spreadsheet.append_row(listing, effect_entered.LIST_HEADER_NB)
        for line in effect_entered.listing(report, LABELS_NB):
            spreadsheet.append_row(listing, line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_row(sheet: Any, row: Row, label: str, values: Sequence[int | None]) -> None:
    # An "(innført)" row is blank where nothing was entered.
    cells = [v if v is None or row in COUNT_ROWS else Kg(v, EFFECT_KG_DECIMALS) for v in values]
    spreadsheet.append_row(sheet, [label, *cells])
