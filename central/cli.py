"""The `kiosk-central` command: serve the API, add stations, issue enrolment codes, report.

Settings come from the service's environment file (as the systemd unit reads it), then the
process environment, then --db-url. Commands that add data create a fresh database, so each
works on a fresh machine; commands that only read refuse a database central never made; and
an existing database with migrations pending is left to `migrate`, which backs it up first.
"""

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from central.core import clock

if TYPE_CHECKING:  # imported lazily at run time, so `--help` stays fast
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from central.core.config import Settings


def _settings(args: argparse.Namespace) -> "Settings":
    from pydantic import ValidationError

    from central.core.config import Settings

    overrides = {"db_url": args.db_url} if args.db_url else {}
    try:
        return Settings.from_env(args.environment.values, **overrides)
    except ValidationError as exc:
        # One line per bad setting, named as in the environment; central does not start.
        lines = [
            f"KIOSK_CENTRAL_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}"
            for e in exc.errors()
        ]
        raise SystemExit("refused to start, a setting is wrong:\n" + "\n".join(lines)) from None


def _announce(args: argparse.Namespace, url: str) -> None:
    """Say which database this command uses (stderr, so stdout stays the command's output)."""
    from central.db import shown_url

    if args.db_url:
        source = "--db-url"
    elif "KIOSK_CENTRAL_DB_URL" not in args.environment.values:
        source = "default; no KIOSK_CENTRAL_DB_URL"
    elif args.environment.source and "KIOSK_CENTRAL_DB_URL" not in os.environ:
        source = str(args.environment.source)
    else:
        source = "environment"
    print(f"kiosk-central: database {shown_url(url)} ({source})", file=sys.stderr)


def _key(settings: "Settings") -> bytes:
    from central.core.fingerprint import check_secret
    from central.core.secret import server_key
    from central.db import prepare

    key = server_key(secret=settings.secret, data_dir=settings.resolved_data_dir())
    engine = prepare(settings.db_url)
    try:
        check_secret(engine, key)  # a code made with another secret would never work
    finally:
        engine.dispose()
    return key


def _engine(args: argparse.Namespace, url: str, *, reads_only: bool = False) -> "Engine":
    """The configured database, ready: a fresh one is created at the newest schema (unless
    ``reads_only``), but an existing one with migrations pending is refused: an upgrade goes
    through `kiosk-central migrate`, which takes a backup first."""
    from central import __version__
    from central.db import (
        DatabaseError,
        existing_engine,
        make_engine,
        migrate,
        pending_revisions,
        seed_catalogue,
    )

    _announce(args, url)
    engine = existing_engine(url) if reads_only else make_engine(url)
    current, pending = pending_revisions(engine)
    if current is not None and pending:
        engine.dispose()
        raise DatabaseError(
            f"the database is at schema revision {current}, and this release of central "
            f"({__version__}) needs {pending[-1]}: run `kiosk-central migrate` first, which "
            "backs the database up and then migrates it (docs/deploy-central.md, "
            "'Upgrade and rollback')"
        )
    migrate(engine)
    seed_catalogue(engine)
    return engine


@contextmanager
def _session(args: argparse.Namespace, *, reads_only: bool = False) -> Iterator["Session"]:
    """A session on the configured database, its engine closed after; ``reads_only``
    commands never create one."""
    from sqlalchemy.orm import Session

    engine = _engine(args, _settings(args).db_url, reads_only=reads_only)
    try:
        with Session(engine, expire_on_commit=False) as session:
            yield session
    finally:
        engine.dispose()


def _metrics_folder(args: argparse.Namespace, settings: "Settings") -> None:
    """Prometheus' multiprocess mode: every worker writes its counts to files in one folder,
    and whichever worker answers /metrics adds them all up. Emptied at each start, so counts
    of a previous run (another schema, a rolled-back release) never leak into this one."""
    import shutil

    folder = Path(
        args.environment.values.get("PROMETHEUS_MULTIPROC_DIR")
        or settings.resolved_data_dir() / "prometheus"
    )
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(mode=0o700, parents=True)
    # Read by prometheus_client at import, in this process and in each worker it starts.
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)


def _serve(args: argparse.Namespace) -> int:
    settings = _settings(args)
    # Migrated (or refused) once here, before any worker starts, so they never race on it.
    _engine(args, settings.db_url).dispose()
    if settings.metrics_enabled:
        _metrics_folder(args, settings)
    import uvicorn

    from central.core.logs import log_config
    from central.main import create_app

    logs = log_config(settings.log_format)
    host = args.host or settings.host
    port = args.port or settings.port
    if args.workers <= 1:
        uvicorn.run(create_app(settings), host=host, port=port, log_config=logs)
        return 0
    # Several processes behind one port: uvicorn's supervisor starts each worker from an
    # import string, so the workers read their settings from the environment, --db-url too.
    _key(settings)  # made once here too, so two workers never both create secret.key
    # The workers build their settings from os.environ: give them the file's values too.
    for name, value in args.environment.values.items():
        os.environ.setdefault(name, value)
    if args.db_url:
        os.environ["KIOSK_CENTRAL_DB_URL"] = args.db_url
    # One admission limit for central as a whole, not one per worker: on a shared core the
    # workers' limits would add up (docs/benchmarks.md, issue 24). Made before any worker.
    import tempfile

    from central.core.shared_admission import SharedAdmission

    shm = Path("/dev/shm")
    folder = shm if shm.is_dir() else Path(tempfile.gettempdir())
    admission = folder / f"kiosk-central-admission-{os.getpid()}"
    SharedAdmission.create(admission)
    os.environ["KIOSK_CENTRAL_ADMISSION_FILE"] = str(admission)
    try:
        uvicorn.run(
            "central.main:create_app",
            factory=True,
            host=host,
            port=port,
            workers=args.workers,
            log_config=logs,
        )
    finally:
        admission.unlink(missing_ok=True)
    return 0


def _add_station(args: argparse.Namespace) -> int:
    now = clock.now()
    from central.errors import DomainError
    from central.services import stations

    with _session(args) as session:
        try:
            stations.add_station(
                now=now, session=session, station_id=args.station_id, name=args.name
            )
        except DomainError as exc:
            print(f"refused: {exc.message}", file=sys.stderr)
            return 1
        session.commit()
    print(f"station {args.station_id}: {args.name}")
    return 0


def _enrol_code(args: argparse.Namespace) -> int:
    now = clock.now()
    from central.errors import DomainError
    from central.services import stations

    settings = _settings(args)
    hours = args.hours or settings.enrol_code_ttl_hours
    with _session(args) as session:
        try:
            code, expires = stations.issue_enrol_code(
                now=now,
                session=session,
                key=_key(settings),
                station_id=args.station_id,
                ttl=timedelta(hours=hours),
            )
        except DomainError as exc:
            print(exc.message, file=sys.stderr)
            return 1
        session.commit()
    print(code)
    print(
        f"one-time code for {args.station_id}, valid until {expires:%Y-%m-%d %H:%M} UTC",
        file=sys.stderr,
    )
    return 0


def _years(text: str) -> list[int]:
    """2023, or a range 2021-2023, by the one rule (central.services.effect.parse_years)."""
    from central.errors import DomainError
    from central.services.effect import parse_years

    try:
        return parse_years(text, name="--year")
    except DomainError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def _day(text: str) -> date:
    """A cut-off day as 30.11.2023 (as the pilot wrote it) or 2023-11-30."""
    if "." in text:
        return datetime.strptime(text, "%d.%m.%Y").date()
    return date.fromisoformat(text)


def _report(args: argparse.Namespace) -> int:
    from central.errors import DomainError
    from central.services import effect, effect_output

    with _session(args, reads_only=True) as session:
        try:
            report = effect.effect_report(
                session=session,
                years=args.year,
                station_id=args.station,
                months=args.months,
                cutoff=args.cutoff,
                as_of=effect.as_of_moment(args.as_of) if args.as_of else None,
                hazardous_detail=args.format in ("csv", "xlsx"),
            )
        except DomainError as exc:
            print(exc.message, file=sys.stderr)
            return 1
    if args.format == "text":
        print(effect_output.as_text(report))
        return 0
    if args.format == "json":
        data = json.dumps(effect_output.as_json(report), indent=2, ensure_ascii=False).encode()
    else:
        data = getattr(effect_output, f"as_{args.format}")(report)
    if args.output:
        Path(args.output).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
    return 0


def _export_records(args: argparse.Namespace) -> int:
    from central.services.records_export import records_csv

    with _session(args, reads_only=True) as session:
        data = records_csv(session=session, station_id=args.station)
    Path(args.output).write_bytes(data)
    return 0


def _gaps(args: argparse.Namespace) -> int:
    from central.services import sequence

    with _session(args, reads_only=True) as session:
        state = sequence.sequence_state(session=session, device_id=args.device_id)
    print(state.model_dump_json(indent=2))
    return 0


def _publish_catalog(args: argparse.Namespace) -> int:
    now = clock.now()
    from central.errors import DomainError
    from central.services import catalogue

    document = json.loads(Path(args.file).read_text("utf-8"))
    with _session(args) as session:
        try:
            row = catalogue.publish_catalogue(now=now, session=session, document=document)
        except (DomainError, ValueError, KeyError) as exc:
            print(f"refused: {exc}", file=sys.stderr)
            return 1
        session.commit()
    print(f"catalogue version {row.version} published")
    return 0


def _reclassify(args: argparse.Namespace) -> int:
    now = clock.now()
    import getpass

    from central.errors import DomainError
    from central.services.reclassify import reclassify

    with _session(args) as session:
        try:
            row = reclassify(
                now=now,
                session=session,
                code=args.code,
                kind=args.kind,
                note=args.note,
                actor=f"cli:{args.actor or getpass.getuser()}"[:64],
            )
        except DomainError as exc:
            print(f"refused: {exc.message}", file=sys.stderr)
            return 1
        session.commit()
    print(f"{args.code} is now {args.kind}: catalogue version {row.version}, reports restated")
    return 0


def _import(args: argparse.Namespace) -> int:
    from central.errors import DomainError
    from central.importer import import_export

    settings = _settings(args)
    with _session(args) as session:
        try:
            done = import_export(
                session=session,
                folder=Path(args.folder),
                max_weight_g=settings.max_weight_g,
                batch_records=settings.max_batch_records,
            )
        except DomainError as exc:
            session.rollback()
            where = f" (record {exc.record_id})" if exc.record_id else ""
            print(f"refused, nothing imported: {exc}{where}", file=sys.stderr)
            return 1
        session.commit()
    print(
        f"imported {done.count} records from {', '.join(done.devices) or 'no device'}: "
        f"{done.inserted} new, {done.duplicates} already here"
    )
    return 0


def _import_door_events(args: argparse.Namespace) -> int:

    from central.services import door_events

    refused = 0

    def report(refusal: "door_events.Refusal") -> None:
        nonlocal refused
        refused += 1
        # Row numbers count data lines after the header, as a spreadsheet user sees them + 1.
        print(f"row {refusal.row}: {refusal.code}: {refusal.message}", file=sys.stderr)

    # Read as it is stored, a chunk of rows at a time: a year's log never sits in memory.
    # A byte that is not UTF-8 becomes a lone surrogate, which refuses only its own row.
    try:
        # Closed by the `with` below, which also holds the session; opened first so that a
        # missing file is one line, not a database opened for nothing.
        file = Path(args.file).open(encoding="utf-8", errors="surrogateescape", newline="")  # noqa: SIM115
    except OSError as exc:
        print(f"refused, nothing imported: {exc}", file=sys.stderr)
        return 1
    with file, _session(args) as session:
        try:
            rows = door_events.read_csv(file)
        except ValueError as exc:
            print(f"refused, nothing imported: {exc}", file=sys.stderr)
            return 1
        done = door_events.store_events(
            session=session, rows=rows, source="csv", now=clock.now(), refused=report
        )
        session.commit()
    print(f"door events: {done.inserted} new, {done.duplicates} already here, {refused} refused")
    return 1 if refused else 0


def _import_pickups(args: argparse.Namespace) -> int:

    from central.errors import DomainError
    from central.services import pickups
    from contract.records import PickupSource

    with _session(args) as session:
        try:
            rows = pickups.read_file(Path(args.file))
            done = pickups.store_pickups(
                session=session, rows=rows, source=PickupSource.IMPORT, now=clock.now()
            )
        except (DomainError, OSError) as exc:
            session.rollback()
            print(f"refused, nothing imported: {exc}", file=sys.stderr)
            return 1
        session.commit()
    # Each row's outcome, numbered as data lines after the header (a spreadsheet's row - 1).
    for row in done.imported:
        print(f"row {row}: imported")
    for row in done.repeats:
        print(f"row {row}: skipped, the same ticket is already here")
    for refusal in done.refused:
        print(f"row {refusal.row}: refused: {refusal.field}: {refusal.message}", file=sys.stderr)
    print(
        f"pickups: {len(done.imported)} imported, {len(done.repeats)} skipped as repeats, "
        f"{len(done.refused)} refused"
    )
    return 1 if done.refused else 0


def _import_history(args: argparse.Namespace) -> int:
    now = clock.now()
    import getpass

    from central.services import auth, effect_history

    try:
        rows = effect_history.read_csv(Path(args.file).read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        print(f"refused, nothing imported: {exc}", file=sys.stderr)
        return 1
    actor = f"cli:{getpass.getuser()}"[:64]
    with _session(args) as session:
        done = effect_history.import_rows(session=session, rows=rows, actor=actor, now=clock.now())
        refused = len(done.refused)
        summary = f"{done.imported} imported, {done.unchanged} unchanged, {refused} refused"
        auth.record(now=now, session=session, actor=actor, action="import_history",
                    target=Path(args.file).name[:200], detail=summary)  # fmt: skip
        session.commit()
    for refusal in done.refused:
        # Row numbers count data lines after the header, as a spreadsheet user sees them + 1.
        print(f"row {refusal.row}: {refusal.field}: {refusal.reason}", file=sys.stderr)
    print(f"history: {summary}")
    return 1 if done.refused else 0


def _add_user(args: argparse.Namespace) -> int:
    now = clock.now()
    import getpass
    import os

    from central.services import auth

    # Non-interactive installs pass the password in the environment, never on the command line.
    password = os.environ.get("KIOSK_CENTRAL_NEW_PASSWORD")
    if not password:
        password = getpass.getpass("Password: ")
        # Typed unseen, so typed twice: a slip would lock the first admin out at once.
        if getpass.getpass("Password again: ") != password:
            print("refused: the two passwords differ", file=sys.stderr)
            return 1
    with _session(args) as session:
        try:
            auth.add_user(
                now=now, session=session, username=args.username, password=password, role=args.role
            )
        except ValueError as exc:
            print(f"refused: {exc}", file=sys.stderr)
            return 1
        auth.record(
            now=now,
            session=session,
            actor="cli",
            action="add_user",
            target=args.username,
            detail=args.role,
        )
        session.commit()
    print(f"user {args.username} ({args.role}) added; sign in at the console's /login")
    return 0


def _set_disabled(args: argparse.Namespace) -> int:
    now = clock.now()
    from central.services import auth

    disabled = args.command == "disable-user"
    with _session(args) as session:
        try:
            auth.set_disabled(now=now, session=session, username=args.username, disabled=disabled)
        except ValueError as exc:
            print(f"refused: {exc}", file=sys.stderr)
            return 1
        action = "disable_user" if disabled else "enable_user"
        auth.record(now=now, session=session, actor="cli", action=action, target=args.username)
        session.commit()
    state = "disabled; every session of theirs has ended" if disabled else "enabled"
    print(f"user {args.username} {state}")
    return 0


def _revoke(args: argparse.Namespace) -> int:
    now = clock.now()
    from central.errors import DomainError
    from central.services import auth
    from central.services.revocation import revoke_device

    with _session(args, reads_only=True) as session:
        try:
            device = revoke_device(now=now, session=session, device_id=args.device_id)
        except DomainError as exc:
            print(exc.message, file=sys.stderr)
            return 1
        auth.record(now=now, session=session, actor="cli", action="revoke_device", target=device.id)
        session.commit()
    print(f"device {device.id} revoked at {device.revoked_at:%Y-%m-%d %H:%M} UTC")
    return 0


def _migrate(args: argparse.Namespace) -> int:
    import logging.config

    from central import __version__
    from central.core.logs import log_config
    from central.db import make_engine, migrate, pending_revisions, seed_catalogue
    from central.snapshot import take_snapshot

    settings = _settings(args)
    logging.config.dictConfig(log_config(settings.log_format))  # the per-step lines
    _announce(args, settings.db_url)
    engine = make_engine(settings.db_url)
    current, pending = pending_revisions(engine)
    if not pending:
        print(f"central {__version__}: schema at {current}, nothing to migrate")
        return 0
    if current is not None:
        folder = args.backup_dir or settings.resolved_data_dir() / "backups"
        path = take_snapshot(settings.db_url, folder=folder, label=f"before-{pending[-1]}")
        print(f"backup of schema {current} taken: {path}", file=sys.stderr)
    migrate(engine)
    seed_catalogue(engine)
    engine.dispose()
    print(f"central {__version__}: schema {current or 'new'} -> {pending[-1]}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk-central", description=__doc__)
    parser.add_argument(
        "--env-file",
        type=Path,
        help="the service's settings file (default: $KIOSK_CENTRAL_ENV_FILE, else "
        "/etc/kiosk-central/env if it exists); the process environment overrides it",
    )
    parser.add_argument(
        "--db-url",
        help="database URL (default: KIOSK_CENTRAL_DB_URL from the environment file or the "
        "environment, else a SQLite file in the platform's data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    serve = sub.add_parser("serve", help="run the HTTP API")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default 8000)")
    serve.add_argument(
        "--workers", type=int, default=1, help="worker processes behind the port (default 1)"
    )
    serve.set_defaults(func=_serve)

    migrate = sub.add_parser(
        "migrate",
        help="the upgrade step: back the database up, then run each pending migration",
    )
    migrate.add_argument(
        "--backup-dir",
        type=Path,
        help="where the pre-upgrade backup goes (default: backups/ in the data folder)",
    )
    migrate.set_defaults(func=_migrate)

    station = sub.add_parser("add-station", help="add or rename a station")
    station.add_argument("station_id")
    station.add_argument("name")
    station.set_defaults(func=_add_station)

    code = sub.add_parser("enrol-code", help="issue a one-time enrolment code for a station")
    code.add_argument("station_id")
    code.add_argument("--hours", type=int, help="hours the code stays valid (default 72)")
    code.set_defaults(func=_enrol_code)

    report = sub.add_parser(
        "report", help="the effect report: the pilot's five rows per year or month (Oslo days)"
    )
    report.add_argument("--station", help="a station id (default: all stations)")
    report.add_argument(
        "--year", type=_years, required=True, help="a year, or a range such as 2021-2023"
    )
    report.add_argument("--months", action="store_true", help="months as columns")
    report.add_argument("--cutoff", type=_day, help="last day counted: 30.11.2023 or 2023-11-30")
    report.add_argument(
        "--as-of",
        help="only records central had received by then: a day (end of that Oslo day, "
        "2024-02-01 or 01.02.2024) or a moment (2024-02-01T12:00, Oslo time)",
    )
    report.add_argument("--format", choices=("text", "json", "csv", "xlsx"), default="text")
    report.add_argument("--output", help="file to write (csv, xlsx, json); default stdout")
    report.set_defaults(func=_report)

    export = sub.add_parser(
        "export-records",
        help="CSV of deposits for Excel (semicolons, decimal comma, reversals negative)",
    )
    export.add_argument("output", help="the CSV file to write")
    export.add_argument("--station", help="a station id (default: all stations)")
    export.set_defaults(func=_export_records)

    gaps = sub.add_parser("gaps", help="a device's highest contiguous seq and its gaps")
    gaps.add_argument("device_id")
    gaps.set_defaults(func=_gaps)

    publish = sub.add_parser("publish-catalog", help="publish a newer catalogue (JSON file)")
    publish.add_argument("file")
    publish.set_defaults(func=_publish_catalog)

    reclass = sub.add_parser(
        "reclassify",
        help="give a category a new kind (e.g. residual): a new catalogue version, every "
        "report restated, an audit line",
    )
    reclass.add_argument("code", help="the category code, e.g. residual_bulky")
    reclass.add_argument("kind", help="recycling, residual, hazardous or reuse")
    reclass.add_argument("--note", required=True, help="why: goes into the audit log")
    reclass.add_argument("--actor", help="who (default: the system user)")
    reclass.set_defaults(func=_reclassify)

    importer = sub.add_parser(
        "import", help="import a kiosk's `kiosk export` folder (a USB stick); never doubles"
    )
    importer.add_argument("folder")
    importer.set_defaults(func=_import)

    door = sub.add_parser(
        "import-door-events",
        help="import the key system's access-log CSV; identity columns are dropped, "
        "repeats skipped",
    )
    door.add_argument("file")
    door.set_defaults(func=_import_door_events)

    tickets = sub.add_parser(
        "import-pickups",
        help="import weighbridge tickets (CSV or XLSX, docs/pickups.md); a ticket never counts "
        "twice, bad rows refused by number and field, good rows kept",
    )
    tickets.add_argument("file")
    tickets.set_defaults(func=_import_pickups)

    history = sub.add_parser(
        "import-history",
        help="import figures no kiosk recorded (CSV, docs/effect-history.md); bad rows refused "
        "by number, good rows kept",
    )
    history.add_argument("file")
    history.set_defaults(func=_import_history)

    user = sub.add_parser("add-user", help="add a console user (the first one: --role admin)")
    user.add_argument("username")
    user.add_argument("--role", choices=("admin", "operator", "viewer"), default="admin")
    user.set_defaults(func=_add_user)
    for name, help_text in (
        ("disable-user", "disable a console user (staff who left): signs them out everywhere"),
        ("enable-user", "enable a disabled console user again"),
    ):
        toggle = sub.add_parser(name, help=help_text)
        toggle.add_argument("username")
        toggle.set_defaults(func=_set_disabled)

    revoke = sub.add_parser("revoke", help="revoke a device: its token stops working at once")
    revoke.add_argument("device_id")
    revoke.set_defaults(func=_revoke)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from central.core.fingerprint import SecretMismatch

    args = build_parser().parse_args(argv)
    from central.core import envfile
    from central.db import DatabaseError
    from central.errors import DomainError

    try:
        args.environment = envfile.load(args.env_file)
        return int(args.func(args) or 0)
    except (envfile.EnvFileError, DatabaseError) as exc:
        print(f"kiosk-central: {exc}", file=sys.stderr)
        return 2
    except SecretMismatch as exc:
        print(f"kiosk-central: refusing to start: {exc}", file=sys.stderr)
        return 2
    except DomainError as exc:  # e.g. `gaps` of a device that was never enrolled
        print(f"kiosk-central: {exc.message}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
