"""The Qt binding itself must not leak or drop references on ordinary calls.

PySide6 6.12.0 drops a reference to None on every call returning nothing. On Python
3.11, where None is not immortal, the kiosk then aborts with "deallocating None" after
a few thousand taps. This catches such a binding before it reaches a station.
"""

import sys

from PySide6.QtWidgets import QLabel, QListWidget


def test_void_calls_keep_none_refcount_steady(qtbot) -> None:
    label = QLabel()
    listing = QListWidget()
    qtbot.addWidget(label)
    qtbot.addWidget(listing)
    before = sys.getrefcount(None)
    for i in range(500):  # few enough that a broken binding fails here rather than aborts
        label.setText(str(i))
        listing.addItem(str(i))
    listing.clear()
    drift = sys.getrefcount(None) - before
    assert abs(drift) < 200, f"None refcount drifted by {drift} over 1000 Qt calls"
