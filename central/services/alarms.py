"""The alarm rules: fleet health per station and device, and the alarms it raises (silent,
clock, gap, quarantined). The console's pages, the alerts API and the metrics all read them here.

The device status columns (app_version, pending, ...) are shown when the model has them.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.core.config import Settings
from central.models import Batch, Device, Station
from central.services.hours import all_hours_in_force
from contract.hours import StationHours

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
    now: datetime,
) -> list[StationHealth]:
    """Every station with its devices and their alarms; a few small queries, none over records.

    A station with published opening hours counts silence only on its opening days, so a
    kiosk at a station closed over a long weekend is not called silent.
    """
    extra = _status_columns()
    # Per device, through the (device_id, last_seq) index: its highest seq, and when the
    # first batch that reached past the contiguous mark came (it saw the hole first). A
    # GROUP BY over every batch ever taken grew with the fleet's history (66,720 at 10 M
    # records: 23-87 ms on each view of the fleet).
    mine = Batch.device_id == Device.id
    highest: dict[str, tuple[int, datetime | None]] = {
        device_id: (int(seq or 0), seen)
        for device_id, seq, seen in session.execute(
            select(
                Device.id,
                select(func.max(Batch.last_seq)).where(mine).scalar_subquery(),
                select(func.min(Batch.received_at))
                .where(mine, Batch.last_seq > Device.highest_contiguous_seq)
                .scalar_subquery(),
            )
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


def current_fleet(*, session: Session, settings: Settings, now: datetime) -> list[StationHealth]:
    """The fleet under the configured alarm limits: what every reader of alarms shows."""
    return fleet(
        now=now,
        session=session,
        silent_after=timedelta(hours=settings.silent_alarm_hours),
        clock_limit_s=settings.clock_alarm_s,
        gap_after=timedelta(minutes=settings.gap_alarm_after_min),
    )
