"""The wire rules: golden canonical JSON, hash and batch id; time text; version upgrades."""

import json
from datetime import datetime, timedelta, timezone

import pytest

from contract import CONTRACT_VERSION
from contract.records import DEPOSIT
from contract.wire import (
    batch_id,
    canonical_json,
    canonical_sha256,
    format_time,
    parse_time,
    upgrade_record,
)

V1_RECORD = {
    "catalog_version": 3, "category": "wood", "channel": "guide", "clock_flag": None,
    "device_id": "kiosk-trosterud-1", "direction": "in",
    "id": "01936b2e-7a00-7000-8000-000000000001", "recorded_at": "2026-11-26T10:00:00.000000Z",
    "reverses": None, "seq": 1, "station_id": "trosterud", "visit_id": "v-æøå",
    "weight_g": 1500, "weight_source": "scale_stable",
}  # fmt: skip
V2_RECORD = {**V1_RECORD, "type": "deposit"}


def test_canonical_json_and_hash_of_a_fixed_record_never_change() -> None:
    text = canonical_json([V2_RECORD])
    assert text == (
        '[{"catalog_version":3,"category":"wood","channel":"guide","clock_flag":null,'
        '"device_id":"kiosk-trosterud-1","direction":"in",'
        '"id":"01936b2e-7a00-7000-8000-000000000001",'
        '"recorded_at":"2026-11-26T10:00:00.000000Z","reverses":null,"seq":1,'
        '"station_id":"trosterud","type":"deposit","visit_id":"v-æøå","weight_g":1500,'
        '"weight_source":"scale_stable"}]'
    )
    assert canonical_sha256([V2_RECORD]) == (
        "bd8850e96e0e8e2aab75bb52f41921049fbadb807cf81ecea9effc58cd9d3f5f"
    )


def test_a_v1_batch_hashes_and_is_named_as_the_previous_release_did() -> None:
    # Figures from the previous release's kiosk/sync/outbox.build_batch on this record.
    sha = canonical_sha256([V1_RECORD])
    assert sha == "b121b634622a8e820535860076d40f5fba52a04d93dbc9af49850e09a3f93fe5"
    assert batch_id("kiosk-trosterud-1", sha) == "70b00902-d903-5724-8315-694f32765561"


def test_batch_id_follows_device_and_content_only() -> None:
    sha = canonical_sha256([V2_RECORD])
    assert batch_id("kiosk-trosterud-1", sha) == "dd97efa2-bbd9-5840-b00c-bd6707bbd28d"
    assert batch_id("kiosk-trosterud-2", sha) != batch_id("kiosk-trosterud-1", sha)
    other = canonical_sha256([{**V2_RECORD, "weight_g": 1501}])
    assert batch_id("kiosk-trosterud-1", other) != batch_id("kiosk-trosterud-1", sha)


def test_records_built_in_wire_order_serialise_canonically_without_sorting() -> None:
    # The outbox's hot path relies on this: no sort_keys needed when keys come in this order.
    assert list(DEPOSIT.wire_names) == sorted(DEPOSIT.wire_names)
    in_order = {name: V2_RECORD[name] for name in DEPOSIT.wire_names}
    unsorted = json.dumps([in_order], separators=(",", ":"), ensure_ascii=False)
    assert unsorted == canonical_json([V2_RECORD])
    shuffled = dict(reversed(list(V2_RECORD.items())))
    assert canonical_json([shuffled]) == canonical_json([V2_RECORD])


def test_wire_time_is_utc_with_z_and_microseconds() -> None:
    oslo = timezone(timedelta(hours=1))
    moment = datetime(2026, 11, 26, 11, 0, tzinfo=oslo)
    assert format_time(moment) == "2026-11-26T10:00:00.000000Z"
    assert parse_time("2026-11-26T10:00:00.000000Z") == moment
    assert parse_time(format_time(moment)).utcoffset() == timedelta(0)
    with pytest.raises(ValueError, match="offset"):
        parse_time("2026-11-26T10:00:00")


def test_upgrade_reads_a_v1_record_as_a_deposit_and_leaves_the_original_alone() -> None:
    assert upgrade_record(1, V1_RECORD) == V2_RECORD
    assert "type" not in V1_RECORD
    assert upgrade_record(CONTRACT_VERSION, V2_RECORD) == V2_RECORD
    for version in (0, CONTRACT_VERSION + 1):
        with pytest.raises(ValueError, match="contract_version"):
            upgrade_record(version, V1_RECORD)
