"""End to end: winter hours published on a real central reach the kiosk at its next sync, the
attract screen shows them in Arabic, and a restarted kiosk keeps them with central gone."""

from datetime import datetime
from pathlib import Path

import httpx
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.composition import Kiosk
from kiosk.domain.hours import OSLO
from kiosk.paths import resolve
from kiosk.settings import Settings
from kiosk.sync.schedule import Backoff
from kiosk.ui import theme
from kiosk.ui.app import build_window
from kiosk.ui.main_window import MainWindow
from tests.central.console.conftest import add_user, csrf_of, sign_in
from tests.helpers.clock import TestClock
from tests.helpers.layout import as_read
from tests.helpers.resident_walk import set_clock
from tests.helpers.servers import uvicorn_server
from tests.helpers.waiting import HANG_S
from tests.sync.conftest import enrol_store, make_central

SETTINGS = Settings(sync_after_registration_s=1, sync_give_up_after_s=1, allow_insecure_http=True)
THURSDAY_EVENING = datetime(2026, 12, 3, 18, 0, tzinfo=OSLO)


def publish_on_console(app, url: str) -> None:
    """An operator signs in on the console over HTTP and publishes the winter hours."""
    add_user(app, "olav", "operator")
    with httpx.Client(base_url=url, timeout=HANG_S) as console:
        assert sign_in(console, "olav") == 303
        form = {
            "csrf": csrf_of(console),
            "outside_hours": "closed",
            "w_mon": "11:00-16:00",
            "w_wed": "11:00-16:00",
            "w_thu": "11:00-18:00",
            "season_count": "1",
            "s0_name": "Vinteråpent",
            "s0_from": "2026-11-01",
            "s0_to": "2027-03-31",
            "s0_wed": "12:00-15:00",
            "s0_thu": "12:00-17:00",
            "exception_count": "1",
            "e0_date": "2026-12-24",
            "e0_reason": "holiday",
            "e0_note": "Julaften",
        }
        # Post/redirect/get: the publish answers 303, the page it leads to says so.
        page = console.post("/stations/trosterud/hours", data=form, follow_redirects=True)
        assert [r.status_code for r in page.history] == [303]
        assert page.status_code == 200 and "versjon 1 er publisert" in page.text


def open_window(qtbot, paths) -> MainWindow:
    theme.apply(QApplication.instance())
    window = build_window(
        Kiosk(paths, SETTINGS),
        sync_backoff=Backoff(initial=0.2, cap=0.5, jitter=0.0),
        wall_clock=TestClock(),
    )
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    set_clock(window, THURSDAY_EVENING)
    return window


def test_winter_hours_reach_the_attract_screen_in_arabic(
    qtbot, data_dir: Path, tmp_path: Path
) -> None:
    app = make_central(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    paths = resolve(data_dir).ensure()
    with uvicorn_server(app) as url:
        store = Kiosk(paths, SETTINGS).open_store()
        enrol_store(app, store, url, paths.data)
        store.close()
        window = open_window(qtbot, paths)
        # Before central has published anything: the settings file's pilot hours, usable.
        assert (
            as_read(window.attract.opening.label.text()) == "Stengt nå · Åpner i morgen kl. 11:00"
        )
        assert window.attract.leave.isVisible()
        with qtbot.waitSignal(window.sync_feed.sync_finished) as first:
            pass
        assert first.args[0].ok and first.args[0].hours is None

        publish_on_console(app, url)
        with qtbot.waitSignal(window.model.changed):
            window.sync_feed.run_now()
        assert window.model.hours.version == 1
        qtbot.mouseClick(window.attract.switcher.buttons["ar"], Qt.MouseButton.LeftButton)
        # Thursday 18:00 in winter is after closing (17:00); the winter Wednesday opens 12:00.
        assert (
            as_read(window.attract.opening.label.text()) == "مغلق الآن\nيفتح الأربعاء الساعة 12:00"
        )
        assert not window.attract.leave.isVisible()  # the station's setting: closed
        banner = window.attract.opening
        qtbot.waitUntil(lambda: banner.height() >= banner.sizeHint().height())
        window.attract.grab().save(str(tmp_path / "attract_ar.png"))
        window.languages.reset()
        window.shutdown()
        window.store.close()
        window.close()
    app.state.engine.dispose()

    # Central is gone: a restarted kiosk still shows the last hours it received.
    again = open_window(qtbot, paths)
    assert again.model.hours.version == 1
    assert as_read(again.attract.opening.label.text()) == "Stengt nå\nÅpner onsdag kl. 12:00"
    assert not again.attract.leave.isVisible()
    # The guide's header uses the same hours: Thursday 17:30 is closed in winter (12-17),
    # though the settings file's pilot hours (11-18) would say open.
    again.guide.header.tick(datetime(2026, 12, 3, 17, 30, tzinfo=OSLO))
    assert again.guide.header.open_state.text() == "Stengt\nåpner ons 12:00"
    again.guide.header.tick(datetime(2026, 12, 3, 16, 30, tzinfo=OSLO))
    assert again.guide.header.open_state.text() == "Åpen\ntil 17:00"
    again.shutdown()
    again.store.close()
