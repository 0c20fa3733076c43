"""What theme.WidgetDirection costs a paint: the guide's and the events screens grabbed (every
widget painted) as shipped (the proxy on the staff forms' tiles alone), with no proxy at all
(the anchor), and with the proxy under the whole application (the design it replaced),
alternating in one process (offscreen, an Urdu station).

Run: .venv/bin/python bench/style_paint.py [rounds]; the last line is one JSON object.
"""

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication

from kiosk.composition import Kiosk
from kiosk.paths import resolve
from kiosk.settings import Settings
from kiosk.ui import theme
from kiosk.ui.app import build_window

GRABS = 20


def grabs_ms(app: QApplication, window: object, screens: list[object]) -> float:
    start = time.perf_counter()
    for _ in range(GRABS):
        for screen in screens:
            window.stack.setCurrentWidget(screen)  # type: ignore[attr-defined]
            app.processEvents()
            window.grab()  # type: ignore[attr-defined]
    return (time.perf_counter() - start) * 1000 / GRABS


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    app = QApplication([sys.argv[0]])
    theme.apply(app)
    folder = Path(tempfile.mkdtemp(prefix="style-paint-"))
    window = build_window(Kiosk(resolve(folder).ensure(), Settings(language="ur")), sync=False)
    window.resize(1280, 800)
    window.guide_unlocked = True
    window.show()
    window.start()
    window.show_events()
    screens = [window.guide, window.events]
    from PySide6.QtWidgets import QPushButton

    # The staff forms' one-line tiles (TileRow), the buttons the proxy is set on.
    tiles = [t for t in window.findChildren(QPushButton)
             if type(t) is QPushButton and t.objectName() == "tile"]  # fmt: skip
    shipped, anchor, app_wide = [], [], []
    for _ in range(rounds):
        shipped.append(grabs_ms(app, window, screens))
        for tile in tiles:
            tile.setStyle(None)  # type: ignore[arg-type]
        anchor.append(grabs_ms(app, window, screens))
        app.setStyle(theme.WidgetDirection())
        app.setStyleSheet(app.styleSheet())
        app_wide.append(grabs_ms(app, window, screens))
        app.setStyle("Fusion")  # the old style object goes with it
        app.setStyleSheet(app.styleSheet())
        for tile in tiles:
            tile.setStyle(theme.widget_direction())
    window.store.close()
    new, base, wide = (statistics.median(x) for x in (shipped, anchor, app_wide))
    print(
        f"two screens painted: {new:.1f} ms as shipped, {base:.1f} ms with no proxy, "
        f"{wide:.1f} ms with the proxy under the whole application ({len(tiles)} tiles)"
    )
    print(
        json.dumps(
            {
                "rounds": rounds,
                "grabs": GRABS,
                "tiles": len(tiles),
                "shipped_ms": round(new, 2),
                "anchor_ms": round(base, 2),
                "app_wide_ms": round(wide, 2),
                "ratio": round(new / base, 3),
                "app_wide_ratio": round(wide / base, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
