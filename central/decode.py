"""POST /batches' fast path: msgspec Structs generated from the contract, checked in C.

pydantic (``central.schemas.BatchCreate``) stays the other reading of the same declarations: it
documents the body in the OpenAPI schema and words every refusal. ``decode`` returns a batch
only when pydantic would accept the body with the same values; for anything else it returns
None and the caller asks pydantic, which accepts it after all (a form msgspec does not read,
such as a time as a Unix number) or names the record and the field as before.
tests/central/test_decode_differential.py holds the two to that on generated bodies.

What msgspec cannot say in its types is checked after decoding, or by a look at the raw bytes
first, always erring towards pydantic: a time's offset and years, a record's type against the
batch's contract_version, the pickup's ticket rule, the event's default audience.
"""

import re
from datetime import UTC, datetime
from operator import attrgetter
from typing import Annotated, Any, Literal, Union, cast

import msgspec

from central.schemas import IncomingBatch
from contract import CONTRACT_VERSION, fields
from contract.records import CODE_MAX, EVENT, PICKUP, default_audience, pickup_problem

# Python's re (which msgspec uses) lets "$" match before a final newline; pydantic's regex
# does not, so "<uuid>\n" would pass here and not there. "\Z" is the end of the text only.
_END = re.compile(r"\$$")


def _pattern(pattern: str) -> str:
    return _END.sub(r"\\Z", pattern)


# Not in the types, so not re-checked per string: NUL (pydantic's text pattern ^[^\x00]*$) and
# more than six digits of a second (pydantic truncates them, msgspec rounds). A body holding
# either anywhere, even where it would be allowed, goes to pydantic.
_NUL = (b"\\u0000", b"\x00")
_LONG_FRACTION = re.compile(rb"\.\d{7}")  # a literal first: a fast scan of the body


def _type(spec: fields.Field) -> tuple[Any, Any]:
    """A contract field as a msgspec (type, default)."""
    kind: Any
    if spec.kind == "int":
        kind = Annotated[int, msgspec.Meta(ge=spec.min, le=spec.max)]
    elif spec.kind == "time":
        kind = Annotated[datetime, msgspec.Meta(tz=True)]  # UTC and years: _accepts
    elif spec.kind == "enum":
        kind = Literal[spec.choices]
    elif spec.kind == "uuid":
        kind = Annotated[str, msgspec.Meta(pattern=_pattern(fields.UUID_PATTERN))]
    else:
        kind = Annotated[str, msgspec.Meta(min_length=spec.min, max_length=spec.max)]
    if spec.nullable:
        return kind | None, None
    return kind, msgspec.NODEFAULT


def _struct(record_type: fields.RecordType, *, tagged: bool) -> type[msgspec.Struct]:
    """One record type as a Struct; ``type`` is a class attribute, as pydantic's default is."""
    options: dict[str, Any] = {"tag_field": "type", "tag": record_type.name} if tagged else {}
    return msgspec.defstruct(
        f"{record_type.name.title()}{'' if tagged else 'V1'}Record",
        [(spec.name, *_type(spec)) for spec in record_type.fields],
        namespace={"type": record_type.name},
        kw_only=True,
        forbid_unknown_fields=True,
        gc=False,  # scalars only: no cycle to find, and 5,000 a batch need not be tracked
        **options,
    )


_TYPED = {name: _struct(record_type, tagged=True) for name, record_type in fields.REGISTRY.items()}
# Contract version 1 had no "type": every record was a deposit, and a "type" is refused.
_UNTYPED = _struct(fields.REGISTRY["deposit"], tagged=False)


class _Checks:
    """What is checked per record type after decoding, derived from its declaration once."""

    def __init__(self, record_type: fields.RecordType, *, typed: bool) -> None:
        self.typed = typed
        self.since = record_type.since
        times = attrgetter(*_times(record_type))
        # attrgetter of one name gives the value, of several a tuple: always a tuple here.
        self.times = times if len(_times(record_type)) > 1 else lambda record: (times(record),)
        self.event = record_type is EVENT
        self.pickup = record_type is PICKUP


def _times(record_type: fields.RecordType) -> tuple[str, ...]:
    return tuple(f.name for f in record_type.fields if f.kind == "time")


_CHECKS: dict[type, _Checks] = {
    **{_TYPED[name]: _Checks(t, typed=True) for name, t in fields.REGISTRY.items()},
    _UNTYPED: _Checks(fields.REGISTRY["deposit"], typed=False),
}

_Uuid = Annotated[str, msgspec.Meta(pattern=_pattern(fields.UUID_PATTERN))]
# BatchCreate's fields (central/schemas.py), as msgspec types; its ints are lax in pydantic,
# strict here: a "3" or 3.0 goes to pydantic, which takes it.
_Seq = Annotated[int, msgspec.Meta(gt=0, le=fields.INT_MAX)]
_BATCH_FIELDS: list[tuple[str, Any] | tuple[str, Any, Any]] = [
    ("contract_version", Annotated[int, msgspec.Meta(ge=1, le=CONTRACT_VERSION)], 1),
    ("batch_id", _Uuid),
    ("device_id", Annotated[str, msgspec.Meta(min_length=1, max_length=CODE_MAX)]),
    ("first_seq", _Seq),
    ("last_seq", _Seq),
    ("count", _Seq),
    ("sha256", Annotated[str, msgspec.Meta(pattern=_pattern(r"^[0-9a-f]{64}$"))]),
    ("sent_at", Annotated[datetime, msgspec.Meta(tz=True)]),  # any offset; years: _accepts
]


def _batch(name: str, record: Any) -> type[msgspec.Struct]:
    return msgspec.defstruct(
        name,
        [*_BATCH_FIELDS, ("records", list[record])],
        kw_only=True,
        forbid_unknown_fields=True,
    )


_RECORD: Any = Union[tuple(_TYPED.values())]  # noqa: UP007 (a union built at run time)
_TYPED_BATCH = msgspec.json.Decoder(_batch("TypedBatch", _RECORD))
_UNTYPED_BATCH = msgspec.json.Decoder(_batch("UntypedBatch", _UNTYPED))
_TIME_MIN, _TIME_MAX = fields.TIME_MIN, fields.TIME_MAX


def decode(body: bytes) -> IncomingBatch | None:
    """The batch in ``body`` if pydantic would accept it with the same values, else None."""
    if _NUL[0] in body or _NUL[1] in body or _LONG_FRACTION.search(body):
        return None
    try:
        batch: Any = _TYPED_BATCH.decode(body)
    except msgspec.DecodeError:
        try:
            batch = _UNTYPED_BATCH.decode(body)
        except msgspec.DecodeError:
            return None
    return cast(IncomingBatch, batch) if _accepts(batch) else None


def _accepts(batch: Any) -> bool:
    """BatchCreate's checks that msgspec's types do not make (its model validators included)."""
    if not _TIME_MIN <= batch.sent_at < _TIME_MAX:
        return False
    version = batch.contract_version
    # From version 2 on every record names its type; before, none did (all deposits).
    typed = version >= 2
    for record in batch.records:
        check = _CHECKS[type(record)]
        if check.typed != typed or check.since > version:
            return False
        for moment in check.times(record):
            # msgspec gives the one UTC object for an offset of zero, another for any other.
            if moment.tzinfo is not UTC or not _TIME_MIN <= moment < _TIME_MAX:
                return False
        if check.event and record.audience is None:
            record.audience = default_audience(record.kind).value
        elif check.pickup and pickup_problem(
            {"ticket_no": record.ticket_no, "net_weight_g": record.net_weight_g}
        ):
            return False
    return True
