"""Signed updates of the kiosk itself: TUF metadata (tufup on python-tuf), A/B staging beside
the running version, a self-test before switching, and a launcher that rolls back by itself.

Qt-free, like kiosk/sync: the app calls it from the sync child at night, ``kiosk update``
from a shell. docs/updates.md has the whole flow and the key ceremony.
"""
