"""What a sync pass reports, apart from the pass itself: the app imports this at start-up
without the HTTP client and the engine, which a pass loads in its own child process."""

from dataclasses import dataclass
from datetime import datetime

from kiosk.domain.catalogue import Catalogue
from kiosk.domain.hours import OpeningHours


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """The outcome of one pass. ``error`` is None when everything pending was delivered."""

    pushed: int = 0
    duplicates: int = 0
    quarantined: int = 0
    pending: int = 0
    flagged: int = 0
    # Records quarantined in the store now (this pass's and earlier): non-zero needs a person.
    quarantined_now: int = 0
    # Records held back this pass (central failed on them without refusing them by name);
    # still pending, sent again next pass.
    held_back: int = 0
    # Quarantined records released this pass, and synced ones central lacked, sent again.
    released: int = 0
    resent: int = 0
    # Pending records marked synced without sending: central held their batch (lost answers).
    skipped: int = 0
    batches: int = 0
    last_success: datetime | None = None
    clock_offset_s: float | None = None
    catalogue_version: int | None = None
    # A newer catalogue central sent, stored but not yet in force: the caller puts it in force
    # (the app on its GUI thread, so every screen changes with it). Otherwise None.
    catalogue: Catalogue | None = None
    # Newer opening hours for this station, stored (kept offline) and put in force the same way.
    hours: OpeningHours | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


STOPPED = "stopped before finishing"
