"""`python -m kiosk` runs the same command as the `kiosk` script (and is the bundle's entry)."""

import multiprocessing
import sys

from kiosk.cli import main

if __name__ == "__main__":
    # The app's sync pass runs in a spawned child (kiosk.sync.worker); in the PyInstaller
    # bundle that child starts as this same program, which must hand over to it here.
    multiprocessing.freeze_support()
    sys.exit(main())
