"""`kiosk sync` against a real central over a socket: published hours come down once, are
kept, and a later publication replaces them (PostgreSQL and SQLite centrals)."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from central.services import hours
from kiosk.cli import main
from kiosk.composition import Kiosk
from kiosk.db.hours import load_hours
from kiosk.paths import resolve
from tests.helpers.servers import database_url, uvicorn_server
from tests.sync.conftest import enrol_store, make_central

WINTER = {"outside_hours": "usable", "weekly": {"thu": ["12:00-15:00"]}}


@pytest.mark.parametrize("kind", ["sqlite", "pg"])
def test_kiosk_sync_pulls_published_hours(
    kind: str, tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with database_url(kind, tmp_path) as db_url:
        app = make_central(db_url)
        with uvicorn_server(app) as url:
            paths = resolve(data_dir).ensure()
            store = Kiosk.load(data_dir).open_store()
            enrol_store(app, store, url, paths.data)
            store.close()
            capsys.readouterr()

            def publish(document: dict[str, object]) -> None:
                with Session(app.state.engine) as session:
                    hours.publish_hours(
                        now=datetime.now(UTC),
                        session=session,
                        station_id="trosterud",
                        document=document,
                        actor="t",
                    )
                    session.commit()

            def sync() -> str:
                assert main(["--data-dir", str(data_dir), "sync"]) == 0
                return capsys.readouterr().out

            assert "opening hours" not in sync()  # nothing published yet
            publish(WINTER)
            assert "opening hours version 1" in sync()
            assert "opening hours" not in sync()  # unchanged: not sent again
            publish({**WINTER, "outside_hours": "closed"})
            assert "opening hours version 2" in sync()
        app.state.engine.dispose()
    kiosk = Kiosk.load(data_dir)
    store = kiosk.open_store()
    try:
        kept = load_hours(store)
        assert kept is not None and kept.version == 2 and kept.outside_hours == "closed"
        assert kiosk.hours(store) == kept  # what the app puts in force at start
    finally:
        store.close()


def test_the_kiosk_keeps_a_recurring_season_as_published(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The kiosk says it reads recurring seasons: it keeps "11-01".."03-31", not one year's."""
    with database_url("sqlite", tmp_path) as db_url:
        app = make_central(db_url)
        with uvicorn_server(app) as url:
            paths = resolve(data_dir).ensure()
            store = Kiosk.load(data_dir).open_store()
            enrol_store(app, store, url, paths.data)
            store.close()
            season = {"name": "Vinter", "from": "11-01", "to": "03-31", "weekly": {}}
            with Session(app.state.engine) as session:
                hours.publish_hours(
                    now=datetime.now(UTC),
                    session=session,
                    station_id="trosterud",
                    document={**WINTER, "seasons": [season]},
                    actor="t",
                )
                session.commit()
            assert main(["--data-dir", str(data_dir), "sync"]) == 0
        app.state.engine.dispose()
    store = Kiosk.load(data_dir).open_store()
    try:
        kept = load_hours(store)
        assert kept is not None and [(s.first, s.last) for s in kept.seasons] == [
            ((11, 1), (3, 31))
        ]
    finally:
        store.close()
