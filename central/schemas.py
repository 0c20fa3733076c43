"""The wire contract as pydantic models: what a kiosk sends and what central answers."""

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
# Value limits, the same as the contract's: what every database column can hold, checked
# here so that no value reaches the database to fail there as a 500.
INT_MAX = 2**31 - 1  # PostgreSQL integer
NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL; lone surrogates fail JSON parsing
# Years a registration can carry; also keeps UTC conversion clear of year 1 and 9999.
WireTime = Annotated[
    AwareDatetime,
    Field(ge=datetime(2000, 1, 1, tzinfo=UTC), lt=datetime(2101, 1, 1, tzinfo=UTC)),
]
Seq = Annotated[int, Field(gt=0, le=INT_MAX, strict=True)]


class RecordCreate(BaseModel):
    """One deposit as the kiosk registered it."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=UUID_PATTERN, description="UUIDv7 made on the kiosk")
    seq: Seq = Field(description="per-device sequence number, never reused")
    device_id: str = Field(min_length=1, max_length=64, pattern=NO_NUL)
    station_id: str = Field(min_length=1, max_length=64, pattern=NO_NUL)
    recorded_at: WireTime = Field(description="kiosk clock, ISO-8601 UTC with Z; 2000..2100")
    category: str = Field(min_length=1, max_length=64, pattern=NO_NUL)
    weight_g: int = Field(
        strict=True, le=INT_MAX, description="integer grams, 1 .. central's max_weight_g"
    )
    weight_source: Literal["scale_stable", "scale_unstable", "manual", "estimate"]
    channel: Literal["guide", "self_service"]
    direction: Literal["in", "out"]
    reverses: str | None = Field(default=None, pattern=UUID_PATTERN)
    visit_id: str | None = Field(default=None, max_length=36, pattern=NO_NUL)
    catalog_version: int = Field(strict=True, ge=0, le=INT_MAX)
    clock_flag: Literal["before_install", "future"] | None = Field(
        default=None, description="set by the kiosk when recorded_at cannot be right"
    )


class BatchCreate(BaseModel):
    """A run of records, sent gzip-compressed (Content-Encoding: gzip) or plain."""

    model_config = ConfigDict(extra="forbid")

    batch_id: str = Field(pattern=UUID_PATTERN)
    device_id: str = Field(min_length=1, max_length=64, pattern=NO_NUL)
    first_seq: Seq
    last_seq: Seq
    count: int = Field(gt=0, le=INT_MAX)
    sha256: str = Field(
        pattern=r"^[0-9a-f]{64}$",
        description="SHA-256 of the canonical records JSON "
        "(json.dumps(records, sort_keys=True, separators=(',', ':'), ensure_ascii=False))",
    )
    sent_at: WireTime = Field(description="kiosk clock when the batch was built")
    records: list[RecordCreate]


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


class EnrolCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Letters, digits, spaces and dashes only: a code is read aloud or typed on a phone.
    code: str = Field(min_length=4, max_length=32, pattern=r"^[A-Za-z0-9 -]+$")
    device_id: str = Field(
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9._:-]+$",
        description="the kiosk's own id",
    )
    takeover: bool = Field(
        default=False,
        description="replace the token of a device id central already has "
        "(`kiosk enrol --takeover`); without it that is a 409 device_exists",
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
    """What a kiosk reports at every sync pass, even one with nothing to send."""

    model_config = ConfigDict(extra="forbid")

    app_version: str = Field(min_length=1, max_length=64, pattern=NO_NUL)
    pending: int = Field(ge=0, le=INT_MAX, strict=True)
    quarantined: int = Field(ge=0, le=INT_MAX, strict=True)
    oldest_pending_at: WireTime | None
    sent_at: WireTime


class CataloguePublic(BaseModel):
    changed: bool = Field(description="false when the kiosk already has the newest version")
    version: int
    catalogue: dict[str, Any] | None = None
    server_time: datetime


class GapPublic(BaseModel):
    first: int
    last: int


class SequencePublic(BaseModel):
    device_id: str
    highest_contiguous_seq: int
    highest_seq: int
    gaps: list[GapPublic]


class HealthPublic(BaseModel):
    status: Literal["ok"]
    database: str
    server_time: datetime


class ProblemDetail(BaseModel):
    code: str
    message: str
    record_id: str | None = None
    index: int | None = None


class ProblemPublic(BaseModel):
    detail: ProblemDetail
