"""Enrolment: trade central's one-time code for a device token, kept in a 0600 file.

Decision: the kiosk keeps its own device id (made on first start, already on every
record); central binds that id to the station the code was issued for and says which
station that is. The kiosk stores central's URL and the station in ``meta``.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import atomic
from kiosk.db.catalogues import load_catalogue
from kiosk.db.store import Store
from kiosk.sync import outbox

if TYPE_CHECKING:  # the app calls adopt_central_state at start-up; httpx can wait
    from kiosk.sync.client import CentralClient

TOKEN_FILE = "device_token"


@dataclass(frozen=True, slots=True)
class Enrolment:
    central_url: str
    device_id: str
    station_id: str
    station_name: str


def write_token(folder: Path, token: str) -> Path:
    """Write the token readable by its owner only; replaced atomically, never half-written."""
    path = folder / TOKEN_FILE
    atomic.write(path, token.encode("ascii"))
    return path


def read_token(folder: Path) -> str | None:
    try:
        return (folder / TOKEN_FILE).read_text("ascii").strip() or None
    except FileNotFoundError:
        return None


def enrol(
    *, store: Store, client: "CentralClient", central_url: str, code: str, folder: Path
) -> Enrolment:
    """Enrol this kiosk with ``code``; raises client.Rejected/Transient if central refuses."""
    answer = client.enrol(code=code, device_id=store.device_id)
    write_token(folder, answer["token"])
    outbox.set_meta(store, outbox.META_CENTRAL_URL, central_url)
    outbox.set_meta(store, outbox.META_STATION, answer["station_id"])
    return Enrolment(central_url, answer["device_id"], answer["station_id"], answer["station_name"])


def adopt_central_state(store: Store) -> Store:
    """Use what central told this kiosk: its newest catalogue, and the enrolled station."""
    store.catalogue = load_catalogue(store.engine)
    store.station_id = store.meta(outbox.META_STATION) or store.station_id
    return store
