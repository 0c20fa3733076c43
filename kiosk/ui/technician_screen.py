"""The technician's screen: the latest log lines, and an export of the data to a USB stick.

Reached from the guide's screen ("Teknisk"); the PIN that guards it comes from another branch.
"""

import getpass
import logging
import os
import sys
from functools import partial
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk import logs
from kiosk.db.export import ExportError, ExportResult, export
from kiosk.db.store import Store
from kiosk.ui.operations import Lane, Op
from kiosk.ui.qtypes import with_name

LOG_LINES = 200
log = logging.getLogger(__name__)


def removable_folders() -> list[Path]:
    """Where a USB stick is likely mounted on this PC, best guess first."""
    if sys.platform == "win32":
        drives = (Path(f"{letter}:\\") for letter in "DEFGHIJKLMNOPQRSTUVWXYZ")
        return [d for d in drives if d.exists()]
    user = os.environ.get("USER") or getpass.getuser()
    found: list[Path] = []
    for base in (Path("/media") / user, Path("/run/media") / user, Path("/media")):
        if base.is_dir():
            found += sorted(p for p in base.iterdir() if p.is_dir() and os.path.ismount(p))
    return found


class TechnicianScreen(QWidget):
    closed = Signal()
    exported = Signal(object)  # ExportResult, emitted after it was read back and verified

    def __init__(self, store: Store, *, log_file: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("technicianScreen")
        self.store = store
        self.log_file = log_file
        title = with_name(QLabel(self.tr("Teknisk")), "errorTitle")
        self.back = with_name(QPushButton(self.tr("Tilbake")), "retry")
        self.back.clicked.connect(self.closed)
        self.reload = with_name(QPushButton(self.tr("Oppdater logg")), "retry")
        self.reload.clicked.connect(self.refresh)
        self.log_view = with_name(QPlainTextEdit(readOnly=True), "logView")
        self.log_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.target = with_name(QComboBox(editable=True), "exportTarget")
        target_entry = self.target.lineEdit()
        assert target_entry is not None  # editable=True gave the box its line edit
        target_entry.setPlaceholderText(self.tr("Sett inn en USB-pinne, eller skriv en mappe"))
        self.export_button = with_name(QPushButton(self.tr("Eksporter til mappe")), "retry")
        self.export_button.clicked.connect(self.export)
        self.result = with_name(QLabel(wordWrap=True), "exportResult")

        top = QHBoxLayout()
        top.addWidget(self.back)
        top.addWidget(title, 1)
        top.addWidget(self.reload)
        target_row = QHBoxLayout()
        target_row.addWidget(self.target, 1)
        target_row.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.log_view, 1)
        layout.addLayout(target_row)
        layout.addWidget(self.result)

    def refresh(self) -> None:
        """Show the latest log lines and the folders a stick may be mounted at."""
        lines = logs.tail(self.log_file, LOG_LINES) if self.log_file else []
        self.log_view.setPlainText("\n".join(lines) or self.tr("(loggen er tom)"))
        self.log_view.verticalScrollBar().setValue(self.log_view.verticalScrollBar().maximum())
        current = self.target.currentText()
        self.target.clear()
        for folder in removable_folders():
            self.target.addItem(str(folder))
        if current:
            self.target.setEditText(current)

    def export(self) -> None:
        folder = self.target.currentText().strip()
        if not folder:
            self.result.setText(self.tr("Velg eller skriv inn en mappe først."))
            return
        # Off the GUI thread: a slow or failing USB stick must not freeze the screen.
        self.export_button.setEnabled(False)
        self.result.setText(self.tr("Eksporterer …"))
        database = self.store.engine.url.database
        assert database is not None  # the store is always a SQLite file
        work = partial(
            export,
            Path(database),
            Path(folder),
            station_id=self.store.station_id,
            device_id=self.store.device_id,
            catalogue=self.store.catalogue,
        )
        Op(self, work).success(self._show_export).failure(self._show_failure).run_in_background(
            lane=Lane.IO
        )

    def _show_failure(self, exc: Exception) -> None:
        self.export_button.setEnabled(True)
        if not isinstance(exc, ExportError):  # a bug: keep its traceback, still tell the person
            log.error("export failed", exc_info=exc)
        self.result.setText(self.tr("Eksporten feilet: %1").replace("%1", str(exc)))

    def _show_export(self, outcome: ExportResult) -> None:
        self.export_button.setEnabled(True)
        self.result.setText(
            self.tr("Eksportert og kontrollert: %1 registreringer til %2. Sjekksum %3")
            .replace("%1", str(outcome.count))
            .replace("%2", str(outcome.folder))
            .replace("%3", outcome.checksum[:16])
        )
        self.refresh()
        self.exported.emit(outcome)
