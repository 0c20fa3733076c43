"""One look for every figure: integer grams rounded half up to a stated number of kg decimals,
written with a decimal comma and a no-break space between thousands ("1 805,6").

The kiosk, central's console, text report, CSV and XLSX all round here, so 37 250 g is
"37,3" at one decimal on every screen (Python's round() would give 37,2: half to even).
"""

from decimal import ROUND_HALF_UP, Decimal

# The effect table in whole kg, as the pilot printed it; every other table to one decimal.
EFFECT_KG_DECIMALS = 0
TABLE_KG_DECIMALS = 1
# Exact grams: a record's own weight in a record list, so a spreadsheet's SUM is right.
EXACT_KG_DECIMALS = 3
# U+00A0, the group separator QLocale("nb_NO") writes on the kiosk, so both programs agree.
GROUP = "\u00a0"
DECIMAL = ","


def kg(grams: int, decimals: int) -> Decimal:
    """Exact grams as kg, rounded half up (away from zero) to ``decimals``: 37250, 1 -> 37.3."""
    if not 0 <= decimals <= EXACT_KG_DECIMALS:
        raise ValueError(f"decimals must be 0..{EXACT_KG_DECIMALS}, not {decimals}")
    return (Decimal(int(grams)) / 1000).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)


def exact_decimals(grams: int) -> int:
    """The fewest decimals that show ``grams`` exactly: 2000 -> 0, 3250 -> 2, 7 -> 3. For one
    weight as weighed or typed (a record's own value), never for a sum: a sum has its table's
    stated precision."""
    for decimals in range(EXACT_KG_DECIMALS):
        if int(grams) % 10 ** (EXACT_KG_DECIMALS - decimals) == 0:
            return decimals
    return EXACT_KG_DECIMALS


def _grouped(whole: str, group: str) -> str:
    digits = whole.lstrip("-")
    parts: list[str] = []
    while len(digits) > 3:
        digits, tail = digits[:-3], digits[-3:]
        parts.insert(0, tail)
    return ("-" if whole.startswith("-") else "") + group.join([digits, *parts])


def kg_text(grams: int, decimals: int = TABLE_KG_DECIMALS, *, group: str = GROUP) -> str:
    """Grams as kg at ``decimals``, always that many: 1805607 -> "1 805,6", 30000 -> "30,0".

    ``group=""`` for a CSV cell, which Excel must read as a number.
    """
    text = f"{kg(grams, decimals):f}"
    whole, _, fraction = text.partition(".")
    if whole == "-0" and not fraction.strip("0"):
        whole = "0"  # -0,04 kg at one decimal is 0,0, not "-0,0"
    return _grouped(whole, group) + (DECIMAL + fraction if fraction else "")


def count_text(count: int, *, group: str = GROUP) -> str:
    """A count with grouped thousands: 1200 -> "1 200"."""
    return _grouped(str(int(count)), group)


def excel_kg_format(decimals: int) -> str:
    """The XLSX number format that shows exact kg at ``decimals`` (Excel rounds half up too)."""
    return "#,##0" + ("." + "0" * decimals if decimals else "")
