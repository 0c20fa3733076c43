"""A pickup as a record on a real SQLite file: one seq space with the rest, append-only,
reversed by a new row, remembered defaults per fraction, and the ticket/weight pair enforced."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from kiosk.db.activities import reverse
from kiosk.db.deposits import register_deposit
from kiosk.db.pickups import PickupDefaults, pickup_defaults, register_pickup
from kiosk.db.store import Store
from kiosk.domain.errors import ValidationError

WEIGHED = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def pickup(store: Store, **over: object) -> str:
    values: dict[str, object] = {
        "fraction": "metal",
        "container_id": "C-12",
        "hauler": "Hauler AS",
        "plant": "Haraldrud",
        "net_weight_g": 412_500,
        "ticket_no": "T-1001",
        "weighed_at": WEIGHED,
    }
    values.update(over)
    return register_pickup(store=store, **values).id  # type: ignore[arg-type]


def test_a_pickup_takes_the_next_number_and_keeps_what_the_ticket_said(store: Store) -> None:
    deposit = register_deposit(store=store, category="wood", weight_g=900)
    saved = register_pickup(
        store=store,
        fraction="metal",
        net_weight_g=412_500,
        ticket_no=" T-1001 ",
        hauler="Hauler AS",
        plant="",
        weighed_at=WEIGHED,
    )
    assert (deposit.seq, saved.seq) == (1, 2)
    with store.read() as conn:
        row = conn.execute(
            text("SELECT fraction, net_weight_g, ticket_no, hauler, plant, source FROM pickups")
        ).one()
    assert tuple(row) == ("metal", 412_500, "T-1001", "Hauler AS", None, "kiosk")


def test_the_last_pickup_of_a_fraction_gives_the_defaults(store: Store) -> None:
    assert pickup_defaults(store=store, fraction="metal") == PickupDefaults()
    pickup(store)
    pickup(store, ticket_no="T-1002", plant="Grønmo", container_id="C-14")
    pickup(store, fraction="glass", ticket_no="T-1003", hauler="Other", plant="Other plant")
    assert pickup_defaults(store=store, fraction="metal") == PickupDefaults(
        "C-14", "Hauler AS", "Grønmo"
    )


def test_a_pickup_is_append_only_and_undone_by_a_reversal(store: Store) -> None:
    first = pickup(store)
    with pytest.raises(IntegrityError, match="append-only"), store.write() as conn:
        conn.execute(text("UPDATE pickups SET net_weight_g = 1 WHERE id = :id"), {"id": first})
    with pytest.raises(IntegrityError, match="append-only"), store.write() as conn:
        conn.execute(text("DELETE FROM pickups"))
    undone = reverse(store=store, record_type="pickup", record_id=first)
    assert undone.values["reverses"] == first
    assert undone.values["ticket_no"] == "T-1001"
    with store.read() as conn:
        assert conn.execute(text("SELECT count(*) FROM pickups")).scalar_one() == 2


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"ticket_no": None}, "ticket_no"),
        ({"net_weight_g": None}, "net_weight_g"),
        ({"net_weight_g": 40_000_001}, "net_weight_g"),
        ({"net_weight_g": -5}, "net_weight_g"),
        ({"fraction": ""}, "fraction"),
        ({"ticket_no": "x" * 65}, "ticket_no"),
    ],
)
def test_a_bad_pickup_is_refused_by_field_and_nothing_is_written(
    store: Store, over: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        pickup(store, **over)
    assert refused.value.params["field"] == field
    with store.read() as conn:
        assert conn.execute(text("SELECT count(*) FROM pickups")).scalar_one() == 0


def test_emptied_without_a_ticket_is_allowed(store: Store) -> None:
    # The hazardous cabinet: the guide marks it emptied; the ticket comes later from the plant.
    pickup(store, fraction="hazardous", ticket_no=None, net_weight_g=None)
    with store.read() as conn:
        row = conn.execute(text("SELECT ticket_no, net_weight_g FROM pickups")).one()
    assert tuple(row) == (None, None)
    # The planted fault: a row with a ticket but no weight, written past the service.
    with pytest.raises(IntegrityError, match="ck_pickups_ticket_weight"), store.write() as conn:
        conn.execute(
            text(
                "INSERT INTO pickups (id, seq, device_id, station_id, recorded_at, fraction,"
                " ticket_no, weighed_at, source) VALUES ('x', 99, :d, 's',"
                " '2026-01-01 00:00:00.000000', 'metal', 'T', '2026-01-01 00:00:00.000000',"
                " 'kiosk')"
            ),
            {"d": store.device_id},
        )
