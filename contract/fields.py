"""The machinery for declaring record types: fields with types and limits, and a registry.

A record type is a name and its fields; validation, the wire order, the export columns and
central's request models are all derived from these declarations.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from contract import CONTRACT_VERSION
from contract.limits import TIME_MAX as TIME_MAX  # the contract's years, declared in limits
from contract.limits import TIME_MIN as TIME_MIN
from contract.limits import time_problem
from contract.wire import parse_time

# Keeps every integer inside a signed 32-bit column (PostgreSQL int4), so a database never
# answers 500 for a number the contract let through.
INT_MAX = 2**31 - 1
UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
_UUID = re.compile(UUID_PATTERN)
# NUL is refused by PostgreSQL text; a lone surrogate cannot be encoded as UTF-8 at all.
_BAD_CHAR = re.compile("[\x00\ud800-\udfff]")

Kind = Literal["text", "uuid", "int", "time", "enum"]


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a record type: its kind, whether it may be null, and its limits."""

    name: str
    kind: Kind
    nullable: bool = False
    min: int | None = None  # int: lowest value; text: shortest length
    max: int | None = None  # int: highest value; text: longest length
    enum: type[StrEnum] | None = None
    exported: bool = True  # a column of the USB export's CSV
    description: str = ""
    since: int = 1  # the contract version that added it; older wires leave it out

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(e.value for e in self.enum) if self.enum else ()

    def check(self, value: Any) -> str | None:
        """Why ``value`` is not allowed here, or None when it is."""
        if value is None:
            return None if self.nullable else "must not be null"
        if self.kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                return "must be an integer"
            return _range(value, self.min, self.max)
        if self.kind == "time":
            return _time(value)
        if not isinstance(value, str):
            return "must be a string"
        if _BAD_CHAR.search(value):
            return "must not contain NUL or unpaired surrogate characters"
        if self.kind == "enum":
            return None if value in self.choices else f"must be one of {', '.join(self.choices)}"
        if self.kind == "uuid":
            return None if _UUID.fullmatch(value) else "must be a lower-case UUID"
        if self.min is not None and len(value) < self.min:
            return f"must be at least {self.min} characters"
        if self.max is not None and len(value) > self.max:
            return f"must be at most {self.max} characters"
        return None


def _range(value: int, low: int | None, high: int | None) -> str | None:
    if (low is not None and value < low) or (high is not None and value > high):
        return f"must be within {low}..{high}"
    return None


def _time(value: Any) -> str | None:
    if isinstance(value, str):
        try:
            value = parse_time(value)
        except ValueError as exc:
            return str(exc)
    if not isinstance(value, datetime):
        return "must be an ISO-8601 UTC time"
    offset = value.utcoffset()
    if offset is None:
        return "must carry a UTC offset"
    if offset.total_seconds() != 0:
        return "must be in UTC (Z)"
    return time_problem(value)


@dataclass(frozen=True, slots=True)
class RecordType:
    """A kind of record the kiosk registers and central stores; fields in declaration order.

    Declaration order is the stored/export order; the wire uses sorted order (``wire_names``).
    """

    name: str
    fields: tuple[Field, ...]
    since: int = 1  # the contract version that added the type; older centrals never get it
    plural: str = ""  # what its table is called on the kiosk; by default the name + "s"

    def __post_init__(self) -> None:
        if not self.plural:
            object.__setattr__(self, "plural", f"{self.name}s")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def wire_names(self) -> tuple[str, ...]:
        """Every key of a current-version wire record, in canonical (sorted) order."""
        return self.wire_names_in(CONTRACT_VERSION)

    def wire_names_in(self, version: int) -> tuple[str, ...]:
        """The keys of a wire record in contract ``version`` (1 had no "type"), sorted."""
        names = tuple(f.name for f in self.fields if f.since <= version)
        return tuple(sorted((*names, "type") if version >= 2 else names))

    @property
    def exported_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.exported)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


REGISTRY: dict[str, RecordType] = {}


def register(record_type: RecordType) -> RecordType:
    if record_type.name in REGISTRY:
        raise ValueError(f"record type {record_type.name!r} is declared twice")
    REGISTRY[record_type.name] = record_type
    return record_type


def validate_record(record: Any) -> list[tuple[str, str]]:
    """Every (field, message) wrong with a current-version wire record; empty when it is valid."""
    if not isinstance(record, dict):
        return [("record", "must be an object")]
    record_type = REGISTRY.get(record.get("type"))  # type: ignore[arg-type]
    if record_type is None:
        return [("type", f"must be one of {', '.join(sorted(REGISTRY))}")]
    problems = [
        (name, "is not a field of this record type")
        for name in record
        if name != "type" and name not in record_type.names
    ]
    for f in record_type.fields:
        if f.name not in record and not f.nullable:
            problems.append((f.name, "is missing"))
        elif (message := f.check(record.get(f.name))) is not None:
            problems.append((f.name, message))
    return problems
