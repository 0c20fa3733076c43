"""Which digit systems a text uses: a resident must never read ٢٠ beside 10:00."""

import unicodedata

WESTERN = "western"


def digit_systems(text: str) -> set[str]:
    """The digit systems in ``text``: "western", "arabic-indic", "extended arabic-indic"...."""
    systems = set()
    for char in text:
        if char.isdigit():
            if "0" <= char <= "9":
                systems.add(WESTERN)
            else:
                # "ARABIC-INDIC DIGIT TWO" -> "arabic-indic"
                systems.add(unicodedata.name(char, "other digit").rsplit(" DIGIT", 1)[0].lower())
    return systems


def mixed_digits(text: str) -> bool:
    return len(digit_systems(text)) > 1
