"""The `kiosk` command: start the touchscreen app, or run one of its maintenance commands.

Heavy imports (Qt, Alembic, httpx) happen inside each command, so `kiosk --help` is
instant and the app's start-up pays only for what it shows.
"""

import argparse
import sys
from collections.abc import Sequence

from kiosk import __version__


def _run_app(args: argparse.Namespace) -> int:
    from kiosk.ui.app import run

    return run(data_dir=args.data_dir, windowed=args.windowed)


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
    parser.set_defaults(func=_run_app)
    parser.add_subparsers(dest="command", metavar="COMMAND")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
