"""MT-SICS level-0 answers as text: turn one received line into a Reading or CommandResult.

Pure functions, no I/O, so every answer the manual lists is tested without a port.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from kiosk.scale.reading import CommandResult, Reading

TERMINATOR = b"\r\n"

# Grams per unit. Only metric units: the kiosk records integer grams, and a scale set to
# lb or oz is a configuration mistake that must be shown, not silently converted.
UNITS = {"g": 1, "kg": 1000}

# "S S      12.345 kg": id, status, a right-aligned value (sign may be padded), unit.
_WEIGHT = re.compile(r"^S\s+([SD])\s+([-+]?)\s*(\d+(?:\.\d*)?|\.\d+)\s+(\S+)$")
_TARE = re.compile(r"^T\s+S\s+([-+]?)\s*(\d+(?:\.\d*)?|\.\d+)\s+(\S+)$")
_SERIAL = re.compile(r'^I4\s+A\s+"([^"]*)"$')

ERRORS = {
    "ES": "the scale did not understand the command (ES: syntax error)",
    "ET": "transmission error (ET): check the baud rate and the cable",
    "EL": "the scale refused the command (EL: logical error)",
}


def to_grams(sign: str, value: str, unit: str) -> int:
    """A weight as sent by the scale in integer grams, rounded half up (0.5 g -> 1 g).

    Raises ValueError for a unit other than g or kg, or a value that is not a number.
    """
    try:
        factor = UNITS[unit]
    except KeyError:
        raise ValueError(f"the scale sends weights in {unit!r}; set it to g or kg") from None
    try:
        grams = (Decimal(value) * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a weight") from None
    return -int(grams) if sign == "-" else int(grams)


def error_answer(line: str) -> str | None:
    """The message for a generic MT-SICS error answer (ES, ET, EL), else None."""
    return ERRORS.get(line.strip())


def weight_answer(line: str) -> Reading | None:
    """The Reading for an answer to S, SI or SIR; None when the line is not such an answer."""
    text = line.strip()
    if text in ERRORS:
        return Reading.error(ERRORS[text])
    if re.fullmatch(r"S\s+\+", text):
        return Reading.overload()
    if re.fullmatch(r"S\s+-", text):
        return Reading.underload()
    if re.fullmatch(r"S\s+I", text):
        return Reading.error("the scale is busy and cannot weigh right now (S I)")
    match = _WEIGHT.match(text)
    if match is None:
        return None
    status, sign, value, unit = match.groups()
    try:
        grams = to_grams(sign, value, unit)
    except ValueError as exc:
        return Reading.error(str(exc))
    return Reading.stable(grams) if status == "S" else Reading.moving(grams)


_ZERO = {
    "Z A": CommandResult(True, "zero set"),
    "Z I": CommandResult(False, "cannot zero now: the weight is not stable or the scale is busy"),
    "Z +": CommandResult(False, "cannot zero: the load is above the zero range"),
    "Z -": CommandResult(False, "cannot zero: the load is below the zero range"),
}
_TARE_FIXED = {
    "T I": CommandResult(False, "cannot tare now: the weight is not stable or the scale is busy"),
    "T +": CommandResult(False, "cannot tare: the load is above the taring range"),
    "T -": CommandResult(False, "cannot tare: the load is below the taring range"),
}


def command_answer(command: str, line: str) -> CommandResult | None:
    """The result of Z, T or @ from its answer line; None when the line is not such an answer."""
    text = " ".join(line.split())
    if text in ERRORS:
        return CommandResult(False, ERRORS[text])
    if command == "Z":
        return _ZERO.get(text)
    if command == "T":
        if text in _TARE_FIXED:
            return _TARE_FIXED[text]
        match = _TARE.match(text)
        if match is None:
            return None
        try:
            grams = to_grams(*match.groups())
        except ValueError as exc:
            return CommandResult(False, str(exc))
        return CommandResult(True, "tare set", grams=grams)
    if command == "@":
        match = _SERIAL.match(line.strip())
        if match is None:
            return None
        return CommandResult(True, "scale reset", serial=match.group(1))
    raise ValueError(f"not a level-0 command with a fixed answer: {command!r}")
