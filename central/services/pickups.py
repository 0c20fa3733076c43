"""Weighbridge tickets from a hauler's or plant's system (file or signed webhook) as pickups.

Each row is judged alone and reported as imported, skipped as a repeat (its ticket is held
with the same content) or refused with its row and field; the good rows are kept. A ticket
number held with other content is refused: the same ticket never counts twice. A file that
cannot be read as a table (no header, a missing column) is refused whole before anything is
written. The rows become ``pickup`` records of central's own pseudo-device ``central``.
"""

import csv
import io
import os
import re
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, BinaryIO
from zipfile import BadZipFile

import psycopg
from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Connection,
    Integer,
    String,
    any_,
    bindparam,
    func,
    insert,
    select,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central.errors import Conflict, Invalid, Malformed
from central.models import ACTIVITY_TABLES, PickupMapping, Station, UTCDateTime
from central.services.catalogue import category_kinds
from central.services.webhooks import Webhook
from contract.limits import (
    CSV_FIELD_MAX_CHARS,
    PICKUP_ROWS_MAX,
    PICKUP_WEIGHT_MAX_G,
    TICKET_MAX,
    YEAR_MAX,
    YEAR_MIN,
    identifier_problem,
    time_problem,
)
from contract.records import CODE_MAX, PARTY_MAX, PickupSource
from contract.times import OSLO
from contract.wire import parse_time

# The pseudo-device central's own pickups are numbered under (one seq space per device).
IMPORT_DEVICE = "central"
REQUIRED = ("ticket_no", "weighed_at", "fraction", "net_kg")
OPTIONAL = ("station_id", "container_id", "hauler", "plant")
COLUMNS = (*REQUIRED, *OPTIONAL)
GROUP_SEPARATOR = "+"  # "paper_cardboard+hard_plastic": a mixed container
_BAD_CHAR = re.compile("[\x00\ud800-\udfff]")
_NORWEGIAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T](\d{1,2}):(\d{2}))?$")
_TABLE = ACTIVITY_TABLES["pickup"]


@dataclass(frozen=True)
class RowRefusal:
    row: int  # 1-based: the data line after the header, or the webhook's index + 1
    field: str
    code: str
    message: str


@dataclass
class PickupImport:
    imported: list[int] = field(default_factory=list)  # row numbers
    repeats: list[int] = field(default_factory=list)
    refused: list[RowRefusal] = field(default_factory=list)


@dataclass(frozen=True)
class _Good:
    row: int
    station_id: str
    fraction: str
    container_id: str | None
    hauler: str | None
    plant: str | None
    net_weight_g: int
    ticket_no: str
    weighed_at: datetime


def uuid7() -> uuid.UUID:
    """A version-7 UUID like the kiosk's (kiosk/domain/ids.py), which central cannot import."""
    value = (time.time_ns() // 1_000_000 & 0xFFFF_FFFF_FFFF) << 80
    value |= int.from_bytes(os.urandom(10), "big")
    value = (value & ~(0xF << 76)) | (0x7 << 76)
    value = (value & ~(0x3 << 62)) | (0x2 << 62)
    return uuid.UUID(int=value)


class _Refused(Exception):
    def __init__(self, field: str, code: str, message: str) -> None:
        super().__init__(message)
        self.field, self.code, self.message = field, code, message


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _text(row: Mapping[str, object], name: str, limit: int, *, required: bool) -> str | None:
    value = row.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise _Refused(name, "missing", f"{name} is missing.")
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)  # a ticket number typed as a number in a spreadsheet
    if not isinstance(value, str):
        raise _Refused(name, "not_text", f"{name} must be text.")
    value = value.strip()
    if len(value) > limit or _BAD_CHAR.search(value):
        raise _Refused(name, "bad_text", f"{name} must be 1..{limit} characters, without NUL.")
    return value


def parse_kg(value: object) -> int:
    """A ticket's net kg ("412,5", "412.5", 412.5) as whole grams; refused naming net_kg."""
    if isinstance(value, bool) or value is None:
        raise _Refused("net_kg", "missing", "net_kg is missing.")
    text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        kg = Decimal(text)
    except InvalidOperation:
        raise _Refused("net_kg", "bad_weight", f"net_kg {_shown(value)} is not a number.") from None
    grams = kg * 1000
    if not kg.is_finite() or grams != grams.to_integral_value():
        raise _Refused("net_kg", "bad_weight", f"net_kg {_shown(value)} is not whole grams.")
    if grams < 1 or grams > PICKUP_WEIGHT_MAX_G:
        raise _Refused(
            "net_kg",
            "weight_out_of_range",
            f"net_kg {_shown(value)} must be within 0,001..{PICKUP_WEIGHT_MAX_G // 1000} kg.",
        )
    return int(grams)


def parse_weighed_at(value: object) -> datetime:
    """ISO-8601 with an offset; without one, or as dd.mm.yyyy [HH:MM], Oslo local time."""
    moment: datetime | None = None
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=OSLO)
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day, 12, tzinfo=OSLO)
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        if match := _NORWEGIAN_DATE.match(text):
            day, month, year, hour, minute = match.groups()
            try:
                moment = datetime(
                    int(year), int(month), int(day), int(hour or 12), int(minute or 0), tzinfo=OSLO
                )
            except ValueError:
                moment = None
        else:
            try:
                moment = parse_time(text)
            except ValueError:
                try:
                    moment = datetime.fromisoformat(text).replace(tzinfo=OSLO)
                except ValueError:
                    moment = None
    if moment is None:
        raise _Refused(
            "weighed_at",
            "bad_time",
            f"weighed_at {_shown(value)} must be a date and time, e.g. 2026-03-02T09:30:00+01:00 "
            "or 02.03.2026 09:30 (Oslo time).",
        )
    try:
        moment = moment.astimezone(UTC)
    except OverflowError:
        raise _Refused("weighed_at", "bad_time", "weighed_at is out of range.") from None
    if time_problem(moment) is not None:
        # Worded here, whole, so the console can say it in Bokmål (central/console/reasons.py).
        raise _Refused(
            "weighed_at", "bad_time", f"weighed_at must be within years {YEAR_MIN}..{YEAR_MAX}."
        )
    return moment


CABINET = "hazardous"  # the hazardous-waste cabinet: every category of kind hazardous


def categories_of(fraction: str, kinds: Mapping[str, str]) -> list[str]:
    """The category codes a fraction stands for: itself, a '+' group, or the cabinet."""
    if fraction == CABINET:
        return sorted(code for code, kind in kinds.items() if kind == CABINET)
    return fraction.split(GROUP_SEPARATOR)


def fraction_problem(fraction: str, codes: set[str]) -> str | None:
    """Why ``fraction`` is not a category code, a '+'-group of them or the cabinet, or None."""
    if fraction == CABINET:
        return None
    parts = fraction.split(GROUP_SEPARATOR)
    if len(fraction) > CODE_MAX or len(set(parts)) != len(parts):
        return f"must be at most {CODE_MAX} characters of distinct category codes"
    unknown = [p for p in parts if p not in codes]
    if unknown:
        return f"names no category of the catalogue: {', '.join(map(_shown, unknown))}"
    return None


@dataclass(frozen=True)
class _Context:
    stations: set[str]
    codes: set[str]
    mappings: dict[str, tuple[str, str | None]]  # key -> (fraction, station)


def _context(session: Session) -> _Context:
    mappings = {m.key: (m.fraction, m.station_id) for m in session.scalars(select(PickupMapping))}
    return _Context(
        set(session.scalars(select(Station.id))), set(category_kinds(session=session)), mappings
    )


def mapping_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _judge(index: int, row: Mapping[str, object], ctx: _Context) -> _Good:
    ticket = _text(row, "ticket_no", TICKET_MAX, required=True)
    weighed_at = parse_weighed_at(row.get("weighed_at"))
    grams = parse_kg(row.get("net_kg"))
    container = _text(row, "container_id", CODE_MAX, required=False)
    named = _text(row, "fraction", 200, required=True)
    assert ticket is not None and named is not None
    station = _text(row, "station_id", CODE_MAX, required=False)
    # A container's mapping says where it stands and what it holds; else the fraction's name.
    mapped = ctx.mappings.get(mapping_key(container)) if container else None
    mapped = mapped or ctx.mappings.get(mapping_key(named))
    fraction = named
    if mapped is not None:
        fraction, station = mapped[0], station or mapped[1]
    elif (problem := fraction_problem(named, ctx.codes)) is not None:
        raise _Refused(
            "fraction",
            "unknown_fraction",
            f"fraction {_shown(named)} is not mapped (console: Hentinger → Koblinger) and "
            f"{problem}.",
        )
    if station is None:
        raise _Refused(
            "station_id", "missing", "station_id is missing, and no mapping of the row names one."
        )
    if identifier_problem(station) is not None or station not in ctx.stations:
        raise _Refused(
            "station_id", "unknown_station", f"station_id {_shown(station)} is not a station here."
        )
    return _Good(
        index,
        station,
        fraction,
        container,
        _text(row, "hauler", PARTY_MAX, required=False),
        _text(row, "plant", PARTY_MAX, required=False),
        grams,
        ticket,
        weighed_at,
    )


def _same(good: _Good, held: Mapping[str, Any]) -> list[str]:
    """The fields in which a held ticket differs from this row: empty means a repeat."""
    pairs = (
        ("station_id", good.station_id),
        ("fraction", good.fraction),
        ("net_kg", good.net_weight_g),
    )
    column = {"net_kg": "net_weight_g"}
    return [name for name, value in pairs if held[column.get(name, name)] != value]


def live() -> list[ColumnElement[bool]]:
    """The conditions on the pickups table of a live pickup: neither a reversal nor reversed.

    Reversed as ``id NOT IN`` the few reversals' ``reverses`` (an index), which PostgreSQL
    reads once into a hash: as NOT EXISTS it planned a hash anti join over every pickup of
    every station whenever the table was not freshly vacuumed."""
    t = _TABLE
    undo = t.alias("undo")
    undone = select(undo.c.reverses).where(undo.c.reverses.is_not(None))
    return [t.c.reverses.is_(None), t.c.id.not_in(undone)]


def _held_tickets(conn: Connection, tickets: Iterable[str]) -> dict[str, Mapping[str, Any]]:
    """The live pickups (not reversals, not reversed) holding any of ``tickets``."""
    t = _TABLE
    wanted = sorted(set(tickets))
    columns = (t.c.ticket_no, t.c.station_id, t.c.fraction, t.c.net_weight_g)
    if conn.dialect.name == "postgresql":
        # One statement, the numbers as one array: an IN list of 1,000 parameters per
        # statement cost more to build and parse than the lookups themselves.
        wanted_array = bindparam("wanted", wanted, type_=ARRAY(String()))
        queries = [select(*columns).where(t.c.ticket_no == any_(wanted_array), *live())]
    else:  # SQLite has no arrays, and a limit on parameters per statement
        queries = [
            select(*columns).where(t.c.ticket_no.in_(wanted[start : start + 1000]), *live())
            for start in range(0, len(wanted), 1000)
        ]
    held: dict[str, Mapping[str, Any]] = {}
    for query in queries:
        for row in conn.execute(query).mappings():
            held[row["ticket_no"]] = dict(row)
    return held


def _copy_type(column: Any) -> str:
    """A pickups column's type for a binary COPY."""
    if isinstance(column.type, Integer):
        return "int4"
    return "timestamptz" if isinstance(column.type, UTCDateTime) else "text"


# Binary COPY straight into the table: psycopg's C dumpers write the values and the server
# parses no statement per row (an executemany of 12,480 INSERTs took over a second).
_PG_COPY_COLUMNS = tuple((c.name, _copy_type(c)) for c in _TABLE.columns)
_PG_COPY = (
    f"COPY {_TABLE.name} ({', '.join(c for c, _t in _PG_COPY_COLUMNS)}) FROM STDIN (FORMAT BINARY)"
)


def _write(conn: Connection, values: list[dict[str, Any]]) -> None:
    """Insert the new pickups; an IntegrityError if another import took their seqs first."""
    if conn.dialect.name != "postgresql":
        conn.execute(insert(_TABLE), values)
        return
    driver = conn.connection.driver_connection
    assert driver is not None  # a checked-out connection always has its driver's
    names = [c for c, _t in _PG_COPY_COLUMNS]
    try:
        with driver.cursor() as cursor, cursor.copy(_PG_COPY) as copy:
            copy.set_types([t for _c, t in _PG_COPY_COLUMNS])
            for value in values:
                copy.write_row([value[n] for n in names])
    except psycopg.IntegrityError as exc:  # psycopg's own: SQLAlchemy never sees a COPY
        raise IntegrityError(_PG_COPY, None, exc) from exc


def store_pickups(
    *,
    session: Session,
    rows: Iterable[object],  # mappings to judge, RowRefusals already made; else refused
    source: PickupSource,
    now: datetime,
) -> PickupImport:
    """Judge every row, write the good new ones as pickups, report each row's outcome.

    Written in the caller's transaction; the caller commits. Everything is judged before
    anything is written, so a failure while writing leaves nothing of this input behind.
    """
    ctx = _context(session)
    result = PickupImport()
    good: list[_Good] = []
    for index, row in enumerate(rows, start=1):
        if index > PICKUP_ROWS_MAX:
            raise Invalid(
                "too_many_rows", f"more than {PICKUP_ROWS_MAX} rows; split the file (row {index})."
            )
        if isinstance(row, RowRefusal):
            result.refused.append(row)
            continue
        if not isinstance(row, Mapping):
            result.refused.append(
                RowRefusal(index, "row", "not_an_object", "Each row is an object.")
            )
            continue
        try:
            good.append(_judge(index, row, ctx))
        except _Refused as refused:
            result.refused.append(RowRefusal(index, refused.field, refused.code, refused.message))
    conn = session.connection()
    held = dict(_held_tickets(conn, (g.ticket_no for g in good)))
    new: list[_Good] = []
    for g in good:
        before = held.get(g.ticket_no)
        if before is None:
            new.append(g)
            held[g.ticket_no] = {
                "station_id": g.station_id,
                "fraction": g.fraction,
                "net_weight_g": g.net_weight_g,
            }
        elif differs := _same(g, before):
            result.refused.append(
                RowRefusal(
                    g.row,
                    differs[0],
                    "ticket_reused",
                    f"ticket_no {_shown(g.ticket_no)} is already held with another "
                    f"{', '.join(differs)}; reverse that pickup first if it was wrong.",
                )
            )
        else:
            result.repeats.append(g.row)
    if new:
        first = (
            conn.scalar(
                select(func.coalesce(func.max(_TABLE.c.seq), 0)).where(
                    _TABLE.c.device_id == IMPORT_DEVICE
                )
            )
            or 0
        )
        batch = str(uuid7())
        values = [
            {
                "id": str(uuid7()),
                "seq": first + offset,
                "device_id": IMPORT_DEVICE,
                "station_id": g.station_id,
                "recorded_at": now,
                "fraction": g.fraction,
                "container_id": g.container_id,
                "hauler": g.hauler,
                "plant": g.plant,
                "net_weight_g": g.net_weight_g,
                "ticket_no": g.ticket_no,
                "weighed_at": g.weighed_at,
                "source": source.value,
                "reverses": None,
                "clock_flag": None,
                "batch_id": batch,
                "received_at": now,
            }
            for offset, g in enumerate(new, start=1)
        ]
        try:
            with conn.begin_nested():
                _write(conn, values)
        except IntegrityError:
            raise Conflict(
                "import_busy", "Another import of pickups was writing at the same time; retry."
            ) from None
        result.imported = [g.row for g in new]
    result.refused.sort(key=lambda r: r.row)
    return result


# The hauler's or weighbridge's webhook: X-Pickup-* headers and {"pickups": [...]}.
WEBHOOK = Webhook(
    name="Pickup", member="pickups", rows_max=PICKUP_ROWS_MAX, too_many="too_many_rows"
)


# --- reading files ---------------------------------------------------------------------


def _header(names: list[object]) -> dict[str, int]:
    clean = [str(n or "").removeprefix("\ufeff").strip().casefold() for n in names]
    missing = [c for c in REQUIRED if c not in clean]
    if missing:
        raise Malformed(
            "bad_header",
            f"row 0 (the header): the columns {', '.join(missing)} are missing; "
            "see docs/pickups.md",
        )
    return {c: clean.index(c) for c in COLUMNS if c in clean}


def _as_row(values: list[object], where: dict[str, int]) -> dict[str, object]:
    return {name: values[i] if i < len(values) else None for name, i in where.items()}


def read_csv(data: str) -> Iterator[dict[str, object] | RowRefusal]:
    """The rows of a ticket CSV (comma or semicolon, as Excel writes it in Norway)."""
    csv.field_size_limit(CSV_FIELD_MAX_CHARS)
    first = data.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(data), delimiter=delimiter)
    where = _header(list(next(reader, [])))
    return _csv_rows(reader, where)


def _csv_rows(
    reader: Iterator[list[str]], where: dict[str, int]
) -> Iterator[dict[str, object] | RowRefusal]:
    number = 0
    while True:
        number += 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield RowRefusal(number, "row", "unreadable_row", f"The row cannot be read: {exc}.")
            continue
        if not any(v.strip() for v in values):
            number -= 1
            continue
        yield _as_row(list(values), where)


def read_xlsx(file: BinaryIO | Path) -> Iterator[dict[str, object]]:
    """The rows of the first sheet of a ticket workbook; dates come as the cells hold them."""
    from openpyxl import load_workbook  # type: ignore[import-untyped]  # ships no type hints
    from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError) as exc:
        raise Malformed("bad_file", f"The file is not an XLSX workbook: {exc}.") from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    where = _header(list(next(rows, None) or []))
    return (
        _as_row(list(values), where)
        for values in rows
        if any(v is not None and str(v).strip() for v in values)
    )


def read_file(path: Path) -> Iterator[dict[str, object] | RowRefusal] | Iterator[dict[str, object]]:
    """A ticket file by its suffix: .xlsx, or CSV in UTF-8 (a BOM allowed)."""
    if path.suffix.casefold() == ".xlsx":
        return read_xlsx(path)
    try:
        data = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Malformed("bad_file", f"The file is not UTF-8 text (byte {exc.start}).") from None
    return read_csv(data)


# --- the mapping table -----------------------------------------------------------------


def list_mappings(*, session: Session) -> list[PickupMapping]:
    return list(session.scalars(select(PickupMapping).order_by(PickupMapping.key)))


def save_mapping(
    *, session: Session, label: str, fraction: str, station_id: str | None, now: datetime
) -> PickupMapping:
    """Add or change the mapping of one plant fraction name or container id."""
    key = mapping_key(label or "")
    if not key or len(label) > 200 or _BAD_CHAR.search(label):
        raise Invalid("label", "label must be 1..200 characters: the name as the file has it.")
    fraction = (fraction or "").strip()
    if (problem := fraction_problem(fraction, set(category_kinds(session=session)))) is not None:
        raise Invalid("fraction", f"fraction {problem}.")
    station_id = (station_id or "").strip() or None
    if station_id is not None and session.get(Station, station_id) is None:
        raise Invalid("station_id", f"station_id {_shown(station_id)} is not a station here.")
    row = session.get(PickupMapping, key)
    if row is None:
        row = PickupMapping(
            key=key, label=label.strip(), fraction=fraction, station_id=station_id, updated_at=now
        )
        session.add(row)
    else:
        row.label, row.fraction, row.station_id, row.updated_at = (
            label.strip(),
            fraction,
            station_id,
            now,
        )
    session.flush()
    return row


def delete_mapping(*, session: Session, key: str) -> None:
    row = session.get(PickupMapping, key)
    if row is not None:
        session.delete(row)
        session.flush()
