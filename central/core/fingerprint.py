"""The server secret's keyed fingerprint, kept in the database: central refuses to start on a
database made with another secret (a restore without the backed-up KIOSK_CENTRAL_SECRET),
where every kiosk's token and every enrolment code would otherwise be refused with a 401.
"""

import hashlib
import hmac

from sqlalchemy import Engine, insert, select

from central.models import CentralMeta

KEY = "secret_fingerprint"
# HMAC with the secret as key: the stored value says whether a secret matches, never what it is.
_LABEL = b"minigjenbruk central secret fingerprint v1"


class SecretMismatch(Exception):
    """The running secret is not the one this database's tokens and codes were made with."""


def fingerprint(key: bytes) -> str:
    return hmac.new(key, _LABEL, hashlib.sha256).hexdigest()


def check_secret(engine: Engine, key: bytes) -> None:
    """Store the secret's fingerprint on a new database; refuse a database made with another."""
    mine = fingerprint(key)
    with engine.begin() as conn:
        held = conn.scalar(select(CentralMeta.value).where(CentralMeta.key == KEY))
        if held is None:
            conn.execute(insert(CentralMeta).values(key=KEY, value=mine))
            return
    if not hmac.compare_digest(held, mine):
        raise SecretMismatch(
            "the server secret (KIOSK_CENTRAL_SECRET, or secret.key in the data folder) is not "
            "the one this database was made with: every kiosk's device token and every "
            "enrolment code would be refused. Restore the secret that was backed up with the "
            f"dump (its fingerprint starts {held[:12]}; this one's starts {mine[:12]})."
        )
