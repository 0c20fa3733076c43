"""Background sync in the app: records reach a real central by themselves, through a cut
network, and registering never waits for a sync in progress."""

import threading
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.composition import Kiosk
from kiosk.db.deposits import register_deposit
from kiosk.db.store import Store, set_meta
from kiosk.domain.hours import OSLO
from kiosk.paths import resolve
from kiosk.settings import Settings
from kiosk.sync.schedule import Backoff
from kiosk.ui import sync_feed, theme
from kiosk.ui.app import build_window
from kiosk.ui.main_window import MainWindow
from kiosk.ui.sync_feed import META_FULL_CHECK
from tests.helpers.clock import TestClock
from tests.helpers.fault_proxy import FaultProxy
from tests.helpers.guide import guide_registers
from tests.helpers.kiosk_data import seed_pending
from tests.helpers.servers import uvicorn_server
from tests.sync.conftest import central_ids, enrol_store, make_central
from tests.ui.conftest import unlock_guide

CUT = {"reset_before": 1.0}
UP = {"pass": 1.0}
# Central is on loopback http in tests, which the kiosk refuses unless told.
SETTINGS = Settings(sync_after_registration_s=1, sync_give_up_after_s=1, allow_insecure_http=True)


@pytest.fixture
def network(tmp_path: Path):
    """A real central over uvicorn, behind a proxy that can cut the network."""
    app = make_central(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    with uvicorn_server(app) as url:
        target = urlparse(url)
        with FaultProxy((target.hostname, target.port), weights=dict(UP)) as proxy:
            yield app, proxy
    app.state.engine.dispose()


@pytest.fixture
def kiosk(qtbot, data_dir: Path, network) -> MainWindow:
    app, proxy = network
    paths = resolve(data_dir).ensure()
    store = Kiosk(paths, SETTINGS).open_store()
    enrol_store(app, store, proxy.url, paths.data)  # as `kiosk enrol URL CODE` does
    store.close()
    theme.apply(QApplication.instance())
    window = build_window(
        Kiosk(paths, SETTINGS),
        sync_backoff=Backoff(initial=0.2, cap=0.5, jitter=0.0),
        wall_clock=TestClock(),
    )
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    unlock_guide(qtbot, window)
    yield window
    window.shutdown()
    window.store.close()


def test_pending_goes_to_zero_by_itself_when_the_network_returns(
    qtbot, kiosk: MainWindow, network
) -> None:
    app, proxy = network
    proxy.weights = dict(CUT)
    ids = [
        guide_registers(qtbot, kiosk, "wood", "4").id,
        guide_registers(qtbot, kiosk, "metal", "2").id,
    ]
    header = kiosk.guide.header.sync_state

    feed = kiosk.sync_feed
    qtbot.waitUntil(lambda: feed.last_status is not None and not feed.last_status.ok)
    assert "Ikke synkronisert: 2" in header.text()
    assert central_ids(app) == []

    proxy.weights = dict(UP)
    qtbot.waitUntil(lambda: "Ikke synkronisert: 0" in header.text())
    assert sorted(central_ids(app)) == sorted(ids)
    assert "Sist synkronisert" in header.text()
    assert feed.last_status.ok and feed.last_status.pending == 0


def test_registering_does_not_wait_for_a_sync_in_progress(
    qtbot, kiosk: MainWindow, network
) -> None:
    app, proxy = network
    feed = kiosk.sync_feed
    first = guide_registers(qtbot, kiosk, "wood", "1").id
    # A start-up pass may still be on (run_now does nothing then): on a loaded machine it is.
    qtbot.waitUntil(lambda: not feed.running)
    # Central's answers wait at the proxy until released: the pass stays in flight however
    # slow the machine (until the kiosk's own 30 s read timeout, a bound for a hung central).
    proxy.answers.clear()
    try:
        with qtbot.waitSignal(feed.sync_started):
            feed.run_now()
        second = guide_registers(qtbot, kiosk, "metal", "3").id
        assert feed.running  # the save did not wait for the pass, which waits on central
    finally:
        proxy.answers.set()
    header = kiosk.guide.header.sync_state
    qtbot.waitUntil(lambda: "Ikke synkronisert: 0" in header.text())
    assert sorted(central_ids(app)) == sorted([first, second])


def test_a_catalogue_published_on_central_changes_every_screen_after_one_sync(
    qtbot, kiosk: MainWindow, network
) -> None:
    from sqlalchemy.orm import Session

    from central.services import catalogue
    from kiosk.domain.kinds import Direction

    app, _proxy = network
    feed = kiosk.sync_feed
    # A resident is half-way: kitchenware chosen, on the amount step.
    kiosk.flow.begin(Direction.IN)
    qtbot.mouseClick(kiosk.flow.categories.tiles["kitchenware"], Qt.MouseButton.LeftButton)
    assert kiosk.flow.currentWidget() is kiosk.flow.amount
    assert "toys" in kiosk.guide.grid.tiles and "bikes" not in kiosk.guide.grid.tiles
    # The start-up pass first: published after it, the catalogue arrives with the next pass.
    qtbot.waitUntil(lambda: feed.last_status is not None and not feed.running)

    document = kiosk.model.catalogue.to_dict()
    document["version"] += 1
    for category in document["categories"]:
        if category["code"] == "toys":
            category["active"] = False
    document["categories"].append(
        {"code": "bikes", "kind": "reuse", "names": {"nb": "Sykler"}, "default_weight_g": 12000}
    )
    with Session(app.state.engine) as session:
        catalogue.publish_catalogue(now=datetime.now(UTC), session=session, document=document)
        session.commit()

    with qtbot.waitSignal(kiosk.model.changed):
        feed.run_now()

    assert "bikes" in kiosk.guide.grid.tiles and "toys" not in kiosk.guide.grid.tiles
    assert kiosk.guide.grid.tiles["bikes"].label.text() == "Sykler"
    assert "bikes" in kiosk.flow.categories.tiles and "toys" not in kiosk.flow.categories.tiles
    # The resident's flow goes on where it was, and saves in the category they chose.
    assert kiosk.flow.currentWidget() is kiosk.flow.amount
    assert kiosk.flow.draft.category == "kitchenware"
    # And a guide can register in the new category at once, no restart.
    guide_registers(qtbot, kiosk, "bikes", "7")
    assert kiosk.guide.today.list.item(0).text().split("  ")[1] == "Sykler"


def mismatch_an_index(database: Path) -> None:
    """Damage only the full integrity_check sees: an index whose entries no longer match
    its table (quick_check, run at every start, skips that comparison)."""
    import sqlite3

    db = sqlite3.connect(database)
    try:
        db.execute("PRAGMA writable_schema=ON")
        db.execute(
            "UPDATE sqlite_master SET sql = replace(sql, '(recorded_at)', '(weight_g)') "
            "WHERE name = 'ix_deposits_recorded_at'"
        )
        db.commit()
    finally:
        db.close()


def nightly_kiosk(qtbot, data_dir: Path, network, *, damage: bool) -> MainWindow:
    app, proxy = network
    paths = resolve(data_dir).ensure()
    store = Kiosk(paths, SETTINGS).open_store()
    enrol_store(app, store, proxy.url, paths.data)
    for grams in (1000, 2000, 3000):
        register_deposit(store=store, category="wood", weight_g=grams)
    store.close()
    if damage:
        mismatch_an_index(paths.database)
    window = build_window(
        Kiosk(paths, SETTINGS), sync_backoff=Backoff(initial=0.2, cap=0.5, jitter=0.0)
    )
    qtbot.addWidget(window)
    return window


def test_the_nightly_pass_runs_the_full_integrity_check(
    qtbot, data_dir: Path, network, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = nightly_kiosk(qtbot, data_dir, network, damage=False)
    # Which thread writes the note: the check reads on the sync thread, the write must
    # wait its turn on the STORE lane like every other write the UI asks for.
    writers: list[str] = []

    def noted(store: Store, values: Mapping[str, str]) -> None:
        writers.append(threading.current_thread().name)
        set_meta(store, values)

    monkeypatch.setattr(sync_feed, "set_meta", noted)
    try:
        # Never synced: the nightly run is due at once, and the full check runs with it.
        with qtbot.waitSignal(window.sync_feed.sync_finished) as done:
            window.sync_feed.run_now()
        assert done.args[0].ok
        assert window.store.meta(META_FULL_CHECK) is not None
        assert [name.startswith("op-store") for name in writers] == [True]
    finally:
        window.shutdown()
        window.store.close()


def test_damage_found_at_night_shows_the_storage_screen(qtbot, data_dir: Path, network) -> None:
    window = nightly_kiosk(qtbot, data_dir, network, damage=True)
    try:
        # The start-up quick_check passes: this damage is only for the full check.
        assert window.stack.currentWidget() is window.attract
        with qtbot.waitSignal(window.sync_feed.storage_failed) as failed:
            window.sync_feed.run_now()
        assert failed.args[0].kind == "corrupt"
        assert window.stack.currentWidget() is window.error_screen
        assert "integrity_check" in window.error_screen.detail.text()
    finally:
        window.shutdown()
        window.store.close()


def test_the_app_refuses_to_sync_over_plain_http_without_the_lab_setting(
    qtbot, data_dir: Path, network
) -> None:
    app, proxy = network
    paths = resolve(data_dir).ensure()
    store = Kiosk(paths, SETTINGS).open_store()
    enrol_store(app, store, proxy.url, paths.data)
    register_deposit(store=store, category="wood", weight_g=1000)
    store.close()
    strict = Settings(sync_after_registration_s=1, sync_give_up_after_s=1)  # https only
    window = build_window(Kiosk(paths, strict))
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(window.sync_feed.sync_finished) as done:
            window.sync_feed.run_now()
        assert "cleartext" in done.args[0].error
        assert done.args[0].pending == 1
        assert central_ids(app) == []  # nothing went over the wire
    finally:
        window.shutdown()
        window.store.close()


def test_the_header_says_offline_since_when_central_cannot_be_reached(
    qtbot, kiosk: MainWindow, network
) -> None:
    _app, proxy = network
    # Frozen at the start: "since 23:59" read after midnight would rightly carry its date.
    kiosk.wall_clock.pin(kiosk.wall_clock())
    feed = kiosk.sync_feed
    header = kiosk.guide.header.sync_state
    qtbot.waitUntil(lambda: feed.last_status is not None and not feed.running)
    assert "Frakoblet" not in header.text()
    proxy.weights = dict(CUT)
    guide_registers(qtbot, kiosk, "wood", "4")
    qtbot.waitUntil(lambda: feed.offline_since is not None)
    since = feed.offline_since.astimezone(OSLO).strftime("%H:%M")
    qtbot.waitUntil(lambda: f"Frakoblet siden {since}" in header.text())
    assert "Ikke synkronisert: 1" in header.text()

    proxy.weights = dict(UP)
    qtbot.waitUntil(lambda: "Ikke synkronisert: 0" in header.text())
    assert "Frakoblet" not in header.text() and "Sist synkronisert" in header.text()
    assert feed.offline_since is None


def test_records_left_pending_go_out_soon_after_start(qtbot, data_dir: Path, network) -> None:
    app, proxy = network
    # Registration-triggered syncs are far off: only the start-up sync can send these.
    settings = Settings(
        sync_after_registration_s=600, sync_give_up_after_s=1, allow_insecure_http=True
    )
    paths = resolve(data_dir).ensure()
    store = Kiosk(paths, settings).open_store()
    enrol_store(app, store, proxy.url, paths.data)
    ids = seed_pending(store, 5)
    store.close()
    theme.apply(QApplication.instance())
    window = build_window(Kiosk(paths, settings))
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: sorted(central_ids(app)) == sorted(ids))
    finally:
        window.shutdown()
        window.store.close()


def test_the_log_and_the_header_count_the_same_waiting_records(
    qtbot, data_dir: Path, caplog
) -> None:
    """Not enrolled, with 43 records waiting: the log said "(pending 0)" beside "43 venter"."""
    paths = resolve(data_dir).ensure()
    store = Kiosk(paths, SETTINGS).open_store()
    seed_pending(store, 43)
    store.close()
    theme.apply(QApplication.instance())
    window = build_window(Kiosk(paths, SETTINGS), wall_clock=TestClock())
    qtbot.addWidget(window)
    window.show()
    unlock_guide(qtbot, window)
    try:
        with qtbot.waitSignal(window.sync_feed.sync_finished):
            window.sync_feed.run_now()
        assert "Ikke synkronisert: 43" in window.guide.header.sync_state.text()
        logged = [r.getMessage() for r in caplog.records if "not enrolled" in r.getMessage()]
        assert logged and all(line.endswith("(pending 43)") for line in logged), logged
    finally:
        window.shutdown()
        window.store.close()
