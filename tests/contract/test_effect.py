"""The one definition of reused / left for reuse / recycled / hazardous."""

import pytest

from contract.effect import Measure, measure_of
from contract.fields import validate_record


@pytest.mark.parametrize(
    ("kind", "direction", "measure"),
    [
        ("reuse", "out", Measure.REUSED),
        ("reuse", "in", Measure.LEFT_FOR_REUSE),
        ("recycling", "in", Measure.RECYCLED),
        ("hazardous", "in", Measure.HAZARDOUS),
    ],
)
def test_each_deposit_counts_in_one_measure(kind: str, direction: str, measure: Measure) -> None:
    assert measure_of(kind, direction) is measure


def test_reuse_left_in_is_not_reused() -> None:
    # The thank-you screen once counted items left and taken alike as "kept in use".
    assert measure_of("reuse", "in") is not Measure.REUSED


EVENT = {
    "type": "event",
    "id": "01890a5d-ac96-774b-bcce-b302099a8057",
    "seq": 3,
    "device_id": "k1",
    "station_id": "trosterud",
    "recorded_at": "2023-06-01T18:00:00.000000Z",
    "kind": "bike_workshop",
    "starts_at": "2023-06-01T15:00:00.000000Z",
    "ends_at": "2023-06-01T18:00:00.000000Z",
    "participants": 21,
    "visitors": 0,
    "reuse_g": 0,
}


def test_an_event_is_a_valid_record() -> None:
    assert validate_record(EVENT) == []


def test_an_event_of_an_unknown_kind_is_named() -> None:
    assert validate_record({**EVENT, "kind": "party"})[0][0] == "kind"


def test_a_material_flow_names_its_source() -> None:
    flow = {
        "type": "material_flow",
        **{k: EVENT[k] for k in ("id", "seq", "device_id", "station_id", "recorded_at")},
        "flow": "business_waste",
        "source": "elsewhere",
        "weight_g": 800_000,
    }
    assert validate_record(flow) == [("source", "must be one of station, activity, other_agency")]
