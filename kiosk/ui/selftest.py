"""`kiosk --self-test`: prove on this PC, in a throw-away folder, that everything the app needs is
here and works — database, migrations, catalogue, icons, translations, every screen — one line each.
With ``--data-dir COPY`` it also opens and migrates that copy of a kiosk's data, as an update does
before it may switch (kiosk/update): a new version must read the station's own store.
"""

import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import assets
from kiosk import logs

if TYPE_CHECKING:
    from kiosk.db.errors import StorageError

Check = tuple[str, Callable[[], str]]


def _translation_files() -> list[Path]:
    folder = assets.translations_folder()
    if not folder.is_dir():
        return []
    return sorted(Path(str(f)) for f in folder.iterdir() if f.name.endswith((".qm", ".ts")))


def _checks(tmp: Path, data_copy: Path | None = None) -> list[Check]:
    # Imported here, after QT_QPA_PLATFORM is set, so nothing can create a platform earlier.
    import xml.etree.ElementTree as ET

    from PySide6.QtCore import QTranslator

    from kiosk.composition import Kiosk
    from kiosk.db import migrate
    from kiosk.db.deposits import register_deposit, undo_deposit
    from kiosk.db.engine import make_engine
    from kiosk.db.export import export
    from kiosk.domain.catalogue import Catalogue, load_default
    from kiosk.paths import resolve
    from kiosk.scale import open_scale
    from kiosk.settings import Settings
    from kiosk.ui import theme
    from kiosk.ui.app import build_window
    from kiosk.ui.qtypes import application

    state: dict[str, Catalogue] = {}

    def migrations() -> str:
        engine = make_engine(tmp / "migrate.sqlite3")
        try:
            revision = migrate.upgrade(engine)
            if migrate.current_revision(engine) != migrate.HEAD:
                raise AssertionError(f"at {migrate.current_revision(engine)}, not {migrate.HEAD}")
        finally:
            engine.dispose()
        return f"head {revision}"

    def catalogue() -> str:
        loaded = load_default()
        if not loaded.active():
            raise AssertionError("no active categories")
        state["catalogue"] = loaded
        return f"version {loaded.version}, {len(loaded.categories)} categories"

    def database() -> str:
        # Opened as the app and every command open it (kiosk.composition).
        store = Kiosk(resolve(tmp / "data").ensure(), Settings(station_id="selftest")).open_store()
        try:
            code = store.catalogue.active()[0].code
            saved = register_deposit(store=store, category=code, weight_g=1000)
            undo_deposit(store=store, deposit_id=saved.id)
            result = export(
                tmp / "data" / "kiosk.sqlite3",
                tmp / "export",
                station_id="selftest",
                device_id=store.device_id,
                catalogue=store.catalogue,
            )
        finally:
            store.close()
        if result.count != 2:
            raise AssertionError(f"exported {result.count} records, expected 2")
        return "register, undo, backup and CSV export read back"

    def theme_and_icons() -> str:
        app = application()
        theme.apply(app)
        if not app.styleSheet():
            raise AssertionError("theme.qss is empty")
        names = [c.icon for c in state["catalogue"].categories] + ["warning", "undo", "confirm"]
        # A null pixmap here means the SVG icon plugin (QtSvg) is missing from the bundle.
        blank = [n for n in names if theme.icon(n).pixmap(64, 64).isNull()]
        if blank:
            raise AssertionError(f"icons do not render: {', '.join(blank)}")
        return f"{len(names)} icons render"

    def translations() -> str:
        files = _translation_files()
        for path in files:
            if path.suffix == ".qm":
                if not QTranslator().load(str(path)):
                    raise AssertionError(f"{path.name} does not load")
            else:
                ET.parse(path)  # a .ts must at least be well-formed for lrelease
        return f"{len(files)} loaded" if files else "none bundled yet"

    def scale() -> str:
        # The serial driver is imported only when a scale is configured, so a bundle missing
        # pyserial would pass everything else; build it here (it opens no port until polled).
        import serial

        reader = open_scale(Settings(scale_driver="mtsics", scale_port="selftest-no-port"))
        if reader is None:
            raise AssertionError("no reader for scale_driver = mtsics")
        reader.close()
        return f"MT-SICS driver, pyserial {serial.__version__}"

    def sync_process() -> str:
        # The app syncs in a spawned child (kiosk.sync.worker): in the bundle that child is
        # this program again. One pass against a port nothing listens on must come back as
        # "offline", proving the child starts, opens the store and reaches the network code.
        import threading

        from kiosk.sync.worker import PassRequest, run_pass

        kiosk = Kiosk(resolve(tmp / "sync").ensure(), Settings(allow_insecure_http=True))
        request = PassRequest(
            open_store=kiosk.open_store,
            paths=kiosk.paths,
            settings=kiosk.settings,
            url="http://127.0.0.1:9",
            token="self-test",
            batch_size=10,
            give_up_after=0,
        )
        status = run_pass(request, threading.Event())
        if not (status.error or "").startswith("offline:"):
            raise AssertionError(f"unexpected sync answer: {status.error!r}")
        return "a pass in its own process answered offline, as it should"

    def updates() -> str:
        # The updater runs only at night, in the sync child: prove now that its TUF client and
        # the Ed25519 verification it does on every metadata file are in the bundle and work.
        import tufup.client  # noqa: F401
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from securesystemslib.signer import CryptoSigner

        signer = CryptoSigner(Ed25519PrivateKey.generate())
        signature = signer.sign(b"self-test")
        signer.public_key.verify_signature(signature, b"self-test")
        try:
            signer.public_key.verify_signature(signature, b"tampered")
        except Exception:  # securesystemslib's UnverifiedSignatureError: as it should
            return "TUF client and Ed25519 verification work"
        raise AssertionError("a tampered message verified")

    def screens() -> str:
        paths = resolve(tmp / "screens").ensure()
        # With the simulated scale, so the guide's screen is drawn with its live-weight panel.
        window = build_window(Kiosk(paths, Settings(scale_driver="simulated")))
        try:
            window.resize(1280, 800)
            window.show()
            if window.guide is None:
                raise AssertionError("the guide's screen did not open")
            window.show_technician()
            window.show_storage_error(_sample_storage_error())
            rendered = []
            for index in range(window.stack.count()):
                screen = window.stack.widget(index)
                if screen is None:  # index < count(): the stubs cannot know
                    continue
                window.stack.setCurrentWidget(screen)
                image = screen.grab().toImage()
                if image.isNull() or image.width() < 100 or image.height() < 100:
                    raise AssertionError(f"{screen.objectName()} rendered empty")
                # Hardly any colours means nothing was drawn: no theme, no text, no icons.
                grid = range(0, min(image.width(), image.height()), 5)
                if len({image.pixel(x, y) for x in grid for y in grid}) < 4:
                    raise AssertionError(f"{screen.objectName()} rendered blank")
                rendered.append(screen.objectName())
        finally:
            window.shutdown()  # stop the scale feed's thread before its receiver goes
            if window.store is not None:
                window.store.close()
            window.close()
            window.deleteLater()
        return ", ".join(rendered)

    def station_data() -> str:
        # Only ever a copy: migrating is one-way, and the running version must keep its store.
        kiosk = Kiosk.load(data_copy)
        store = kiosk.open_store()
        try:
            catalogue = store.catalogue
        finally:
            store.close()
        return f"the copy in {data_copy} opens at head, catalogue version {catalogue.version}"

    station = [("station data", station_data)] if data_copy is not None else []
    return [
        *station,
        ("migrations", migrations),
        ("catalogue", catalogue),
        ("database", database),
        ("theme", theme_and_icons),
        ("translations", translations),
        ("scale", scale),
        ("sync", sync_process),
        ("updates", updates),
        ("screens", screens),
    ]


def _sample_storage_error() -> "StorageError":
    from kiosk.db.errors import StorageError

    return StorageError("disk_full", detail="self-test")


def run_self_test(out: TextIO | None = None, data_copy: Path | None = None) -> int:
    """Run every check, print ``ok  NAME`` or ``FAIL NAME: why`` for each; 0 only if all pass."""
    out = out or sys.stdout
    # Offscreen even on the kiosk's own display: the test must not flash windows at people,
    # and it must work over SSH and in CI where there is no display at all.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.operations import drain

    app = QApplication.instance() or QApplication([sys.argv[0]])
    failures = 0
    with tempfile.TemporaryDirectory(prefix="kiosk-selftest-") as folder:
        # Its own log in the throw-away folder: a self-test must not fill the kiosk's log.
        logs.configure(Path(folder) / "logs", echo=False)
        checks = _checks(Path(folder), data_copy)
        for name, check in checks:
            try:
                detail = check()
            except Exception as exc:  # every failure is a FAIL line, never a crash
                failures += 1
                print(f"FAIL {name}: {type(exc).__name__}: {exc}", file=out, flush=True)
                traceback.print_exc(file=sys.stderr)
                continue
            print(f"ok  {name}  ({detail})", file=out, flush=True)
        app.processEvents()
        drain()  # background work the checks started (the translations' warm-up) ends first
        logs.close()  # release the file so the folder can go (Windows refuses otherwise)
    print(
        "self-test passed" if not failures else f"self-test FAILED: {failures} check(s)",
        file=out,
        flush=True,
    )
    return 0 if not failures else 1
