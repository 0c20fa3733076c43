"""The contract's shared rules and its one time codec, as both programs call them."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from contract.rules import direction_problem, weight_problem
from contract.times import OSLO, from_storage, from_wire, storage_to_wire, to_storage, to_wire
from contract.wire import format_time, parse_time


@pytest.mark.parametrize(
    ("grams", "problem"),
    [(0, "zero"), (-1, "negative"), (1, None), (200_000, None), (200_001, "too_heavy")],
)
def test_weight_bounds(grams: int, problem: str | None) -> None:
    assert weight_problem(grams, max_g=200_000) == problem


@pytest.mark.parametrize(
    ("kind", "direction", "problem"),
    [
        ("reuse", "out", None),
        ("reuse", "in", None),
        ("recycling", "in", None),
        ("recycling", "out", "direction_not_allowed"),
        ("hazardous", "out", "direction_not_allowed"),
        ("residual", "out", "direction_not_allowed"),
    ],
)
def test_only_reuse_items_can_go_out(kind: str, direction: str, problem: str | None) -> None:
    assert direction_problem(kind, direction) == problem


MOMENTS = [
    datetime(2026, 11, 26, 10, 0, tzinfo=UTC),  # microsecond 0 keeps its six digits
    datetime(2026, 11, 26, 10, 0, 0, 1, tzinfo=UTC),
    datetime(2026, 10, 25, 2, 30, tzinfo=OSLO, fold=1),  # the hour Oslo has twice
    datetime(2000, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1))),  # 1999 in UTC
]


@pytest.mark.parametrize("moment", MOMENTS, ids=lambda m: m.isoformat())
def test_three_forms_of_one_instant(moment: datetime) -> None:
    utc = moment.astimezone(UTC)  # a repeated hour's fold=1 never equals another zone's time
    stored = to_storage(moment)
    assert len(stored) == 26 and stored[10] == " " and "+" not in stored
    assert from_storage(stored) == utc and from_storage(stored).tzinfo is UTC
    wire = to_wire(moment)
    assert wire.endswith("Z") and storage_to_wire(stored) == wire
    assert from_wire(wire) == utc
    # The wire's names are the codec's: the wire format does not change.
    assert (format_time(moment), parse_time(wire)) == (wire, utc)


def test_the_codec_refuses_naive_times() -> None:
    with pytest.raises(ValueError, match="naive"):
        to_storage(datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="offset"):
        from_wire("2026-01-01T10:00:00")


def test_a_short_storage_text_still_reads() -> None:
    # SQLite may hold what another writer left: without fractions, or CURRENT_TIMESTAMP's form.
    assert storage_to_wire("2026-01-01 10:00:00") == "2026-01-01T10:00:00.000000Z"
