"""The record types and their closed vocabularies, declared once for both programs."""

from enum import StrEnum

from contract.fields import INT_MAX, Field, RecordType, register
from contract.limits import IDENTIFIER_MAX


class Kind(StrEnum):
    """A category's kind, which decides the report column it counts in."""

    RECYCLING = "recycling"
    HAZARDOUS = "hazardous"
    REUSE = "reuse"


class Channel(StrEnum):
    GUIDE = "guide"
    SELF_SERVICE = "self_service"


class Direction(StrEnum):
    IN = "in"
    OUT = "out"


class WeightSource(StrEnum):
    SCALE_STABLE = "scale_stable"
    SCALE_UNSTABLE = "scale_unstable"
    MANUAL = "manual"
    ESTIMATE = "estimate"


class ClockFlag(StrEnum):
    """Set by the kiosk when its clock made ``recorded_at`` impossible."""

    BEFORE_INSTALL = "before_install"
    FUTURE = "future"


CODE_MAX = IDENTIFIER_MAX  # device, station and category codes

# Declaration order is the export's column order (and its checksum's); do not reorder.
DEPOSIT = register(
    RecordType(
        "deposit",
        (
            Field("id", "uuid", description="UUIDv7 made on the kiosk"),
            Field("seq", "int", min=1, max=INT_MAX, description="per-device, never reused"),
            Field("device_id", "text", min=1, max=CODE_MAX),
            Field("station_id", "text", min=1, max=CODE_MAX),
            Field("recorded_at", "time", description="kiosk clock, ISO-8601 UTC with Z"),
            Field("category", "text", min=1, max=CODE_MAX),
            Field("weight_g", "int", min=1, max=INT_MAX, description="integer grams"),
            Field("weight_source", "enum", enum=WeightSource),
            Field("channel", "enum", enum=Channel),
            Field("direction", "enum", enum=Direction),
            Field("reverses", "uuid", nullable=True, description="the record this undoes"),
            Field("visit_id", "text", nullable=True, max=36),
            Field("catalog_version", "int", min=0, max=INT_MAX),
            # Judged at sync time, so a USB export (written before) does not carry it.
            Field("clock_flag", "enum", nullable=True, enum=ClockFlag, exported=False),
        ),
    )
)


class EventKind(StrEnum):
    """What a public event on reuse and repair was (the pilot's bike workshop, swap, ...)."""

    BIKE_WORKSHOP = "bike_workshop"
    TEXTILE_REPAIR = "textile_repair"
    CLOTHES_SWAP = "clothes_swap"
    WOOD_WORKSHOP = "wood_workshop"
    MARKET = "market"
    COURSE = "course"
    OTHER = "other"


class RepairOutcome(StrEnum):
    """The Open Repair Data Standard's repair status terms."""

    FIXED = "fixed"
    REPAIRABLE = "repairable"
    END_OF_LIFE = "end_of_life"


class FlowKind(StrEnum):
    """A material flow outside the counter: which row of the effect report it counts in."""

    ACTIVITY_REUSE = "activity_reuse"  # reused or upcycled in an activity
    BUSINESS_WASTE = "business_waste"  # business waste reused or redesigned


class FlowSource(StrEnum):
    STATION = "station"
    ACTIVITY = "activity"
    OTHER_AGENCY = "other_agency"


NOTE_MAX = 500

# Every record type shares these: one seq space per device, an idempotent id, append-only
# with reversal rows (a reversal repeats the record it undoes, with ``reverses`` set).
_HEAD = (
    Field("id", "uuid", description="UUIDv7 made on the kiosk"),
    Field("seq", "int", min=1, max=INT_MAX, description="per-device, shared by every type"),
    Field("device_id", "text", min=1, max=CODE_MAX),
    Field("station_id", "text", min=1, max=CODE_MAX),
    Field("recorded_at", "time", description="kiosk clock, ISO-8601 UTC with Z"),
)
_TAIL = (
    Field("reverses", "uuid", nullable=True, description="the record this undoes"),
    Field("clock_flag", "enum", nullable=True, enum=ClockFlag, exported=False),
)

# A public event, sent once it is closed. It counts in the effect report's events row by
# its start, in Oslo local time; ``reuse_g`` counts in the activities row.
EVENT = register(
    RecordType(
        "event",
        (
            *_HEAD,
            Field("kind", "enum", enum=EventKind),
            Field("starts_at", "time", description="ISO-8601 UTC with Z"),
            Field("ends_at", "time"),
            Field("place", "text", nullable=True, min=1, max=200, description="if not the station"),
            Field("participants", "int", min=0, max=INT_MAX),
            Field("visitors", "int", min=0, max=INT_MAX),
            Field("reuse_g", "int", min=0, max=INT_MAX, description="grams that went to reuse"),
            *_TAIL,
        ),
    )
)

# One repaired item at an event, in the Open Repair Data Standard's terms: one record per
# item, so the guide logs it in two taps and the counts per category are sums.
REPAIR = register(
    RecordType(
        "repair",
        (
            *_HEAD,
            Field("event_id", "uuid", description="the event it was repaired at"),
            Field("item_category", "text", min=1, max=CODE_MAX, description="e.g. bicycle"),
            Field("outcome", "enum", enum=RepairOutcome),
            *_TAIL,
        ),
    )
)

# Kilograms that never crossed the counter: reuse in an activity, or business waste reused
# or redesigned (the pilot's Klimasats-funded barn), with where it came from.
MATERIAL_FLOW = register(
    RecordType(
        "material_flow",
        (
            *_HEAD,
            Field("flow", "enum", enum=FlowKind),
            Field("source", "enum", enum=FlowSource),
            Field("weight_g", "int", min=1, max=INT_MAX, description="integer grams"),
            Field("note", "text", nullable=True, max=NOTE_MAX, description="e.g. which agency"),
            Field("event_id", "uuid", nullable=True, description="the activity, if an event"),
            *_TAIL,
        ),
    )
)
