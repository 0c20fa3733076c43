"""Material flows outside the counter: kg reused in an activity, business waste reused, or
reuse items sent on to a reuse partner.

The guide taps what it was and where it came from, types the kilograms on the numpad the
delivery path uses, adds a note if useful (which agency, which workshop) and saves. Opened
for a reuse partner (``show_partner``), the choices are the partners from the settings.
"""

import logging
from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from contract.records import NOTE_MAX, FlowKind, FlowSource
from kiosk.db import activities
from kiosk.db.activities import FLOW_MAX_G
from kiosk.db.records import SavedRecord
from kiosk.db.store import Store
from kiosk.domain.clock import WallClock, utc_now
from kiosk.domain.errors import QT_TRANSLATE_NOOP, ValidationError
from kiosk.domain.weights import format_kg, parse_kg
from kiosk.ui.activity_widgets import FeedbackLine, TileRow, big_button, form_page
from kiosk.ui.i18n import message
from kiosk.ui.numpad import Numpad
from kiosk.ui.operations import Op
from kiosk.ui.qtypes import layout_of, with_name
from kiosk.ui.touch import GAP

log = logging.getLogger(__name__)

FLOW_NAMES = {
    FlowKind.ACTIVITY_REUSE: QT_TRANSLATE_NOOP("MaterialFlowScreen", "Ombruk i aktivitet"),
    FlowKind.BUSINESS_WASTE: QT_TRANSLATE_NOOP(
        "MaterialFlowScreen", "Næringsavfall ombrukt/redesignet"
    ),
    FlowKind.REUSE_PARTNER: QT_TRANSLATE_NOOP("MaterialFlowScreen", "Til ombrukspartner"),
}
SOURCE_NAMES = {
    FlowSource.STATION: QT_TRANSLATE_NOOP("MaterialFlowScreen", "Fra stasjonen"),
    FlowSource.ACTIVITY: QT_TRANSLATE_NOOP("MaterialFlowScreen", "Fra aktiviteten"),
    FlowSource.OTHER_AGENCY: QT_TRANSLATE_NOOP("MaterialFlowScreen", "Fra annen etat"),
}


class MaterialFlowScreen(QWidget):
    closed = Signal()
    record_saved = Signal(object)  # SavedRecord, after its commit returned
    storage_failed = Signal(object)  # StorageError

    def __init__(
        self,
        store: Store,
        *,
        event_id: Callable[[], str | None] = lambda: None,
        partners: Sequence[str] = (),
        wall_clock: WallClock = utc_now,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("materialFlowScreen")
        self.store = store
        self.wall_clock = wall_clock  # stamps the record
        self._event_id = event_id  # the open event, which an activity's reuse belongs to
        self._saving = False
        self.last_saved_text = ""
        self.back = big_button(self.tr("Tilbake"), "retry")
        self.back.clicked.connect(self.closed)
        top = QHBoxLayout()
        top.setSpacing(GAP)
        top.addWidget(self.back)
        self.title = with_name(QLabel(), "errorTitle")
        top.addWidget(self.title, 1)
        flows = (k for k in FLOW_NAMES if k is not FlowKind.REUSE_PARTNER)  # its own page
        self.flows = TileRow(
            ((k.value, self.tr(FLOW_NAMES[k])) for k in flows), self._chosen, columns=1
        )
        self.sources = TileRow(
            ((k.value, self.tr(n)) for k, n in SOURCE_NAMES.items()), self._chosen, columns=1
        )
        self.numpad = Numpad(FLOW_MAX_G)
        self.numpad.submitted.connect(self.save)
        layout_of(self.numpad).setSpacing(GAP)  # gloved fingers: keys 12 px apart
        self.numpad.setMinimumHeight(self.numpad.minimumSizeHint().height())
        self.note = with_name(QLineEdit(maxLength=NOTE_MAX), "note")
        self.note.setPlaceholderText(self.tr("Merknad (for eksempel hvilken etat)"))
        self.note.setMinimumHeight(64)
        self.save_button = big_button(self.tr("Lagre"), "confirm")
        self.save_button.setMinimumHeight(self.numpad.minimumHeight())
        self.save_button.clicked.connect(self.save)
        self.feedback = FeedbackLine()

        # Two columns, so the screen fits 1024 x 600: what and where on the left, the weight
        # on the right with the same numpad as a delivery.
        general = QWidget()
        choices = QVBoxLayout(general)
        choices.setContentsMargins(0, 0, 0, 0)
        choices.setSpacing(GAP)
        choices.addWidget(self.flows)
        choices.addSpacing(GAP)  # what it was, then where it came from: two groups
        choices.addWidget(self.sources)
        choices.addWidget(self.note)
        choices.addStretch(1)
        # Items sent on to a reuse partner: which partner is all there is to choose (the
        # only one is chosen already), so the guide types the kg and saves.
        self.partners = TileRow(((p, p) for p in partners), self._chosen, columns=1)
        partner_page = QWidget()
        partner_layout = QVBoxLayout(partner_page)
        partner_layout.setContentsMargins(0, 0, 0, 0)
        partner_layout.setSpacing(GAP)
        partner_layout.addWidget(with_name(QLabel(self.tr("Sendes til:")), "prompt"))
        partner_layout.addWidget(self.partners)
        partner_layout.addStretch(1)
        self.modes = QStackedWidget()
        self.modes.addWidget(general)
        self.modes.addWidget(partner_page)
        weight = QHBoxLayout()
        weight.setSpacing(GAP)
        weight.addWidget(self.numpad.entry, 1)
        weight.addWidget(with_name(QLabel("kg"), "unit"))
        entry = QVBoxLayout()
        entry.setSpacing(GAP)
        entry.addLayout(weight)
        # "Lagre" under the keys, not beside them: beside, it left the tiles 384 px at
        # 1024 px, and "Næringsavfall ombrukt/redesignet" was cut.
        entry.addWidget(self.numpad)
        entry.addWidget(self.save_button)
        entry.addWidget(self.feedback)
        entry.addStretch(1)
        form_page(self, top, self.modes, entry)
        self.reset()

    def reset(self) -> None:
        """The general page: what it was and where it came from, nothing chosen."""
        self.title.setText(self.tr("Kg ombruk utenom disken"))
        self.modes.setCurrentIndex(0)
        self.flows.clear()
        self.sources.clear()
        self.numpad.clear()
        self.note.clear()
        self.feedback.clear()

    def show_partner(self) -> None:
        """The reuse-partner page, its only partner chosen already."""
        self.reset()
        self.title.setText(self.tr(FLOW_NAMES[FlowKind.REUSE_PARTNER]))
        self.modes.setCurrentIndex(1)
        self.partners.clear()
        if len(self.partners.tiles) == 1:
            next(iter(self.partners.tiles.values())).setChecked(True)
        self.numpad.entry.setFocus()

    def _chosen(self, _code: str) -> None:
        self.feedback.clear()

    def save(self) -> None:
        if self._saving:
            return
        if self.modes.currentIndex() == 1:
            self._save_partner()
            return
        flow, source = self.flows.chosen(), self.sources.chosen()
        if flow is None or source is None:
            self._say(self.tr("Velg hva det var og hvor det kom fra."), error=True)
            return
        grams = self._grams()
        if grams is None:
            return
        event_id = self._event_id() if flow == FlowKind.ACTIVITY_REUSE else None
        work = partial(
            activities.record_flow,
            store=self.store,
            flow=flow,
            source=source,
            weight_g=grams,
            note=self.note.text(),
            event_id=event_id,
            now=self.wall_clock(),
        )
        self._saving = True
        Op(self, work).success(self._saved).failure(self._failed).run_in_background()

    def _grams(self) -> int | None:
        """The keypad's kg as grams, or None with the refusal said."""
        try:
            return parse_kg(self.numpad.text(), max_g=FLOW_MAX_G)
        except ValidationError as exc:
            self._say(message(exc), error=True)
            return None

    def _save_partner(self) -> None:
        partner = self.partners.chosen()
        if partner is None:
            self._say(self.tr("Velg ombrukspartneren tingene sendes til."), error=True)
            return
        grams = self._grams()
        if grams is None:
            return
        work = partial(
            activities.send_to_reuse_partner,
            store=self.store,
            partner=partner,
            weight_g=grams,
            now=self.wall_clock(),
        )
        self._saving = True
        Op(self, work).success(self._saved).failure(self._failed).run_in_background()

    def _saved(self, saved: SavedRecord) -> None:
        self._saving = False
        flow = FlowKind(saved.values["flow"])
        what = self.tr(FLOW_NAMES[flow])
        if flow is FlowKind.REUSE_PARTNER:
            what = f"{what} {saved.values['note']}"
        self.last_saved_text = (
            self.tr("Lagret: %1 kg, %2")
            .replace("%1", format_kg(saved.values["weight_g"]))
            .replace("%2", what)
        )
        self.reset()
        self.record_saved.emit(saved)

    def _failed(self, exc: Exception) -> None:
        self._saving = False
        self.feedback.failed(exc, storage_failed=self.storage_failed.emit, what="material flow")

    def _say(self, text: str, *, error: bool = False) -> None:
        self.feedback.say(text, error=error)
