"""Central's database disk fills during a fleet's sync (issue 22): central answers 503, never
500; no kiosk quarantines anything; once space is freed, every record arrives exactly once
with no hand work. A real PostgreSQL on a 48 MB tmpfs, the real central over a socket.
"""

import random
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.models import Device, Record
from kiosk.db.store import Store
from kiosk.domain.catalogue import Catalogue
from kiosk.domain.ids import uuid7
from kiosk.sync import outbox
from kiosk.sync.client import CentralClient
from kiosk.sync.engine import SyncStatus, run_sync
from kiosk.sync.schedule import Backoff
from tests.helpers.kiosk_data import seed_pending
from tests.helpers.pg_cluster import small_disk_cluster
from tests.helpers.servers import uvicorn_server
from tests.sync.conftest import enrol_store, make_central

RECORDS = 1200


class Statuses:
    """Central behind a counter of the statuses it answered."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.seen: Counter[int] = Counter()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        async def counted(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                self.seen[message["status"]] += 1
            await send(message)

        await self.app(scope, receive, counted)


def sync(
    store: Store, url: str, token: str, on_progress: Callable[[int], None] | None = None
) -> SyncStatus:
    backoff = Backoff(initial=0.01, cap=0.05, rng=random.Random(1))
    with CentralClient(url, token=token) as client:
        # give_up_after: central's Retry-After (5 s) ends the pass at the first 503, as
        # `kiosk sync --max-wait 1` would; the app's own passes wait it out and retry.
        return run_sync(
            store=store, client=client, batch_size=300, backoff=backoff, give_up_after=1.0,
            on_progress=on_progress,
        )  # fmt: skip


def test_a_full_database_disk_quarantines_nothing_and_loses_nothing(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    with small_disk_cluster() as disk:
        app = make_central(disk.url, max_weight_g=50_000)
        counted = Statuses(app)
        stores = [
            Store.open(
                tmp_path / f"k{n}" / "kiosk.sqlite3",
                station_id="trosterud",
                catalogue=catalogue,
                max_weight_g=50_000,
                device_id=str(uuid7()),
            )
            for n in range(2)
        ]
        try:
            with uvicorn_server(counted) as url:  # type: ignore[arg-type]  # any ASGI app
                tokens = []
                for n, store in enumerate(stores):
                    tokens.append(enrol_store(app, store, url, tmp_path / f"k{n}"))
                    seed_pending(store, RECORDS)

                def fill_once(sent: int) -> None:
                    if not counted.seen[503]:
                        disk.fill()  # the disk fills up after the first kiosk's first batch

                first = sync(stores[0], url, tokens[0], on_progress=fill_once)
                second = sync(stores[1], url, tokens[1])
                assert counted.seen[503] >= 2, counted.seen
                for status in (first, second):
                    assert (status.error or "").startswith("offline"), status
                    assert (status.quarantined_now, status.held_back) == (0, 0)
                    assert status.pending > 0  # still here, waiting
                assert first.pushed == 300

                disk.free()  # the operator frees space; nobody touches a kiosk
                for store, token in zip(stores, tokens, strict=True):
                    status = sync(store, url, token)
                    assert (status.error, status.pending, status.quarantined_now) == (None, 0, 0)
                    assert outbox.quarantine_log(store) == []
            assert counted.seen[500] == 0, counted.seen
            with Session(app.state.engine) as session:
                total, distinct = session.execute(
                    select(func.count(), func.count(Record.id.distinct()))
                ).one()
                assert total == distinct == 2 * RECORDS
                marks = session.scalars(select(Device.highest_contiguous_seq)).all()
                assert sorted(marks) == [RECORDS, RECORDS]
        finally:
            for store in stores:
                store.close()
            app.state.engine.dispose()
