import pytest

from kiosk.domain.errors import ValidationError
from kiosk.domain.weights import format_kg, parse_kg

MAX = 200_000


@pytest.mark.parametrize(
    ("typed", "grams"),
    [("2,5", 2500), ("2.5", 2500), ("0,001", 1), ("12.340", 12340), ("200", MAX), (" 7 ", 7000)],
)
def test_parse_accepts_kilograms_to_the_gram(typed: str, grams: int) -> None:
    assert parse_kg(typed, max_g=MAX) == grams


@pytest.mark.parametrize(
    ("typed", "code", "must_mention"),
    [
        ("", "empty", ["0,001", "200"]),
        ("0", "zero", ["0 kg", "0,001", "200"]),
        ("0,000", "zero", ["0,001", "200"]),
        ("-3", "negative", ["-3", "0,001", "200"]),
        ("abc", "not_a_number", ["abc"]),
        ("1,2,3", "not_a_number", ["1,2,3"]),
        ("nan", "not_a_number", ["nan"]),
        ("inf", "not_a_number", ["inf"]),
        ("1,2345", "too_precise", ["1,2345", "tre"]),
        ("200,001", "too_heavy", ["200,001", "200 kg"]),
        ("1e30", "too_heavy", ["1e30", "200 kg"]),
    ],
)
def test_parse_refuses_bad_weights_naming_value_and_range(
    typed: str, code: str, must_mention: list[str]
) -> None:
    with pytest.raises(ValidationError) as err:
        parse_kg(typed, max_g=MAX)
    assert err.value.code == code
    for part in must_mention:
        assert part in err.value.message


@pytest.mark.parametrize(("grams", "text"), [(2500, "2,5"), (3, "0,003"), (1000, "1"), (0, "0")])
def test_format_kg(grams: int, text: str) -> None:
    assert format_kg(grams) == text
