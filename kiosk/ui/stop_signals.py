"""SIGTERM (how systemd stops the kiosk) and SIGINT end the app as Ctrl+Q does: the Qt loop
quits, ``aboutToQuit`` stops the sync pass and its child, and the log is flushed."""

import logging
import signal
import socket

from PySide6.QtCore import QCoreApplication, QSocketNotifier

log = logging.getLogger(__name__)
SIGNALS = (signal.SIGTERM, signal.SIGINT)


def quit_on_signals(app: QCoreApplication) -> tuple[object, ...]:
    """Make ``app`` quit cleanly on SIGTERM and SIGINT; keep what it returns while ``app`` runs
    (the sockets and the notifier that the wake-up points at).

    Python runs a signal handler only between bytecodes, and the Qt loop runs in C++ for as
    long as nothing happens: the signal's number is written to a socket that Qt watches, so
    the loop wakes at once and quits from its own thread.
    """
    ours, theirs = socket.socketpair()
    for end in (ours, theirs):
        end.setblocking(False)
    signal.set_wakeup_fd(theirs.fileno(), warn_on_full_buffer=False)
    for number in SIGNALS:
        # A Python handler must be installed for the wake-up byte to be written; the work is
        # done below, on the GUI thread.
        signal.signal(number, lambda *_: None)
    notifier = QSocketNotifier(ours.fileno(), QSocketNotifier.Type.Read, app)

    def woke() -> None:
        try:
            received = set(ours.recv(64)) & set(SIGNALS)
        except BlockingIOError:
            return
        if not received:  # another signal with a Python handler woke the loop: not ours
            return
        names = ", ".join(sorted(signal.Signals(n).name for n in received))
        log.info("%s: stopping as Ctrl+Q does", names)
        app.quit()

    notifier.activated.connect(woke)
    return ours, theirs, notifier
