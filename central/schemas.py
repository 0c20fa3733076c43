"""The wire contract as pydantic models: what a kiosk sends and what central answers."""

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal, Protocol

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    GetPydanticSchema,
    Tag,
    create_model,
    model_validator,
)
from pydantic_core import PydanticCustomError, core_schema

from contract import CONTRACT_VERSION, fields
from contract.limits import HELD_BATCHES_MAX, IDENTIFIER_PATTERN, IDENTIFIER_RULE
from contract.records import (
    CODE_MAX,
    DEPOSIT,
    EVENT,
    FEEDBACK,
    MATERIAL_FLOW,
    PICKUP,
    REPAIR,
    default_audience,
    pickup_problem,
)
from contract.updates import UpdateChannel, UpdateOutcome

# UTC only (offset 0) and within the contract's years, checked in pydantic-core's Rust:
# a Python validator per record would cost more than the rest of the record's validation.
_UTC_TIME = Annotated[
    datetime,
    GetPydanticSchema(
        lambda _type, _handler: core_schema.datetime_schema(
            tz_constraint=0, ge=fields.TIME_MIN, lt=fields.TIME_MAX
        )
    ),
]


def _annotation(spec: fields.Field) -> tuple[Any, Any]:
    """A contract field as a pydantic (type, FieldInfo): the same limits, enforced in Rust."""
    info: dict[str, Any] = {"description": spec.description or None}
    if spec.nullable:
        info["default"] = None
    if spec.kind == "int":
        kind: Any = int
        info.update(strict=True, ge=spec.min, le=spec.max)
    elif spec.kind == "time":
        kind = _UTC_TIME
    elif spec.kind == "enum":
        kind = Literal[spec.choices]
    elif spec.kind == "uuid":
        kind = str
        info["pattern"] = fields.UUID_PATTERN
    else:
        kind = str
        # NUL breaks PostgreSQL text; a lone surrogate never gets here (invalid JSON).
        info.update(min_length=spec.min, max_length=spec.max, pattern=r"^[^\x00]*$")
    return (kind | None if spec.nullable else kind), Field(**info)


def _event_audience(event: Any) -> Any:
    """An event left to the default (a version-2 kiosk's, or none chosen) gets its audience by
    kind, as ``contract.wire.upgrade_record`` has it, so it is stored and replayed as one."""
    if event.audience is None:
        event.audience = default_audience(event.kind).value
    return event


def _record_model(record_type: fields.RecordType) -> type[BaseModel]:
    validators = (
        {"_audience": model_validator(mode="after")(_event_audience)}
        if record_type is EVENT
        else {}
    )
    model = create_model(  # type: ignore[call-overload]
        f"{record_type.name.title()}Create",
        __config__=ConfigDict(extra="forbid"),
        __doc__=f"One {record_type.name} as the kiosk registered it (contract.records).",
        # Absent in contract version 1, where every record was a deposit.
        type=(Literal[record_type.name], record_type.name),
        __validators__=validators,
        **{spec.name: _annotation(spec) for spec in record_type.fields},
    )
    return model


if TYPE_CHECKING:

    class _Generated(BaseModel):
        """Built from contract.records at run time, so mypy cannot list its fields."""

        def __getattr__(self, name: str) -> Any: ...

    # One class each: a chained alias (A = B = _Generated) is a variable to mypy, not a type.
    class DepositCreate(_Generated): ...

    class EventCreate(_Generated): ...

    class RepairCreate(_Generated): ...

    class MaterialFlowCreate(_Generated): ...

    class FeedbackCreate(_Generated): ...

    class PickupCreate(_Generated): ...
else:
    DepositCreate = _record_model(DEPOSIT)
    EventCreate = _record_model(EVENT)
    RepairCreate = _record_model(REPAIR)
    MaterialFlowCreate = _record_model(MATERIAL_FLOW)
    FeedbackCreate = _record_model(FEEDBACK)
    PickupCreate = _record_model(PICKUP)


def _record_type(value: Any) -> Any:
    # A version-1 record has no "type": every one was a deposit. Returned as sent (Any: it is
    # not yet validated), so a non-string "type" fails as an unknown tag, as before.
    if isinstance(value, dict):
        return value.get("type", "deposit")
    return getattr(value, "type", "deposit")


RecordCreate = Annotated[
    Annotated[DepositCreate, Tag("deposit")]
    | Annotated[EventCreate, Tag("event")]
    | Annotated[RepairCreate, Tag("repair")]
    | Annotated[MaterialFlowCreate, Tag("material_flow")]
    | Annotated[FeedbackCreate, Tag("feedback")]
    | Annotated[PickupCreate, Tag("pickup")],
    Discriminator(_record_type),
]


class BatchCreate(BaseModel):
    """A run of records, sent gzip-compressed (Content-Encoding: gzip) or plain."""

    model_config = ConfigDict(extra="forbid")

    contract_version: int = Field(
        default=1, ge=1, le=CONTRACT_VERSION, description="absent: 1, the first release's format"
    )
    batch_id: str = Field(pattern=fields.UUID_PATTERN)
    device_id: str = Field(min_length=1, max_length=CODE_MAX)
    first_seq: int = Field(gt=0, le=fields.INT_MAX)
    last_seq: int = Field(gt=0, le=fields.INT_MAX)
    count: int = Field(gt=0, le=fields.INT_MAX)
    sha256: str = Field(
        pattern=r"^[0-9a-f]{64}$",
        description="SHA-256 of the canonical records JSON, as sent "
        "(json.dumps(records, sort_keys=True, separators=(',', ':'), ensure_ascii=False))",
    )
    sent_at: AwareDatetime = Field(
        ge=fields.TIME_MIN, lt=fields.TIME_MAX, description="kiosk clock when the batch was built"
    )
    records: list[RecordCreate]

    @model_validator(mode="after")
    def _types_match_version(self) -> "BatchCreate":
        # From version 2 on every record names its type; before, none did (all deposits).
        typed = self.contract_version >= 2
        for index, record in enumerate(self.records):
            if ("type" in record.model_fields_set) != typed:
                raise PydanticCustomError(
                    "record_type",
                    "records[{index}].type: {rule} in contract_version {version}",
                    {
                        "index": index,
                        "rule": "required" if typed else "not allowed",
                        "version": self.contract_version,
                    },
                )
            # A type newer than the batch's version did not exist for its sender.
            since = fields.REGISTRY[record.type].since if typed else 1
            if since > self.contract_version:
                raise PydanticCustomError(
                    "record_type",
                    "records[{index}].type: {name} needs contract_version {since}",
                    {"index": index, "name": record.type, "since": since},
                )
            if typed and record.type == PICKUP.name:
                problem = pickup_problem(record.model_dump())
                if problem is not None:
                    raise PydanticCustomError(
                        "pickup_ticket",
                        "records[{index}].{field}: {message}",
                        {"index": index, "field": problem[0], "message": problem[1]},
                    )
        return self


class IncomingBatch(Protocol):
    """What ingest reads of an accepted batch, whichever decoder made it: ``BatchCreate``, or
    central.decode's Structs generated from the same contract (the fast path)."""

    @property
    def contract_version(self) -> int: ...
    @property
    def batch_id(self) -> str: ...
    @property
    def device_id(self) -> str: ...
    @property
    def first_seq(self) -> int: ...
    @property
    def last_seq(self) -> int: ...
    @property
    def count(self) -> int: ...
    @property
    def sha256(self) -> str: ...
    @property
    def sent_at(self) -> datetime: ...
    @property
    def records(self) -> Sequence[Any]: ...


class BatchPublic(BaseModel):
    """Central's answer; a replay of the same batch gets exactly this again."""

    batch_id: str
    count: int = Field(description="records in the batch, all now held by central")
    inserted: int = Field(description="records written by this batch")
    duplicates: int = Field(description="records central already had, skipped")
    first_seq: int
    last_seq: int
    highest_contiguous_seq: int
    received_at: datetime
    clock_offset_s: float = Field(description="central's clock minus the kiosk's, in seconds")


# Limits shared with the contract, for the models below that are not record types.
INT_MAX = fields.INT_MAX
NO_NUL = r"^[^\x00]*$"
# A device's label is shown on pages and in lists: printable text, no line breaks.
NO_CONTROL = r"^[^\x00-\x1f\x7f]*$"
DEVICE_LABEL_MAX = 80
WireTime = Annotated[AwareDatetime, Field(ge=fields.TIME_MIN, lt=fields.TIME_MAX)]


def _integral(value: Any) -> Any:
    # JSON Schema's "integer" includes 3028.0, so a client built from the OpenAPI document
    # may send it; it is taken as 3028. A fraction, a string or a bool is still refused.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# A count or version outside a record: an integer 0..INT_MAX, 3028.0 included.
WireCount = Annotated[int, BeforeValidator(_integral), Field(ge=0, le=INT_MAX, strict=True)]


class EnrolCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Letters, digits, spaces and dashes only: a code is read aloud or typed on a phone.
    code: str = Field(min_length=4, max_length=32, pattern=r"^[A-Za-z0-9 -]+$")
    device_id: str = Field(
        pattern=IDENTIFIER_PATTERN,
        description="the kiosk's own id: " + IDENTIFIER_RULE,
    )
    takeover: bool = Field(
        default=False,
        description="replace the token of a device id central already has "
        "(`kiosk enrol --takeover`); without it that is a 409 device_exists",
    )
    label: str | None = Field(
        default=None,
        min_length=1,
        max_length=DEVICE_LABEL_MAX,
        pattern=NO_CONTROL,
        description='what staff call the kiosk (`kiosk enrol --label "Trosterud disk"`); '
        "a kiosk sends it only when given, so a central without the field still enrols it",
    )


class EnrolPublic(BaseModel):
    device_id: str
    station_id: str
    station_name: str
    token: str = Field(description="bearer token; shown once, central keeps only its hash")
    server_time: datetime
    highest_seq: int = Field(
        default=0,
        description="the highest seq central holds for this device; "
        "the kiosk continues its seq numbers above it",
    )
    takeover: bool = Field(default=False, description="true when this replaced a device's token")


class DeviceStatusCreate(BaseModel):
    """What a kiosk reports at every sync pass, even one with nothing to send: in its
    check-in, and again at the pass's end when the pass changed it."""

    model_config = ConfigDict(extra="forbid")

    app_version: str = Field(min_length=1, max_length=64, pattern=NO_NUL)
    pending: WireCount
    quarantined: WireCount
    oldest_pending_at: WireTime | None
    sent_at: WireTime


class CataloguePublic(BaseModel):
    changed: bool = Field(description="false when the kiosk already has the newest version")
    version: int
    catalogue: dict[str, Any] | None = None
    server_time: datetime
    contract_version: int = Field(
        default=CONTRACT_VERSION,
        description="the newest contract version central accepts; a kiosk sends at most this",
    )


class GapPublic(BaseModel):
    first: int
    last: int


class SequencePublic(BaseModel):
    device_id: str
    highest_contiguous_seq: int
    highest_seq: int
    gaps: list[GapPublic]


class BatchRef(BaseModel):
    """A batch as the kiosk composed it: its id and the hash of its records."""

    model_config = ConfigDict(extra="forbid")

    batch_id: str = Field(pattern=fields.UUID_PATTERN)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="as in the batch (POST /batches)")


class HeldBatchesCreate(BaseModel):
    """Batches a kiosk sent whose answers it did not get: which does central hold?"""

    model_config = ConfigDict(extra="forbid")

    batches: list[BatchRef] = Field(min_length=1, max_length=HELD_BATCHES_MAX)


class HeldBatchesPublic(BaseModel):
    """Those of the batches asked about that central holds from this device with that very
    hash; a batch id held with another hash, or from another device, is not listed."""

    held: list[BatchRef]


class HealthPublic(BaseModel):
    status: Literal["ok"]
    database: str
    server_time: datetime
    # The release serving this answer (the distribution's version), so an upgrade or a
    # rollback can be seen from outside.
    version: str


class ProblemDetail(BaseModel):
    code: str
    message: str
    record_id: str | None = None
    index: int | None = None


class ProblemPublic(BaseModel):
    detail: ProblemDetail


class DoorRefusalPublic(BaseModel):
    row: int = Field(description="1-based: the event's place in the delivery")
    code: str
    message: str
    event_id: str | None = None


class DoorEventsPublic(BaseModel):
    """What became of a delivery of door events: new, already held, refused by row."""

    inserted: int
    duplicates: int
    refused: list[DoorRefusalPublic]


class HoursPublic(BaseModel):
    changed: bool = Field(description="false when the kiosk already has the newest version")
    version: int = Field(
        description="the station's schedule version (hours and planned events); 0: none yet"
    )
    hours: dict[str, Any] | None = Field(
        default=None, description="the contract.hours document when changed (None: none published)"
    )
    planned: list[dict[str, Any]] | None = Field(
        default=None,
        description="when changed, the upcoming planned events (contract.planned), soonest first",
    )
    server_time: datetime


class CheckInCreate(BaseModel):
    """The first request of a kiosk's sync pass: its status, and the versions it holds."""

    model_config = ConfigDict(extra="forbid")

    status: DeviceStatusCreate
    catalogue_since: Annotated[WireCount, Field(description="its catalogue")]
    hours_since: Annotated[WireCount, Field(description="its opening hours")]


class CheckInPublic(BaseModel):
    """Central's clock and newest contract version (in ``catalogue``), the catalogue and the
    station's hours when newer: everything a sync pass needs before it sends records."""

    catalogue: CataloguePublic
    hours: HoursPublic
    # What central holds of this device (as GET /devices/me/sequence): the kiosk compares it
    # with what it marked synced and sends again what central lacks (after a restore).
    sequence: SequencePublic | None = None


class UpdateOutcomeCreate(BaseModel):
    """A kiosk's last update attempt, as its install folder recorded it (docs/updates.md)."""

    model_config = ConfigDict(extra="forbid")

    version: str = Field(min_length=1, max_length=64, pattern=NO_NUL)
    outcome: UpdateOutcome
    reason: str = Field(max_length=500, pattern=NO_NUL)
    at: WireTime


class UpdateReportCreate(BaseModel):
    """What a kiosk that updates itself says of its versions, after a good sync pass."""

    model_config = ConfigDict(extra="forbid")

    running_version: str = Field(min_length=1, max_length=64, pattern=NO_NUL)
    staged_version: str | None = Field(default=None, min_length=1, max_length=64, pattern=NO_NUL)
    last: UpdateOutcomeCreate | None = None


class UpdateChannelPublic(BaseModel):
    channel: UpdateChannel = Field(
        description="the release channel this kiosk follows: its own, or its station's"
    )
