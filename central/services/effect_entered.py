"""How the effect report shows figures an admin entered (central.services.effect_history):
a marked cell ("350 kg*") with a footnote naming each source in the text and the console; in
CSV and XLSX a separate "(innført)" row under the registered one, so no number is mixed."""

from typing import Any

from central.services.effect import EffectReport
from central.services.effect_history import Entered, is_count
from central.services.formatting import EFFECT_KG_DECIMALS, count_text, csv_kg, kg_text
from contract.effect import Row

MARK = "*"
ENTERED_NB = "innført"
FOOTNOTE = "* entered by an admin, not registered at a kiosk:"
LIST_HEADER_NB = ("Innført", "Stasjon", "Rad", "Periode", "Verdi", "herav fra en annen etat (kg)",
                  "Kilde", "Innført av", "Innført (UTC)")  # fmt: skip


def value_text(row: Row, value: int) -> str:
    return count_text(value) if is_count(row) else f"{kg_text(value, EFFECT_KG_DECIMALS)} kg"


def footnotes(report: EffectReport, labels: dict[Row, str], heading: str = FOOTNOTE) -> list[str]:
    """One line per entered figure: where, when, what, and its source."""
    if not report.entered:
        return []
    lines = [heading]
    for item in report.entered:
        e = item.entry
        shown = "" if item.column is not None else " (a whole year: not shown by month)"
        lines.append(f"- {e.station_id} {e.period}, {labels[e.row]}: "
                     f"{value_text(e.row, e.value)}{shown}. {e.source}")  # fmt: skip
    return lines


def _csv_value(row: Row, value: int) -> str:
    return str(value) if is_count(row) else csv_kg(value, EFFECT_KG_DECIMALS)


def rows_for(report: EffectReport, row: Row) -> list[int | None] | None:
    """The row's entered values per column (None where nothing was entered), or None."""
    placed = [e for e in report.entered if e.entry.row is row and e.column is not None]
    if not placed:
        return None
    values: list[int | None] = [None] * len(report.periods)
    for item in placed:
        assert item.column is not None
        values[item.column] = (values[item.column] or 0) + item.entry.value
    return values


def csv_row(report: EffectReport, row: Row, label: str) -> list[str] | None:
    values = rows_for(report, row)
    if values is None:
        return None
    return [f"{label} ({ENTERED_NB})", *("" if v is None else _csv_value(row, v) for v in values)]


def listing(report: EffectReport, labels: dict[Row, str]) -> list[list[Any]]:
    """Every entered figure with its source, for the end of the CSV and the XLSX's own sheet."""
    out: list[list[Any]] = []
    for item in report.entered:
        e = item.entry
        value: Any = e.value if is_count(e.row) else csv_kg(e.value, EFFECT_KG_DECIMALS)
        other = csv_kg(e.other_agency_g, EFFECT_KG_DECIMALS) if e.other_agency_g else ""
        out.append([ENTERED_NB, e.station_id, labels[e.row], e.period, value, other, e.source,
                    item.entered_by, item.entered_at.strftime("%Y-%m-%d %H:%M")])  # fmt: skip
    return out


def as_json(entered: list[Entered]) -> list[dict[str, Any]]:
    return [
        {
            "station_id": e.entry.station_id,
            "row": e.entry.row.value,
            "period": e.entry.period,
            "column": e.column,
            "value": e.entry.value,
            "unit": "count" if is_count(e.entry.row) else "g",
            "other_agency_g": e.entry.other_agency_g,
            "source": e.entry.source,
            "entered_by": e.entered_by,
            "entered_at": e.entered_at.isoformat(),
        }
        for e in entered
    ]
