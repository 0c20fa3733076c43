"""Central's one way to write figures and moments: kg and counts by the contract's rule
(contract/numbers.py) for the console (as Jinja filters), the text report, CSV, XLSX and the
API, so every output shows the same digits; and times in Oslo, Norwegian style."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from contract.hours import OSLO
from contract.numbers import (
    EFFECT_KG_DECIMALS,
    EXACT_KG_DECIMALS,
    TABLE_KG_DECIMALS,
    count_text,
    excel_kg_format,
    kg,
    kg_text,
)

__all__ = [
    "EFFECT_KG_DECIMALS",
    "EXACT_KG_DECIMALS",
    "TABLE_KG_DECIMALS",
    "Kg",
    "chart_kg",
    "count_text",
    "csv_kg",
    "day_text",
    "kg",
    "kg_text",
    "oslo_clock",
    "oslo_day_clock",
    "oslo_moment",
    "oslo_weekday",
    "xlsx_kg",
]


def csv_kg(grams: int, decimals: int) -> str:
    """A CSV cell Norwegian Excel reads as a number: decimal comma, no thousands separator."""
    return kg_text(grams, decimals, group="")


def xlsx_kg(cell: Any, grams: int, decimals: int) -> None:
    """The exact kg in the cell (a SUM stays right), shown at ``decimals`` like every output."""
    cell.value = grams / 1000
    cell.number_format = excel_kg_format(decimals)


@dataclass(frozen=True, slots=True)
class Kg:
    """A kg figure as a spreadsheet cell (central.services.spreadsheet): written by the one
    rule at ``decimals`` in CSV, exact with that format in XLSX; a number either way, never
    text (so a negative one is not mistaken for a formula)."""

    grams: int
    decimals: int


def chart_kg(grams: int) -> float:
    """A chart's bar: the table's figure (one decimal by the one rule) as a number."""
    return float(kg(grams, TABLE_KG_DECIMALS))


# --- moments, in Oslo ---------------------------------------------------------------------
# Stored as UTC (docs/DESIGN.md, "Data"); turned into Oslo's wall clock only here, at the edge.


def oslo_moment(moment: datetime) -> str:
    """A moment the Norwegian way: "07.12.2026 12:30"."""
    return moment.astimezone(OSLO).strftime("%d.%m.%Y %H:%M")


def oslo_second(moment: datetime) -> str:
    """A moment to the second, as a record's page shows it: "07.12.2026 12:30:15"."""
    return moment.astimezone(OSLO).strftime("%d.%m.%Y %H:%M:%S")


def oslo_clock(moment: datetime) -> str:
    """The time of day: "16:00"."""
    return moment.astimezone(OSLO).strftime("%H:%M")


def oslo_day_clock(moment: datetime) -> str:
    """Day, month and time: "07.12 11:00"."""
    return moment.astimezone(OSLO).strftime("%d.%m %H:%M")


def oslo_weekday(moment: datetime) -> str:
    """The weekday's English short name ("Mon"), the msgid the console translates."""
    return moment.astimezone(OSLO).strftime("%a")


def day_text(day: date) -> str:
    """A calendar day the Norwegian way: "30.11.2023"."""
    return day.strftime("%d.%m.%Y")
