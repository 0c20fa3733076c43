"""The guide's "Henting" screen: a container or the hazardous cabinet leaves on a truck.

The guide taps the fraction, finds container, hauler and plant already filled in from the
last pickup of that fraction, types the net kg from the weighbridge ticket on the numpad a
delivery uses, the ticket's number, and saves. Kept offline; it syncs like every record.
"""

import logging
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from contract.limits import PICKUP_WEIGHT_MAX_G, TICKET_MAX
from contract.records import CODE_MAX, PARTY_MAX
from kiosk.db.errors import StorageError
from kiosk.db.pickups import pickup_defaults, register_pickup
from kiosk.db.records import SavedRecord
from kiosk.db.store import Store
from kiosk.domain.catalogue import Catalogue
from kiosk.domain.clock import WallClock, utc_now
from kiosk.domain.errors import ValidationError
from kiosk.domain.kinds import Kind
from kiosk.domain.weights import format_kg, parse_kg
from kiosk.ui.activity_widgets import FeedbackLine, TileRow, big_button, form_page
from kiosk.ui.i18n import message
from kiosk.ui.languages import staff_name
from kiosk.ui.numpad import Numpad
from kiosk.ui.operations import Op
from kiosk.ui.qtypes import layout_of, with_name
from kiosk.ui.touch import GAP, TARGET

log = logging.getLogger(__name__)
FIELD_HEIGHT = TARGET
CABINET = "hazardous"  # central's fraction for the whole hazardous-waste cabinet


def _field(name: str, max_length: int) -> QLineEdit:
    field = with_name(QLineEdit(), name)
    field.setMaxLength(max_length)
    field.setMinimumHeight(FIELD_HEIGHT)
    return field


class PickupScreen(QWidget):
    closed = Signal()
    record_saved = Signal(object)  # SavedRecord, after its commit returned
    storage_failed = Signal(object)  # StorageError

    def __init__(
        self,
        store: Store,
        catalogue: Catalogue,
        *,
        wall_clock: WallClock = utc_now,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("pickupScreen")
        self.store = store
        self.wall_clock = wall_clock
        self._saving = False
        self.last_saved_text = ""
        self.back = big_button(self.tr("Tilbake"), "retry")
        self.back.clicked.connect(self.closed)
        title = with_name(QLabel(self.tr("Henting: veiebevis")), "errorTitle")
        top = QHBoxLayout()
        top.setSpacing(GAP)
        top.addWidget(self.back)
        top.addWidget(title, 1)
        # What leaves in a container: everything but reuse items, which stay at the station.
        leaving = [c for c in catalogue.active() if c.kind != Kind.REUSE]
        fractions = [(c.code, staff_name(c)) for c in leaving]
        kinds = {c.code: c.kind for c in leaving}
        if catalogue.active(Kind.HAZARDOUS):  # the whole cabinet leaves at once
            fractions.insert(0, (CABINET, self.tr("Farlig avfall-skapet")))
            kinds[CABINET] = Kind.HAZARDOUS
        # Three to a row in half the screen: a long name takes a second line, not the cut.
        self.fractions = TileRow(fractions, self._fraction_chosen, columns=3, wrap=True)
        for code, tile in self.fractions.tiles.items():
            tile.setProperty("kind", kinds[code].value)  # the kind's colour, as on the guide's
        self.container = _field("container", CODE_MAX)
        self.container.setPlaceholderText(self.tr("Container"))
        self.hauler = _field("hauler", PARTY_MAX)
        self.hauler.setPlaceholderText(self.tr("Transportør"))
        self.plant = _field("plant", PARTY_MAX)
        self.plant.setPlaceholderText(self.tr("Mottaksanlegg"))
        self.ticket = _field("ticket", TICKET_MAX)
        self.ticket.setPlaceholderText(self.tr("Veiebevis nr."))
        # Four keys a row, not six: the narrower pad leaves the tiles room for two lines.
        self.numpad = Numpad(PICKUP_WEIGHT_MAX_G, columns=4)
        self.numpad.submitted.connect(self.save)
        layout_of(self.numpad).setSpacing(GAP)
        self.save_button = big_button(self.tr("Lagre"), "confirm")
        self.save_button.clicked.connect(self.save)
        self.feedback = FeedbackLine()

        left = QVBoxLayout()
        left.setSpacing(GAP)
        left.addWidget(self.fractions)
        left.addStretch(1)
        weight = QHBoxLayout()
        weight.setSpacing(GAP)
        weight.addWidget(self.numpad.entry, 1)
        weight.addWidget(with_name(QLabel(self.tr("kg netto")), "unit"))
        right = QVBoxLayout()
        right.setSpacing(GAP)
        right.addLayout(weight)
        right.addWidget(self.numpad)
        right.addWidget(self.feedback)
        right.addStretch(1)
        # The tiles take two thirds: in a third of half a 1024 px screen, "Småelektrisk"
        # was cut and "Glass and metal packaging" took three lines.
        page = form_page(self, top, left, right, shares=(2, 1))
        # The ticket's words and Lagre in one row under both columns, in the order they are
        # filled in: at 1024x600 five rows of tiles and two rows of fields did not fit one
        # column.
        parties = QHBoxLayout()
        parties.setSpacing(GAP)
        for field in (self.container, self.hauler, self.plant, self.ticket, self.save_button):
            parties.addWidget(field, 1)
        page.addLayout(parties)
        # Under the tiles, not at the foot of a tall screen: the body keeps what it needs.
        page.setStretch(1, 0)
        page.addStretch(1)
        self.reset()

    def reset(self) -> None:
        self.fractions.clear()
        for field in (self.container, self.hauler, self.plant, self.ticket):
            field.clear()
        self.numpad.clear()
        self.feedback.clear()

    def _fraction_chosen(self, code: str) -> None:
        """Fill in what the last pickup of this fraction said; the guide may change it."""
        self.feedback.clear()
        try:
            defaults = pickup_defaults(store=self.store, fraction=code)
        except StorageError as exc:
            self.storage_failed.emit(exc)
            return
        self.container.setText(defaults.container_id or "")
        self.hauler.setText(defaults.hauler or "")
        self.plant.setText(defaults.plant or "")
        self.numpad.entry.setFocus()

    def save(self) -> None:
        if self._saving:
            return
        fraction = self.fractions.chosen()
        if fraction is None:
            self._say(self.tr("Velg hva som ble hentet."), error=True)
            return
        grams: int | None = None
        if self.numpad.text().strip():
            try:
                grams = parse_kg(self.numpad.text(), max_g=PICKUP_WEIGHT_MAX_G)
            except ValidationError as exc:
                self._say(message(exc), error=True)
                return
        work = partial(
            register_pickup,
            store=self.store,
            fraction=fraction,
            net_weight_g=grams,
            ticket_no=self.ticket.text(),
            container_id=self.container.text(),
            hauler=self.hauler.text(),
            plant=self.plant.text(),
            now=self.wall_clock(),
        )
        self._saving = True
        Op(self, work).success(self._saved).failure(self._failed).run_in_background()

    def _saved(self, saved: SavedRecord) -> None:
        self._saving = False
        grams = saved.values["net_weight_g"]
        if grams is None:
            self.last_saved_text = self.tr("Lagret: tømt, uten veiebevis")
        else:
            self.last_saved_text = (
                self.tr("Lagret: henting %1 kg, veiebevis %2")
                .replace("%1", format_kg(grams))
                .replace("%2", saved.values["ticket_no"])
            )
        self.reset()
        self._say(self.last_saved_text)
        self.record_saved.emit(saved)

    def _failed(self, exc: Exception) -> None:
        self._saving = False
        self.feedback.failed(exc, storage_failed=self.storage_failed.emit, what="pickup")

    def _say(self, text: str, *, error: bool = False) -> None:
        self.feedback.say(text, error=error)
