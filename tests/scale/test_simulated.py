from kiosk.scale.reading import Reading, ReadingState
from kiosk.scale.simulated import SimulatedLoad, SimulatedScale


def cycle(scale: SimulatedScale) -> list[Reading]:
    load = scale.load
    return [
        scale.read() for _ in range(load.empty_steps + 2 * load.moving_steps + load.settled_steps)
    ]


def test_a_cycle_shows_empty_moving_and_a_settled_item() -> None:
    readings = cycle(SimulatedScale())
    assert readings[0] == Reading.stable(0)
    assert any(r.state is ReadingState.MOVING for r in readings)
    saveable = {r.weight_for_saving for r in readings} - {None}
    assert len(saveable) == 1  # one item, offered only once it settled
    assert all(r.weight_for_saving is None for r in readings if r.state is ReadingState.MOVING)


def test_same_seed_same_demo() -> None:
    assert cycle(SimulatedScale(SimulatedLoad(seed=7))) == cycle(
        SimulatedScale(SimulatedLoad(seed=7))
    )


def test_tare_zero_and_reset() -> None:
    scale = SimulatedScale(SimulatedLoad(empty_steps=1, moving_steps=1, settled_steps=3))
    readings = [scale.read() for _ in range(3)]  # empty, moving, settled
    item = readings[2].grams
    assert readings[2].state is ReadingState.STABLE and item > 0

    assert not scale.zero().ok  # an item on the pan is outside the zero range
    tare = scale.tare()
    assert (tare.ok, tare.grams) == (True, item)
    assert scale.read() == Reading.stable(0)
    assert scale.reset().serial == SimulatedScale.serial_number
    assert scale.read() == Reading.stable(item)


def test_closed_simulated_scale_reads_disconnected() -> None:
    scale = SimulatedScale()
    scale.close()
    assert scale.read().state is ReadingState.DISCONNECTED
