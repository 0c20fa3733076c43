"""Only kiosk/ui may import Qt: the domain, storage, sync and scale layers stay Qt-free."""

import subprocess
import sys
from pathlib import Path

import kiosk

ROOT = Path(kiosk.__file__).parent
QT_FREE = ["domain", "db", "sync", "scale"]


def test_no_qt_import_in_lower_layers_source() -> None:
    offenders = [
        str(path.relative_to(ROOT.parent))
        for package in QT_FREE
        for path in (ROOT / package).rglob("*.py")
        if "PySide6" in path.read_text("utf-8")
    ]
    assert offenders == []


def test_lower_layers_load_without_qt() -> None:
    modules = [
        f"kiosk.{p.relative_to(ROOT).with_suffix('').as_posix().replace('/', '.')}"
        for package in QT_FREE
        for p in (ROOT / package).rglob("*.py")
        if "migrations" not in p.parts and p.name != "__init__.py"
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print('PySide6' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "False"
