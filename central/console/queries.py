"""Read-only queries behind the console pages: fleet health with alarms, station figures, audit.

Reads central's models directly; the device status columns (app_version, pending, ...) come
with migration 0002 and are shown when the model has them.
"""

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from central.models import Batch, CatalogueVersion, Device, Record, Station
from central.services.hours import all_hours_in_force
from contract.hours import StationHours
from contract.times import OSLO as OSLO  # the console imports it from here

STATUS_COLUMNS = ("app_version", "pending", "quarantined", "oldest_pending_at", "reported_at")


@dataclass(frozen=True, slots=True)
class Alarm:
    kind: str  # "silent" | "clock" | "gap" | "quarantined"
    station_id: str
    device_id: str
    detail: dict[str, Any]
    label: str | None = None  # what staff call the device, shown before its id


@dataclass(slots=True)
class DeviceHealth:
    device_id: str
    station_id: str
    enrolled_at: datetime
    label: str | None
    revoked_at: datetime | None
    last_contact: datetime | None
    clock_offset_s: float | None
    highest_contiguous_seq: int
    highest_seq: int
    # When central first held a record above the hole (the earliest batch reaching past
    # highest_contiguous_seq); None when there is no gap.
    gap_seen_at: datetime | None = None
    status: dict[str, Any] = field(default_factory=dict)
    alarms: list[Alarm] = field(default_factory=list)


@dataclass(slots=True)
class StationHealth:
    station_id: str
    name: str
    devices: list[DeviceHealth] = field(default_factory=list)


def _status_columns() -> list[Any]:
    table = Device.__table__.c
    return [table[name] for name in STATUS_COLUMNS if name in table]


def fleet(
    *,
    session: Session,
    silent_after: timedelta,
    clock_limit_s: float,
    gap_after: timedelta = timedelta(minutes=10),
    now: datetime | None = None,
) -> list[StationHealth]:
    """Every station with its devices and their alarms; a few small queries, none over records.

    A station with published opening hours counts silence only on its opening days, so a
    kiosk at a station closed over a long weekend is not called silent.
    """
    now = now or datetime.now(UTC)
    extra = _status_columns()
    highest: dict[str, tuple[int, datetime | None]] = {
        device_id: (int(seq or 0), seen)
        for device_id, seq, seen in session.execute(
            select(
                Batch.device_id,
                func.max(Batch.last_seq),
                # The first batch that reached past the contiguous mark saw the hole first.
                func.min(
                    case(
                        (Batch.last_seq > Device.highest_contiguous_seq, Batch.received_at),
                        else_=None,
                    )
                ),
            )
            .join(Device, Device.id == Batch.device_id)
            .group_by(Batch.device_id)
        )
    }
    hours = all_hours_in_force(session=session)
    stations = {
        s.id: StationHealth(station_id=s.id, name=s.name)
        for s in session.scalars(select(Station).order_by(Station.name))
    }
    for row in session.execute(select(Device, *extra).order_by(Device.enrolled_at)):
        device = row[0]
        status = {col.name: value for col, value in zip(extra, row[1:], strict=True)}
        contacts = [t for t in (device.last_batch_at, status.get("reported_at")) if t is not None]
        seq, seen = highest.get(device.id, (0, None))
        health = DeviceHealth(
            device_id=device.id,
            station_id=device.station_id,
            enrolled_at=device.enrolled_at,
            label=device.label,
            revoked_at=device.revoked_at,
            last_contact=max(contacts) if contacts else None,
            clock_offset_s=device.clock_offset_s,
            highest_contiguous_seq=device.highest_contiguous_seq,
            highest_seq=seq,
            gap_seen_at=_as_utc(seen),
            status=status,
        )
        if device.revoked_at is None:
            health.alarms = _alarms(
                health, now, silent_after, clock_limit_s, gap_after, hours.get(device.station_id)
            )
        stations[device.station_id].devices.append(health)
    return list(stations.values())


def _as_utc(moment: datetime | None) -> datetime | None:
    # An aggregate bypasses the column type: SQLite hands back naive UTC (or text).
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def _alarms(
    d: DeviceHealth,
    now: datetime,
    silent_after: timedelta,
    clock_limit_s: float,
    gap_after: timedelta,
    hours: StationHours | None,
) -> list[Alarm]:
    alarms = []
    since = d.last_contact or d.enrolled_at
    # Without published hours every day counts; with them, only the station's opening days.
    silent_s = (
        (now - since).total_seconds() if hours is None else hours.opening_day_seconds(since, now)
    )
    if silent_s > silent_after.total_seconds():
        hours_since = (now - since).total_seconds() / 3600
        shown = round(hours_since) if hours_since >= 10 else round(hours_since, 1)
        # Minutes too: a demo's short limit (0.05 h) would otherwise read "silent for 0.0 hours".
        minutes = int((now - since).total_seconds() // 60)
        detail = {"hours": shown, "minutes": minutes, "opening_day_hours": round(silent_s / 3600)}
        alarms.append(Alarm("silent", d.station_id, d.device_id, detail, d.label))
    if d.clock_offset_s is not None and abs(d.clock_offset_s) > clock_limit_s:
        offset = {"seconds": round(d.clock_offset_s)}
        alarms.append(Alarm("clock", d.station_id, d.device_id, offset, d.label))
    # A gap is an alarm once it outlives a sync: central heard from the device again, in a
    # later pass (``gap_after`` after the batch that first showed it, so the same pass's
    # later batches and status report do not count). A batch still on its way is no loss.
    seen = d.gap_seen_at
    if (
        d.highest_seq > d.highest_contiguous_seq
        and seen is not None
        and d.last_contact is not None
        and d.last_contact > seen + gap_after
    ):
        gap = {"after": d.highest_contiguous_seq, "highest": d.highest_seq}
        alarms.append(Alarm("gap", d.station_id, d.device_id, gap, d.label))
    # Records the kiosk set aside because central refused them by name: they will not come by
    # themselves, so a person must look (the kiosk's technician screen shows why).
    quarantined = d.status.get("quarantined")
    if quarantined:
        alarms.append(
            Alarm("quarantined", d.station_id, d.device_id, {"count": quarantined}, d.label)
        )
    return alarms


def alarms(stations: list[StationHealth]) -> list[Alarm]:
    return [a for s in stations for d in s.devices for a in d.alarms]


# --- station figures ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FigureRow:
    category: str
    name: str
    kind: str
    direction: str
    today_g: int
    week_g: int
    year_g: int


def period_starts(today: date) -> tuple[datetime, datetime, datetime]:
    """Start of today, this ISO week and this year in Oslo time, as UTC instants."""

    def at(day: date) -> datetime:
        return datetime.combine(day, time(), tzinfo=OSLO).astimezone(UTC)

    return at(today), at(today - timedelta(days=today.weekday())), at(date(today.year, 1, 1))


def station_figures(
    *, session: Session, station_id: str, lang: str, now: datetime | None = None
) -> list[FigureRow]:
    """Net grams (reversals subtracted) per category and direction for today, week and year."""
    now = now or datetime.now(UTC)
    day, week, year = period_starts(now.astimezone(OSLO).date())
    signed = case((Record.reverses.is_(None), Record.weight_g), else_=-Record.weight_g)

    def since(start: datetime) -> Any:
        return func.coalesce(func.sum(case((Record.recorded_at >= start, signed), else_=0)), 0)

    # In the first days of January this ISO week began last year: read back to its start.
    rows = session.execute(
        select(Record.category, Record.direction, since(day), since(week), since(year))
        .where(Record.station_id == station_id, Record.recorded_at >= min(week, year))
        .group_by(Record.category, Record.direction)
    ).all()
    names = catalogue_names(session=session, lang=lang)
    out = [
        FigureRow(
            category=category,
            name=names.get(category, (category, "recycling"))[0],
            kind=names.get(category, (category, "recycling"))[1],
            direction=direction,
            today_g=int(t or 0),
            week_g=int(w or 0),
            year_g=int(y or 0),
        )
        for category, direction, t, w, y in rows
    ]
    return sorted(out, key=lambda r: (r.kind, r.name, r.direction))


def catalogue_names(*, session: Session, lang: str) -> dict[str, tuple[str, str]]:
    """code -> (name in ``lang``, kind), from the newest catalogue that has the code."""
    names: dict[str, tuple[str, str]] = {}
    for (document,) in session.execute(
        select(CatalogueVersion.document).order_by(CatalogueVersion.version)
    ):
        for c in json.loads(document)["categories"]:
            name = c["names"].get(lang) or c["names"].get("nb") or c["code"]
            names[c["code"]] = (name, c["kind"])
    return names
