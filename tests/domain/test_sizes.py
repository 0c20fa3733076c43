"""Resident estimates: a count and a size become integer grams from the catalogue's default."""

import pytest

from kiosk.domain.sizes import MAX_COUNT, Size, estimate_grams, item_grams


def test_three_medium_books_are_three_default_weights(catalogue) -> None:
    books = catalogue.get("books_media")
    assert estimate_grams(books, 3, Size.MEDIUM) == 3 * books.default_weight_g == 1500


def test_small_is_half_and_large_is_double(catalogue) -> None:
    toys = catalogue.get("toys")
    assert item_grams(toys, Size.SMALL) == 250
    assert item_grams(toys, Size.LARGE) == 1000


@pytest.mark.parametrize("count", [0, -1, MAX_COUNT + 1, True, 1.5])
def test_a_count_outside_one_to_max_is_refused(catalogue, count) -> None:
    with pytest.raises(ValueError, match="count"):
        estimate_grams(catalogue.get("toys"), count, Size.SMALL)
