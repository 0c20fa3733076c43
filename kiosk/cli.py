"""The `kiosk` command: start the touchscreen app, or run one of its maintenance commands.

Heavy imports (Qt, Alembic, httpx) happen inside each command, so `kiosk --help` is
instant and the app's start-up pays only for what it shows.
"""

import argparse
import contextlib
import logging
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import __version__

if TYPE_CHECKING:  # the composition is imported only by the commands that need it
    from kiosk.composition import Kiosk


def _run_app(args: argparse.Namespace) -> int:
    if args.self_test:
        from kiosk.ui.selftest import run_self_test

        return run_self_test(data_copy=Path(args.data_dir) if args.data_dir else None)
    from kiosk.ui.app import run

    return run(data_dir=args.data_dir, windowed=args.windowed)


def _scale_test(args: argparse.Namespace) -> int:
    """Print live readings; exit 0 if the scale answered, 1 if it never did, 2 if unusable."""
    import contextlib
    from dataclasses import replace
    from datetime import datetime

    from kiosk.domain.weights import format_kg
    from kiosk.scale.reading import ReadingState

    kiosk = _kiosk(args)
    settings = kiosk.settings
    with contextlib.ExitStack() as stack:
        port = args.port
        if args.simulate:
            from kiosk.scale.pty_device import PtyMtSicsDevice
            from kiosk.scale.simulated import SimulatedLoad

            device = stack.enter_context(PtyMtSicsDevice(load=SimulatedLoad()))
            port = device.path
            print(f"Simulated MT-SICS scale on {port}")
        # The options only override settings; the driver is chosen where the app chooses it.
        if port is not None:
            settings = replace(settings, scale_driver="mtsics", scale_port=port)
        if args.baud:
            settings = replace(settings, scale_baud=args.baud)
        if args.interval:
            settings = replace(
                settings,
                scale_poll_interval_s=args.interval,
                scale_reconnect_interval_s=args.interval,
            )
        reader = replace(kiosk, settings=settings).open_scale()
        if reader is None:
            print(
                f'kiosk scale-test: no scale configured. Set scale_driver = "mtsics" and '
                f"scale_port in {kiosk.paths.settings_file}, or pass --port or --simulate.",
                file=sys.stderr,
            )
            return 2
        driver = reader.driver
        if settings.scale_driver == "mtsics":
            source = f"MT-SICS scale on {settings.scale_port} at {settings.scale_baud} baud"
        else:
            source = "simulated scale (scale_driver = simulated)"
        stack.callback(reader.close)
        if args.reset:  # before the worker loop starts, so calling the driver directly is safe
            result = driver.reset()
            serial = f" (serial number {result.serial})" if result.serial else ""
            print(f"reset: {result.message}{serial}", flush=True)
        print(f"Reading the {source}; Ctrl-C to stop.", flush=True)
        answered = False
        with contextlib.suppress(KeyboardInterrupt):
            for count, reading in enumerate(reader.readings(), start=1):
                weight = "" if reading.grams is None else f"{format_kg(reading.grams)} kg"
                saveable = "saveable" if reading.weight_for_saving is not None else ""
                print(
                    f"{datetime.now():%H:%M:%S}  {reading.state:<12} {weight:>12}  "
                    f"{saveable:<8}  {reading.message}",
                    flush=True,
                )
                answered = answered or reading.state not in (
                    ReadingState.DISCONNECTED,
                    ReadingState.ERROR,
                )
                if count == args.count:
                    break
    return 0 if answered else 1


def _export(args: argparse.Namespace) -> int:
    """The rescue path: reads the store without writing to it or its folder, so it also
    works from a read-only or failing disk."""
    from kiosk import logs
    from kiosk.db.export import ExportError, export

    kiosk = _kiosk(args, read_only=True)
    logs.configure(kiosk.paths.logs, rotate=False)  # the app, if running, rotates the log
    if not kiosk.paths.database.exists():  # opening would make an empty one
        raise ExportError(f"no database at {kiosk.paths.database}")
    store = kiosk.open_store_read_only()
    try:
        result = export(
            kiosk.paths.database,
            Path(args.to),
            station_id=store.station_id,  # the enrolled station, as on every record
            device_id=store.device_id,
            catalogue=store.catalogue,
        )
    finally:
        store.close()
    print(f"exported {result.count} records to {result.folder}")
    print("by type: " + ", ".join(f"{name} {n}" for name, n in result.counts.items()))
    print(f"sha256 {result.checksum}")
    return 0


def _set_pin(args: argparse.Namespace) -> int:
    import getpass

    from kiosk.domain.pin import check_format, write_pin

    paths = _kiosk(args).paths
    if args.stdin:
        pin = sys.stdin.readline().strip()
    else:
        pin = getpass.getpass("New guide PIN (4-12 digits): ")
        if getpass.getpass("Again: ") != pin:
            print("kiosk: the two PINs differ; nothing changed", file=sys.stderr)
            return 1
    try:
        write_pin(paths.pin_file, check_format(pin))
    except ValueError as exc:
        print(f"kiosk: {exc}; nothing changed", file=sys.stderr)
        return 1
    print(f"PIN changed; its salted scrypt hash is in {paths.pin_file}")
    return 0


def _kiosk(args: argparse.Namespace, *, read_only: bool = False) -> "Kiosk":
    from kiosk.composition import Kiosk

    return Kiosk.load(args.data_dir, read_only=read_only)


def _enrol(args: argparse.Namespace) -> int:
    from kiosk.composition import check_central_url
    from kiosk.sync.client import CentralClient, Rejected, Transient, tls_verify
    from kiosk.sync.enrolment import enrol

    kiosk = _kiosk(args)
    url = check_central_url(args.url, kiosk.settings, kiosk.paths.settings_file)
    store = kiosk.open_store(enrolling=True)
    try:
        with CentralClient(url, verify=tls_verify(kiosk.settings.central_ca_file)) as client:
            done = enrol(
                store=store,
                client=client,
                central_url=url,
                code=args.code,
                folder=kiosk.paths.data,
                takeover=args.takeover,
                label=args.label,
            )
    except (Rejected, Transient) as exc:
        print(f"kiosk enrol: enrolment failed: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    for line in done.report():
        print(line)
    return 0


@contextlib.contextmanager
def _retries_printed() -> Iterator[None]:
    """Print the engine's "unreachable; retrying in N s" lines as they happen, so a
    technician sees what `kiosk sync` is waiting for instead of silence."""
    engine_log = logging.getLogger("kiosk.sync.engine")
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.setLevel(logging.INFO)
    level = engine_log.level
    engine_log.addHandler(handler)
    engine_log.setLevel(logging.INFO)
    try:
        yield
    finally:
        engine_log.removeHandler(handler)
        engine_log.setLevel(level)


def _sync(args: argparse.Namespace) -> int:
    from kiosk.composition import check_central_url
    from kiosk.sync import outbox
    from kiosk.sync.client import CentralClient, tls_verify
    from kiosk.sync.engine import run_sync

    kiosk = _kiosk(args)
    token = kiosk.token()
    # Opening checks the file (quick_check) before anything is written to it.
    store = kiosk.open_store()
    try:
        url = store.meta(outbox.META_CENTRAL_URL)
        if not url or not token:
            print("kiosk sync: not enrolled: run `kiosk enrol URL CODE` first", file=sys.stderr)
            return 2
        pending = outbox.sync_overview(store=store).pending
        print(
            f"sending {pending} pending records to {url}; retrying an unreachable central "
            f"for up to {args.max_wait:g} s (--max-wait)",
            flush=True,
        )
        verify = tls_verify(kiosk.settings.central_ca_file)
        with (
            CentralClient(
                check_central_url(url, kiosk.settings, kiosk.paths.settings_file),
                token=token,
                verify=verify,
            ) as client,
            _retries_printed(),
        ):
            status = run_sync(
                store=store,
                client=client,
                batch_size=args.batch_size,
                give_up_after=args.max_wait,
                # One line a batch: a technician sees a long backlog move, and a test can
                # act at a point chosen by progress rather than by the clock.
                on_progress=lambda sent: print(f"sent {sent}", flush=True),
                hours_fallback=kiosk.settings.hours,
            )
    finally:
        store.close()
    print(
        f"pushed {status.pushed}, duplicates {status.duplicates}, "
        f"quarantined {status.quarantined}, flagged {status.flagged}, pending {status.pending}"
        + (f", opening hours version {status.hours.version}" if status.hours else "")
        + (f", planned events {len(status.hours.planned)}" if status.hours else "")
    )
    if status.skipped:
        print(f"already at central: {status.skipped} whose answers were lost; not sent again")
    if status.resent or status.released:
        print(
            f"sent again: {status.resent} that central lacked (restored from a backup?), "
            f"{status.released} released from quarantine"
        )
    if status.error:  # named like every other command's message ("kiosk enrol: ...")
        print(f"kiosk sync: {status.error}", file=sys.stderr)
    if status.quarantined_now:
        # A quarantined record is not at central: the exit code must not hide it.
        print(
            f"kiosk sync: {status.quarantined_now} records quarantined (refused by central by "
            "name); see the technician screen or `kiosk export`",
            file=sys.stderr,
        )
    done = status.pending == 0 and status.quarantined_now == 0 and status.ok
    return 0 if done else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir",
        help="folder for the database and settings "
        "(default: $KIOSK_DATA_DIR, else the platform's data folder)",
    )
    parser.add_argument(
        "--windowed",
        action="store_true",
        help="open in a normal window instead of full screen (development)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check database, migrations, catalogue, translations and screens in a "
        "temporary folder; print one line per check; exit 0 only if all pass",
    )
    parser.set_defaults(func=_run_app)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    scale = commands.add_parser(
        "scale-test",
        help="print live readings from the weighing scale, to check its connection",
        description="Print live readings from the scale named in settings.toml "
        "(or --port), to check cable, port, baud rate and permissions. See docs/scale.md.",
    )
    scale.add_argument("--port", help="serial port to use instead of scale_port, e.g. COM3")
    scale.add_argument("--baud", type=int, help="baud rate instead of scale_baud")
    scale.add_argument(
        "--simulate",
        action="store_true",
        help="talk to a simulated MT-SICS scale on a pseudo-terminal (Linux and macOS)",
    )
    scale.add_argument("--count", type=int, help="stop after this many readings")
    scale.add_argument("--interval", type=float, help="seconds between readings")
    scale.add_argument(
        "--reset", action="store_true", help="send @ first (clears the tare) and show the reply"
    )
    scale.set_defaults(func=_scale_test)

    export = commands.add_parser(
        "export",
        help="write a verified backup, CSV and manifest of every deposit to a folder",
        description="Copy the database (SQLite online backup), a CSV of every deposit and "
        "a manifest.json into a new folder under DIR, e.g. a USB stick; then read them back.",
    )
    export.add_argument(
        "--to", required=True, metavar="DIR", help="where to write (made if missing)"
    )
    # Accepted after the command too, as technicians type it: `kiosk export --data-dir D --to X`.
    export.add_argument("--data-dir", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    export.set_defaults(func=_export)
    set_pin = commands.add_parser(
        "set-pin", help="change the guide's PIN (stored only as a salted scrypt hash)"
    )
    set_pin.add_argument(
        "--stdin", action="store_true", help="read the new PIN from standard input (scripts)"
    )
    set_pin.add_argument("--data-dir", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    set_pin.set_defaults(func=_set_pin)

    enrol = commands.add_parser("enrol", help="enrol this kiosk with central using a one-time code")
    enrol.add_argument("url", help="central's base URL, e.g. https://central.example.no")
    enrol.add_argument("code", help="one-time code from `kiosk-central enrol-code`")
    enrol.add_argument(
        "--takeover",
        action="store_true",
        help="this device id is enrolled already (a reinstalled or restored kiosk): replace "
        "it at central; new records are numbered above what central holds",
    )
    enrol.add_argument(
        "--label",
        help='what staff call this kiosk, shown in the console (e.g. "Trosterud disk")',
    )
    enrol.add_argument("--data-dir", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    enrol.set_defaults(func=_enrol)

    sync = commands.add_parser(
        "sync", help="send every pending record now; non-zero if any remain or are quarantined"
    )
    sync.add_argument("--batch-size", type=int, default=5000, help="records per batch")
    sync.add_argument(
        "--max-wait",
        type=float,
        default=600.0,
        help="seconds to keep retrying an unreachable central before giving up (default 600)",
    )
    sync.add_argument("--data-dir", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    sync.set_defaults(func=_sync)
    return parser


def _known_failures() -> tuple[type[Exception], ...]:
    """Failures a person can act on: one message, no traceback (anything else is a bug)."""
    from kiosk.composition import SetupError
    from kiosk.db.errors import StorageError
    from kiosk.db.export import ExportError
    from kiosk.settings import SettingsError
    from kiosk.sync.enrolment import TokenError

    return (SettingsError, SetupError, StorageError, TokenError, ExportError)


def describe(exc: Exception) -> str:
    """One line for the technician: the message, and the file or SQLite detail behind it."""
    detail = getattr(exc, "detail", "")
    return f"{exc} ({detail})" if detail else str(exc)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except _known_failures() as exc:
        name = f"kiosk {args.command}" if args.command else "kiosk"
        print(f"{name}: {describe(exc)}", file=sys.stderr)
        # 1: the export itself failed (as before); 2: the kiosk cannot start the command.
        return 1 if type(exc).__name__ == "ExportError" else 2


if __name__ == "__main__":
    sys.exit(main())
