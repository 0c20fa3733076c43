"""The nightly backup script's dump restores into a fresh database with the same report.

Runs deploy/central/kiosk-central-backup (pg_dump) on a PostgreSQL schema holding synced
records, restores it with pg_restore into a new database, and asks central's report both.
"""

import os
import shutil
import subprocess
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.orm import Session

from central.core.config import Settings
from central.main import create_app
from central.services import effect
from tests.central.conftest import enrol_kiosk
from tests.helpers.servers import PG_ENV, pg_schema_url

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "central" / "kiosk-central-backup"

pytestmark = pytest.mark.skipif(
    not (shutil.which("pg_dump") and shutil.which("pg_restore") and os.environ.get(PG_ENV)),
    reason="needs pg_dump, pg_restore and PostgreSQL",
)


def report(db_url: str) -> list[tuple[object, list[int]]]:
    engine = create_engine(db_url)
    with Session(engine) as session:
        # Every year a record can carry, so the comparison covers the whole database.
        report = effect.effect_report(session=session, years=list(range(2000, 2100)))
        rows = [(row, report.rows[row]) for row in report.rows]
    engine.dispose()
    return rows


def test_a_nightly_dump_restores_to_the_same_report(tmp_path: Path) -> None:
    base = make_url(os.environ[PG_ENV])
    libpq = {"PGHOST": base.host or "127.0.0.1", "PGPORT": str(base.port or 5432)}
    libpq["PGUSER"] = base.username or "postgres"
    backups = tmp_path / "backups"
    backups.mkdir()
    old, recent = backups / "central-2026-01-01T000000Z.dump", backups / "central-recent.dump"
    for path, days in ((old, 31), (recent, 29)):
        path.write_bytes(b"older backup")
        stamp = time.time() - days * 86_400
        os.utime(path, (stamp, stamp))

    with pg_schema_url() as db_url:
        app = create_app(Settings(db_url=db_url, data_dir=tmp_path, secret="s"))
        with TestClient(app, base_url="http://central") as api:
            kiosk = enrol_kiosk(app, api)
            records = [kiosk.record(weight_g=1000 + n, category="wood") for n in range(40)]
            records += [kiosk.record(weight_g=2500, category="metal") for _ in range(10)]
            answer = api.post("/api/v1/batches", json=kiosk.batch(records), headers=kiosk.auth)
            assert answer.status_code == 200, answer.text
        app.state.engine.dispose()
        before = report(db_url)
        assert sum(sum(columns) for _, columns in before) > 0
        schema = make_url(db_url).query["options"].removeprefix("-csearch_path=")

        done = subprocess.run(
            [str(SCRIPT), "--schema", schema, base.database or "test"],
            env={**os.environ, **libpq, "BACKUP_DIR": str(backups)},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        dump = Path(done.stdout.strip())
        assert dump.exists() and dump.stat().st_size > 0
        assert (old.exists(), recent.exists()) == (False, True)  # 30 days kept, older gone

        fresh = f"restore_{uuid.uuid4().hex[:10]}"
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{fresh}"'))
        try:
            restored = subprocess.run(
                ["pg_restore", "--no-owner", "--dbname", fresh, str(dump)],
                env={**os.environ, **libpq},
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert restored.returncode == 0, restored.stderr
            fresh_url = base.set(database=fresh).render_as_string(hide_password=False)
            after = report(f"{fresh_url}?options={quote(f'-csearch_path={schema}')}")
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)'))
            admin.dispose()
    assert after == before
