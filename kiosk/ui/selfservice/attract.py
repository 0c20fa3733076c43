"""The kiosk's resting screen: leave or take reuse items, pick a language; waste goes elsewhere.

It needs no store, so it is the first frame; a choice tapped before the store is open shows
that it was taken and waits on its button (``show_waiting``).
"""

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.domain.clock import WallClock, utc_now
from kiosk.domain.kinds import Direction
from kiosk.ui.app_model import AppModel
from kiosk.ui.language_switcher import LanguageSwitcher
from kiosk.ui.languages import Languages
from kiosk.ui.qtypes import layout_of, with_name
from kiosk.ui.selfservice.opening_banner import OpeningBanner
from kiosk.ui.selfservice.planned_line import PlannedLine
from kiosk.ui.selfservice.widgets import TOUCH_MIN, PictoButton, Translated, compact, pixmap
from kiosk.ui.theme import restyle


class AttractScreen(Translated):
    direction_chosen = Signal(str)  # Direction value
    guide_requested = Signal()

    def __init__(
        self,
        languages: Languages,
        station_name: str,
        wall_clock: WallClock = utc_now,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("attractScreen")
        self.station = with_name(QLabel(station_name), "attractStation")
        self.guide_button = with_name(QPushButton(), "guideEntry")
        self.guide_button.setIcon(pixmap("lock", 48))
        self.guide_button.setIconSize(QSize(48, 48))
        self.guide_button.setMinimumSize(TOUCH_MIN, TOUCH_MIN)
        self.guide_button.clicked.connect(self.guide_requested)
        self.welcome = with_name(QLabel(wordWrap=True), "attractTitle")
        self.leave = PictoButton("leave", icon_px=160, object_name="bigChoice")
        self.take = PictoButton("take", icon_px=160, object_name="bigChoice")
        self.leave.setProperty("direction", Direction.IN.value)
        self.take.setProperty("direction", Direction.OUT.value)
        self._waiting: str | None = None  # the Direction value of a choice held for the store
        self.leave.clicked.connect(lambda: self.direction_chosen.emit(Direction.IN.value))
        self.take.clicked.connect(lambda: self.direction_chosen.emit(Direction.OUT.value))
        self.waste_icon = QLabel()
        self.waste_icon.setPixmap(pixmap("hazardous", 56))
        self.waste_line = with_name(QLabel(wordWrap=True), "wasteLine")
        self.switcher = LanguageSwitcher(languages)

        # The next public planned event; read with the opening line (its 30 s refresh while
        # shown, and every schedule the model publishes): no timer of its own. It sits in the
        # top row, in the room the station's name leaves, so it costs the choices no height
        # and its coming or going moves nothing under a finger.
        self.planned = PlannedLine(languages, clock=wall_clock)
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(self.station)
        top.addWidget(self.planned, 1)
        top.addWidget(self.guide_button)
        choices = QHBoxLayout()
        choices.setSpacing(32)
        choices.addWidget(self.leave, 1)
        choices.addWidget(self.take, 1)
        waste = with_name(QFrame(), "wasteBox")
        waste_row = QHBoxLayout(waste)
        waste_row.setContentsMargins(16, 8, 16, 8)
        waste_row.addWidget(self.waste_icon)
        waste_row.addWidget(self.waste_line, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 16, 32, 20)
        layout.setSpacing(16)
        layout.addLayout(top)
        layout.addWidget(self.welcome)
        self.opening = OpeningBanner(languages, gated=(self.leave, self.take), clock=wall_clock)
        self.opening.refreshed.connect(self._show_welcome)
        layout.addWidget(self.opening)
        self.opening.refreshed.connect(self.planned.refresh)
        layout.addLayout(choices, 1)
        layout.addWidget(waste)
        layout.addWidget(self.switcher)
        self.retranslate()

    def resizeEvent(self, event: QResizeEvent) -> None:
        small = compact(self)
        self._show_welcome()
        for label in (self.opening.label, self.planned.label):
            if label.property("compact") != small:
                label.setProperty("compact", small)
                restyle(label)
        layout_of(self).setSpacing(12 if small else 16)  # targets stay 12 px apart
        for choice in (self.leave, self.take):
            choice.set_icon_px(40 if small else 160)
            choice.setMinimumHeight(TOUCH_MIN if small else 240)
        super().resizeEvent(event)

    def show_model(self, model: AppModel) -> None:
        """Follow the schedule the model publishes: the opening line and the planned event."""
        self.opening.show_model(model)
        self.planned.show_model(model)

    def show_waiting(self, direction: str) -> None:
        """Show on the tapped choice that it was taken and waits (the store is opening)."""
        self._waiting = direction
        self.retranslate()

    def stop_waiting(self) -> None:
        if self._waiting is not None:
            self._waiting = None
            self.retranslate()

    def _show_welcome(self) -> None:
        # On a small screen the two big buttons say it all; the welcome line gives them room.
        # While closed to residents the opening hours are the message instead.
        self.welcome.setVisible(not compact(self) and self.opening.usable)

    def retranslate(self) -> None:
        self.welcome.setText(self.tr("Ombruk: registrer det du legger igjen eller tar med deg."))
        self.leave.setText(self.tr("Jeg legger igjen ting"))
        self.take.setText(self.tr("Jeg tar med meg ting"))
        for choice in (self.leave, self.take):
            waiting = choice.property("direction") == self._waiting
            if waiting:
                #: On the big choice a resident tapped, while the kiosk is still starting.
                choice.setText(self.tr("Et øyeblikk …"))
            choice.setDown(waiting)
        self.waste_line.setText(
            self.tr(
                "Avfall og farlig avfall registreres ikke her: spør veilederen "
                "eller bruk skapet for farlig avfall."
            )
        )
        #: Screen-reader name of the staff button. Veileder: the person working at the station,
        #: never a tour guide.
        self.guide_button.setAccessibleName(self.tr("Veileder"))
