"""What the effect report counts, defined once: reused, left for reuse, recycled, hazardous.

The kiosk's thank-you and totals, central's report, the console and the CSV all ask
``measure_of`` so that "reused" means one thing everywhere (see docs/translations.md).
"""

from enum import StrEnum

from contract.records import Direction, Kind


class Measure(StrEnum):
    """Where a deposit's net grams count.

    REUSED: reuse items that left the station with a resident or handed out by the staff
    (direction ``out``), net of reversals: the pilot's "kg ombruk fra minigjenbruksstasjon".
    LEFT_FOR_REUSE: reuse items left in at the station (direction ``in``); not yet reused.
    RECYCLED: recycling-kind categories, which go to material recycling.
    HAZARDOUS: hazardous-kind categories (farlig avfall), counted apart from recycling.
    """

    REUSED = "reused"
    LEFT_FOR_REUSE = "left_for_reuse"
    RECYCLED = "recycled"
    HAZARDOUS = "hazardous"


def measure_of(kind: str, direction: str) -> Measure:
    """The measure a deposit of a category of ``kind`` going ``direction`` counts in."""
    if kind == Kind.REUSE:
        return Measure.REUSED if direction == Direction.OUT else Measure.LEFT_FOR_REUSE
    if kind == Kind.HAZARDOUS:
        return Measure.HAZARDOUS
    return Measure.RECYCLED


class Row(StrEnum):
    """The rows of the pilot's effect table (Trosterud, REG and Bydel Alna), in its order.

    ACTIVITY_REUSE_KG: event ``reuse_g`` plus ``activity_reuse`` material flows; an
    activity's kilograms are entered once, on the event or as a flow, never both.
    EVENTS: public events, counted by their start in Oslo local time, net of reversals.
    """

    REUSED_KG = "reused_kg"
    RECYCLED_KG = "recycled_kg"
    ACTIVITY_REUSE_KG = "activity_reuse_kg"
    BUSINESS_WASTE_KG = "business_waste_kg"
    EVENTS = "events"


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

# The report's periods and its cut-off date are Oslo calendar days, whatever the UTC date.
REPORT_TIMEZONE = "Europe/Oslo"
