"""Who an event is for, chosen when the guide opens it: residents (public) or staff (internal).

Two big tiles above the kind tiles (one tap on a kind opens the event). Untouched, the event
gets its kind's default (``default_audience``: a staff course internal, every other kind
public), and the tile of that default lights up as the kind is pressed; a tap on a tile
overrides it until the event is opened.
"""

from collections.abc import Callable

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QWidget

from contract.records import Audience, default_audience
from kiosk.domain.errors import QT_TRANSLATE_NOOP
from kiosk.ui.activity_widgets import TileRow

AUDIENCE_NAMES = {
    Audience.PUBLIC: QT_TRANSLATE_NOOP("AudienceToggle", "For innbyggere (offentlig)"),
    Audience.INTERNAL: QT_TRANSLATE_NOOP("AudienceToggle", "Internt (kurs for ansatte)"),
}

# What a tile says where the whole name does not fit (1024 px beside the station's totals).
SHORT_NAMES = {
    Audience.PUBLIC: QT_TRANSLATE_NOOP("AudienceToggle", "For innbyggere"),
    Audience.INTERNAL: QT_TRANSLATE_NOOP("AudienceToggle", "Internt"),
}


class AudienceToggle(TileRow):
    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        defaults: Callable[[str], Audience] = default_audience,
    ):
        super().__init__(
            ((a.value, self.tr(n)) for a, n in AUDIENCE_NAMES.items()),
            self._tapped,
            columns=2,
            parent=parent,
        )
        self.setObjectName("audienceToggle")
        # The audience an untouched toggle gives a kind: its default, or what staff planned.
        self.defaults = defaults
        self._chosen_by_guide = False
        self.preselect(None)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        for audience, full in AUDIENCE_NAMES.items():
            tile = self.tiles[audience.value]
            metrics = tile.fontMetrics()
            frame = tile.sizeHint().width() - metrics.horizontalAdvance(tile.text())
            whole = self.tr(full)
            fits = metrics.horizontalAdvance(whole) + frame <= tile.width()
            tile.setText(whole if fits else self.tr(SHORT_NAMES[audience]))
            tile.setAccessibleName(whole)

    def preselect(self, kind: str | None) -> None:
        """Show the default for ``kind`` (none lit before a kind) and forget the guide's tap."""
        self._chosen_by_guide = False
        self.clear()
        if kind is not None:
            self.tiles[self.defaults(kind).value].setChecked(True)

    def kind_pressed(self, kind: str) -> None:
        """Light the default for the kind under the guide's finger, unless they chose."""
        if not self._chosen_by_guide:
            self.preselect(kind)

    def audience_for(self, kind: str) -> Audience:
        """What the event of ``kind`` is opened with: the guide's tap, else its default."""
        chosen = self.chosen()
        if self._chosen_by_guide and chosen is not None:
            return Audience(chosen)
        return self.defaults(kind)

    def _tapped(self, _code: str) -> None:
        self._chosen_by_guide = True
