"""The closed vocabularies a deposit is made of: kind, channel, direction, weight source."""

from enum import StrEnum


class Kind(StrEnum):
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
