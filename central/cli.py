"""The `kiosk-central` command: serve the API, add stations, issue enrolment codes, report.

Every command migrates the database first, so each works on a fresh machine.
"""

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path


def _settings(args: argparse.Namespace):
    from central.core.config import Settings

    overrides = {"db_url": args.db_url} if args.db_url else {}
    return Settings.from_env(**overrides)


def _key(settings) -> bytes:
    from central.core.secret import server_key

    return server_key(secret=settings.secret, data_dir=settings.resolved_data_dir())


def _session(args: argparse.Namespace):
    from sqlalchemy.orm import Session

    from central.db import prepare

    return Session(prepare(_settings(args).db_url), expire_on_commit=False)


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from central.api.main import create_app

    settings = _settings(args)
    host = args.host or settings.host
    port = args.port or settings.port
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")
    return 0


def _add_station(args: argparse.Namespace) -> int:
    from central.services import stations

    with _session(args) as session:
        stations.add_station(session=session, station_id=args.station_id, name=args.name)
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


def format_kg(grams: int) -> str:
    """Whole kilograms with a thousands comma, as in the pilot's report: 4,043."""
    return f"{round(grams / 1000):,}"


def _report(args: argparse.Namespace) -> int:
    from central.services import reports

    with _session(args) as session:
        rows = reports.yearly_report(session=session, year=args.year)
    for row in rows:
        print(
            f"{row.station_id} {row.year}: {format_kg(row.reused_g)} kg reused and "
            f"{format_kg(row.recycling_g)} kg sent to material recycling "
            f"({format_kg(row.hazardous_g)} kg hazardous; "
            f"{format_kg(row.reuse_in_g)} kg left for reuse)"
        )
    if not rows:
        print("no records", file=sys.stderr)
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
    serve.set_defaults(func=_serve)

    station = sub.add_parser("add-station", help="add or rename a station")
    station.add_argument("station_id")
    station.add_argument("name")
    station.set_defaults(func=_add_station)

    code = sub.add_parser("enrol-code", help="issue a one-time enrolment code for a station")
    code.add_argument("station_id")
    code.add_argument("--hours", type=int, help="hours the code stays valid (default 72)")
    code.set_defaults(func=_enrol_code)

    report = sub.add_parser("report", help="kg per station per year: reused vs recycled")
    report.add_argument("--year", type=int)
    report.set_defaults(func=_report)

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
