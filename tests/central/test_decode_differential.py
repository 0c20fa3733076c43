"""central.decode (msgspec, the fast path) against BatchCreate (pydantic, the rule book).

Generated bodies, valid and near-valid: every field of every record type and of the batch
pushed across its edges (bounds and one past them, wrong JSON types, times in other offsets,
forms and years, a missing or wrong "type", extra and missing keys, NUL, duplicate keys).
Whatever the fast path accepts pydantic must accept with the same values, down to the types
and the offsets; and what a kiosk sends must take the fast path. Everything the fast path
does not accept goes to pydantic, so POST /batches accepts and refuses exactly as before.
"""

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from central.decode import decode
from central.schemas import BatchCreate
from contract import CONTRACT_VERSION, fields
from contract.records import PICKUP
from contract.wire import format_time

_PYDANTIC = TypeAdapter(BatchCreate)
LOW, HIGH = fields.TIME_MIN, fields.TIME_MAX
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=8,
)


def _uuid() -> st.SearchStrategy[str]:
    return st.uuids().map(str)


def _time() -> st.SearchStrategy[str]:
    return st.datetimes(LOW.replace(tzinfo=None), HIGH.replace(tzinfo=None) - timedelta(1)).map(
        lambda moment: format_time(moment.replace(tzinfo=UTC))
    )


def _valid(spec: fields.Field) -> st.SearchStrategy[Any]:
    value: st.SearchStrategy[Any]
    if spec.kind == "int":
        value = st.integers(spec.min, spec.max)
    elif spec.kind == "uuid":
        value = _uuid()
    elif spec.kind == "enum":
        value = st.sampled_from(spec.choices)
    elif spec.kind == "time":
        value = _time()
    else:
        value = st.text(
            alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
            min_size=spec.min or 0,
            max_size=min(spec.max or 20, 20),
        )
    return st.one_of(st.none(), value) if spec.nullable else value


@st.composite
def valid_record(draw: st.DrawFn, record_type: fields.RecordType, typed: bool) -> dict[str, Any]:
    record: dict[str, Any] = {"type": record_type.name} if typed else {}
    for spec in record_type.fields:
        if spec.nullable and draw(st.booleans()) and draw(st.booleans()):
            continue  # left out: null by default
        record[spec.name] = draw(_valid(spec))
    if record_type is PICKUP:  # a ticket and its weight go together
        ticket = draw(st.booleans())
        record["ticket_no"] = draw(_valid(spec_of(PICKUP, "ticket_no"))) if ticket else None
        record["net_weight_g"] = (
            draw(st.integers(1, spec_of(PICKUP, "net_weight_g").max or 1)) if ticket else None
        )
        if ticket and record["ticket_no"] is None:
            record["net_weight_g"] = record["ticket_no"] = None
    return record


def spec_of(record_type: fields.RecordType, name: str) -> fields.Field:
    return record_type.field(name)


@st.composite
def valid_batch(draw: st.DrawFn) -> dict[str, Any]:
    version = draw(st.integers(1, CONTRACT_VERSION))
    types = [t for t in fields.REGISTRY.values() if t.since <= version]
    records = [
        draw(valid_record(draw(st.sampled_from(types)), typed=version >= 2))
        for _ in range(draw(st.integers(1, 4)))
    ]
    batch: dict[str, Any] = {
        "batch_id": draw(_uuid()),
        "device_id": draw(_valid(fields.Field("device_id", "text", min=1, max=8))),
        "first_seq": draw(st.integers(1, fields.INT_MAX)),
        "last_seq": draw(st.integers(1, fields.INT_MAX)),
        "count": draw(st.integers(1, fields.INT_MAX)),
        "sha256": draw(st.binary(min_size=32, max_size=32)).hex(),
        "sent_at": draw(_time()),
        "records": records,
    }
    if version > 1 or draw(st.booleans()):
        batch["contract_version"] = version
    return batch


# A time's text in many forms, some pydantic reads and msgspec does not, or the other way.
TIME_TEXT = st.builds(
    lambda year, date, sep, clock, fraction, offset: f"{year}-{date}{sep}{clock}{fraction}{offset}",
    st.sampled_from(["1999", "2000", "2026", "2099", "2100", "0001", "9999"]),
    st.sampled_from(["01-01", "12-31", "02-29", "02-30", "13-01"]),
    st.sampled_from(["T", "t", " ", "_"]),
    st.sampled_from(["00:00:00", "23:59:59", "23:59:60", "24:00:00", "00:00", "12:30:45"]),
    st.sampled_from(["", ".", ".0", ".123456", ".1234567", ".9999999", ".999999999", ",5"]),
    st.sampled_from(
        ["Z", "z", "", "+00:00", "-00:00", "+0000", "+00", "+01:00", "-01:00", "+00:01", "+23:59"]
    ),
)


WRONG = [None, True, False, 0, 1.0, "x", "", [], {}]
TIME_EDGES = [
    "2000-01-01T00:00:00Z",
    "1999-12-31T23:59:59.999999Z",
    "2099-12-31T23:59:59.999999Z",
    "2100-01-01T00:00:00Z",
    "2099-12-31T23:59:59.9999999Z",  # rounds into 2100, truncates inside 2099
    "2026-01-01T00:00:00.1234567Z",
    "2026-01-01T00:00:00+00:00",
    "2026-01-01T00:00:00-00:00",
    "2026-01-01T01:00:00+01:00",
    "2026-01-01T00:00:00",
    "2026-01-01",
    "2026-01-01t00:00:00z",
    "2026-01-01 00:00:00Z",
    "2026-01-01T00:00Z",
    1767225600,
    1767225600.5,
]


def edge_values(spec: fields.Field) -> list[Any]:
    """Values at and just past a field's limits, and of the wrong JSON type."""
    if spec.kind == "int":
        low, high = spec.min or 0, spec.max or fields.INT_MAX
        near = [low - 1, low, low + 1, high - 1, high, high + 1, 2**63, -(2**63) - 1]
        return [*near, float(low), str(high), high + 0.5, *WRONG]
    if spec.kind == "time":
        return [*TIME_EDGES, *WRONG]
    if spec.kind == "uuid":
        good = "01234567-89ab-cdef-0123-456789abcdef"
        odd = [good, good.upper(), good + "\n", good[:-1], good + "0", "{" + good + "}"]
        return [*odd, *WRONG]
    if spec.kind == "enum":
        return [
            *[c for c in spec.choices],
            *[
                f(spec.choices[0])
                for f in (str.upper, " {}".format, "{}\n".format, "{}\x00".format)
            ],
            *WRONG,
        ]
    low, high = spec.min or 0, spec.max or 30
    return [
        "a" * max(low - 1, 0),
        "a" * low,
        "a" * high,
        "a" * (high + 1),
        "é" * high,
        "é" * (high + 1),
        "\U0001f600" * high,
        "\U0001f600" * (high + 1),
        "a\x00",
        "\x00",
        "a\n",
        *WRONG,
    ]


def _edges(spec: fields.Field) -> st.SearchStrategy[Any]:
    near = st.sampled_from(edge_values(spec))
    if spec.kind == "time":
        return st.one_of(near, near, TIME_TEXT, _time())
    return st.one_of(near, near, _valid(spec), TEXT, st.integers(), st.floats())


BATCH_FIELDS = {
    "batch_id": fields.Field("batch_id", "uuid"),
    "device_id": fields.Field("device_id", "text", min=1, max=64),
    "first_seq": fields.Field("first_seq", "int", min=1, max=fields.INT_MAX),
    "last_seq": fields.Field("last_seq", "int", min=1, max=fields.INT_MAX),
    "count": fields.Field("count", "int", min=1, max=fields.INT_MAX),
    "sent_at": fields.Field("sent_at", "time"),
}
BATCH_VALUES: dict[str, list[Any]] = {
    **{name: edge_values(spec) for name, spec in BATCH_FIELDS.items()},
    "contract_version": [0, 1, 2, 3, 4, 5, 6, 2.0, "2", True, None, -1],
    "sha256": ["a" * 64, "A" * 64, "a" * 63, "a" * 65, "a" * 64 + "\n", "", 1],
    "records": [[], {}, None, "x", [1], [None], [[]]],
}
BATCH_EDGES = {name: st.sampled_from(values) for name, values in BATCH_VALUES.items()}


@st.composite
def mutated(draw: st.DrawFn, batch: dict[str, Any]) -> dict[str, Any]:
    """One near-valid change to the batch or one of its records."""
    batch = json.loads(json.dumps(batch))
    records = batch.get("records")
    if not isinstance(records, list) or not records or not isinstance(records[0], dict):
        return batch  # an earlier change already broke the records
    index = draw(st.integers(0, len(records) - 1))
    record = records[index]
    if not isinstance(record, dict):
        return batch
    declared = fields.REGISTRY.get(record.get("type", "deposit"), fields.REGISTRY["deposit"])
    what = draw(
        st.sampled_from(
            ["field"] * 6 + ["drop", "extra", "extra", "type", "batch", "batch", "drop_batch"]
        )
    )
    if what == "field":
        spec = draw(st.sampled_from(declared.fields))
        record[spec.name] = draw(_edges(spec))
    elif what == "drop":
        record.pop(draw(st.sampled_from(declared.names)), None)
    elif what == "extra":
        target = draw(st.sampled_from([record, batch]))
        target[draw(st.sampled_from(["extra", "Type", "ID", "type_", ""]))] = draw(
            st.sampled_from([None, 1, "x"])
        )
    elif what == "type":
        change = draw(st.sampled_from(["drop", "add", "other", "wrong"]))
        if change == "drop":
            record.pop("type", None)
        elif change == "add":
            record["type"] = "deposit"
        elif change == "other":
            record["type"] = draw(st.sampled_from(sorted(fields.REGISTRY)))
        else:
            record["type"] = draw(st.sampled_from([None, 1, "Deposit", "unknown", ""]))
    elif what == "batch":
        name = draw(st.sampled_from(sorted(BATCH_EDGES)))
        batch[name] = draw(BATCH_EDGES[name])
    else:
        batch.pop(draw(st.sampled_from(sorted(BATCH_EDGES))), None)
    return batch


def _text(batch: dict[str, Any], *, ascii: bool, duplicate: Any = None) -> bytes:
    """The body's bytes, non-ASCII as is or escaped; with ``duplicate``, the first record's
    first key is sent twice, first with this value."""
    body = json.dumps(batch, ensure_ascii=ascii)
    records = batch.get("records")
    if duplicate is not None and isinstance(records, list) and records:
        first = records[0]
        if isinstance(first, dict) and first:
            key = json.dumps(next(iter(first)))
            start = body.index('"records": [{') + len('"records": [{')
            body = f"{body[:start]}{key}: {json.dumps(duplicate)}, {body[start:]}"
    return body.encode()


def _plain(value: Any) -> Any:
    """A value with its exact type, and a time's offset, so that 1 == True does not pass."""
    if isinstance(value, datetime):
        return ("datetime", value, value.utcoffset())
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return (type(value).__name__, value)


def _fast_dump(batch: Any) -> dict[str, Any]:
    dumped = {name: getattr(batch, name) for name in BatchCreate.model_fields}
    dumped["records"] = [
        {"type": r.type, **{name: getattr(r, name) for name in r.__struct_fields__}}
        for r in batch.records
    ]
    return dumped


def _judge(body: bytes, *, from_kiosk: bool, tally: bool = True) -> None:
    try:
        expected: dict[str, Any] | None = _PYDANTIC.validate_json(body).model_dump()
    except ValidationError:
        expected = None
    fast = decode(body)
    taken = "takes" if fast is not None else "passes"
    if tally:
        event(f"pydantic {'accepts' if expected is not None else 'refuses'}, fast path {taken}")
    if fast is not None:
        assert expected is not None, "the fast path took a body pydantic refuses"
        assert _plain(_fast_dump(fast)) == _plain(expected)
    if from_kiosk:
        assert expected is not None, "pydantic refuses a kiosk's body"
        assert fast is not None, "a kiosk's body did not take the fast path"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_batch(), st.booleans())
def test_a_kiosks_batch_takes_the_fast_path_with_pydantics_values(
    batch: dict[str, Any], ascii: bool
) -> None:
    _judge(_text(batch, ascii=ascii), from_kiosk=True)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.data(),
    valid_batch(),
    st.sampled_from([0, 1, 1, 1, 2]),
    st.booleans(),
    st.one_of(st.none(), st.none(), st.integers(), TEXT),
)
def test_the_fast_path_takes_only_what_pydantic_takes_with_equal_values(
    data: st.DataObject, batch: dict[str, Any], changes: int, ascii: bool, duplicate: Any
) -> None:
    for _ in range(changes):
        batch = data.draw(mutated(batch))
    _judge(_text(batch, ascii=ascii, duplicate=duplicate), from_kiosk=False)


def test_a_uuid_with_a_newline_after_it_is_refused_by_both() -> None:
    # Python's re "$" matches before a final newline, pydantic's regex does not.
    good = "01234567-89ab-cdef-0123-456789abcdef"
    batch = {
        "batch_id": good + "\n",
        "device_id": "d",
        "first_seq": 1,
        "last_seq": 1,
        "count": 1,
        "sha256": "a" * 64,
        "sent_at": "2026-01-01T00:00:00Z",
        "records": [],
    }
    _judge(json.dumps(batch).encode(), from_kiosk=False, tally=False)
    assert decode(json.dumps({**batch, "batch_id": good}).encode()) is not None


BASE = {
    "contract_version": CONTRACT_VERSION,
    "batch_id": "01234567-89ab-cdef-0123-456789abcdef",
    "device_id": "kiosk-1",
    "first_seq": 1,
    "last_seq": 1,
    "count": 1,
    "sha256": "a" * 64,
    "sent_at": "2026-01-01T00:00:00.000000Z",
}
ONE_OF_EACH = {
    "int": 7,
    "uuid": "01234567-89ab-cdef-0123-456789abcdef",
    "time": "2026-01-01T00:00:00.000000Z",
    "text": "x",
}


def test_every_field_of_every_type_at_every_edge() -> None:
    """Systematically, not by chance: one field at a time at each of its edge values."""
    for record_type in fields.REGISTRY.values():
        record: dict[str, Any] = {"type": record_type.name}
        for spec in record_type.fields:
            record[spec.name] = spec.choices[0] if spec.kind == "enum" else ONE_OF_EACH[spec.kind]
        if record_type is PICKUP:
            record["net_weight_g"] = record["ticket_no"] = None
        for version in (1, record_type.since, CONTRACT_VERSION):
            typed = (
                dict(record) if version >= 2 else {k: v for k, v in record.items() if k != "type"}
            )
            _judge(
                json.dumps({**BASE, "contract_version": version, "records": [typed]}).encode(),
                from_kiosk=version >= record_type.since
                and (version >= 2 or record_type.name == "deposit"),
                tally=False,
            )
            for spec in record_type.fields:
                for value in edge_values(spec):
                    body = {
                        **BASE,
                        "contract_version": version,
                        "records": [{**typed, spec.name: value}],
                    }
                    _judge(json.dumps(body).encode(), from_kiosk=False, tally=False)
                without = {k: v for k, v in typed.items() if k != spec.name}
                _judge(
                    json.dumps(
                        {**BASE, "contract_version": version, "records": [without]}
                    ).encode(),
                    from_kiosk=False,
                    tally=False,
                )
    for name, values in BATCH_VALUES.items():
        for value in values:
            _judge(
                json.dumps({**BASE, name: value, "records": []}).encode(),
                from_kiosk=False,
                tally=False,
            )
