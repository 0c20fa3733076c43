"""Fill a kiosk store with many pending records fast (one transaction), for sync tests."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from kiosk.db.models import Deposit
from kiosk.db.store import Store
from kiosk.domain.catalogue import load_default
from kiosk.domain.ids import uuid7
from kiosk.sync.enrolment import write_token
from kiosk.sync.outbox import META_CENTRAL_URL, set_meta

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


def pending_toward_nowhere(data_dir: Path, count: int = 3) -> None:
    """A kiosk in ``data_dir`` with ``count`` records pending, enrolled at a central that
    never answers (nothing listens on port 9): what `kiosk sync` meets when offline."""
    store = Store.open(
        data_dir / "kiosk.sqlite3",
        station_id="trosterud",
        catalogue=load_default(),
        max_weight_g=200_000,
    )
    seed_pending(store, count)
    set_meta(store, {META_CENTRAL_URL: "http://127.0.0.1:9"})
    store.close()
    write_token(data_dir, "token")
