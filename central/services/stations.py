"""Stations, enrolment codes, devices and their tokens."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.core.security import hash_secret, new_enrol_code, new_token, normalise_code, same_hash
from central.errors import Conflict, NotFound, Rejected
from central.models import Device, EnrolCode, Station


def add_station(*, session: Session, station_id: str, name: str) -> Station:
    station = session.get(Station, station_id)
    if station is None:
        station = Station(id=station_id, name=name, created_at=datetime.now(UTC))
        session.add(station)
    else:
        station.name = name
    session.flush()
    return station


def issue_enrol_code(
    *, session: Session, station_id: str, ttl: timedelta, now: datetime | None = None
) -> tuple[str, datetime]:
    """A new one-time code for ``station_id``; only its hash is stored. Returns (code, expiry)."""
    if session.get(Station, station_id) is None:
        raise NotFound("unknown_station", f"Station {station_id!r} does not exist.")
    now = now or datetime.now(UTC)
    code = new_enrol_code()
    session.add(
        EnrolCode(
            code_hash=hash_secret(normalise_code(code)),
            station_id=station_id,
            created_at=now,
            expires_at=now + ttl,
        )
    )
    session.flush()
    return code, now + ttl


def enrol_device(
    *, session: Session, code: str, device_id: str, now: datetime | None = None
) -> tuple[Device, Station, str]:
    """Trade a one-time code for a device token. Returns (device, station, token)."""
    now = now or datetime.now(UTC)
    row = session.get(EnrolCode, hash_secret(normalise_code(code)), with_for_update=True)
    if row is None:
        raise Rejected("code_unknown", "This enrolment code does not exist.")
    if row.used_at is not None:
        raise Rejected("code_used", "This enrolment code has already been used.")
    if row.expires_at <= now:
        raise Rejected("code_expired", "This enrolment code has expired; issue a new one.")
    device = session.get(Device, device_id)
    if device is not None and device.station_id != row.station_id:
        raise Conflict(
            "device_other_station",
            f"Device {device_id!r} is enrolled at station {device.station_id!r}.",
        )
    token = new_token()
    if device is None:
        device = Device(
            id=device_id,
            station_id=row.station_id,
            token_hash=hash_secret(token),
            enrolled_at=now,
            highest_contiguous_seq=0,
        )
        session.add(device)
    else:
        # Re-enrolling (new disk, lost token) replaces the token; the old one stops working.
        device.token_hash = hash_secret(token)
        device.enrolled_at = now
    row.used_at = now
    row.used_by = device_id
    session.flush()
    return device, session.get(Station, row.station_id), token


def device_for_token(*, session: Session, token: str) -> Device | None:
    """The device this bearer token belongs to, or None. Compares hashes in constant time."""
    digest = hash_secret(token)
    device = session.scalar(select(Device).where(Device.token_hash == digest))
    if device is None or not same_hash(device.token_hash, digest):
        return None
    return device
