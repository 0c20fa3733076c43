"""Render the kiosk's screens with the real widgets offscreen, at 1280x800 and 1024x600.

    .venv/bin/python scripts/screenshots.py              # the README's images, docs/screenshots/
    .venv/bin/python scripts/screenshots.py --all DIR    # every guide and resident screen,
                                                         # every language, both sizes
    .venv/bin/python scripts/screenshots.py --only planned  # one screen's images only
    .venv/bin/python scripts/screenshots.py --review ur  # for a reviewer of one language:
        review-ur/kiosk_ur.ts plus every resident screen in Urdu at both sizes

The resident's screens are found by walking the flow (tests/helpers/resident_walk.py), as
the translation and layout tests do. Fonts come from scripts/bootstrap (fonts-noto-core).
"""

# ruff: noqa: E402 - the platform and the path must be set before Qt and the walk load
import argparse
import os
import shutil
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the walk lives with the tests

from PySide6.QtWidgets import QApplication

from kiosk.composition import Kiosk
from kiosk.db.deposits import register_deposit
from kiosk.domain.hours import OSLO
from kiosk.domain.kinds import Channel
from kiosk.domain.pin import DEFAULT_PIN
from kiosk.paths import resolve
from kiosk.settings import Settings
from kiosk.ui import theme
from kiosk.ui.app import build_window
from kiosk.ui.languages import LANGUAGES, ts_source
from kiosk.ui.main_window import MainWindow
from tests.helpers.clock import TestClock
from tests.helpers.resident_walk import OPEN_MOMENT, set_clock, walk

OUT = ROOT / "docs" / "screenshots"
SIZES = ((1280, 800), (1024, 600))
# The README's table: these screens in these languages, at 1280x800.
README_STOPS = ("attract", "category_in", "amount", "summary_in", "still_there", "thanks_in")
README_LANGUAGES = ("nb", "en", "ar", "ur")
# A guide's day, with a resident's own row (books) among the guide's.
SAMPLE_DAY = [("wood", 12500), ("batteries", 800), ("books_media", 3200), ("metal", 4200)]
RESIDENT_ROWS = frozenset({"books_media"})
# Stations whose language is right to left: their staff screens stay Bokmål, left to right.
STAFF_STATIONS = ("ar", "ur")
# The guide's screens at a fixed moment: a Monday evening after closing, when the header's
# opening line is at its widest ("Stengt / åpner ons 11:00"), so the images never change
# with the hour they were made.
GUIDE_MOMENT = datetime(2026, 11, 23, 18, 0, tzinfo=OSLO)


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def guide_window(folder: Path, language: str = "nb") -> MainWindow:
    """A kiosk at GUIDE_MOMENT with the guide's screen open (behind the PIN, as on the kiosk),
    at a station whose language is ``language``."""
    clock = TestClock()
    clock.pin(GUIDE_MOMENT)
    settings = Settings(language=language)
    window = build_window(Kiosk(resolve(folder).ensure(), settings), wall_clock=clock)
    window.pin_screen.entry.setText(DEFAULT_PIN)
    window.pin_screen.submit()
    return window


def grab(app: QApplication, window: MainWindow, path: Path) -> None:
    settle(app)
    window.grab().save(str(path))
    print(path)


def at_both_sizes(app: QApplication, window: MainWindow, out: Path, stem: str) -> None:
    """The window as it is, at each of SIZES: ``out/<stem>_<width>x<height>.png``."""
    window.show()
    for width, height in SIZES:
        window.resize(width, height)
        grab(app, window, out / f"{stem}_{width}x{height}.png")


def sample_day(window: MainWindow) -> None:
    """SAMPLE_DAY on today's list, then a glass delivery being typed in (3,25 kg)."""
    start = GUIDE_MOMENT - timedelta(minutes=40)
    for minutes, (category, grams) in enumerate(SAMPLE_DAY):
        register_deposit(
            store=window.store,
            category=category,
            weight_g=grams,
            channel=Channel.SELF_SERVICE if category in RESIDENT_ROWS else Channel.GUIDE,
            now=start + timedelta(minutes=10 * minutes),
        )
    window.guide.refresh()
    window.guide.grid.tiles["glass_metal_packaging"].click()
    for key in "3,25":
        window.guide.numpad.press(key)


def guide(app: QApplication, folder: Path, out: Path = OUT) -> None:
    window = guide_window(folder)
    sample_day(window)
    for size, name in (((1280, 800), "guide.png"), ((1024, 600), "guide_1024x600.png")):
        window.resize(*size)
        window.show()
        settle(app)
        window.grab().save(str(out / name))
        print(out / name)
    window.close()
    window.store.close()


def staff(app: QApplication, folder: Path, out: Path = OUT) -> None:
    """The staff screens (the guide's, with "Ut" on too, events, pickup, technician) at an
    Arabic and an Urdu station, at both sizes: Bokmål and left to right, categories named in
    Bokmål."""
    for language in STAFF_STATIONS:
        window = guide_window(folder / language, language)
        sample_day(window)
        at_both_sizes(app, window, out, f"guide_{language}")
        window.guide.handout.click()  # "Ut": the reuse tiles handed out, in the step line too
        at_both_sizes(app, window, out, f"guide_out_{language}")
        window.guide.handout.click()
        window.show_events()
        at_both_sizes(app, window, out, f"events_{language}")
        window.show_pickup()
        at_both_sizes(app, window, out, f"pickup_{language}")
        window.show_technician()
        at_both_sizes(app, window, out, f"technician_{language}")
        window.shutdown()
        window.close()
        window.store.close()


def guide_with_scale(app: QApplication, folder: Path) -> None:
    from kiosk.scale.pty_device import PtyMtSicsDevice

    with PtyMtSicsDevice(link=folder.parent / "ttyScale") as device:
        device.grams = 7_420
        settings = Settings(scale_driver="mtsics", scale_port=device.path)
        window = build_window(Kiosk(resolve(folder).ensure(), settings))
        window.resize(1280, 800)
        window.show()
        window.pin_screen.entry.setText(DEFAULT_PIN)  # the guide's screen is behind the PIN
        window.pin_screen.submit()
        while not window.guide.scale.use.isEnabled():
            app.processEvents()
        window.guide.grid.tiles["small_furniture"].click()
        window.guide.scale.use.click()
        settle(app)
        window.grab().save(str(OUT / "guide_scale.png"))
        print(OUT / "guide_scale.png")
        window.shutdown()
        window.close()
        window.store.close()


def events(app: QApplication, folder: Path, out: Path = OUT) -> None:
    """The events screen with a clothes swap open, its counters past nine, at both sizes."""
    from kiosk.db import activities

    window = build_window(Kiosk(resolve(folder).ensure(), Settings()))
    opened = activities.open_event(store=window.store, kind="clothes_swap", place=None,
                                   now=datetime.now(UTC))  # fmt: skip
    for _ in range(12):
        activities.count(store=window.store, event_id=opened.id, counter="participants",
                         delta=1, now=datetime.now(UTC))  # fmt: skip
    window.guide_unlocked = True
    window.start()
    window.show_events()
    at_both_sizes(app, window, out, "events_running")
    window.close()
    window.store.close()


def pickup(app: QApplication, folder: Path, out: Path = OUT) -> None:
    """The guide's pickup form, filled in from a driver's ticket for the metal container."""
    window = build_window(Kiosk(resolve(folder).ensure(), Settings()))
    window.guide_unlocked = True
    window.start()
    window.show_pickup()
    form = window.pickup
    assert form is not None
    form.fractions.tiles["metal"].click()
    form.container.setText("MET-03")
    form.hauler.setText("Ragn-Sells")
    form.plant.setText("Haraldrud")
    for key in "1830":
        form.numpad.press(key)
    form.ticket.setText("HV-20931")
    at_both_sizes(app, window, out, "pickup")


def afterwards(app: QApplication, folder: Path, out: Path = OUT) -> None:
    """The events screen with its "i etterkant" button, the kg entry beside it, and the form
    for an event entered afterwards: filled in, its clock page, its numpad page, and the
    line once saved."""
    window = guide_window(folder)
    window.show_events()
    events = window.events
    form = events.afterwards
    window.show()
    for width, height in SIZES:
        window.resize(width, height)
        grab(app, window, out / f"events_{width}x{height}.png")
        events.flow_button.click()  # "Registrer kg ombruk", beside it
        grab(app, window, out / f"material_flow_{width}x{height}.png")
        events.show_events()
    for width, height in SIZES:
        size = f"{width}x{height}"
        window.resize(width, height)
        events.afterwards_button.click()
        form.kinds.tiles["clothes_swap"].click()
        form.step_day(-1)  # yesterday evening's clothes swap
        form.values["starts"].click()
        form.hours.tiles["17"].click()
        form.quarters.tiles["0"].click()
        grab(app, window, out / f"event_afterwards_clock_{size}.png")
        form.clock_done.click()
        form.values["ends"].click()
        form.hours.tiles["20"].click()
        form.quarters.tiles["30"].click()
        form.clock_done.click()
        form.values["visitors"].click()
        for key in "350":
            form.count_pad.press(key)
        grab(app, window, out / f"event_afterwards_typing_{size}.png")
        form.typed_done.click()
        form.values["participants"].click()
        for key in "12":
            form.count_pad.press(key)
        form.typed_done.click()
        grab(app, window, out / f"event_afterwards_{size}.png")
        form.save_button.click()
        while events.stack.currentWidget() is form:  # the write runs on the store's lane
            app.processEvents()
        grab(app, window, out / f"event_afterwards_saved_{size}.png")
        events.undo_last()  # the next size enters the same event again
        while events.undo_button.isEnabled():
            app.processEvents()
    window.shutdown()
    window.close()
    window.store.close()


def resident(
    app: QApplication, folder: Path, out: Path, languages, sizes, stops=None, prefix="selfservice"
) -> None:
    """Every resident screen (or only ``stops``) in each language at each size, walked."""
    for language in languages:
        for width, height in sizes:
            window = build_window(
                Kiosk(resolve(folder / f"{language}{width}").ensure(), Settings()),
                wall_clock=TestClock(),
            )
            window.resize(width, height)
            window.show()
            set_clock(window, OPEN_MOMENT)  # the same images at any hour
            settle(app)
            suffix = "" if (width, height) == SIZES[0] and stops else f"_{width}x{height}"
            for stop in walk(window, language):
                if stops is None or stop.name in stops:
                    settle(app)
                    path = out / f"{prefix}_{stop.name}_{language}{suffix}.png"
                    window.grab().save(str(path))
                    print(path)
            window.languages.reset()
            window.close()
            window.store.close()


def planned(app: QApplication, folder: Path, out: Path = OUT) -> None:
    """A planned event: on the attract screen in every language at both sizes, and on the
    guide's events screen on its day (its kind's tile marked, one tap opens it)."""
    import dataclasses

    from contract.planned import PlannedEvent
    from contract.records import Audience, EventKind
    from kiosk.domain.hours import OSLO

    workshop = PlannedEvent(
        id="screenshot",
        kind=EventKind.BIKE_WORKSHOP,
        starts_at=datetime(2026, 11, 26, 17, 0, tzinfo=OSLO),
        ends_at=datetime(2026, 11, 26, 19, 0, tzinfo=OSLO),
        place="Verkstedet",
        audience=Audience.PUBLIC,
    )
    monday = datetime(2026, 11, 23, 12, 0, tzinfo=OSLO)  # open; the workshop is Thursday
    for language in LANGUAGES:
        for width, height in SIZES:
            window = build_window(
                Kiosk(resolve(folder / f"{language}{width}").ensure(), Settings()),
                wall_clock=TestClock(),
            )
            window.model.publish_hours(dataclasses.replace(window.model.hours, planned=(workshop,)))
            window.resize(width, height)
            window.show()
            if language != window.languages.current:
                window.attract.switcher.buttons[language].click()
            set_clock(window, monday)
            settle(app)
            path = out / f"selfservice_attract_planned_{language}_{width}x{height}.png"
            window.grab().save(str(path))
            print(path)
            window.languages.reset()
            window.close()
            window.store.close()
    window = build_window(Kiosk(resolve(folder / "events").ensure(), Settings()),
                          wall_clock=TestClock())  # fmt: skip
    window.model.publish_hours(dataclasses.replace(window.model.hours, planned=(workshop,)))
    window.wall_clock.pin(datetime(2026, 11, 26, 16, 40, tzinfo=OSLO))
    window.guide_unlocked = True
    window.start()
    window.show_events()
    at_both_sizes(app, window, out, "events_planned")
    window.close()
    window.store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", metavar="DIR", type=Path, help="every screen, all languages")
    parser.add_argument("--review", metavar="LANG", choices=[c for c in LANGUAGES if c != "nb"])
    parser.add_argument("--out", type=Path, help="the folder for --review (review-LANG)")
    parser.add_argument(
        "--only",
        choices=["pickup", "planned", "staff"],
        help="only this screen (staff: the staff screens at an Arabic and an Urdu station)",
    )
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    theme.apply(app)
    with tempfile.TemporaryDirectory() as tmp:
        if args.only == "pickup":
            pickup(app, Path(tmp) / "pickup")
        elif args.review:
            out = args.out or Path(f"review-{args.review}")
            out.mkdir(parents=True, exist_ok=True)
            shutil.copy(ts_source(args.review), out)
            print(out / ts_source(args.review).name)
            resident(app, Path(tmp), out, [args.review], SIZES, prefix="resident")
        elif args.only == "planned":
            planned(app, Path(tmp) / "planned")
        elif args.only == "staff":
            guide(app, Path(tmp) / "guide")
            staff(app, Path(tmp) / "staff")
        elif args.all:
            args.all.mkdir(parents=True, exist_ok=True)
            guide(app, Path(tmp) / "guide", args.all)
            resident(app, Path(tmp), args.all, list(LANGUAGES), SIZES, prefix="resident")
        else:
            OUT.mkdir(parents=True, exist_ok=True)
            guide(app, Path(tmp) / "guide")
            guide_with_scale(app, Path(tmp) / "scale")
            staff(app, Path(tmp) / "staff")
            resident(app, Path(tmp), OUT, README_LANGUAGES, SIZES[:1], README_STOPS)
            # The right-to-left scripts on the small screen too, where room is shortest.
            resident(app, Path(tmp), OUT, ("ar", "ur"), SIZES[1:], README_STOPS)
            events(app, Path(tmp) / "events")
            planned(app, Path(tmp) / "planned")
            pickup(app, Path(tmp) / "pickup")
            afterwards(app, Path(tmp) / "afterwards")
    return 0


if __name__ == "__main__":
    sys.exit(main())
