"""The rules a deposit must keep, judged the same by the kiosk (before it saves) and central.

Each returns a problem code, or None when the rule holds; each program words the problem
for its own audience (the kiosk in the resident's language, central in its error body).
"""

from contract.records import Direction, Kind

MIN_WEIGHT_G = 1


def weight_problem(grams: int, *, max_g: int) -> str | None:
    """'zero', 'negative' or 'too_heavy' for a weight outside 1 g .. ``max_g``, else None."""
    if grams == 0:
        return "zero"
    if grams < 0:
        return "negative"
    if grams > max_g:
        return "too_heavy"
    return None


def direction_problem(kind: str, direction: str) -> str | None:
    """Only reuse items can go out: 'direction_not_allowed' for any other kind going out."""
    if direction == Direction.OUT and kind != Kind.REUSE:
        return "direction_not_allowed"
    return None
