"""The kiosk fleet's signed updates, as central sees them: each device's channel (its own or
its station's), what it runs and has staged, and how its last update ended (docs/updates.md).
Central hosts no keys; it only tells kiosks their channel and shows the rollout."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from central.errors import Invalid, NotFound
from central.models import Device, Station
from central.schemas import UpdateReportCreate
from contract.updates import UpdateChannel, UpdateOutcome


def _channel(device: Device, station: Station | None) -> UpdateChannel:
    """The device's own channel, else its station's, else stable."""
    chosen = device.update_channel or (station.update_channel if station else None)
    return UpdateChannel(chosen or UpdateChannel.STABLE)


def channel_of(*, session: Session, device: Device) -> UpdateChannel:
    return _channel(device, session.get(Station, device.station_id))


def record_report(*, session: Session, device: Device, report: UpdateReportCreate) -> UpdateChannel:
    """Keep what the kiosk says of its versions; answer the channel it should follow."""
    values: dict[str, object] = {
        "app_version": report.running_version,
        "staged_version": report.staged_version,
    }
    if report.last is not None:
        values |= {
            "update_version": report.last.version,
            "update_outcome": report.last.outcome.value,
            "update_reason": report.last.reason,
            "update_at": report.last.at,
        }
    session.execute(update(Device).where(Device.id == device.id).values(**values))
    return channel_of(session=session, device=device)


def set_channel(
    *, session: Session, station_id: str | None, device_id: str | None, channel: str
) -> str:
    """Put a station, or one device, on a channel; a device's "" follows its station again.
    Returns what was changed, for the audit line."""
    allowed = {c.value for c in UpdateChannel}
    if device_id is not None:
        if channel not in allowed | {""}:
            raise Invalid("channel", f"must be one of {', '.join(sorted(allowed))}, or empty")
        device = session.get(Device, device_id)
        if device is None:
            raise NotFound("unknown_device", f"No device {device_id!r}.")
        device.update_channel = channel or None
        return f"device {device_id}: {channel or 'station'}"
    if channel not in allowed:
        raise Invalid("channel", f"must be one of {', '.join(sorted(allowed))}")
    station = session.get(Station, station_id) if station_id else None
    if station is None:
        raise NotFound("unknown_station", f"No station {station_id!r}.")
    station.update_channel = channel
    return f"station {station.id}: {channel}"


@dataclass(frozen=True)
class DeviceRollout:
    device_id: str
    station_id: str
    channel: UpdateChannel
    own_channel: bool
    running: str | None
    staged: str | None
    outcome: str | None
    outcome_version: str | None
    reason: str | None
    at: datetime | None
    label: str | None = None

    @property
    def rolled_back(self) -> bool:
        return self.outcome == UpdateOutcome.ROLLED_BACK


@dataclass(frozen=True)
class Rollout:
    devices: list[DeviceRollout]
    stations: list[tuple[str, str, UpdateChannel]]  # id, name, channel

    @property
    def by_version(self) -> list[tuple[str, int]]:
        counts = Counter(d.running or "?" for d in self.devices)
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    @property
    def rolled_back(self) -> list[DeviceRollout]:
        return [d for d in self.devices if d.rolled_back]


def rollout(*, session: Session) -> Rollout:
    stations = {s.id: s for s in session.scalars(select(Station).order_by(Station.id))}
    devices = session.scalars(
        select(Device).where(Device.revoked_at.is_(None)).order_by(Device.station_id, Device.id)
    )
    rows = [
        DeviceRollout(
            device_id=d.id,
            station_id=d.station_id,
            channel=_channel(d, stations.get(d.station_id)),
            own_channel=d.update_channel is not None,
            running=d.app_version,
            staged=d.staged_version,
            outcome=d.update_outcome,
            outcome_version=d.update_version,
            reason=d.update_reason,
            at=d.update_at,
            label=d.label,
        )
        for d in devices
    ]
    return Rollout(
        devices=rows,
        stations=[(s.id, s.name, UpdateChannel(s.update_channel)) for s in stations.values()],
    )
