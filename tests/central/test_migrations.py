"""Migration 0002 on a database that already holds devices and records from 0001."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text

from central.db import SCRIPT_LOCATION


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
