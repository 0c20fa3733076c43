"""The record types and their closed vocabularies, declared once for both programs."""

from enum import StrEnum

from contract.fields import INT_MAX, Field, RecordType, register


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


CODE_MAX = 64  # device, station and category codes

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
