"""The bundled files reach the programs from a source checkout and from an installed wheel.

The PyInstaller bundle is proven by its own `--self-test` in .ci/run (theme, icons, catalogue,
translations checks).
"""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import assets

ROOT = Path(__file__).resolve().parents[1]
SOURCE_ICONS = sorted(p.name for p in (ROOT / "assets" / "icons").iterdir())
SOURCE_TS = sorted(p.name for p in (ROOT / "assets" / "translations").glob("*.ts"))


def test_source_checkout_reaches_every_kind_of_asset() -> None:
    assert assets.default_catalogue_document()["categories"]
    assert "QPushButton" in assets.theme_qss()
    assert Path(assets.icon_file("wood")).is_file()
    assert Path(assets.translation_source("en")).is_file()
    assert sorted(f.name for f in assets.translations_folder().iterdir() if f.name.endswith(".ts"))
    assert [f"kiosk_{lang}.ts" for lang in ("ar", "en", "nb", "pl", "so", "ur")] == SOURCE_TS


def test_central_reads_the_catalogue_without_importing_the_kiosk() -> None:
    code = (
        "import sys, central.db as d\n"
        "e = d.prepare('sqlite://')\n"
        "print(sorted(m for m in sys.modules if m == 'kiosk' or m.startswith('kiosk.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        timeout=300,
        capture_output=True,
    )
    (found,) = out.glob("*.whl")
    return found


def test_wheel_carries_every_asset(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"assets/__init__.py", "assets/catalogue.json", "assets/theme.qss"} <= names
    assert {f"assets/icons/{n}" for n in SOURCE_ICONS} <= names
    assert {f"assets/translations/{n}" for n in SOURCE_TS} <= names


def test_installed_wheel_reads_its_assets_not_the_checkout(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)  # a wheel is installed by unpacking it
    code = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "import assets, pathlib\n"
        "print(pathlib.Path(assets.__file__).parent)\n"
        "print(len(assets.default_catalogue_document()['categories']))\n"
        "print(pathlib.Path(assets.icon_file('wood')).is_file())\n"
        "print(pathlib.Path(assets.translation_source('ar')).is_file())\n"
    )
    # -I: no current folder or user site on the path, so the checkout cannot stand in.
    result = subprocess.run(
        [sys.executable, "-I", "-c", code, str(target)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    folder, count, icon, translation = result.stdout.split()
    assert Path(folder) == target / "assets"
    assert int(count) == len(assets.default_catalogue_document()["categories"])
    assert (icon, translation) == ("True", "True")


def test_assets_module_imports_neither_qt_nor_the_kiosk() -> None:
    code = (
        "import sys, assets\n"
        "assets.default_catalogue_document()\n"
        "names = ('kiosk', 'central', 'PySide6')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in names))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
