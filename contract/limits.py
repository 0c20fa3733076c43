"""Every limit the two programs enforce, declared once: identifiers, times, sizes, counts, depth.

Central's API, its console, the door webhook and the importers all check against these names,
so a value refused at one door is refused at every other (docs/security.md lists them).
"""

import re
from datetime import UTC, datetime
from typing import Any

# --- identifiers --------------------------------------------------------------------------
# Device ids, station ids, category codes and integration names end up in URLs, file names
# and log lines. Letters, digits, '.', '_' and '-', starting with a letter or digit: nothing a
# URL or a path gives a meaning to ('/', '?', '#', '%', '\'), and never '.' or '..', which a
# browser resolves away even when percent-encoded.
IDENTIFIER_MAX = 64
IDENTIFIER_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
_IDENTIFIER = re.compile(IDENTIFIER_PATTERN)
IDENTIFIER_RULE = (
    f"must be 1..{IDENTIFIER_MAX} letters, digits, '.', '_' or '-', starting with a letter or digit"
)


def identifier_problem(value: Any) -> str | None:
    """Why ``value`` is not an identifier, or None when it is one."""
    # fullmatch: "$" alone would let a trailing newline through.
    if isinstance(value, str) and _IDENTIFIER.fullmatch(value):
        return None
    return IDENTIFIER_RULE


# --- times --------------------------------------------------------------------------------
# A kiosk's clock can be wrong, but not by centuries; outside this a time is refused, which
# also keeps every time representable after conversion to UTC in either database.
YEAR_MIN = 2000
YEAR_MAX = 2099
TIME_MIN = datetime(YEAR_MIN, 1, 1, tzinfo=UTC)
TIME_MAX = datetime(YEAR_MAX + 1, 1, 1, tzinfo=UTC)  # exclusive


def time_problem(value: datetime) -> str | None:
    """Why an aware ``value`` is outside the contract's years, or None when it is inside."""
    if TIME_MIN <= value < TIME_MAX:
        return None
    return f"must be within years {YEAR_MIN}..{YEAR_MAX}"


# --- request bodies -----------------------------------------------------------------------
# Refused by Content-Length before reading, and counted while reading (central/core/
# body_limit.py). Every route that takes a body has one of these.
BODY_MAX_BYTES = 1024 * 1024  # a console form, an enrolment, a check-in, a status report
DOOR_BODY_MAX_BYTES = 4 * 1024 * 1024  # one webhook delivery of door events
BATCH_BODY_MAX_BYTES = 32 * 1024 * 1024  # one batch, also after decompressing (gzip bomb)

# --- counts -------------------------------------------------------------------------------
BATCH_RECORDS_MAX = 10_000  # records in one batch
DOOR_EVENTS_MAX = 10_000  # events in one webhook delivery
FORM_ROWS_MAX = 500  # rows one console form may carry (categories, seasons, exceptions)
HELD_BATCHES_MAX = 500  # batches one "which do you hold" question names (about 55 kB)

# --- fields -------------------------------------------------------------------------------
EVENT_ID_MAX = 128  # a door event's id, as the key system makes it
# One field of an imported CSV (door access log, USB export). Longer is a refused row; the
# reader never holds more than this of one field.
CSV_FIELD_MAX_CHARS = 128 * 1024

# --- pickups ------------------------------------------------------------------------------
# A full roll-off container of metal or wood is at most a few tonnes; a truck and trailer at
# most 40 t. More than that on one ticket is a typing error (kg entered as grams).
PICKUP_WEIGHT_MAX_G = 40_000_000
TICKET_MAX = 64  # a weighbridge ticket's number, as the plant prints it
PICKUP_ROWS_MAX = 50_000  # rows one import file or webhook delivery may carry

# --- nesting ------------------------------------------------------------------------------
# The deepest JSON any door takes ({"events": [{...}]} is 3); checked before parsing, so a
# body nested 100,000 deep is refused instead of exhausting the parser's recursion.
JSON_DEPTH_MAX = 32
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)  # unrolled: no per-char choice
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")


def json_depth_exceeds(body: bytes, limit: int = JSON_DEPTH_MAX) -> bool:
    """Whether the JSON text ``body`` opens more than ``limit`` arrays/objects inside each
    other. Strings are dropped first, so brackets inside them do not count."""
    # Both steps run in C; only the brackets themselves are walked in Python.
    brackets = _JSON_STRING.sub(b"", body).translate(None, _NOT_BRACKET)
    depth = 0
    for byte in brackets:
        if byte in b"[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False
