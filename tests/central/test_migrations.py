"""Migrations on a database that already holds data: 0002 (devices, records), 0024 (reversals)."""

from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, insert, inspect, text

from central.db import SCRIPT_LOCATION
from central.models import RECORD_TABLES
from tests.helpers.servers import database_url


def _upgrade(engine, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def test_0002_keeps_records_and_makes_known_devices_need_takeover(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    _upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO stations VALUES ('s', 'S', '2026-01-01 00:00:00')"))
        conn.execute(
            text(
                "INSERT INTO devices (id, station_id, token_hash, enrolled_at, "
                "highest_contiguous_seq) VALUES ('d', 's', 'h', '2026-01-01 00:00:00', 1)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO records VALUES ('r1', 1, 'd', 's', '2026-01-01 00:00:00', 'wood', "
                "10, 'manual', 'guide', 'in', NULL, NULL, 1, NULL, 'b', '2026-01-01 00:00:00')"
            )
        )
    _upgrade(engine, "head")
    with engine.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM records")).scalar() == 1
        event = conn.execute(text("SELECT device_id, kind FROM device_events")).one()
        assert tuple(event) == ("d", "enrolled")
        unique = [row for row in conn.execute(text("PRAGMA index_list('records')")) if row[2] == 1]
        # The primary key, (device_id, seq) and reverses (0024).
        assert len(unique) == 3
    engine.dispose()


@pytest.mark.parametrize("kind", ["sqlite", "pg"])
def test_0024_refuses_two_reversals_of_one_original_then_makes_reverses_unique(
    tmp_path: Path, kind: str
) -> None:
    with (
        database_url(kind, tmp_path)
        if kind == "pg"
        else nullcontext(f"sqlite:///{tmp_path / 'central.sqlite3'}") as url
    ):
        engine = create_engine(url)
        try:
            _upgrade(engine, "0023_capture_days")
            at = datetime(2026, 1, 1, tzinfo=UTC)
            row = {"device_id": "d", "station_id": "s", "recorded_at": at,
                   "category": "wood", "weight_g": 10, "weight_source": "manual",
                   "channel": "guide", "direction": "in", "visit_id": None,
                   "catalog_version": 1, "clock_flag": None, "batch_id": "b",
                   "received_at": at}  # fmt: skip
            records = RECORD_TABLES["deposit"]
            with engine.begin() as conn:
                conn.execute(
                    insert(records),
                    [{**row, "id": "r1", "seq": 1, "reverses": None},
                     {**row, "id": "r2", "seq": 2, "reverses": "r1"},
                     {**row, "id": "r3", "seq": 3, "reverses": "r1"}],
                )  # fmt: skip
            with pytest.raises(RuntimeError, match="2 records reverse r1") as refusal:
                _upgrade(engine, "head")
            # It says how to find every case, as a statement one can paste.
            assert "SELECT reverses, count(*) FROM records" in str(refusal.value)
            with engine.begin() as conn:
                conn.execute(text("DELETE FROM records WHERE id = 'r3'"))
            _upgrade(engine, "head")
            schema = inspect(engine)
            for table in RECORD_TABLES.values():
                indexes = {i["name"]: i for i in schema.get_indexes(table.name)}
                assert indexes[f"uq_{table.name}_reverses"]["unique"], table.name
                assert indexes[f"uq_{table.name}_reverses"]["column_names"] == ["reverses"]
            assert "ix_records_reverses" not in {i["name"] for i in schema.get_indexes("records")}
            assert "ix_pickups_reverses" not in {i["name"] for i in schema.get_indexes("pickups")}
        finally:
            engine.dispose()
