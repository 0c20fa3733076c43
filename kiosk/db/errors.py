"""Storage failures split in two: known ones get a clear screen, anything else is a bug.

The split follows qutebrowser's misc/sql.py (KnownError / BugError): a full disk or a
corrupt file is a fact of life in a container, not a programming error.
"""

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from kiosk.domain.errors import QT_TRANSLATE_NOOP

# SQLite primary result codes (https://sqlite.org/rescode.html).
_KINDS = {
    13: "disk_full",  # SQLITE_FULL
    8: "read_only",  # SQLITE_READONLY
    10: "io_error",  # SQLITE_IOERR
    5: "locked",  # SQLITE_BUSY
    6: "locked",  # SQLITE_LOCKED
    11: "corrupt",  # SQLITE_CORRUPT
    26: "corrupt",  # SQLITE_NOTADB
    14: "cant_open",  # SQLITE_CANTOPEN
}

log = logging.getLogger(__name__)

MESSAGES = {
    "disk_full": QT_TRANSLATE_NOOP(
        "storage",
        "Disken er full. Registreringen ble ikke lagret; alt som er lagret før, er trygt.",
    ),
    "read_only": QT_TRANSLATE_NOOP(
        "storage",
        "Databasen kan bare leses, ikke skrives. Registreringen ble ikke lagret; "
        "alt som er lagret før, er trygt.",
    ),
    "io_error": QT_TRANSLATE_NOOP(
        "storage",
        "Lagringen svarte med en lese- eller skrivefeil. Registreringen ble ikke lagret; "
        "alt som er lagret før, er trygt.",
    ),
    "locked": QT_TRANSLATE_NOOP(
        "storage", "Databasen er opptatt. Prøv igjen om et øyeblikk; ingenting er tapt."
    ),
    "corrupt": QT_TRANSLATE_NOOP(
        "storage",
        "Databasefilen er skadet. Kiosken skriver ikke mer til den, så det som finnes, "
        "kan reddes. Kontakt teknisk support.",
    ),
    "cant_open": QT_TRANSLATE_NOOP(
        "storage", "Databasefilen kan ikke åpnes. Sjekk at mappen finnes og kan skrives."
    ),
    "missing": QT_TRANSLATE_NOOP(
        "storage",
        "Databasefilen finnes ikke, men kiosken er registrert hos sentralen. Kiosken lager "
        "ikke en ny database over en som er borte: legg tilbake filen, eller registrer "
        "kiosken på nytt med «kiosk enrol».",
    ),
    "empty_file": QT_TRANSLATE_NOOP(
        "storage",
        "Databasefilen er tom (0 byte). Kiosken lager ikke en ny database over den; filen "
        "er ikke endret. Legg tilbake en kopi, eller kontakt teknisk support.",
    ),
    "not_sqlite": QT_TRANSLATE_NOOP(
        "storage",
        "Databasefilen er skadet eller ikke en database. Kiosken lager ikke en ny over den; "
        "filen er ikke endret, så det som finnes, kan reddes. Kontakt teknisk support.",
    ),
    "token_other_device": QT_TRANSLATE_NOOP(
        "storage",
        "Databasen og nøkkelen fra sentralen (device_token) hører til forskjellige kiosker. "
        "Ingenting er endret. Legg tilbake riktig database, eller registrer kiosken på nytt "
        "med «kiosk enrol».",
    ),
    "token_unreadable": QT_TRANSLATE_NOOP(
        "storage",
        "Nøkkelen fra sentralen (device_token) kan ikke leses. Registreringene er trygge. "
        "Registrer kiosken på nytt med «kiosk enrol --takeover».",
    ),
    #: Keep each {name} exactly, braces included: the kiosk puts the value there.
    "schema_too_new": QT_TRANSLATE_NOOP(
        "storage",
        "Databasen er laget av en nyere versjon av kiosken (skjema {found}); denne versjonen "
        "kjenner skjema til og med {known}. Oppdater programmet. Dataene er ikke endret.",
    ),
}


class StorageError(Exception):
    """A known storage failure. Earlier records are safe; ``message`` tells a person what to do."""

    def __init__(self, kind: str, detail: str = "", **params: str) -> None:
        self.kind = kind
        self.detail = detail
        self.params = params
        self.template = MESSAGES[kind]
        super().__init__(self.template.format(**params))

    @property
    def message(self) -> str:
        return str(self)


def classify(exc: BaseException) -> StorageError | None:
    """The known storage failure behind ``exc``, or None when it is a bug."""
    # SQLAlchemy is imported here, not above: the window shows a StorageError before the
    # store (and SQLAlchemy with it) is loaded, and a failure to classify comes from it anyway.
    from sqlalchemy.exc import DBAPIError

    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if not isinstance(orig, sqlite3.Error):
        return None
    code = getattr(orig, "sqlite_errorcode", None)
    if code is None:
        return None
    kind = _KINDS.get(code & 0xFF)
    return StorageError(kind, detail=str(orig)) if kind else None


@contextmanager
def known_errors() -> Iterator[None]:
    """Re-raise known SQLite failures as StorageError; let bugs through untouched."""
    from sqlalchemy.exc import DBAPIError

    try:
        yield
    except (DBAPIError, sqlite3.Error) as exc:
        known = classify(exc)
        if known is None:
            log.exception("storage bug")
            raise
        # A known failure still gets its traceback: the technician needs the SQLite detail.
        log.warning("storage error %s: %s", known.kind, known.detail, exc_info=True)
        raise known from exc
