"""Revoking a device: its token stops working, and what it already sent stays counted."""

from datetime import datetime

from sqlalchemy.orm import Session

from central.errors import NotFound
from central.models import Device


def revoke_device(*, session: Session, device_id: str, now: datetime) -> Device:
    """Mark the device revoked; revoking twice keeps the first time, so the audit trail is true."""
    device = session.get(Device, device_id)
    if device is None:
        raise NotFound("unknown_device", f"Device {device_id!r} is not enrolled.")
    if device.revoked_at is None:
        device.revoked_at = now
        session.flush()
    return device
