"""The record types and their closed vocabularies, declared once for both programs."""

from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import StrEnum

from contract.fields import INT_MAX, Field, RecordType, register
from contract.limits import IDENTIFIER_MAX, PICKUP_WEIGHT_MAX_G, TICKET_MAX


class Kind(StrEnum):
    """A category's kind, which decides the report row it counts in.

    RECYCLING: material recycling only. RESIDUAL: residual waste, which goes to energy
    recovery (e.g. "Restavfall, grovt", EAL 20 03 07), never counted as recycled.
    """

    RECYCLING = "recycling"
    HAZARDOUS = "hazardous"
    REUSE = "reuse"
    RESIDUAL = "residual"


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


class Audience(StrEnum):
    """Who an event was for (contract version 3). PUBLIC: for residents ("innbyggerrettet"),
    the events the pilot counted; INTERNAL: for staff or partners (a staff course)."""

    PUBLIC = "public"
    INTERNAL = "internal"


def default_audience(kind: str) -> Audience:
    """An event's audience when none was chosen: a course is internal, every other kind public.

    A version-2 kiosk's events get it (``contract.wire.upgrade_record``), and so does the
    guide's screen as its preselection."""
    return Audience.INTERNAL if kind == EventKind.COURSE else Audience.PUBLIC


class RepairOutcome(StrEnum):
    """The Open Repair Data Standard's repair status terms."""

    FIXED = "fixed"
    REPAIRABLE = "repairable"
    END_OF_LIFE = "end_of_life"


class FlowKind(StrEnum):
    """A material flow outside the counter: which row of the effect report it counts in."""

    ACTIVITY_REUSE = "activity_reuse"  # reused or upcycled in an activity
    BUSINESS_WASTE = "business_waste"  # business waste reused or redesigned
    # Reuse items the guide sends on from the station to a reuse partner (a reuse shop);
    # ``note`` names the partner. Counts as reuse from the station ("kg ombruk fra
    # minigjenbruksstasjonen"), like items residents take out. Contract version 3.
    REUSE_PARTNER = "reuse_partner"


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

# An event, sent once it is closed. A public one counts in the effect report's events row by
# its start, in Oslo local time; ``reuse_g`` counts in the activities row whatever the audience.
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
            # Last, and not in the USB export's format 2: added by contract version 3. Null
            # (or absent, from a version-2 kiosk) means the default by kind.
            Field(
                "audience",
                "enum",
                nullable=True,
                enum=Audience,
                exported=False,
                since=3,
                description="public (innbyggerrettet) or internal; null: by kind",
            ),
        ),
        since=2,
    )
)

# An event the guide entered after it was held, with its real date and times ("registrert i
# etterkant"), is known by its own times, not by a field of its own: an event closed live is
# stamped with one moment as both ``ends_at`` and ``recorded_at``, so one recorded more than
# this margin after its end was entered afterwards. The margin only absorbs a clock read
# twice; the kiosk refuses an entry whose end is not that far in the past.
ENTERED_LATER_MARGIN = timedelta(minutes=1)
# How far back the guide may enter one, judged by the kiosk when it is entered (central takes
# what the kiosk saved: a kiosk offline for weeks still syncs it).
ENTERED_LATER_MAX_DAYS = 90


def entered_later(*, recorded_at: datetime, ends_at: datetime) -> bool:
    """Whether an event was entered after it was held: recorded after its end, by more than
    ``ENTERED_LATER_MARGIN``. It counts in the period it was held all the same (by its start).
    """
    return recorded_at - ends_at > ENTERED_LATER_MARGIN


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
        since=2,
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
        since=2,
    )
)


class Question(StrEnum):
    """The one question the thank-you screen asks a resident (contract version 4).

    FOUND: "Fant du det du lette etter?", asked when they took items: whether the station
    has what residents come for. HOW_WAS_IT: "Hvordan var det?", asked when they left items:
    whether the scheme was understood (the pilot met residents who did not understand it).
    """

    FOUND = "found"
    HOW_WAS_IT = "how_was_it"


class Answer(StrEnum):
    GOOD = "good"
    SO_SO = "so_so"
    BAD = "bad"


class Language(StrEnum):
    """The six languages a resident can choose on the kiosk."""

    NB = "nb"
    EN = "en"
    AR = "ar"
    PL = "pl"
    SO = "so"
    UR = "ur"


def question_for(direction: str) -> Question:
    """Taking items asks whether they found it; leaving items asks how it was."""
    return Question.FOUND if direction == Direction.OUT else Question.HOW_WAS_IT


# One resident's answer on the thank-you screen: no personal data, only the question, the
# face tapped, the language the resident chose and which way the items went. Contract
# version 4: an older central never sees one (the type did not exist for it).
FEEDBACK = register(
    RecordType(
        "feedback",
        (
            *_HEAD,
            Field("question", "enum", enum=Question),
            Field("answer", "enum", enum=Answer),
            Field("language", "enum", enum=Language, description="the resident's language"),
            Field("direction", "enum", enum=Direction, description="items left (in) or taken"),
            *_TAIL,
        ),
        since=4,
        plural="feedback",
    )
)


class PickupSource(StrEnum):
    """Where a pickup's weight came from (contract version 5)."""

    KIOSK = "kiosk"  # typed by the guide from the driver's weighbridge ticket
    IMPORT = "import"  # a hauler's or weighbridge's file, ``kiosk-central import-pickups``
    WEBHOOK = "webhook"  # pushed by the hauler's system, HMAC-signed


PARTY_MAX = 100  # a hauler's or receiving plant's name

# A container or the hazardous-waste cabinet leaving the station on a truck, with the net
# weight from the receiving plant's weighbridge ticket ("veiebevis"). ``fraction`` is a
# catalogue category, or a group of categories for a mixed container (central's mapping).
# Contract version 5: an older central never sees one. Append-only like every record: a
# wrong pickup is undone by a reversal that repeats it with ``reverses`` set.
PICKUP = register(
    RecordType(
        "pickup",
        (
            *_HEAD,
            Field("fraction", "text", min=1, max=CODE_MAX, description="category or group"),
            Field("container_id", "text", nullable=True, min=1, max=CODE_MAX),
            Field("hauler", "text", nullable=True, min=1, max=PARTY_MAX),
            Field("plant", "text", nullable=True, min=1, max=PARTY_MAX, description="receiving"),
            # Both null: emptied, no ticket yet (the hazardous cabinet, whose hand-over then
            # uses the kg registered); a ticket always has its net weight.
            Field(
                "net_weight_g",
                "int",
                nullable=True,
                min=1,
                max=PICKUP_WEIGHT_MAX_G,
                description="integer grams, from the ticket",
            ),
            Field(
                "ticket_no",
                "text",
                nullable=True,
                min=1,
                max=TICKET_MAX,
                description="the veiebevis no.",
            ),
            Field("weighed_at", "time", description="on the weighbridge, ISO-8601 UTC with Z"),
            Field("source", "enum", enum=PickupSource),
            *_TAIL,
        ),
        since=5,
    )
)


def pickup_problem(values: Mapping[str, object]) -> tuple[str, str] | None:
    """The (field, message) for a pickup whose ticket and weight do not go together, or None.

    The one rule across fields that the field declarations cannot say: a ticket number
    always comes with its net weight, and a weight only from a ticket."""
    has_ticket = values.get("ticket_no") is not None
    has_weight = values.get("net_weight_g") is not None
    if has_ticket and not has_weight:
        return ("net_weight_g", "must be given with a ticket_no")
    if has_weight and not has_ticket:
        return ("ticket_no", "must be given with a net_weight_g")
    return None
