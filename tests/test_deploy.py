"""The deploy files start the program build.spec actually produces, and keep restarting it."""

import ast
import configparser
import os
import re
import shlex
import subprocess
from pathlib import Path

import kiosk

ROOT = Path(__file__).resolve().parents[1]


def spec_names() -> dict[str, str]:
    """The `name=` given to EXE and COLLECT in build.spec, resolved like PyInstaller would."""
    names = {}
    for node in ast.walk(ast.parse((ROOT / "build.spec").read_text("utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("EXE", "COLLECT"):
            (value,) = [k.value for k in node.keywords if k.arg == "name"]
            names[node.func.id] = (
                getattr(kiosk, value.id) if isinstance(value, ast.Name) else value.value
            )
    return names


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser


def test_build_spec_names_the_bundle_after_the_package() -> None:
    assert spec_names() == {"EXE": kiosk.NAME, "COLLECT": kiosk.NAME}


def test_systemd_unit_starts_the_bundles_entry_point() -> None:
    names = spec_names()
    service = unit(ROOT / "deploy" / "minigjenbruk-kiosk.service")["Service"]
    program = Path(service["ExecStart"].split()[0])
    assert (program.parent.name, program.name) == (names["COLLECT"], names["EXE"])
    assert service["Restart"] == "always"
    # SIGTERM to the kiosk alone: it stops its sync child itself (tests/ui/test_stop_signals).
    assert service["KillMode"] == "mixed"


def test_windows_loop_starts_the_bundles_entry_point() -> None:
    names = spec_names()
    script = (ROOT / "deploy" / "windows" / "minigjenbruk-kiosk.cmd").read_text("utf-8")
    assert f'\\{names["COLLECT"]}\\{names["EXE"]}.exe"' in script
    assert "goto loop" in script


def test_autostart_entry_starts_the_unit() -> None:
    entry = unit(ROOT / "deploy" / "minigjenbruk-kiosk.desktop")["Desktop Entry"]
    assert entry["Exec"] == "systemctl --user start minigjenbruk-kiosk.service"
    assert (ROOT / "deploy" / "minigjenbruk-kiosk.service").exists()


def test_central_unit_runs_the_production_command_with_workers() -> None:
    from central.cli import build_parser

    folder = ROOT / "deploy" / "central"
    command = unit(folder / "kiosk-central.service")["Service"]["ExecStart"].split()
    assert command[0].endswith("/kiosk-central")
    args = build_parser().parse_args(command[1:])
    assert (args.command, args.host, args.port) == ("serve", "127.0.0.1", 8000)
    assert args.workers >= 2
    backup = unit(folder / "kiosk-central-backup.service")["Service"]["ExecStart"]
    assert backup.endswith("/kiosk-central-backup")
    assert "OnCalendar" in unit(folder / "kiosk-central-backup.timer")["Timer"]
    assert "reverse_proxy 127.0.0.1:8000" in (folder / "Caddyfile").read_text("utf-8")


# The central guide (docs/deploy-central.md) and the files it installs agree with each other
# and with the code, so a new operator following it line by line ends with a working server.

CENTRAL = ROOT / "deploy" / "central"
GUIDE = ROOT / "docs" / "deploy-central.md"


def env_example() -> dict[str, str]:
    from central.core.envfile import parse

    return parse((CENTRAL / "env.example").read_text("utf-8"))


def test_the_database_role_is_the_service_user_everywhere() -> None:
    from sqlalchemy import make_url

    guide = GUIDE.read_text("utf-8")
    service = unit(CENTRAL / "kiosk-central.service")["Service"]
    url = make_url(env_example()["KIOSK_CENTRAL_DB_URL"])
    assert url.username == service["User"] == "kiosk-central"  # peer auth: OS user = role
    assert f"createuser {url.username}\n" in guide
    assert f"createdb --owner {url.username} {url.database}\n" in guide


def test_the_cli_reads_the_file_the_units_read() -> None:
    from central.core.envfile import DEFAULT_ENV_FILE

    for name in ("kiosk-central.service", "kiosk-central-backup.service"):
        assert unit(CENTRAL / name)["Service"]["EnvironmentFile"] == str(DEFAULT_ENV_FILE)
    assert f"/etc/kiosk-central/env\n" in GUIDE.read_text("utf-8")  # noqa: F541


def test_the_guide_installs_the_lock_and_the_wheel_from_a_clean_build() -> None:
    guide = GUIDE.read_text("utf-8")
    assert "pip install --require-hashes -r requirements/central.lock" in guide
    assert "pip install --no-deps minigjenbruk_kiosk-" in guide
    assert "scripts/build-wheel" in guide and (ROOT / "scripts" / "build-wheel").exists()


def test_the_secret_is_described_as_what_openssl_makes() -> None:
    text = (CENTRAL / "env.example").read_text("utf-8")
    assert "openssl rand -hex 32" in text and "32 random bytes" in text
    assert "64 random bytes" not in text + GUIDE.read_text("utf-8")


def test_the_guides_commands_exist_and_run_as_the_service_user() -> None:
    from central.cli import build_parser

    guide = GUIDE.read_text("utf-8")
    assert "alias kc='sudo -u kiosk-central /opt/kiosk-central/venv/bin/kiosk-central'" in guide
    lines = [line.split("#")[0] for line in guide.splitlines() if line.startswith("kc ")]
    commands = [shlex.split(line)[1:] for line in lines]
    expected = {"add-user", "add-station", "enrol-code", "report", "migrate"}
    assert {command[0] for command in commands} >= expected
    for command in commands:
        build_parser().parse_args(command)


def test_tls_with_regs_ca_or_caddys_internal_ca_is_written_down() -> None:
    guide = GUIDE.read_text("utf-8")
    caddyfile = (CENTRAL / "Caddyfile").read_text("utf-8")
    assert "#   tls /etc/caddy/certs/central.pem /etc/caddy/certs/central.key" in caddyfile
    assert "#   tls internal" in caddyfile
    # The key readable by Caddy (group caddy) and nobody else.
    assert "install -m 0640 -o root -g caddy central.key /etc/caddy/certs/central.key" in guide
    assert "pki/authorities/local/root.crt" in guide


def test_the_kiosk_guide_pins_the_ca_with_a_real_setting() -> None:
    from kiosk.settings import Settings as KioskSettings

    kiosk_guide = (ROOT / "docs" / "deploy.md").read_text("utf-8")
    enrolment = kiosk_guide.split("## 3.")[1].split("## 4.")[0]
    assert "being built" not in enrolment
    assert 'central_ca_file = "' in kiosk_guide
    assert "central_ca_file" in KioskSettings.__dataclass_fields__


def test_journald_limits_bound_centrals_namespace_only() -> None:
    service = unit(CENTRAL / "kiosk-central.service")["Service"]
    namespace = service["LogNamespace"]
    journald = (CENTRAL / "journald-kiosk-central.conf").read_text("utf-8")
    assert "SystemMaxUse=" in journald
    guide = GUIDE.read_text("utf-8")
    assert f"/etc/systemd/journald@{namespace}.conf" in guide
    assert "journald.conf.d" not in guide  # the host-wide drop-in folder
    assert f"journalctl --namespace={namespace}" in guide


def test_backup_units_fail_loudly_through_a_unit_that_ships() -> None:
    for path in [CENTRAL / "kiosk-central-backup.service",
                 CENTRAL / "pgbackrest" / "kiosk-central-pitr@.service"]:  # fmt: skip
        on_failure = unit(path)["Unit"]["OnFailure"]
        assert on_failure == "kiosk-central-failure@%n.service"
        assert (CENTRAL / "kiosk-central-failure@.service").exists()
        assert "kiosk-central-failure@.service" in GUIDE.read_text("utf-8")
    assert "STAMP_FILE" in unit(CENTRAL / "kiosk-central-backup.service")["Service"]["Environment"]
    # systemd expands $NAME itself: the shell's variables must be written $$NAME.
    report = unit(CENTRAL / "kiosk-central-failure@.service")["Service"]["ExecStart"]
    assert "$$msg" in report and re.search(r"(?<!\$)\$msg", report) is None
    stamp = "/var/lib/kiosk-central-backup/last-success"
    assert env_example()["KIOSK_CENTRAL_BACKUP_STAMP"] == stamp


def test_the_backup_dumps_centrals_database_and_a_failed_run_leaves_nothing(
    tmp_path: Path,
) -> None:
    """After a restore into another database, KIOSK_CENTRAL_DB_URL names it: the script
    dumps that one. A run that fails exits non-zero, keeps no partial file, moves no stamp."""
    from sqlalchemy import make_url

    from tests.helpers.servers import PG_ENV, pg_schema_url

    with pg_schema_url():
        base = make_url(os.environ[PG_ENV])
    backups, stamp = tmp_path / "backups", tmp_path / "last-success"
    backups.mkdir()
    (backups / ".central-2026-01-01T000000Z.dump.partial").write_bytes(b"a run that died")
    env = {
        **os.environ,
        "PGHOST": base.host or "127.0.0.1",
        "PGPORT": str(base.port or 5432),
        "PGUSER": base.username or "postgres",
        "BACKUP_DIR": str(backups),
        "STAMP_FILE": str(stamp),
        "KIOSK_CENTRAL_DB_URL": "postgresql+psycopg://kiosk-central@/kiosk_central_restored"
        "?host=/run/postgresql",
    }
    script = str(CENTRAL / "kiosk-central-backup")
    failed = subprocess.run([script], env=env, capture_output=True, text=True, timeout=60)
    assert failed.returncode != 0
    assert '"kiosk_central_restored" does not exist' in failed.stderr
    assert list(backups.iterdir()) == [] and not stamp.exists()

    env["KIOSK_CENTRAL_DB_URL"] = f"postgresql+psycopg://x@/{base.database}?host=/run/postgresql"
    done = subprocess.run([script], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()).stat().st_size > 0 and stamp.exists()


def test_point_in_time_recovery_files_name_one_stanza_and_the_drill_uses_their_settings() -> None:
    folder = CENTRAL / "pgbackrest"
    conf = configparser.ConfigParser(interpolation=None)
    conf.read(folder / "pgbackrest.conf", encoding="utf-8")
    (stanza,) = [name for name in conf.sections() if name != "global"]
    archiving = (folder / "postgresql-archiving.conf").read_text("utf-8")
    assert f"archive_command = 'pgbackrest --stanza={stanza} archive-push %p'" in archiving
    assert (
        f"--stanza={stanza} "
        in unit(folder / "kiosk-central-pitr@.service")["Service"]["ExecStart"]
    )
    for timer in ("full", "diff"):
        assert unit(folder / f"kiosk-central-pitr-{timer}.timer")["Timer"]["Unit"] == (
            f"kiosk-central-pitr@{timer}.service"
        )
    # The drill measures the recovery point with the archive_timeout that ships.
    (timeout,) = re.findall(r"^archive_timeout = (\d+)$", archiving, re.MULTILINE)
    drill = (ROOT / "bench" / "restore_drill.py").read_text("utf-8")
    assert f'"--archive-timeout", type=int, default={timeout})' in drill
    for option in ("compress-type", "start-fast"):
        assert f"{option}={conf['global'][option]}" in drill
