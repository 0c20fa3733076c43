"""The `kiosk-central` command: serve the API, add stations, issue enrolment codes, report.

Every command migrates the database first, so each works on a fresh machine.
"""

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported lazily at run time, so `--help` stays fast
    from sqlalchemy.orm import Session

    from central.core.config import Settings


def _settings(args: argparse.Namespace) -> "Settings":
    from pydantic import ValidationError

    from central.core.config import Settings

    overrides = {"db_url": args.db_url} if args.db_url else {}
    try:
        return Settings.from_env(**overrides)
    except ValidationError as exc:
        # One line per bad setting, named as in the environment; central does not start.
        lines = [
            f"KIOSK_CENTRAL_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}"
            for e in exc.errors()
        ]
        raise SystemExit("refused to start, a setting is wrong:\n" + "\n".join(lines)) from None


def _key(settings: "Settings") -> bytes:
    from central.core.secret import server_key

    return server_key(secret=settings.secret, data_dir=settings.resolved_data_dir())


def _session(args: argparse.Namespace) -> "Session":
    from sqlalchemy.orm import Session

    from central.db import prepare

    return Session(prepare(_settings(args).db_url), expire_on_commit=False)


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from central.api.main import create_app

    settings = _settings(args)
    host = args.host or settings.host
    port = args.port or settings.port
    if args.workers <= 1:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="info")
        return 0
    # Several processes behind one port: uvicorn's supervisor starts each worker from an
    # import string, so the workers read their settings from the environment, --db-url too.
    # Migrate once here, before the workers start, so they never race each other on it.
    from central.db import prepare

    prepare(settings.db_url).dispose()
    _key(settings)  # made once here too, so two workers never both create secret.key
    if args.db_url:
        os.environ["KIOSK_CENTRAL_DB_URL"] = args.db_url
    uvicorn.run(
        "central.api.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=args.workers,
        log_level="info",
    )
    return 0


def _add_station(args: argparse.Namespace) -> int:
    from central.errors import DomainError
    from central.services import stations

    with _session(args) as session:
        try:
            stations.add_station(session=session, station_id=args.station_id, name=args.name)
        except DomainError as exc:
            print(f"refused: {exc.message}", file=sys.stderr)
            return 1
        session.commit()
    print(f"station {args.station_id}: {args.name}")
    return 0


def _enrol_code(args: argparse.Namespace) -> int:
    from central.errors import DomainError
    from central.services import stations

    settings = _settings(args)
    hours = args.hours or settings.enrol_code_ttl_hours
    with _session(args) as session:
        try:
            code, expires = stations.issue_enrol_code(
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
    """2023, or a range 2021-2023."""
    first, _, last = text.partition("-")
    return list(range(int(first), int(last or first) + 1))


def _day(text: str) -> date:
    """A cut-off day as 30.11.2023 (as the pilot wrote it) or 2023-11-30."""
    if "." in text:
        return datetime.strptime(text, "%d.%m.%Y").date()
    return date.fromisoformat(text)


def _report(args: argparse.Namespace) -> int:
    from central.errors import DomainError
    from central.services import effect, effect_output

    with _session(args) as session:
        try:
            report = effect.effect_report(
                session=session,
                years=args.year,
                station_id=args.station,
                months=args.months,
                cutoff=args.cutoff,
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

    with _session(args) as session:
        data = records_csv(session=session, station_id=args.station)
    Path(args.output).write_bytes(data)
    return 0


def _gaps(args: argparse.Namespace) -> int:
    from central.services import sequence

    with _session(args) as session:
        state = sequence.sequence_state(session=session, device_id=args.device_id)
    print(state.model_dump_json(indent=2))
    return 0


def _publish_catalog(args: argparse.Namespace) -> int:
    from central.errors import DomainError
    from central.services import catalogue

    document = json.loads(Path(args.file).read_text("utf-8"))
    with _session(args) as session:
        try:
            row = catalogue.publish_catalogue(session=session, document=document)
        except (DomainError, ValueError, KeyError) as exc:
            print(f"refused: {exc}", file=sys.stderr)
            return 1
        session.commit()
    print(f"catalogue version {row.version} published")
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
    from datetime import UTC, datetime

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
            session=session, rows=rows, source="csv", now=datetime.now(UTC), refused=report
        )
        session.commit()
    print(f"door events: {done.inserted} new, {done.duplicates} already here, {refused} refused")
    return 1 if refused else 0


def _add_user(args: argparse.Namespace) -> int:
    import getpass
    import os

    from central.console import auth

    # Non-interactive installs pass the password in the environment, never on the command line.
    password = os.environ.get("KIOSK_CENTRAL_NEW_PASSWORD") or getpass.getpass("Password: ")
    with _session(args) as session:
        try:
            auth.add_user(
                session=session, username=args.username, password=password, role=args.role
            )
        except ValueError as exc:
            print(f"refused: {exc}", file=sys.stderr)
            return 1
        auth.record(
            session=session, actor="cli", action="add_user", target=args.username, detail=args.role
        )
        session.commit()
    print(f"user {args.username} ({args.role}) added; sign in at the console's /login")
    return 0


def _revoke(args: argparse.Namespace) -> int:
    from central.console import auth
    from central.errors import DomainError
    from central.services.revocation import revoke_device

    with _session(args) as session:
        try:
            device = revoke_device(session=session, device_id=args.device_id)
        except DomainError as exc:
            print(exc.message, file=sys.stderr)
            return 1
        auth.record(session=session, actor="cli", action="revoke_device", target=device.id)
        session.commit()
    print(f"device {device.id} revoked at {device.revoked_at:%Y-%m-%d %H:%M} UTC")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk-central", description=__doc__)
    parser.add_argument(
        "--db-url",
        help="database URL (default: $KIOSK_CENTRAL_DB_URL, else a "
        "SQLite file in the platform's data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    serve = sub.add_parser("serve", help="run the HTTP API")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default 8000)")
    serve.add_argument(
        "--workers", type=int, default=1, help="worker processes behind the port (default 1)"
    )
    serve.set_defaults(func=_serve)

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

    user = sub.add_parser("add-user", help="add a console user (the first one: --role admin)")
    user.add_argument("username")
    user.add_argument("--role", choices=("admin", "operator", "viewer"), default="admin")
    user.set_defaults(func=_add_user)

    revoke = sub.add_parser("revoke", help="revoke a device: its token stops working at once")
    revoke.add_argument("device_id")
    revoke.set_defaults(func=_revoke)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
