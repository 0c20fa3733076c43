"""Bundled files (theme, icons, default catalogue, translations) and the one way to reach them.

Read through importlib.resources, so the same calls work from a source checkout, an installed
wheel and the PyInstaller bundle. No Qt and no kiosk imports: central reads the catalogue too.
"""

import json
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

LANGUAGE_FILE = "kiosk_{language}.ts"


def _file(*parts: str) -> Traversable:
    # One segment per joinpath: in the PyInstaller bundle the root is a MultiplexedPath, whose
    # joinpath takes a single name on Python 3.11 (kiosk --self-test from the bundle caught it).
    found = resources.files(__name__)
    for part in parts:
        found = found.joinpath(part)
    return found


def default_catalogue_document() -> dict[str, Any]:
    """The default catalogue as central publishes it and the kiosk ships it (plain JSON)."""
    document: dict[str, Any] = json.loads(_file("catalogue.json").read_text("utf-8"))
    return document


def theme_qss() -> str:
    return _file("theme.qss").read_text("utf-8")


def icon_file(name: str) -> str:
    """The path of the pictogram ``name`` (an SVG), as a string Qt can open."""
    return str(_file("icons", f"{name}.svg"))


def translations_folder() -> Traversable:
    """The .ts sources (and, in the bundle, their compiled .qm)."""
    return _file("translations")


def translation_source(language: str) -> str:
    """The path of ``language``'s .ts file (it may not exist for an unknown language)."""
    return str(_file("translations", LANGUAGE_FILE.format(language=language)))
