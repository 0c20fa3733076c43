"""Stations, enrolment codes, devices and their tokens."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from central.core.security import hash_secret, new_enrol_code, new_token, normalise_code, same_hash
from central.errors import Conflict, Invalid, NotFound, Rejected
from central.models import Device, DeviceEvent, EnrolCode, Station
from central.schemas import DeviceStatusCreate
from central.services.sequence import seq_bounds
from contract.limits import identifier_problem


def add_station(*, session: Session, station_id: str, name: str, now: datetime) -> Station:
    """Add a station, or rename one; its id follows the one identifier rule (it is a path)."""
    if (problem := identifier_problem(station_id)) is not None:
        raise Invalid("invalid_station_id", f"station_id {problem}.")
    station = session.get(Station, station_id)
    if station is None:
        station = Station(id=station_id, name=name, created_at=now)
        session.add(station)
    else:
        station.name = name
    session.flush()
    return station


def issue_enrol_code(
    *, session: Session, key: bytes, station_id: str, ttl: timedelta, now: datetime
) -> tuple[str, datetime]:
    """A new one-time code for ``station_id``; only its keyed hash is stored. (code, expiry)."""
    if session.get(Station, station_id) is None:
        raise NotFound("unknown_station", f"Station {station_id!r} does not exist.")
    code = new_enrol_code()
    session.add(
        EnrolCode(
            code_hash=hash_secret(normalise_code(code), key=key),
            station_id=station_id,
            created_at=now,
            expires_at=now + ttl,
        )
    )
    session.flush()
    return code, now + ttl


@dataclass(frozen=True, slots=True)
class Enrolment:
    device: Device
    station: Station
    token: str
    highest_seq: int
    takeover: bool


def enrol_device(
    *,
    session: Session,
    key: bytes,
    code: str,
    device_id: str,
    takeover: bool = False,
    client: str | None = None,
    label: str | None = None,
    now: datetime,
) -> Enrolment:
    """Trade a one-time code for a device token; every enrolment is written to device_events.

    A device id central already has is refused unless ``takeover`` is set: a technician
    reinstalling a kiosk says so, and the answer's ``highest_seq`` is where its seq goes on.
    """
    if (problem := identifier_problem(device_id)) is not None:
        raise Invalid("invalid_device_id", f"device_id {problem}.")
    row = session.get(EnrolCode, hash_secret(normalise_code(code), key=key), with_for_update=True)
    if row is None:
        raise Rejected("code_unknown", "This enrolment code does not exist.")
    if row.used_at is not None:
        raise Rejected("code_used", "This enrolment code has already been used.")
    if row.expires_at <= now:
        raise Rejected("code_expired", "This enrolment code has expired; issue a new one.")
    device = session.get(Device, device_id, with_for_update=True)
    if device is not None and device.station_id != row.station_id:
        raise Conflict(
            "device_other_station",
            f"Device {device_id!r} is enrolled at station {device.station_id!r}.",
        )
    # A device the importer added from a USB stick has never held a token: no takeover.
    enrolled_before = device is not None and (
        session.scalar(select(DeviceEvent.id).where(DeviceEvent.device_id == device_id).limit(1))
        is not None
    )
    if enrolled_before and not takeover:
        raise Conflict(
            "device_exists",
            f"Device {device_id!r} is already enrolled; to bring it back after a revoke, or "
            "to replace it (a restored kiosk), enrol with takeover (kiosk enrol --takeover).",
        )
    token = new_token()
    token_hash = hash_secret(token, key=key)
    old_hash = device.token_hash if device is not None and enrolled_before else None
    if device is None:
        device = Device(
            id=device_id,
            station_id=row.station_id,
            token_hash=token_hash,
            enrolled_at=now,
            highest_contiguous_seq=0,
        )
        session.add(device)
    else:
        # The old token stops working at once: the kiosk it belonged to is being replaced.
        device.token_hash = token_hash
        device.enrolled_at = now
        # A revoked device comes back only this way: staff issued a new code and the
        # technician confirmed the takeover (recorded below), so the new token works.
        device.revoked_at = None
    if label:  # a takeover without a label keeps the name staff gave the device
        device.label = label.strip()
    row.used_at = now
    row.used_by = device_id
    session.flush()
    # Across every record type: a kiosk whose newest record is an event goes on above it.
    _, highest = seq_bounds(session.connection(), device_id)
    session.add(
        DeviceEvent(
            device_id=device_id,
            kind="takeover" if old_hash else "enrolled",
            at=now,
            station_id=row.station_id,
            old_token_hash=old_hash,
            new_token_hash=token_hash,
            client=client[:64] if client else None,
            highest_seq=highest,
        )
    )
    session.flush()
    # The code's station exists: enrol codes reference stations by foreign key.
    station = session.get_one(Station, row.station_id)
    return Enrolment(device, station, token, highest, old_hash is not None)


def device_for_token(*, session: Session, key: bytes, token: str) -> Device | None:
    """The device this bearer token belongs to, or None. Compares hashes in constant time."""
    digest = hash_secret(token, key=key)
    device = session.scalar(select(Device).where(Device.token_hash == digest))
    if device is None or not same_hash(device.token_hash, digest):
        return None
    return device


def record_status(
    *, session: Session, device: Device, status: DeviceStatusCreate, now: datetime
) -> None:
    """Keep the kiosk's latest status report on its device row, with central's receipt time.

    Every kiosk sends one every pass, so on PostgreSQL this transaction commits without
    waiting for its WAL flush (``synchronous_commit`` off, for it alone): a crash may lose
    the last second of reports, never records, and the next pass sends the report again.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL synchronous_commit TO OFF"))
    session.execute(
        update(Device)
        .where(Device.id == device.id)
        .values(
            app_version=status.app_version,
            pending=status.pending,
            quarantined=status.quarantined,
            oldest_pending_at=status.oldest_pending_at,
            status_sent_at=status.sent_at,
            reported_at=now,
        )
    )
