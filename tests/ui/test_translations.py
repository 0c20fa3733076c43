"""Every resident-facing string and catalogue name exists, non-empty, in every language."""

import os
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTranslator

from kiosk.domain.kinds import Kind
from kiosk.ui.languages import LANGUAGES, compiled, qt_tool, ts_source

RESIDENT_CONTEXTS = {
    "AttractScreen", "StepBar", "CategoryStep", "AmountStep", "SummaryStep", "ThanksScreen",
    "PinScreen", "OpeningBanner",
}  # fmt: skip
# A translation may equal the source only where the word is the same in that language.
SAME_AS_SOURCE_ALLOWED: set[tuple[str, str, str]] = set()
TRANSLATED = [code for code in LANGUAGES if code != "nb"]


def sources(ts: Path) -> list[tuple[str, str]]:
    root = ET.parse(ts).getroot()
    return [
        (context.findtext("name"), message.findtext("source"))
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def resident_sources() -> list[tuple[str, str]]:
    found = [s for s in sources(ts_source("en")) if s[0] in RESIDENT_CONTEXTS]
    assert len(found) > 30
    return found


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_resident_string_is_translated(language: str, tmp_path: Path) -> None:
    qm = compiled(language, tmp_path)
    translator = QTranslator()
    assert translator.load(str(qm))
    for context, source in resident_sources():
        text = translator.translate(context, source)
        assert text.strip(), f"{language}: no translation for {context}: {source!r}"
        if (language, context, source) not in SAME_AS_SOURCE_ALLOWED:
            assert text != source, f"{language}: {source!r} is left in Bokmål"
        for marker in ("%1", "%2", "%3"):
            assert (marker in source) == (marker in text), f"{language}: {marker} in {text!r}"


def test_a_missing_translation_falls_back_to_bokmal(tmp_path: Path) -> None:
    translator = QTranslator()
    assert translator.load(str(compiled("ar", tmp_path)))
    # Guide-only strings are not translated yet: Qt must then show the Bokmål source.
    assert translator.translate("GuideScreen", "Lagre") == ""


def test_ts_files_list_every_string_in_the_code(tmp_path: Path) -> None:
    """A new tr() string without a .ts entry would show Bokmål to a resident."""
    fresh = tmp_path / "fresh.ts"
    root = Path(__file__).resolve().parents[2]
    files = sorted(str(p) for p in (root / "kiosk").rglob("*.py") if "migrations" not in p.parts)
    subprocess.run(
        [*qt_tool("lupdate"), "-silent", *files, "-ts", str(fresh)], check=True, timeout=120
    )
    in_code = {s for s in sources(fresh) if s[0] in RESIDENT_CONTEXTS}
    for language in TRANSLATED:
        in_ts = {s for s in sources(ts_source(language)) if s[0] in RESIDENT_CONTEXTS}
        assert in_code == in_ts, f"run scripts/update_translations ({language})"


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_reuse_category_has_a_name_in_every_language(catalogue, language: str) -> None:
    for category in catalogue.active(Kind.REUSE):
        name = category.names.get(language, "")
        assert name.strip(), f"{category.code} has no {language} name"
        if language != "nb":
            assert name != category.names["nb"], f"{category.code}: {language} is Bokmål"


def test_qm_is_rebuilt_when_the_ts_is_newer(tmp_path: Path) -> None:
    qm = compiled("pl", tmp_path)
    stale = ts_source("pl").stat().st_mtime - 10
    os.utime(qm, (stale, stale))
    assert compiled("pl", tmp_path).stat().st_mtime >= ts_source("pl").stat().st_mtime


def test_without_a_compiler_the_kiosk_shows_bokmal_not_empty_labels(
    qtbot, kiosk, monkeypatch
) -> None:
    def missing(name: str) -> list[str]:
        raise FileNotFoundError(name)

    monkeypatch.setattr("kiosk.ui.languages.qt_tool", missing)
    # Start from a machine where nothing was compiled yet (the start-up warm-up has run).
    assert kiosk.languages.warmed.wait(timeout=60)
    for qm in kiosk.languages._cache_dir.glob("*.qm"):
        qm.unlink()
    qtbot.mouseClick(kiosk.attract.switcher.buttons["so"], Qt.MouseButton.LeftButton)
    assert kiosk.languages.current == "so"
    assert kiosk.attract.leave.text() == "Jeg legger igjen ting"
