"""A sync pass in its real child process, against a real central over a socket and a real TUF
repository over HTTP: at a closed hour it reports to central, follows the channel central
names (pilot, set by staff for its station), and stages the release candidate; central then
shows what the kiosk has staged (SQLite and PostgreSQL centrals)."""

import threading
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from central.models import Device
from central.services import updates
from kiosk.composition import Kiosk
from kiosk.paths import resolve
from kiosk.settings import Settings
from kiosk.sync.worker import PassRequest, run_pass
from kiosk.update import nightly
from kiosk.update.install import Install
from tests.helpers.servers import database_url, uvicorn_server
from tests.helpers.tuf_repo import Repo, install_first, serve
from tests.sync.conftest import enrol_store, make_central

ALWAYS_CLOSED: dict[str, str] = {}  # no opening spans: every moment is a closed hour


@pytest.mark.parametrize("kind", ["sqlite", "pg"])
def test_a_closed_pass_reports_learns_its_channel_and_stages_the_pilot_release(
    kind: str, tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = Repo(tmp_path / "workspace")
    repo.cut("1.0.0")
    repo.cut("1.1.0rc1")
    install_first(tmp_path / "pc", repo, "1.0.0")
    monkeypatch.setenv(nightly.INSTALL_DIR_ENV, str(tmp_path / "pc"))  # the spawned child's too
    with database_url(kind, tmp_path) as db_url, serve(repo.served) as updates_url:
        app = make_central(db_url)
        with Session(app.state.engine) as session:
            updates.set_channel(
                session=session, station_id="trosterud", device_id=None, channel="pilot"
            )
            session.commit()
        with uvicorn_server(app) as url:
            paths = resolve(data_dir).ensure()
            store = Kiosk.load(data_dir).open_store()
            token = enrol_store(app, store, url, paths.data)
            store.close()
            settings = Settings(
                allow_insecure_http=True, update_url=updates_url, opening_hours=ALWAYS_CLOSED
            )
            request = PassRequest(
                open_store=Kiosk(paths, settings).open_store,
                paths=paths,
                settings=settings,
                url=url,
                token=token,
                batch_size=100,
                give_up_after=10,
            )
            status = run_pass(request, threading.Event())
        assert status.error is None
        assert Install(tmp_path / "pc").staged == "1.1.0rc1"  # the pilot channel's release
        with Session(app.state.engine) as session:
            device = session.query(Device).one()
            assert (device.app_version, device.staged_version) == ("1.0.0", "1.1.0rc1")
            assert (device.update_outcome, device.update_version) == ("staged", "1.1.0rc1")
        app.state.engine.dispose()
