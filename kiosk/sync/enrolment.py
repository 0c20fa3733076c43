"""Enrolment: trade central's one-time code for a device token, kept in a 0600 file.

The kiosk's device id is bound to its database (kiosk.db.store) and is on every record;
central binds it to the station the code was issued for. Enrolling a device id central
already has is a takeover the technician confirms (``kiosk enrol --takeover``); the kiosk
then numbers on above central's ``highest_seq``, so a seq is never used twice. Records
made before enrolment under another station are adopted by the enrolled one, and said so.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import and_, insert, literal, select, update

from kiosk import atomic
from kiosk.db.catalogues import load_catalogue
from kiosk.db.models import QuarantineEntry
from kiosk.db.records import RECORD_TABLES
from kiosk.db.store import Store, set_meta
from kiosk.domain.clock import utc_now
from kiosk.sync import outbox

if TYPE_CHECKING:  # the app calls adopt_central_state at start-up; httpx can wait
    from kiosk.sync.client import CentralClient

TOKEN_FILE = "device_token"
# sha256 of the token this database was enrolled with: a token file from another
# database (another device id) is then noticed at start instead of used.
META_TOKEN_SHA256 = "token_sha256"


class TokenError(Exception):
    """The device token file cannot be used; the message says what to do."""


@dataclass(frozen=True, slots=True)
class Enrolment:
    central_url: str
    device_id: str
    station_id: str
    station_name: str
    takeover: bool = False
    highest_seq: int = 0
    adopted: int = 0  # records made before enrolment, now sent as station_id

    def report(self) -> list[str]:
        """What the technician is told, one line each."""
        lines = [
            f"enrolled device {self.device_id} at station {self.station_id} ({self.station_name})"
        ]
        if self.takeover:
            lines.append(
                f"took over device {self.device_id}: central holds its records up to seq "
                f"{self.highest_seq}; new records are numbered from {self.highest_seq + 1}"
            )
        if self.adopted:
            lines.append(f"{self.adopted} earlier records will be sent as {self.station_id}")
        return lines


def token_fingerprint(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def write_token(folder: Path, token: str) -> Path:
    """Write the token readable by its owner only; replaced atomically, never half-written."""
    path = folder / TOKEN_FILE
    if path.is_dir():
        raise TokenError(f"{path} is a folder, not the device token; remove it and enrol again")
    atomic.write(path, token.encode("ascii"))
    return path


def read_token(folder: Path) -> str | None:
    """The device token, None when there is none; TokenError when the file is unusable."""
    path = folder / TOKEN_FILE
    try:
        token = path.read_text("ascii").strip()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise TokenError(
            f"{path} is a folder, not the device token; remove it and enrol again "
            "(kiosk enrol --takeover URL CODE)"
        ) from None
    except UnicodeDecodeError:
        raise TokenError(
            f"{path} is not a device token (binary content); remove it and enrol again "
            "(kiosk enrol --takeover URL CODE)"
        ) from None
    except OSError as exc:
        raise TokenError(f"{path} cannot be read ({exc.strerror or exc})") from exc
    if token and not token.isprintable():
        raise TokenError(f"{path} is not a device token; remove it and enrol again")
    return token or None


def adopt_earlier_records(store: Store, station_id: str) -> int:
    """Records of any type not yet at central that carry another station are sent as
    ``station_id``.

    Quarantined ones (a central that refused the settings file's station) go back to
    pending with them. The registered station_id column is never changed.
    """
    adopted = 0
    now = utc_now()
    with store.write() as conn:
        for table in RECORD_TABLES.values():
            adoptable = and_(
                table.c.sync_state != "synced",
                table.c.adopted_by.is_(None),
                table.c.station_id != station_id,
            )
            released = select(
                table.c.id,
                literal(now, QuarantineEntry.at.type),
                literal("released"),
                literal(f"adopted by station {station_id} at enrolment"),
            ).where(adoptable, table.c.sync_state == "quarantined")
            conn.execute(
                insert(QuarantineEntry).from_select(
                    ["record_id", "at", "event", "reason"], released
                )
            )
            stmt = update(table).where(adoptable)
            stmt = stmt.values(adopted_by=station_id, sync_state="pending", sync_error=None)
            adopted += int(conn.execute(stmt).rowcount)
    return adopted


def enrol(
    *,
    store: Store,
    client: "CentralClient",
    central_url: str,
    code: str,
    folder: Path,
    takeover: bool = False,
    label: str | None = None,
) -> Enrolment:
    """Enrol this kiosk with ``code``; raises client.Rejected/Transient if central refuses."""
    if (folder / TOKEN_FILE).is_dir():  # found before central spends the one-time code
        raise TokenError(f"{folder / TOKEN_FILE} is a folder; remove it, then enrol")
    answer = client.enrol(code=code, device_id=store.device_id, takeover=takeover, label=label)
    highest = int(answer.get("highest_seq") or 0)
    store.raise_seq_floor(highest)  # before any token exists: no record can be numbered lower
    station = answer["station_id"]
    adopted = adopt_earlier_records(store, station)
    write_token(folder, answer["token"])
    set_meta(
        store,
        {
            META_TOKEN_SHA256: token_fingerprint(answer["token"]),
            outbox.META_CENTRAL_URL: central_url,
            outbox.META_STATION: station,
            outbox.META_ATTENTION: "",  # a revoked kiosk is enrolled again
        },
    )
    store.station_id = station
    return Enrolment(
        central_url,
        answer["device_id"],
        station,
        answer["station_name"],
        takeover=bool(answer.get("takeover")),
        highest_seq=highest,
        adopted=adopted,
    )


def adopt_central_state(store: Store) -> Store:
    """Use what central told this kiosk: its newest catalogue, and the enrolled station."""
    store.catalogue = load_catalogue(store.engine)
    store.station_id = store.meta(outbox.META_STATION) or store.station_id
    return store
