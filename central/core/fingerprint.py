"""The server secret's keyed fingerprint, kept in the database: central refuses to start on a
database made with another secret (a restore without the backed-up KIOSK_CENTRAL_SECRET),
where every kiosk's token and every enrolment code would otherwise be refused with a 401.
"""

import hashlib
import hmac

from sqlalchemy import Engine, select, text

from central.models import CentralMeta

KEY = "secret_fingerprint"
# HMAC with the secret as key: the stored value says whether a secret matches, never what it is.
_LABEL = b"minigjenbruk central secret fingerprint v1"
# PostgreSQL and SQLite (3.24+) alike.
_STORE = text(
    "INSERT INTO central_meta (key, value) VALUES (:key, :value) ON CONFLICT (key) DO NOTHING"
)


class SecretMismatch(Exception):
    """The running secret is not the one this database's tokens and codes were made with."""


def fingerprint(key: bytes) -> str:
    return hmac.new(key, _LABEL, hashlib.sha256).hexdigest()


def check_secret(engine: Engine, key: bytes) -> None:
    """Store the secret's fingerprint on a new database; refuse a database made with another."""
    mine = fingerprint(key)
    with engine.begin() as conn:
        # One statement for a fresh database and for workers starting at the same moment:
        # the first fingerprint stored stays, and every start compares itself with it.
        conn.execute(_STORE, {"key": KEY, "value": mine})
        held = conn.scalar(select(CentralMeta.value).where(CentralMeta.key == KEY))
    if held is None or not hmac.compare_digest(held, mine):
        raise SecretMismatch(
            "the server secret (KIOSK_CENTRAL_SECRET, or secret.key in the data folder) is not "
            "the one this database was made with: every kiosk's device token and every "
            "enrolment code would be refused. Restore the secret that was backed up with the "
            f"dump (its fingerprint starts {(held or '')[:12]}; this one's starts {mine[:12]})."
        )
