"""The status report through a real central over a socket: every good pass, even an empty
one, tells central the kiosk's backlog; and a record lost to quarantine becomes a gap alarm
once the kiosk has synced again (SQLite and PostgreSQL centrals)."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import update
from sqlalchemy.orm import Session

from central.models import Batch, Device
from central.services import alarms as alarm_rules
from kiosk import __version__
from kiosk.cli import main
from kiosk.composition import Kiosk
from kiosk.paths import resolve
from kiosk.sync import outbox
from tests.helpers.kiosk_data import seed_pending
from tests.helpers.servers import database_url, uvicorn_server
from tests.sync.conftest import enrol_store, make_central


def alarms(app: FastAPI) -> set[str]:
    with Session(app.state.engine) as session:
        limit = timedelta(hours=48)
        fleet = alarm_rules.fleet(
            session=session, silent_after=limit, clock_limit_s=300, now=datetime.now(UTC)
        )
    return {a.kind for a in alarm_rules.alarms(fleet)}


@pytest.mark.parametrize("kind", ["sqlite", "pg"])
def test_a_quarantined_record_becomes_a_gap_alarm_after_the_next_sync(
    kind: str, tmp_path: Path, data_dir: Path
) -> None:
    with database_url(kind, tmp_path) as db_url:
        app = make_central(db_url)
        with uvicorn_server(app) as url:
            paths = resolve(data_dir).ensure()
            store = Kiosk.load(data_dir).open_store()
            enrol_store(app, store, url, paths.data)
            ids = seed_pending(store, 3)
            # The middle record is set aside on the kiosk (as after a 422 naming it): it never
            # arrives.
            reason = f"422 invalid_value: no (record {ids[1]})"
            assert outbox.quarantine(store, record_id=ids[1], reason=reason)
            device_id = store.device_id
            store.close()

            assert main(["--data-dir", str(data_dir), "sync"]) == 1  # one is quarantined
            with Session(app.state.engine) as session:
                device = session.get(Device, device_id)
                assert device is not None
                assert (device.pending, device.quarantined) == (0, 1)
                assert device.app_version == __version__ and device.reported_at is not None
            # The quarantine is an alarm at once (it will not come by itself); the pass that
            # showed the gap is not "the next", so no gap alarm yet.
            assert alarms(app) == {"quarantined"}

            an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
            with Session(app.state.engine) as session:  # that pass was an hour ago
                session.execute(update(Batch).values(received_at=an_hour_ago))
                session.execute(
                    update(Device).values(last_batch_at=an_hour_ago, reported_at=an_hour_ago)
                )
                session.commit()
            assert alarms(app) == {"quarantined"}
            # The next pass has nothing to send; its status report is the device speaking again.
            assert main(["--data-dir", str(data_dir), "sync"]) == 1
            assert alarms(app) == {"gap", "quarantined"}
        app.state.engine.dispose()
