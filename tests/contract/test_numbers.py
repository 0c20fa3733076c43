"""The one rule for figures: half up on exact grams, decimal comma, no-break space thousands."""

import pytest

from contract.numbers import count_text, exact_decimals, excel_kg_format, kg, kg_text

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("grams", "decimals", "shown"),
    [
        (37_250, 1, "37,3"),  # half up: Python's round(372.5) is 372, which showed 37,2
        (37_249, 1, "37,2"),
        (38_250, 0, "38"),  # whole kg: 38,25 is 38, never truncated beyond the half rule
        (38_500, 0, "39"),
        (37_500, 0, "38"),  # round() would say 38 here but 36 for 36 500: half up says 37
        (36_500, 0, "37"),
        (1_805_607, 1, f"1{NBSP}805,6"),
        (4_043_000, 0, f"4{NBSP}043"),
        (30_000, 1, "30,0"),  # the stated precision, always: never "30" or "30.0"
        (0, 1, "0,0"),
        (50, 1, "0,1"),  # 0,05 kg: half up
        (49, 1, "0,0"),
        (-37_250, 1, "-37,3"),  # away from zero, symmetric
        (-40, 1, "0,0"),  # no "-0,0"
        (1_234_567_890, 3, f"1{NBSP}234{NBSP}567,890"),
        (7_250, 3, "7,250"),
    ],
)
def test_kg_text(grams: int, decimals: int, shown: str) -> None:
    assert kg_text(grams, decimals) == shown


def test_a_csv_cell_has_no_thousands_separator() -> None:
    assert kg_text(1_805_607, 1, group="") == "1805,6"


def test_counts_group_thousands() -> None:
    assert [count_text(n) for n in (0, 8, 1200, 1_000_000)] == [
        "0",
        "8",
        f"1{NBSP}200",
        f"1{NBSP}000{NBSP}000",
    ]


def test_kg_is_exact_decimal_not_float() -> None:
    # 0,15 kg is 0.1499999... as a float, so float rounding would give 0,1.
    assert str(kg(150, 1)) == "0.2"


def test_precision_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError, match="decimals"):
        kg(1, 4)


def test_excel_format_shows_the_same_decimals() -> None:
    assert [excel_kg_format(d) for d in (0, 1, 3)] == ["#,##0", "#,##0.0", "#,##0.000"]


@pytest.mark.parametrize(
    ("grams", "decimals"), [(2000, 0), (0, 0), (3250, 2), (1500, 1), (7, 3), (-1250, 2)]
)
def test_one_weight_is_shown_exactly(grams: int, decimals: int) -> None:
    assert exact_decimals(grams) == decimals
