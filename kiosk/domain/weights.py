"""Weights: parse what the guide typed in kilograms into integer grams, and show grams as kg."""

from decimal import Decimal, InvalidOperation

from contract.rules import MIN_WEIGHT_G, weight_problem
from kiosk.domain.errors import QT_TRANSLATE_NOOP, ValidationError

#: Keep each {name} exactly, braces included: the kiosk puts the value there.
_TOO_HEAVY = QT_TRANSLATE_NOOP(
    "validation",
    "{value} kg er over grensen for én registrering ({min}–{max} kg). Del den opp.",
)


def format_kg(grams: int, *, decimal_sep: str = ",") -> str:
    """Grams as kilograms without trailing zeros: 2500 -> '2,5', 3 -> '0,003'."""
    sign = "-" if grams < 0 else ""
    kg, g = divmod(abs(grams), 1000)
    text = f"{kg}" if g == 0 else f"{kg}.{g:03d}".rstrip("0")
    return sign + text.replace(".", decimal_sep)


def _range(max_g: int) -> dict[str, str]:
    return {"min": format_kg(MIN_WEIGHT_G), "max": format_kg(max_g)}


def check_grams(grams: int, *, max_g: int) -> int:
    """Refuse a weight in grams outside 1 g .. ``max_g``; return it unchanged otherwise."""
    if isinstance(grams, bool) or not isinstance(grams, int):
        raise ValidationError(
            "not_a_number",
            #: Keep each {name} exactly, braces included: the kiosk puts the value there.
            QT_TRANSLATE_NOOP("validation", "«{value}» er ikke en vekt i hele gram."),
            value=grams,
        )
    problem = weight_problem(grams, max_g=max_g)
    if problem == "zero":
        raise ValidationError(
            "zero",
            #: Keep each {name} exactly, braces included: the kiosk puts the value there.
            QT_TRANSLATE_NOOP(
                "validation", "Vekten kan ikke være 0 kg. Tillatt er {min}–{max} kg."
            ),
            **_range(max_g),
        )
    if problem == "negative":
        raise ValidationError(
            "negative",
            #: Keep each {name} exactly, braces included: the kiosk puts the value there.
            QT_TRANSLATE_NOOP(
                "validation",
                "Vekten kan ikke være negativ ({value} kg). Tillatt er {min}–{max} kg.",
            ),
            value=format_kg(grams),
            **_range(max_g),
        )
    if problem == "too_heavy":
        raise ValidationError(
            "too_heavy",
            _TOO_HEAVY,
            value=format_kg(grams),
            **_range(max_g),
        )
    return grams


def parse_kg(text: str, *, max_g: int) -> int:
    """Parse a weight in kilograms, as typed (comma or dot), into integer grams.

    Refuses empty, non-numeric, zero, negative, over-precise (finer than 1 g)
    and too heavy input with a ``ValidationError`` naming the value and the range.
    """
    raw = str(text).strip()
    if not raw:
        raise ValidationError(
            "empty",
            #: Keep each {name} exactly, braces included: the kiosk puts the value there.
            QT_TRANSLATE_NOOP("validation", "Skriv inn vekten i kg ({min}–{max} kg)."),
            **_range(max_g),
        )
    try:
        kg = Decimal(raw.replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        kg = None
    if kg is None or not kg.is_finite():
        raise ValidationError(
            "not_a_number",
            #: Keep each {name} exactly, braces included: the kiosk puts the value there.
            QT_TRANSLATE_NOOP(
                "validation", "«{value}» er ikke et tall. Skriv vekten i kg, for eksempel 2,5."
            ),
            value=raw,
        )
    if kg != 0 and int(kg.as_tuple().exponent) < -3 and kg != kg.quantize(Decimal("0.001")):
        raise ValidationError(
            "too_precise",
            #: Keep each {name} exactly, braces included: the kiosk puts the value there.
            QT_TRANSLATE_NOOP(
                "validation",
                "«{value}» kg har for mange desimaler. Bruk høyst tre (hele gram), "
                "og {min}–{max} kg.",
            ),
            value=raw,
            **_range(max_g),
        )
    if kg > 0 and kg * 1000 > max_g:
        # Compare as Decimal so absurd input ("1e30") never becomes an enormous int.
        raise ValidationError(
            "too_heavy",
            _TOO_HEAVY,
            value=raw,
            **_range(max_g),
        )
    return check_grams(int(kg * 1000), max_g=max_g)
