"""Figures no kiosk recorded (the pilot's 2021-2022): an admin enters a station's earlier
figure per report row and year or month, with its source; the report shows them marked.

One entry, one cell: a kg row takes kg (stored as grams), a count row a whole number. A
correction is a newer entry for the same cell (the report reads the newest); the CSV import
judges rows one by one, keeps the good ones and refuses the bad by row number and field.
"""

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.models import EffectHistory, Station
from contract.effect import COUNT_ROWS, Row

# The import's columns (docs/effect-history.md); a header may carry them in any order.
COLUMNS = ("station", "row", "year", "month", "value", "other_agency_kg", "source")
MAX_KG = 100_000_000  # 100 000 t: far above any station's year, far below overflow
MAX_COUNT = 1_000_000
MAX_SOURCE = 500
MAX_ROWS = 5_000  # one file is a station's history, not a data dump


def is_count(row: Row) -> bool:
    """Count rows (events, participants ...) are whole numbers (the contract's COUNT_ROWS)."""
    return row in COUNT_ROWS


@dataclass(frozen=True, slots=True)
class Entry:
    """A judged entry, ready to store."""

    station_id: str
    row: Row
    year: int
    month: int  # 0: the whole year
    value: int  # grams for a kg row, else a count
    other_agency_g: int
    source: str

    @property
    def period(self) -> str:
        return f"{self.year}" if not self.month else f"{self.year}-{self.month:02d}"


@dataclass(frozen=True, slots=True)
class Refusal:
    row: int  # 1-based data line after the header (the form is row 1)
    field: str
    reason: str


@dataclass
class HistoryImport:
    imported: int = 0
    unchanged: int = 0
    refused: list[Refusal] = field(default_factory=list)


class Invalid(ValueError):
    def __init__(self, field_name: str, reason: str) -> None:
        super().__init__(f"{field_name}: {reason}")
        self.field = field_name
        self.reason = reason


def _text(fields: Mapping[str, object], name: str) -> str:
    value = fields.get(name)
    return value.strip() if isinstance(value, str) else ""


def _decimal(name: str, text: str) -> Decimal:
    try:
        number = Decimal(text.replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise Invalid(name, f"{text!r} is not a number") from None
    if not number.is_finite():
        raise Invalid(name, f"{text!r} is not a number")
    return number


def _grams(name: str, text: str, limit_g: int) -> int:
    kg = _decimal(name, text)
    if kg < 0:
        raise Invalid(name, "must not be negative")
    if kg * 1000 != (kg * 1000).to_integral_value():
        raise Invalid(name, "at most three decimals (whole grams)")
    if kg * 1000 > limit_g:
        raise Invalid(name, f"at most {limit_g // 1000} kg")
    return int(kg * 1000)


def judge(fields: Mapping[str, object], stations: set[str]) -> Entry:
    """One entry from text fields (a form or a CSV row); Invalid names the first bad field."""
    station = _text(fields, "station")
    if station not in stations:
        raise Invalid("station", f"{station!r} is not a station here")
    try:
        row = Row(_text(fields, "row"))
    except ValueError:
        raise Invalid(
            "row", f"{_text(fields, 'row')!r} is not one of {[r.value for r in Row]}"
        ) from None
    try:
        year = int(_text(fields, "year"))
    except ValueError:
        raise Invalid("year", f"{_text(fields, 'year')!r} is not a year") from None
    if not 2000 <= year <= 2099:
        raise Invalid("year", "must be within 2000..2099")
    month_text = _text(fields, "month")
    try:
        month = int(month_text) if month_text else 0
    except ValueError:
        raise Invalid(
            "month", f"{month_text!r} is not a month (1-12, or empty for the year)"
        ) from None
    if not 0 <= month <= 12:
        raise Invalid("month", "must be 1-12, or empty for the whole year")
    value_text = _text(fields, "value")
    if not value_text:
        raise Invalid("value", "is required")
    if is_count(row):
        number = _decimal("value", value_text)
        if number != number.to_integral_value() or not 0 <= number <= MAX_COUNT:
            raise Invalid("value", f"a count is a whole number 0..{MAX_COUNT}")
        value = int(number)
    else:
        value = _grams("value", value_text, MAX_KG * 1000)
    other_text = _text(fields, "other_agency_kg")
    other = _grams("other_agency_kg", other_text, MAX_KG * 1000) if other_text else 0
    if other and row is not Row.BUSINESS_WASTE_KG:
        raise Invalid("other_agency_kg", f"only for the row {Row.BUSINESS_WASTE_KG.value}")
    if other > value:
        raise Invalid("other_agency_kg", "must not exceed value")
    source = _text(fields, "source")
    if not source:
        raise Invalid("source", "say where the figure comes from (e.g. the pilot's final report)")
    if len(source) > MAX_SOURCE:
        raise Invalid("source", f"at most {MAX_SOURCE} characters")
    return Entry(station, row, year, month, value, other, source)


def _newest(session: Session, entry: Entry) -> EffectHistory | None:
    return session.scalars(
        select(EffectHistory)
        .where(
            EffectHistory.station_id == entry.station_id,
            EffectHistory.row == entry.row.value,
            EffectHistory.year == entry.year,
            EffectHistory.month == entry.month,
        )
        .order_by(EffectHistory.entered_at.desc(), EffectHistory.id.desc())
        .limit(1)
    ).first()


def store(*, session: Session, entry: Entry, actor: str, now: datetime) -> bool:
    """Add ``entry`` unless the cell's newest entry already says the same; True if added."""
    newest = _newest(session, entry)
    same = newest is not None and (newest.value, newest.other_agency_g, newest.source) == (
        entry.value, entry.other_agency_g, entry.source
    )  # fmt: skip
    if same:
        return False
    session.add(
        EffectHistory(
            station_id=entry.station_id, row=entry.row.value, year=entry.year,
            month=entry.month, value=entry.value, other_agency_g=entry.other_agency_g,
            source=entry.source, entered_by=actor, entered_at=now,
        )
    )  # fmt: skip
    session.flush()
    return True


def station_ids(session: Session) -> set[str]:
    return set(session.scalars(select(Station.id)))


def import_rows(
    *,
    session: Session,
    rows: Iterable[Mapping[str, object]],
    actor: str,
    now: datetime,
    only_station: str | None = None,
) -> HistoryImport:
    """Judge each row; store the good ones (each whole or not at all), report the rest."""
    stations = station_ids(session)
    result = HistoryImport()
    for number, fields in enumerate(rows, start=1):
        if number > MAX_ROWS:
            result.refused.append(Refusal(number, "file", f"at most {MAX_ROWS} rows per file"))
            break
        try:
            named = _text(fields, "station")
            if only_station is not None and named != only_station:
                # An upload on a station's page is for that station only.
                raise Invalid("station", f"{named!r}: this upload is for {only_station!r}")
            entry = judge(fields, stations)
        except Invalid as exc:
            result.refused.append(Refusal(number, exc.field, exc.reason))
            continue
        if store(session=session, entry=entry, actor=actor, now=now):
            result.imported += 1
        else:
            result.unchanged += 1
    return result


def read_csv(text: str) -> list[dict[str, str]]:
    """The file's rows by header name: semicolons (Norwegian Excel) or commas, BOM or not."""
    text = text.removeprefix("\ufeff")
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    names = [n.strip().lower() for n in reader.fieldnames or ()]
    missing = [c for c in COLUMNS if c not in names and c not in {"month", "other_agency_kg"}]
    if missing:
        raise ValueError(f"the header lacks {', '.join(missing)}; see docs/effect-history.md")
    return [{(k or "").strip().lower(): v for k, v in row.items()} for row in reader]


# --- read by the report ---------------------------------------------------------------------


class _Period(Protocol):
    @property
    def first(self) -> date: ...
    @property
    def last(self) -> date: ...


@dataclass(frozen=True, slots=True)
class Entered:
    """An entered figure as the report shows it; ``column`` None: not placed in a column (a
    whole year's entry in a report by month), only listed."""

    entry: Entry
    column: int | None
    entered_by: str
    entered_at: datetime


def _span(year: int, month: int) -> tuple[date, date]:
    if not month:
        return date(year, 1, 1), date(year, 12, 31)
    end = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, 1), date.fromordinal(end.toordinal() - 1)


def entered_cells(
    *, session: Session, station_id: str | None, periods: Sequence[_Period], months: bool
) -> list[Entered]:
    """The newest entry of each cell within the report's periods. A month's entry counts in
    the column holding it; a year's only in a year column (never spread over months)."""
    if not periods:
        return []
    query = select(EffectHistory).where(
        EffectHistory.year.between(periods[0].first.year, periods[-1].last.year)
    )
    if station_id is not None:
        query = query.where(EffectHistory.station_id == station_id)
    newest: dict[tuple[str, str, int, int], EffectHistory] = {}
    for item in session.scalars(query.order_by(EffectHistory.entered_at, EffectHistory.id)):
        newest[item.station_id, item.row, item.year, item.month] = item
    out = []
    for item in newest.values():
        first, last = _span(item.year, item.month)
        if first > periods[-1].last or last < periods[0].first:
            continue  # after the cut-off, or outside the years asked for
        column = next((i for i, p in enumerate(periods) if p.first <= first <= p.last), None)
        if item.month == 0 and months:
            column = None
        entry = Entry(item.station_id, Row(item.row), item.year, item.month, item.value,
                      item.other_agency_g, item.source)  # fmt: skip
        out.append(Entered(entry, column, item.entered_by, item.entered_at))
    return sorted(out, key=lambda e: (e.entry.year, e.entry.month, e.entry.row, e.entry.station_id))


def cell(entered: Sequence[Entered], row: Row, column: int) -> tuple[int, int] | None:
    """The entered (value, other-agency grams) of one cell, summed over stations; None if none."""
    found = [e.entry for e in entered if e.entry.row is row and e.column == column]
    if not found:
        return None
    return sum(e.value for e in found), sum(e.other_agency_g for e in found)
