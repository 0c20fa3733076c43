"""Fill a kiosk store with many pending records fast (one transaction), for sync tests."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from kiosk.db.models import Deposit
from kiosk.db.store import Store
from kiosk.domain.ids import uuid7

CATEGORIES = ("wood", "metal", "paper_cardboard", "hard_plastic", "textiles")


def seed_pending(store: Store, count: int, *, start: datetime | None = None) -> list[str]:
    """Append ``count`` plausible deposits after this device's last seq; returns their ids."""
    start = start or datetime.now(UTC)  # after installed_at, so nothing is clock-flagged
    with store.read() as conn:
        first = conn.exec_driver_sql(
            "SELECT coalesce(max(seq), 0) + 1 FROM deposits WHERE device_id = ?",
            (store.device_id,),
        ).scalar()
    rows = [
        {
            "id": str(uuid7()),
            "seq": first + i,
            "device_id": store.device_id,
            "station_id": store.station_id,
            "recorded_at": start + timedelta(milliseconds=i),
            "category": CATEGORIES[i % len(CATEGORIES)],
            "weight_g": 100 + (i * 37) % 40_000,  # under every max_weight_g used in tests
            "weight_source": "scale_stable",
            "channel": "guide",
            "direction": "in",
            "catalog_version": store.catalogue.version,
        }
        for i in range(count)
    ]
    with store.write() as conn:
        conn.execute(insert(Deposit), rows)
    return [row["id"] for row in rows]
