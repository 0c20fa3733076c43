"""Shared state the screens show, published on the GUI thread: one ``changed`` signal.

Change flows one way: sync (or later, settings pushed by central) hands a new value to the
GUI thread, the model publishes it once, and every screen rebuilds from it. No screen keeps
a private copy that can go stale.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from kiosk.domain.catalogue import Catalogue
from kiosk.domain.hours import OpeningHours

if TYPE_CHECKING:  # the attract screen follows the model, and paints before SQLAlchemy loads
    from kiosk.db.store import Store


@dataclass(frozen=True, slots=True)
class Changes:
    """What a publication changed, so a screen rebuilds only what it shows."""

    catalogue: bool = False
    hours: bool = False


class AppModel(QObject):
    changed = Signal(object)  # Changes, emitted on the GUI thread after the values are in place

    def __init__(self, store: "Store", hours: OpeningHours, parent: QObject | None = None):
        super().__init__(parent)
        self._store = store
        self.hours = hours

    @property
    def catalogue(self) -> Catalogue:
        return self._store.catalogue

    def publish_catalogue(self, catalogue: Catalogue) -> None:
        """Put ``catalogue`` in force (the store validates against it) and tell every screen."""
        if catalogue.version == self._store.catalogue.version:
            return
        self._store.catalogue = catalogue
        self.changed.emit(Changes(catalogue=True))

    def publish_hours(self, hours: OpeningHours) -> None:
        if hours == self.hours:
            return
        self.hours = hours
        self.changed.emit(Changes(hours=True))
