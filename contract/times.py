"""The one time codec: aware UTC in Python, naive UTC text in storage, Z-text on the wire.

A record's time has these three forms only. Storage text is the form SQLAlchemy's SQLite
``DateTime`` wrote and reads ("YYYY-MM-DD HH:MM:SS.ffffff", naive UTC, always six fraction
digits), so rows written before this codec compare equal to rows written with it.
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

# The stations' zone: the only local time anything is shown, counted or cut into days in.
OSLO = ZoneInfo("Europe/Oslo")


def to_storage(moment: datetime) -> str:
    """Aware -> storage text. isoformat is plain C; strftime cost ~9 % of central's CPU."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: store times as aware UTC")
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def from_storage(text: str) -> datetime:
    """Storage text (naive UTC, any ISO form SQLite holds) -> aware UTC."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def to_wire(moment: datetime) -> str:
    """Aware -> ISO-8601 UTC with a Z and always microseconds: one instant, one text."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def from_wire(text: str) -> datetime:
    """Wire text -> aware datetime; raises ValueError for anything without an offset."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("must carry a UTC offset (Z)")
    return moment


def storage_to_wire(text: str) -> str:
    """Storage text -> wire text without a datetime in between for the usual 26-char form."""
    if len(text) == 26:
        return text[:10] + "T" + text[11:] + "Z"
    return to_wire(from_storage(text))
