"""What the effect report counts, defined once: reused, left for reuse, recycled, hazardous.

The kiosk's thank-you and totals, central's report, the console and the CSV all ask
``measure_of`` so that "reused" means one thing everywhere (see docs/translations.md).
"""

from datetime import date
from enum import StrEnum

from contract.records import Direction, Kind


class Measure(StrEnum):
    """Where a deposit's net grams count.

    REUSED: reuse items that left the station with a resident or handed out by the staff
    (direction ``out``), net of reversals: the pilot's "kg ombruk fra minigjenbruksstasjon".
    LEFT_FOR_REUSE: reuse items left in at the station (direction ``in``); not yet reused.
    RECYCLED: recycling-kind categories, which go to material recycling; nothing else.
    RESIDUAL: residual-kind categories, which go to energy recovery ("kg til
    energigjenvinning"), never counted as recycled.
    HAZARDOUS: hazardous-kind categories (farlig avfall), counted apart from recycling.
    """

    REUSED = "reused"
    LEFT_FOR_REUSE = "left_for_reuse"
    RECYCLED = "recycled"
    RESIDUAL = "residual"
    HAZARDOUS = "hazardous"


_KIND_MEASURE = {
    Kind.RECYCLING: Measure.RECYCLED,
    Kind.RESIDUAL: Measure.RESIDUAL,
    Kind.HAZARDOUS: Measure.HAZARDOUS,
}


def measure_of(kind: str, direction: str) -> Measure:
    """The measure a deposit of a category of ``kind`` going ``direction`` counts in."""
    if kind == Kind.REUSE:
        return Measure.REUSED if direction == Direction.OUT else Measure.LEFT_FOR_REUSE
    return _KIND_MEASURE[Kind(kind)]


class Row(StrEnum):
    """The rows of the effect table: the pilot's five (Trosterud, REG and Bydel Alna), in its
    order, then the rows beside them. Every output (text, JSON, CSV, XLSX, console) prints
    every row.

    REUSED_KG: reuse items that left the station: taken out by residents or handed out
    (measure REUSED) plus ``reuse_partner`` material flows (items the guide sends on to a
    reuse partner): "kg ombruk fra minigjenbruksstasjonen".
    RECYCLED_KG: material recycling only (measure RECYCLED).
    ACTIVITY_REUSE_KG: event ``reuse_g`` plus ``activity_reuse`` material flows; an
    activity's kilograms are entered once, on the event or as a flow, never both.
    EVENTS: public events (audience ``public``), counted by their start in Oslo local time.
    LEFT_FOR_REUSE_KG: reuse items left at the station (measure LEFT_FOR_REUSE): "kg levert
    til ombruk". Not reuse yet: what goes on is counted in REUSED_KG when it leaves.
    RESIDUAL_KG: residual waste to energy recovery (measure RESIDUAL).
    HAZARDOUS_KG: hazardous waste (measure HAZARDOUS); CSV and XLSX break it down by EAL code.
    PARTICIPANTS, VISITORS: the sums over the public events of the EVENTS row.
    REPAIRS_*: repaired items by Open Repair Data Standard outcome, by the day logged.
    Every row is net of reversals under the rule below.
    """

    REUSED_KG = "reused_kg"
    RECYCLED_KG = "recycled_kg"
    ACTIVITY_REUSE_KG = "activity_reuse_kg"
    BUSINESS_WASTE_KG = "business_waste_kg"
    EVENTS = "events"
    LEFT_FOR_REUSE_KG = "left_for_reuse_kg"
    RESIDUAL_KG = "residual_kg"
    HAZARDOUS_KG = "hazardous_kg"
    PARTICIPANTS = "participants"
    VISITORS = "visitors"
    REPAIRS_FIXED = "repairs_fixed"
    REPAIRS_REPAIRABLE = "repairs_repairable"
    REPAIRS_END_OF_LIFE = "repairs_end_of_life"


# Rows that count things (events, people, items); every other row is grams.
COUNT_ROWS = frozenset(
    {Row.EVENTS, Row.PARTICIPANTS, Row.VISITORS, Row.REPAIRS_FIXED, Row.REPAIRS_REPAIRABLE,
     Row.REPAIRS_END_OF_LIFE}
)  # fmt: skip
# The row each deposit measure counts in.
MEASURE_ROW = {
    Measure.REUSED: Row.REUSED_KG,
    Measure.LEFT_FOR_REUSE: Row.LEFT_FOR_REUSE_KG,
    Measure.RECYCLED: Row.RECYCLED_KG,
    Measure.RESIDUAL: Row.RESIDUAL_KG,
    Measure.HAZARDOUS: Row.HAZARDOUS_KG,
}


# The one rule for reversals, everywhere a figure is made (central's rollup and report, the
# as-of report, the kiosk's totals): a reversal counts in the period of the record it
# reverses, and with it: on that record's day, measure (or row) and clock flag. So a
# published year changes only when something about that year changes: an "undo" on 5
# January takes nothing from the new year, and a reversal of a flagged record is listed
# with the flagged record, never summed. A reversal whose original central does not hold
# yet (it was set aside on the kiosk and comes later) counts nothing until the original
# arrives; then the two count together, net zero, in the original's period.
REVERSAL_RULE = (
    "A reversal counts in the period of the record it reverses, with it; a reversal of a "
    "flagged record is listed with that record and never summed."
)

# The report's periods and its cut-off date are Oslo calendar days (contract.times.OSLO),
# whatever the UTC date.


class FigureSource(StrEnum):
    """Where a station's recycling and hazardous rows come from (issue 25).

    REGISTERED: the kiosk's deposits (the default). WEIGHED: the weighbridge tickets of its
    pickups, for a station that went self-service and weighs nothing at the counter. MIXED,
    only in a report: within that period the source changed, or stations differ.
    """

    REGISTERED = "registered"
    WEIGHED = "weighed"
    MIXED = "mixed"


# The rows a station's setting can take from tickets instead, by the kind of a pickup's
# fraction (a '+' group counts in the kind of its first category).
WEIGHED_ROW_OF_KIND = {Kind.RECYCLING: Row.RECYCLED_KG, Kind.HAZARDOUS: Row.HAZARDOUS_KG}
WEIGHABLE_ROWS = tuple(WEIGHED_ROW_OF_KIND.values())
WEIGHABLE_MEASURES = {Measure.RECYCLED: Row.RECYCLED_KG, Measure.HAZARDOUS: Row.HAZARDOUS_KG}

SOURCE_RULE = (
    "A station's recycling and hazardous rows come, on each Oslo day, from the source its "
    "setting names with the latest effective date on or before that day (registrations "
    "before any). On a weighed day the row counts the net kg of the tickets weighed that "
    "day (pickups net of reversals, by the kind of their fraction) instead of the deposits "
    "registered that day; a report says per row and period which source it used."
)


def source_on(changes: list[tuple[date, FigureSource]], day: date) -> FigureSource:
    """The source in force on ``day``: the change with the latest effective date on or before
    it (``changes`` sorted by date; a later entry for the same date wins), else REGISTERED."""
    found = FigureSource.REGISTERED
    for effective, source in changes:
        if effective > day:
            break
        found = source
    return found
