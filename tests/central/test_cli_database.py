"""The real `kiosk-central` finds the service's database, says which, and never invents one.

Also the upgrade step (`migrate` backs up first) and the rollback: an older release refuses a
database a newer one migrated, and starts again on the restored pre-upgrade backup.
"""

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlalchemy import make_url

from central.db import SCRIPT_LOCATION
from tests.helpers.servers import pg_schema_url

REPO = Path(__file__).resolve().parents[2]
CLI = Path(sys.executable).with_name("kiosk-central")


def _head() -> str:
    """The newest revision of this release's migrations, whatever number it has reached."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


HEAD = _head()


def run(*args: str | Path, env: dict[str, str] | None = None, python_path: Path | None = None):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_CENTRAL_")}
    environ["KIOSK_CENTRAL_ENV_FILE"] = os.devnull  # an empty file: never the machine's own
    environ.update(env or {})
    command = [str(CLI), *map(str, args)]
    if python_path is not None:  # another release: its own copy of the packages
        environ["PYTHONPATH"] = str(python_path)
        command = [sys.executable, "-m", "central.cli", *map(str, args)]
    return subprocess.run(
        command, env=environ, capture_output=True, text=True, timeout=120, cwd=python_path
    )


def test_a_reading_command_never_creates_a_database(tmp_path: Path) -> None:
    db = tmp_path / "central.sqlite3"
    done = run("--db-url", f"sqlite:///{db}", "report", "--year", "2026")
    assert done.returncode == 2, done.stdout
    assert f"no central database at {db}" in done.stderr
    assert "--env-file" in done.stderr  # says what to do
    assert not db.exists()
    assert done.stdout == ""


def test_without_any_setting_it_refuses_instead_of_reporting_from_a_new_file(
    tmp_path: Path,
) -> None:
    """The service user without the service's settings: the platform's default SQLite."""
    home = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "share")}
    done = run("report", "--year", "2026", env=home)
    assert done.returncode == 2
    assert "no central database at" in done.stderr and "/etc/kiosk-central/env" in done.stderr
    assert "(default; no KIOSK_CENTRAL_DB_URL)" in done.stderr
    assert list(tmp_path.rglob("*.sqlite3")) == []


def test_the_environment_file_names_the_database_and_its_password_is_hidden(
    tmp_path: Path,
) -> None:
    with pg_schema_url() as url:
        secret_url = make_url(url).set(password="hunter2-secret")
        shown = secret_url.render_as_string(hide_password=False)
        env_file = tmp_path / "env"
        env_file.write_text(f"# as in deploy/central/env.example\nKIOSK_CENTRAL_DB_URL={shown}\n")
        added = run("--env-file", env_file, "add-station", "trosterud", "Trosterud")
        assert added.returncode == 0, added.stderr
        assert "hunter2-secret" not in added.stderr + added.stdout
        assert "postgresql+psycopg://postgres:***@" in added.stderr
        assert f"({env_file})" in added.stderr

        # Named by KIOSK_CENTRAL_ENV_FILE instead: the same database, with the station in it.
        named = {"KIOSK_CENTRAL_ENV_FILE": str(env_file)}
        listed = run("export-records", tmp_path / "r.csv", env=named)
        assert listed.returncode == 0, listed.stderr
        gaps = run("gaps", "nobody", env=named)
        assert (gaps.returncode, "'nobody' is not enrolled" in gaps.stderr) == (1, True)

        # The process environment overrides the file, as an operator's explicit setting should.
        other = tmp_path / "other.sqlite3"
        overridden = run(
            "--env-file",
            env_file,
            "gaps",
            "nobody",
            env={"KIOSK_CENTRAL_DB_URL": f"sqlite:///{other}"},
        )
        assert overridden.returncode == 2 and "no central database" in overridden.stderr


def test_a_missing_named_environment_file_is_an_error(tmp_path: Path) -> None:
    done = run("--env-file", tmp_path / "env", "report", "--year", "2026")
    assert done.returncode == 2
    assert f"no environment file at {tmp_path / 'env'}" in done.stderr
    (tmp_path / "env").mkdir()  # unreadable as a file: said in one line, no traceback
    done = run("--env-file", tmp_path / "env", "report", "--year", "2026")
    assert done.returncode == 2
    message = f"kiosk-central: cannot read {tmp_path / 'env'}: Is a directory"
    assert done.stderr.splitlines() == [message]


def new_release(tmp_path: Path) -> Path:
    """This release's packages plus one more migration: the release after this one."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    root = tmp_path / "next-release"
    for package in ("central", "contract", "assets"):
        ignore = shutil.ignore_patterns("__pycache__")
        shutil.copytree(REPO / package, root / package, ignore=ignore)
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    head = ScriptDirectory.from_config(config).get_current_head()
    (root / "central" / "migrations" / "versions" / "0099_next.py").write_text(
        '"""The next release\'s schema change."""\n'
        "import sqlalchemy as sa\nfrom alembic import op\n\n"
        f'revision = "0099_next"\ndown_revision = "{head}"\n'
        "branch_labels = None\ndepends_on = None\n\n\n"
        "def upgrade() -> None:\n"
        '    op.create_table("next_release_notes", sa.Column("id", sa.Integer, primary_key=True))\n'
    )
    return root


def test_upgrade_backs_up_first_and_rollback_restores_the_previous_release(tmp_path: Path) -> None:
    db = tmp_path / "central.sqlite3"
    env = {"KIOSK_CENTRAL_DB_URL": f"sqlite:///{db}", "KIOSK_CENTRAL_DATA_DIR": str(tmp_path)}
    assert run("add-station", "trosterud", "Trosterud", env=env).returncode == 0
    before = run("export-records", tmp_path / "before.csv", env=env)
    assert before.returncode == 0, before.stderr

    # The next release's upgrade step: a backup first, then its migration, logged.
    upgraded = run("migrate", env=env, python_path=new_release(tmp_path))
    assert upgraded.returncode == 0, upgraded.stderr
    (backup,) = (tmp_path / "backups").glob("central-*-before-0099_next.sqlite3")
    assert f"backup of schema {HEAD} taken" in upgraded.stderr
    assert f"schema migrated {HEAD} -> 0099_next" in upgraded.stderr

    # This (older) release refuses the newer schema, by name, with what to do.
    refused = run("export-records", tmp_path / "after.csv", env=env)
    assert refused.returncode == 2
    assert "schema revision 0099_next" in refused.stderr
    assert "restore the backup taken before the upgrade" in refused.stderr
    served = run("serve", "--port", "1", env=env)  # refused before it binds any port
    assert served.returncode == 2 and "0099_next" in served.stderr

    # Rollback: the pre-upgrade backup back in place, and this release works on it again.
    shutil.copyfile(backup, db)
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    again = run("export-records", tmp_path / "again.csv", env=env)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "again.csv").read_bytes() == (tmp_path / "before.csv").read_bytes()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]


def test_rollback_on_postgresql_restores_the_dump_migrate_took(tmp_path: Path) -> None:
    from sqlalchemy import create_engine, text

    with pg_schema_url() as url:
        env = {"KIOSK_CENTRAL_DB_URL": url, "KIOSK_CENTRAL_DATA_DIR": str(tmp_path)}
        assert run("add-station", "trosterud", "Trosterud", env=env).returncode == 0
        upgraded = run("migrate", env=env, python_path=new_release(tmp_path))
        assert upgraded.returncode == 0, upgraded.stderr
        (dump,) = (tmp_path / "backups").glob("central-*-before-0099_next.dump")
        refused = run("gaps", "nobody", env=env)
        assert refused.returncode == 2 and "schema revision 0099_next" in refused.stderr

        # The guide's rollback: the database as the dump has it, then the previous release.
        parsed = make_url(url)
        schema = str(parsed.query["options"]).removeprefix("-csearch_path=")
        admin = create_engine(parsed.difference_update_query(["options"]))
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
        libpq = parsed.set(drivername="postgresql").difference_update_query(["options"])
        restored = subprocess.run(
            ["pg_restore", "--no-owner", "--dbname", libpq.render_as_string(False), str(dump)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert restored.returncode == 0, restored.stderr
        again = run("export-records", tmp_path / "again.csv", env=env)
        assert again.returncode == 0, again.stderr
        gaps = run("gaps", "nobody", env=env)  # this release's schema, its error, not 0099's
        assert gaps.returncode == 1 and "'nobody' is not enrolled" in gaps.stderr
        assert run("enrol-code", "trosterud", env=env).returncode == 0  # the station is back


def test_a_release_with_new_migrations_leaves_them_to_migrate_which_backs_up_first(
    tmp_path: Path,
) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    db = tmp_path / "central.sqlite3"
    engine = create_engine(f"sqlite:///{db}")
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    with engine.begin() as conn:  # the database as the previous release left it
        config.attributes["connection"] = conn
        command.upgrade(config, "0007_report")
    engine.dispose()
    env = {"KIOSK_CENTRAL_DB_URL": f"sqlite:///{db}", "KIOSK_CENTRAL_DATA_DIR": str(tmp_path)}

    for command_line in (["add-station", "s", "S"], ["serve", "--port", "1"]):
        refused = run(*command_line, env=env)
        assert refused.returncode == 2, refused.stderr
        assert "at schema revision 0007_report" in refused.stderr
        assert "run `kiosk-central migrate` first" in refused.stderr
    assert not (tmp_path / "backups").exists()

    migrated = run("migrate", env=env)
    assert migrated.returncode == 0, migrated.stderr
    assert list((tmp_path / "backups").glob("central-*-before-*.sqlite3"))
    assert re.search(
        r"\+00:00 INFO central.db: schema migrated 0007_report -> 0008_id_bytes in \d+\.\d s",
        migrated.stderr,
    )
    assert run("add-station", "s", "S", env=env).returncode == 0


def test_migrate_on_postgresql_dumps_the_schema_before_it_changes_anything(tmp_path: Path) -> None:
    from central.snapshot import take_snapshot

    with pg_schema_url() as url:
        assert run("--db-url", url, "add-station", "trosterud", "Trosterud").returncode == 0
        dump = take_snapshot(url, folder=tmp_path / "backups", label="before-test")
        listing = subprocess.run(
            ["pg_restore", "--list", str(dump)], capture_output=True, text=True, check=True
        ).stdout
    assert " TABLE DATA " in listing and " stations " in listing
    assert not list((tmp_path / "backups").glob(".*.partial"))


def test_health_and_console_name_the_release(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    import kiosk
    from central import __version__
    from central.core.config import Settings
    from central.main import create_app

    # The one version, read from the installed metadata: a stale install would differ.
    assert __version__ == kiosk.__version__
    app = create_app(Settings(db_url=f"sqlite:///{tmp_path / 'c.sqlite3'}", data_dir=tmp_path))
    with TestClient(app, base_url="http://central") as client:
        assert client.get("/api/v1/health").json()["version"] == __version__
        login = client.get("/login")
    assert f"Minigjenbruk central {__version__}</footer>" in login.text
    app.state.engine.dispose()
