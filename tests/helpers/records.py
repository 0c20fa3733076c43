"""A deposit as it travels on the wire, for tests: every field a kiosk sends, with plausible
defaults (a 1.5 kg wood delivery at the guide's scale), so a test names only what it is about."""

from typing import Any

WIRE_TIME = "%Y-%m-%dT%H:%M:%S.%fZ"  # the wire's UTC text, as the kiosk's outbox writes it


def wire_deposit(**fields: Any) -> dict[str, Any]:
    """A wire deposit; ``fields`` overrides any default (``id``, ``seq`` and the device are
    the caller's to give: their rules are what most tests are about)."""
    record: dict[str, Any] = {
        "id": None,
        "seq": None,
        "device_id": None,
        "station_id": "trosterud",
        "recorded_at": "2026-11-26T10:00:00.000000Z",
        "category": "wood",
        "weight_g": 1500,
        "weight_source": "scale_stable",
        "channel": "guide",
        "direction": "in",
        "reverses": None,
        "visit_id": None,
        "catalog_version": 1,
        "clock_flag": None,
    }
    record.update(fields)
    return record
