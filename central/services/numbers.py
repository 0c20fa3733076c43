"""Central's one way to write kg and counts: the contract's rule (contract/numbers.py) for
the console, the text report, CSV and XLSX, so every output shows the same digits."""

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
