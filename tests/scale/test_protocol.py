import pytest

from kiosk.scale.protocol import command_answer, to_grams, weight_answer
from kiosk.scale.reading import CommandResult, Reading, ReadingState


@pytest.mark.parametrize(
    ("line", "state", "grams"),
    [
        ("S S      12.345 kg", ReadingState.STABLE, 12_345),
        ("S D       0.120 kg", ReadingState.MOVING, 120),
        ("S S       1250 g", ReadingState.STABLE, 1250),
        ("S S     100.00 g", ReadingState.STABLE, 100),
        ("S S     -0.005 kg", ReadingState.STABLE, -5),
        ("S S -    0.005 kg", ReadingState.STABLE, -5),
        ("S S       0.000 kg", ReadingState.STABLE, 0),
        ("S S   12.3456 kg", ReadingState.STABLE, 12_346),  # finer than a gram: rounded
        ("S S     0.4 g", ReadingState.STABLE, 0),
        ("S S     0.5 g", ReadingState.STABLE, 1),
    ],
)
def test_weight_answers_become_integer_grams(line: str, state: ReadingState, grams: int) -> None:
    reading = weight_answer(line)
    assert reading is not None
    assert (reading.state, reading.grams) == (state, grams)


@pytest.mark.parametrize(
    ("line", "state", "mentions"),
    [
        ("S +", ReadingState.OVERLOAD, "overload"),
        ("S -", ReadingState.UNDERLOAD, "underload"),
        ("S I", ReadingState.ERROR, "busy"),
        ("ES", ReadingState.ERROR, "syntax"),
        ("ET", ReadingState.ERROR, "baud"),
        ("EL", ReadingState.ERROR, "logical"),
        ("S S      12.000 lb", ReadingState.ERROR, "'lb'"),
    ],
)
def test_non_weights_are_reported_without_grams(
    line: str, state: ReadingState, mentions: str
) -> None:
    reading = weight_answer(line)
    assert reading is not None
    assert reading.state is state
    assert reading.grams is None
    assert mentions in reading.message


@pytest.mark.parametrize(
    "line",
    ["", "garbage", "S S", "S S kg", "S X 1.000 kg", "S S 1.2.3 kg", "SS 1.000 kg", "Z A"],
)
def test_lines_that_are_no_weight_answer_are_not_guessed(line: str) -> None:
    assert weight_answer(line) is None


def test_unknown_unit_is_refused() -> None:
    with pytest.raises(ValueError, match="g or kg"):
        to_grams("", "1", "oz")


@pytest.mark.parametrize(
    ("command", "line", "ok", "grams"),
    [
        ("Z", "Z A", True, None),
        ("Z", "Z I", False, None),
        ("Z", "Z +", False, None),
        ("Z", "Z -", False, None),
        ("T", "T S      2.500 kg", True, 2500),
        ("T", "T S    750 g", True, 750),
        ("T", "T I", False, None),
        ("T", "T +", False, None),
        ("T", "T -", False, None),
        ("T", "EL", False, None),
        ("Z", "ES", False, None),
    ],
)
def test_zero_and_tare_answers(command: str, line: str, ok: bool, grams: int | None) -> None:
    result = command_answer(command, line)
    assert result is not None
    assert (result.ok, result.grams) == (ok, grams)
    assert result.message


def test_reset_answer_carries_the_serial_number() -> None:
    assert command_answer("@", 'I4 A "B021002593"') == CommandResult(
        True, "scale reset", serial="B021002593"
    )


@pytest.mark.parametrize(("command", "line"), [("Z", "T S 1 kg"), ("T", "Z A"), ("@", "I4 A")])
def test_answers_to_other_commands_are_not_taken(command: str, line: str) -> None:
    assert command_answer(command, line) is None


@pytest.mark.parametrize(
    ("reading", "saveable"),
    [
        (Reading.stable(2500), 2500),
        (Reading.moving(2500), None),
        (Reading.stable(0), None),
        (Reading.stable(-40), None),
        (Reading.overload(), None),
        (Reading.disconnected("gone"), None),
    ],
)
def test_only_a_stable_positive_weight_is_offered_for_saving(
    reading: Reading, saveable: int | None
) -> None:
    assert reading.weight_for_saving == saveable
