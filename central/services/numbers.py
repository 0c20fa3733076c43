"""Central's one way to write kg and counts: the contract's rule (contract/numbers.py) for
the console, the text report, CSV and XLSX, so every output shows the same digits."""

from dataclasses import dataclass
from typing import Any

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
    "count_text",
    "csv_kg",
    "kg",
    "kg_text",
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
