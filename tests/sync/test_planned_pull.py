"""`kiosk sync` against a real central over a socket: events planned on central reach the
kiosk's store with the hours' check-in, are kept offline, and a cancellation removes them
(PostgreSQL and SQLite centrals)."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from central.services import planned
from contract.records import Audience, EventKind
from kiosk.cli import main
from kiosk.composition import Kiosk
from kiosk.db.hours import load_planned, stored_version
from kiosk.paths import resolve
from tests.helpers.servers import database_url, uvicorn_server
from tests.sync.conftest import enrol_store, make_central


@pytest.mark.parametrize("kind", ["sqlite", "pg"])
def test_planned_event_reaches_the_kiosk_store(
    kind: str, tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    starts = (datetime.now(UTC) + timedelta(days=2)).replace(microsecond=0)
    with database_url(kind, tmp_path) as db_url:
        app = make_central(db_url)
        with uvicorn_server(app) as url:
            paths = resolve(data_dir).ensure()
            store = Kiosk.load(data_dir).open_store()
            enrol_store(app, store, url, paths.data)
            store.close()
            capsys.readouterr()

            def sync() -> str:
                assert main(["--data-dir", str(data_dir), "sync"]) == 0
                return capsys.readouterr().out

            assert "planned events" not in sync()  # nothing planned yet
            with Session(app.state.engine) as session:
                row = planned.plan_event(
                    session=session,
                    station_id="trosterud",
                    plan=planned.Plan(
                        kind="bike_workshop",
                        audience="public",
                        starts_at=starts,
                        ends_at=starts + timedelta(hours=2),
                        place="Verkstedet",
                    ),
                    actor="t",
                    now=datetime.now(UTC),
                )
                event_id = row.id
                session.commit()
            assert "planned events 1" in sync()
            assert "planned events" not in sync()  # unchanged: not sent again
            # Kept in the kiosk's own store: read back as the app does after a restart.
            kiosk = Kiosk.load(data_dir)
            store = kiosk.open_store()
            try:
                (event,) = load_planned(store)
                assert (event.id, event.kind, event.audience) == (
                    event_id, EventKind.BIKE_WORKSHOP, Audience.PUBLIC,
                )  # fmt: skip
                assert (event.starts_at, event.place) == (starts, "Verkstedet")
                assert kiosk.hours(store).planned == (event,)  # what the screens put in force
                assert stored_version(store) == 1
            finally:
                store.close()
            with Session(app.state.engine) as session:
                planned.cancel_event(
                    session=session, station_id="trosterud", event_id=event_id,
                    now=datetime.now(UTC),
                )  # fmt: skip
                session.commit()
            assert "planned events 0" in sync()
        app.state.engine.dispose()
    store = Kiosk.load(data_dir).open_store()
    try:
        assert load_planned(store) == () and stored_version(store) == 2
    finally:
        store.close()
