"""Render the kiosk's screens with the real widgets offscreen into docs/screenshots/.

Run: .venv/bin/python scripts/screenshots.py   (fonts from scripts/bootstrap must be installed)
"""

import os
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from kiosk.db.deposits import register_deposit
from kiosk.domain.kinds import Direction
from kiosk.domain.pin import DEFAULT_PIN
from kiosk.paths import resolve
from kiosk.settings import Settings
from kiosk.ui import theme
from kiosk.ui.app import build_window

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SAMPLE_DAY = [("wood", 12500), ("batteries", 800), ("books_media", 3200), ("metal", 4200)]


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def guide(app: QApplication, folder: Path) -> None:
    window = build_window(resolve(folder).ensure(), Settings())
    start = datetime.now(UTC) - timedelta(minutes=40)
    for minutes, (category, grams) in enumerate(SAMPLE_DAY):
        register_deposit(
            store=window.store,
            category=category,
            weight_g=grams,
            now=start + timedelta(minutes=10 * minutes),
        )
    # The guide's screen is behind the PIN, as on the kiosk.
    window.pin_screen.entry.setText(DEFAULT_PIN)
    window.pin_screen.submit()
    window.guide.grid.tiles["glass_metal_packaging"].click()
    for key in "3,25":
        window.guide.numpad.press(key)
    for size, name in (((1280, 800), "guide.png"), ((1024, 600), "guide_1024x600.png")):
        window.resize(*size)
        window.show()
        settle(app)
        window.grab().save(str(OUT / name))
        print(OUT / name)
    window.close()
    window.store.close()


def guide_with_scale(app: QApplication, folder: Path) -> None:
    from kiosk.scale.pty_device import PtyMtSicsDevice

    with PtyMtSicsDevice(link=folder.parent / "ttyScale") as device:
        device.grams = 7_420
        settings = Settings(scale_driver="mtsics", scale_port=device.path)
        window = build_window(resolve(folder).ensure(), settings)
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


def selfservice(app: QApplication, folder: Path) -> None:
    """The attract screen and the category step in Bokmål, English and Arabic."""
    window = build_window(resolve(folder).ensure(), Settings())
    window.resize(1280, 800)
    window.show()
    for language in ("nb", "en", "ar"):
        window.rest()
        window.languages.switch(language)
        settle(app)
        for name in (f"selfservice_attract_{language}.png", f"selfservice_category_{language}.png"):
            window.grab().save(str(OUT / name))
            print(OUT / name)
            window.begin(Direction.IN)
            settle(app)
    window.rest()
    window.close()
    window.store.close()


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    theme.apply(app)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        guide(app, Path(tmp) / "guide")
        guide_with_scale(app, Path(tmp) / "scale")
        selfservice(app, Path(tmp) / "selfservice")
    return 0


if __name__ == "__main__":
    sys.exit(main())
