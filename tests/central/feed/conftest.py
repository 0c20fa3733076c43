"""Feed fixtures: records of every type written straight into central's tables, and a
signed-in staff member's feed token issued through the console's own form."""

import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import insert
from sqlalchemy.orm import Session

from central.models import ACTIVITY_TABLES, Record
from central.services import stations
from central.services.rollup import OSLO

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def seed(app: FastAPI, *, deposits: int, events: int, station_ids: tuple[str, ...]) -> set[str]:
    """``deposits`` deposits and ``events`` events spread over the stations; their ids."""
    batch = str(uuid.uuid4())
    ids: set[str] = set()
    rows: list[dict[str, Any]] = []
    with Session(app.state.engine) as session:
        for station in station_ids:
            stations.add_station(
                now=datetime.now(UTC), session=session, station_id=station, name=station.title()
            )
        for i in range(deposits):
            rid = str(uuid.uuid4())
            ids.add(rid)
            rows.append({
                "id": rid, "seq": i + 1, "device_id": "dev-a",
                "station_id": station_ids[i % len(station_ids)],
                "recorded_at": T0 + timedelta(minutes=i), "category": "wood",
                "weight_g": 1000 + i, "weight_source": "scale_stable", "channel": "guide",
                "direction": "in", "reverses": None, "visit_id": None, "catalog_version": 1,
                "clock_flag": None, "batch_id": batch, "received_at": T0 + timedelta(days=1),
            })  # fmt: skip
        if rows:
            session.execute(insert(Record), rows)
        event_rows = []
        for i in range(events):
            rid = str(uuid.uuid4())
            ids.add(rid)
            starts = T0 + timedelta(days=i % 200)
            event_rows.append({
                "id": rid, "seq": deposits + i + 1, "device_id": "dev-a",
                "station_id": station_ids[i % len(station_ids)], "recorded_at": starts,
                "kind": "bike_workshop", "starts_at": starts,
                "ends_at": starts + timedelta(hours=2), "place": None,
                "participants": 12, "visitors": 30, "reuse_g": 2500,
                "reverses": None, "clock_flag": None, "batch_id": batch,
                "received_at": T0 + timedelta(days=1),
            })  # fmt: skip
        if event_rows:
            session.execute(insert(ACTIVITY_TABLES["event"]), event_rows)
        session.commit()
    return ids


def oslo_year(moment: datetime) -> int:
    return moment.astimezone(OSLO).year


def issue_token(client: TestClient, name: str = "Power BI") -> str:
    """Create a token on the console's Feed page as a browser would; the page shows it once."""
    page = client.get("/feed")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    created = client.post("/feed/tokens", data={"csrf": csrf, "name": name}, follow_redirects=False)
    assert created.status_code == 303, created.text
    shown = client.get("/feed")
    token = re.search(r'id="new-token">([^<]+)<', shown.text)
    assert token is not None, "the new token is shown after the redirect"
    return token.group(1)
