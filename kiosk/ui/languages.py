"""Resident languages: compile the .ts sources to .qm on first use and switch QTranslator live.

The .qm files are build output (not in git): they are compiled with the lrelease that ships
with PySide6 into the cache folder whenever missing or older than their .ts, so a fresh
clone works after `pip install -e .`. A bundle may ship ready .qm files next to the .ts.
"""

import logging
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, Qt, QTranslator, Signal

import assets
from contract.catalogue import SOURCE_LANGUAGE
from contract.numbers import TABLE_KG_DECIMALS, exact_decimals, kg
from kiosk import atomic
from kiosk.domain.catalogue import Category
from kiosk.ui.operations import Lane, Op
from kiosk.ui.qtypes import application

log = logging.getLogger(__name__)

# Each language's name in its own script: a resident looks for the word they can read.
LANGUAGES: dict[str, str] = {
    "nb": "Norsk",
    "en": "English",
    "ur": "اردو",
    "so": "Soomaali",
    "ar": "العربية",
    "pl": "Polski",
}
RIGHT_TO_LEFT = frozenset({"ar", "ur"})
# The CLDR locale whose numbers each language's residents read. Arabic: ar_AE writes the
# Western digits of every Norwegian sign and receipt, with the Arabic decimal point ".";
# plain "ar" (Egypt) would switch to Arabic-Indic digits mid-sentence beside Qt's %n.
NUMBER_LOCALES: dict[str, str] = {
    "nb": "nb_NO",
    "en": "en_GB",
    "ur": "ur_PK",
    "so": "so_SO",
    "ar": "ar_AE",
    "pl": "pl_PL",
}


# The staff screens' one language (docs/translations.md): they are Bokmål whole at every
# station, so a category on them is named in Bokmål too, a resident's own row included.
STAFF_LANGUAGE = SOURCE_LANGUAGE


def staff_name(category: Category) -> str:
    """``category``'s name on a staff screen (the guide's tiles, step line and today's list,
    the pickup's fractions). At an Arabic station the tiles said "Bøker" where the list's
    resident rows said "كتب": one screen, two languages for one thing."""
    return category.name(STAFF_LANGUAGE)


# Only finished translations ship: an unfinished one is a draft or lupdate's guess from the
# same word elsewhere (it once put an Arabic "Back" on the Bokmål staff screens).
LRELEASE_OPTIONS = ("-silent", "-nounfinished")


def ts_source(language: str) -> Path:
    return Path(assets.translation_source(language))


def number_locale(language: str) -> QLocale:
    return QLocale(NUMBER_LOCALES.get(language, NUMBER_LOCALES[SOURCE_LANGUAGE]))


def kg_text(grams: int, language: str, decimals: int = TABLE_KG_DECIMALS) -> str:
    """Integer grams as kilograms, rounded by the contract's one rule (half up, on exact grams)
    to ``decimals``, in ``language``'s digits and separators: 1 805 607 g -> "1 805,6" (nb),
    "1,805.6" (so); 37 250 g -> "37,3", as the console and the report's CSV and XLSX show it."""
    # The rounded Decimal has at most three decimals, so the float QLocale needs prints it
    # exactly at ``decimals``: the locale only writes the digits, it never rounds again.
    return number_locale(language).toString(float(kg(grams, decimals)), "f", decimals)


def weight_text(grams: int, language: str) -> str:
    """One weight as weighed or estimated (a record's own value), exactly: "3,25", "2"."""
    return kg_text(grams, language, exact_decimals(grams))


def qt_tool(name: str) -> list[str]:
    """The command for Qt's ``lrelease`` or ``lupdate``: the copy inside PySide6 first."""
    import PySide6

    bundled = Path(PySide6.__file__).parent / (f"{name}.exe" if os.name == "nt" else name)
    if bundled.exists():
        return [str(bundled)]
    found = shutil.which(f"pyside6-{name}") or shutil.which(name)
    if found:
        return [found]
    raise FileNotFoundError(f"no {name} found: install PySide6 (it ships pyside6-{name})")


def compiled(language: str, cache_dir: Path) -> Path | None:
    """The .qm for ``language``, compiled now if missing or stale; None when it has no .ts.

    Bokmål is the source language, but it has a .ts too: its plural forms ("1 sekund",
    "2 sekunder") are translations of the one %n source string, as in every other language.
    """
    ts = ts_source(language)
    if language == SOURCE_LANGUAGE and not ts.exists():
        return None
    shipped = ts.with_suffix(".qm")
    if shipped.exists() and (not ts.exists() or shipped.stat().st_mtime >= ts.stat().st_mtime):
        return shipped
    qm = cache_dir / f"kiosk_{language}.qm"
    if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
        return qm
    try:
        lrelease = qt_tool("lrelease")
    except FileNotFoundError:
        if shipped.exists():  # a bundle without Qt's tools: its own .qm is the best there is
            return shipped
        raise
    cache_dir.mkdir(parents=True, exist_ok=True)
    # Compile beside the target and rename: a kiosk killed or cut off mid-compile leaves no
    # half file.
    tmp = qm.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    subprocess.run(
        [*lrelease, *LRELEASE_OPTIONS, str(ts), "-qm", str(tmp)],
        check=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=sys.stderr,
    )
    atomic.replace(tmp, qm)
    return qm


# The application's one kiosk translator (Qt's are per application, not per window). Kept
# here, not per Languages: a window that went away without switching back left its own
# installed, and it answered every string the next window's Bokmål lacks ("Błędny PIN.").
_installed: QTranslator | None = None


class Languages(QObject):
    """The language in force. Switching installs a translator; Qt then sends LanguageChange."""

    language_changed = Signal(str)

    def __init__(
        self, cache_dir: Path, default: str = SOURCE_LANGUAGE, parent: QObject | None = None
    ):
        super().__init__(parent)
        self._cache_dir = cache_dir
        self.default = default if default in LANGUAGES else SOURCE_LANGUAGE
        # Nothing is installed yet: even Bokmål gets its translator (its plural forms).
        self.current = ""
        # One translator per language, loaded once: each load maps its .qm again, so making a
        # new one per switch grew the process by a memory map per tap, without bound.
        self._loaded: dict[str, QTranslator] = {}
        self.switch(self.default)
        # Compile every translation now, off the GUI thread, so no resident's first tap on a
        # language waits for lrelease (once per language after installing or updating).
        self.warmed = threading.Event()
        Op(self, self._warm_up).run_in_background(lane=Lane.IO)

    def _warm_up(self) -> None:
        for language in LANGUAGES:
            try:
                compiled(language, self._cache_dir)
            except (OSError, subprocess.SubprocessError):
                log.warning("cannot compile the %s translation ahead of time", language)
        self.warmed.set()

    def switch(self, language: str) -> None:
        """Show ``language`` from now on; an unusable translation falls back to Bokmål."""
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}")
        if language == self.current:
            return
        app = application()
        global _installed
        if _installed is not None:  # this one's, or one an earlier window left behind
            if shiboken6.isValid(_installed):  # a deleted one took itself out already
                app.removeTranslator(_installed)
            _installed = None
        translator = self._loaded.get(language)
        if translator is None:
            translator = self._load(language)
        if translator is not None:
            app.installTranslator(translator)
            _installed = translator
        self.current = language
        # %Ln and any QLocale() a screen asks for follow the resident's language.
        QLocale.setDefault(number_locale(language))
        direction = (
            Qt.LayoutDirection.RightToLeft
            if language in RIGHT_TO_LEFT
            else Qt.LayoutDirection.LeftToRight
        )
        app.setLayoutDirection(direction)
        # Qt posts LanguageChange; deliver it now so the very next paint is in the new language.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        self.language_changed.emit(language)

    def _load(self, language: str) -> QTranslator | None:
        try:
            path = compiled(language, self._cache_dir)
        except OSError as exc:  # a known condition (read-only or full disk): one line
            log.error("cannot compile the %s translation (%s); showing Bokmål", language, exc)
            return None
        except subprocess.SubprocessError:
            log.exception("cannot compile the %s translation; showing Bokmål", language)
            return None
        if path is None:
            return None
        translator = QTranslator(self)
        if not translator.load(str(path)):
            log.error("cannot load %s; showing Bokmål", path)
            translator.deleteLater()
            return None
        self._loaded[language] = translator
        return translator

    def reset(self) -> None:
        """Back to the station's language, for the next resident."""
        self.switch(self.default)
