"""Resident amounts without a scale: a count of items and a size, estimated in integer grams."""

from enum import StrEnum

from kiosk.domain.catalogue import Category


class Size(StrEnum):
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


# The catalogue's default weight is a typical (medium) item; small and large scale it.
# Halving and doubling keep the estimate explainable to REG without a table per category.
SIZE_FACTORS: dict[Size, tuple[int, int]] = {
    Size.SMALL: (1, 2),
    Size.MEDIUM: (1, 1),
    Size.LARGE: (2, 1),
}
MAX_COUNT = 99


def item_grams(category: Category, size: Size) -> int:
    """Estimated grams of one item of ``category`` in ``size``; never below 1 g."""
    numerator, denominator = SIZE_FACTORS[Size(size)]
    return max(1, category.default_weight_g * numerator // denominator)


def estimate_grams(category: Category, count: int, size: Size) -> int:
    """Estimated grams of ``count`` items; the count must be 1..MAX_COUNT."""
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_COUNT:
        raise ValueError(f"count must be 1..{MAX_COUNT}, not {count!r}")
    return count * item_grams(category, size)
