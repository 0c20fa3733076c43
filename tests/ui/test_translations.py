"""Every resident-facing string and catalogue name exists, non-empty, in every language."""

import os
import re
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTranslator
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from kiosk.domain.kinds import Direction, Kind
from kiosk.domain.pin import Lockout
from kiosk.domain.sizes import Size
from kiosk.ui.languages import (
    LANGUAGES,
    LRELEASE_OPTIONS,
    compiled,
    qt_tool,
    ts_source,
    weight_text,
)
from kiosk.ui.lock import PinScreen
from tests.helpers.digits import WESTERN, digit_systems
from tests.helpers.plurals import ABOUT_KG, COUNTS, MEDIUM_ITEMS, PIN_WAIT, cldr_category
from tests.helpers.resident_walk import set_clock, walk
from tests.helpers.waiting import HANG_S

# Checked against the walk below: every translating widget a resident meets is listed here.
RESIDENT_CONTEXTS = {
    "AttractScreen", "StepBar", "CategoryStep", "AmountStep", "SummaryStep", "ThanksScreen",
    "PinScreen", "OpeningBanner", "StillThere", "StorageErrorScreen", "storage", "FeedbackQuestion",
    "PlannedLine",
}  # fmt: skip
# A translation may equal the source only where the word is the same in that language.
SAME_AS_SOURCE_ALLOWED: set[tuple[str, str, str]] = {("pl", "PlannedLine", "Kurs")}
TRANSLATED = [code for code in LANGUAGES if code != "nb"]
# Bases that retranslate their subclasses but have no words of their own (selfservice/widgets).
TRANSLATING_BASES = {"Translated", "FollowsHours"}


def sources(ts: Path) -> list[tuple[str, str]]:
    root = ET.parse(ts).getroot()
    return [
        (context.findtext("name"), message.findtext("source"))
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def numerus(ts: Path) -> set[tuple[str, str]]:
    root = ET.parse(ts).getroot()
    return {
        (context.findtext("name"), message.findtext("source"))
        for context in root.iter("context")
        for message in context.iter("message")
        if message.get("numerus") == "yes"
    }


# Strings whose meaning a translator cannot see from the Bokmål alone.
TRANSLATOR_NOTES = [
    ("AttractScreen", "Veileder"),  # a staff member, never a tour guide; a screen-reader name
    ("PinScreen", "Veilederens PIN"),
    ("OpeningBanner", "Åpner %1 kl. %2"),  # %1: a weekday or a full date
    ("AmountStep", "Færre"),  # screen-reader names of the counter's buttons
    ("AmountStep", "Flere"),
    ("AmountStep", "Ti flere"),
]


def translator_notes(ts: Path) -> dict[tuple[str, str], str]:
    root = ET.parse(ts).getroot()
    return {
        (context.findtext("name"), message.findtext("source")): message.findtext("extracomment")
        for context in root.iter("context")
        for message in context.iter("message")
        if message.findtext("extracomment")
    }


def resident_sources() -> list[tuple[str, str]]:
    found = [s for s in sources(ts_source("en")) if s[0] in RESIDENT_CONTEXTS]
    assert len(found) > 30
    return found


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_resident_string_is_translated(language: str, tmp_path: Path) -> None:
    qm = compiled(language, tmp_path)
    translator = QTranslator()
    assert translator.load(str(qm))
    plural = numerus(ts_source(language))
    for context, source in resident_sources():
        # A plural string is checked in each of its forms: one count per CLDR category.
        counts = (
            sorted({cldr_first(language, c) for c in range(200)})
            if (context, source) in plural
            else [-1]
        )
        for n in counts:
            text = translator.translate(context, source, None, n)
            assert text.strip(), f"{language}: no translation for {context}: {source!r} ({n})"
            if (language, context, source) not in SAME_AS_SOURCE_ALLOWED:
                assert text != source, f"{language}: {source!r} is left in Bokmål"
            assert not placeholder_problems(source, text), (language, text)
            # Qt writes %n and the kiosk writes kg and times in Western digits (the number
            # locales): a translation must not bring others in beside them.
            assert digit_systems(text) <= {WESTERN}, f"{language}: digits in {text!r}"
        if counts != [-1]:
            assert "%n" in source


# %n is not here: Arabic writes "one second" and "two seconds" as words, without the count.
PLACEHOLDER = re.compile(r"%[0-9]|\{\w+\}")


def placeholder_problems(source: str, text: str) -> list[str]:
    """Each %1 and {name} of ``source`` must appear in ``text`` exactly as often, braces kept."""
    wanted, found = Counter(PLACEHOLDER.findall(source)), Counter(PLACEHOLDER.findall(text))
    return [
        f"{marker} {found[marker]}x, not {n}x" for marker, n in wanted.items() if found[marker] != n
    ]


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_placeholder_keeps_its_braces_in_every_message(language: str, tmp_path: Path) -> None:
    """Guide-only (validation) messages too, where they are translated."""
    translator = QTranslator()
    assert translator.load(str(compiled(language, tmp_path)))
    checked = 0
    for context, source in sources(ts_source(language)):
        text = translator.translate(context, source)
        if text and PLACEHOLDER.search(source):
            assert not placeholder_problems(source, text), (language, context, text)
            checked += 1
    assert checked >= 10


def test_the_placeholder_check_catches_dropped_braces(tmp_path: Path) -> None:
    """Planted fault: a translator wrote {found} as plain "found"."""
    source = next(s for c, s in sources(ts_source("so")) if "{found}" in s)
    ts = tmp_path / "kiosk_so.ts"
    ts.write_text(ts_source("so").read_text("utf-8").replace("(schema {found})", "(schema found)"))
    qm = tmp_path / "kiosk_so.qm"
    subprocess.run([*qt_tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    assert placeholder_problems(source, translator.translate("storage", source)) == [
        "{found} 0x, not 1x"
    ]


@pytest.mark.parametrize("language", TRANSLATED)
def test_staff_screens_stay_bokmal_in_every_station_language(language: str, tmp_path: Path) -> None:
    """A station whose own language is not Bokmål shows the staff screens in Bokmål whole: no
    one foreign word, such as a "Back" lupdate copied from the residents' screens."""
    translator = QTranslator()
    assert translator.load(str(compiled(language, tmp_path)))
    staff = [(c, s) for c, s in sources(ts_source(language)) if c not in RESIDENT_CONTEXTS]
    assert ("EventsScreen", "Tilbake") in staff
    foreign = {(c, s): translator.translate(c, s) for c, s in staff if translator.translate(c, s)}
    assert foreign == {}


def test_an_unfinished_translation_never_reaches_a_screen(tmp_path: Path) -> None:
    """Planted fault: the staff screen's "Tilbake" guessed as unfinished, as lupdate did."""
    ts = tmp_path / "kiosk_ar.ts"
    text = ts_source("ar").read_text("utf-8")
    marker = '<source>Tilbake</source>\n        <translation type="unfinished"></translation>'
    assert marker in text
    ts.write_text(text.replace(marker, marker.replace("></translation>", ">رجوع</translation>")))
    assert compiled_copy(ts, tmp_path).translate("EventsScreen", "Tilbake") == ""


def compiled_copy(ts: Path, tmp_path: Path) -> QTranslator:
    """``ts`` compiled as the kiosk compiles its own (kiosk.ui.languages.compiled)."""
    qm = tmp_path / "copy.qm"
    subprocess.run([*qt_tool("lrelease"), *LRELEASE_OPTIONS, str(ts), "-qm", str(qm)], check=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    return translator


def test_a_missing_translation_falls_back_to_bokmal(tmp_path: Path) -> None:
    translator = QTranslator()
    assert translator.load(str(compiled("ar", tmp_path)))
    # Guide-only strings are not translated yet: Qt must then show the Bokmål source.
    assert translator.translate("GuideScreen", "Lagre") == ""


def test_ts_files_list_every_string_in_the_code(tmp_path: Path) -> None:
    """A new tr() string without a .ts entry would show Bokmål to a resident. A staff
    screen's strings are listed too (left untranslated, the rule below): so the files never
    drift from the code, and a translator sees every string the kiosk has."""
    fresh = tmp_path / "fresh.ts"
    root = Path(__file__).resolve().parents[2]
    files = sorted(str(p) for p in (root / "kiosk").rglob("*.py") if "migrations" not in p.parts)
    subprocess.run(
        [*qt_tool("lupdate"), "-silent", *files, "-ts", str(fresh)], check=True, timeout=120
    )
    in_code = set(sources(fresh))
    assert {context in RESIDENT_CONTEXTS for context, _ in in_code} == {True, False}
    # What a translator needs to know reaches the .ts through `#:` comments in the code.
    notes = translator_notes(fresh)
    for needed in TRANSLATOR_NOTES:
        assert notes.get(needed), f"no #: comment for translators before {needed}"
    braced = [m for m in sources(fresh) if re.search(r"\{\w+\}", m[1])]
    assert len(braced) >= 10
    for message in braced:
        assert "braces" in (notes.get(message) or ""), f"no note on the braces of {message}"
    for language in TRANSLATED:
        in_ts = set(sources(ts_source(language)))
        assert in_code == in_ts, f"run scripts/update_translations ({language})"
    # Bokmål's own plural forms: every %n string in the code, both forms filled ("1 sekund").
    plural_in_code = numerus(fresh)
    assert plural_in_code, "lupdate found no %n string: the check below would pass vacuously"
    assert plural_in_code == numerus(ts_source("nb")), "run scripts/update_translations (nb)"
    nb = ET.parse(ts_source("nb")).getroot()
    for message in nb.iter("message"):
        forms = [f.text for f in message.iter("numerusform")]
        assert len(forms) == 2 and all(forms), message.findtext("source")


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
    assert kiosk.languages.warmed.wait(timeout=HANG_S)
    for qm in kiosk.languages._cache_dir.glob("*.qm"):
        qm.unlink()
    qtbot.mouseClick(kiosk.attract.switcher.buttons["so"], Qt.MouseButton.LeftButton)
    assert kiosk.languages.current == "so"
    assert kiosk.attract.leave.text() == "Jeg legger igjen ting"


# --- Plural forms, checked against CLDR's plural rules (tests/helpers/plurals.py) ---


def cldr_first(language: str, n: int) -> int:
    """The smallest count in ``n``'s CLDR category: one count per plural form."""
    return next(m for m in range(200) if cldr_category(language, m) == cldr_category(language, n))


def test_the_cldr_table_is_the_one_its_rules_give() -> None:
    # The categories the counts fall in, as CLDR's own examples list them.
    assert [cldr_category("ar", n) for n in COUNTS] == [
        "zero", "one", "two", "few", "few", "many", "other"]  # fmt: skip
    assert [cldr_category("pl", n) for n in (1, 2, 5, 12, 22, 25, 112)] == [
        "one", "few", "many", "many", "few", "many", "many"]  # fmt: skip
    for language, table in MEDIUM_ITEMS.items():
        wanted = {cldr_category(language, n) for n in range(200)}
        assert set(table) == wanted == set(PIN_WAIT[language]), language


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_summary_and_pin_countdown_use_each_languages_plural_forms(
    qtbot, kiosk, tmp_path: Path, language: str
) -> None:

    kiosk.languages.switch(language)
    summary = kiosk.flow.summary
    category = kiosk.model.catalogue.get("books_media")
    now = [1000.0]
    lockout = Lockout(max_tries=1, base_s=200)
    pin = PinScreen(tmp_path / "pin", lockout, clock=lambda: now[0])
    qtbot.addWidget(pin)
    for n in COUNTS:
        form = cldr_category(language, n)
        summary.show_draft(Direction.IN, category, n, Size.MEDIUM, 500 * n)
        items = MEDIUM_ITEMS[language][form].format(n=n)
        about = ABOUT_KG[language].format(items, weight_text(500 * n, language))
        assert summary.amount.text() == about
        if n == 0:
            continue  # a lock of 0 s is no lock: nothing is shown
        lockout.record_success()
        lockout.record_failure(now[0])  # locked for 200 s from now
        now[0] += 200 - n  # n seconds left
        pin.submit()
        assert pin.status.text() == PIN_WAIT[language][form].format(n=n), (language, n)


def test_the_plural_check_catches_a_wrong_rule(tmp_path: Path) -> None:
    """Planted fault: Polish forms compiled under English's rule (a wrong TS header)."""
    ts = tmp_path / "kiosk_pl.ts"
    ts.write_text(ts_source("pl").read_text().replace('language="pl"', 'language="en"'))
    qm = tmp_path / "kiosk_pl.qm"
    subprocess.run([*qt_tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    source = "For mange feil. Prøv igjen om %n sekunder."
    wrong = translator.translate("PinScreen", source, "", 5).replace("%n", "5")
    assert wrong != PIN_WAIT["pl"][cldr_category("pl", 5)].format(n=5)


# --- Every screen a resident reaches is translated, and follows a language switch live ---


def shown_texts(screen) -> dict:
    """Every visible text on ``screen``: labels and buttons with their own text."""
    texts = {}
    for widget in screen.findChildren(QLabel) + screen.findChildren(QAbstractButton):
        if widget.isVisible() and widget.text().strip():
            texts[widget] = widget.text()
    return texts


def needs_words(widget, text: str) -> bool:
    """Texts that are the same in every language: numbers, symbols, the station's name and
    the language names (each in its own script)."""
    if not any(ch.isalpha() for ch in text) or text.strip() in {"PIN", "OK", "+10"}:
        return False
    return widget.objectName() not in {"attractStation", "language"}


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_reachable_screen_is_translated_and_retranslates_live(
    qtbot, kiosk, language: str
) -> None:
    seen, contexts = [], set()
    # One moment for the whole walk: the attract screen's "opens today/tomorrow at 11:00"
    # must not turn into other words between a screen's two readings (11:00, midnight).
    set_clock(kiosk, kiosk.wall_clock())
    for stop in walk(kiosk, "nb"):
        before = shown_texts(stop.screen)
        assert before, stop.name
        kiosk.languages.switch(language)  # live, on this very screen
        after = shown_texts(stop.screen)
        for widget, text in before.items():
            if needs_words(widget, text):
                assert after.get(widget, text) != text, f"{stop.name}: {text!r} stays Bokmål"
        kiosk.languages.switch("nb")
        assert shown_texts(stop.screen) == before, f"{stop.name}: not back in Bokmål"
        seen.append(stop.name)
        contexts |= {
            cls.__name__
            for widget in [*stop.screen.findChildren(QWidget), stop.screen]
            if widget.isVisible()
            for cls in type(widget).__mro__
            if "retranslate" in cls.__dict__ and cls.__name__ not in TRANSLATING_BASES
        }
    assert contexts <= RESIDENT_CONTEXTS, contexts - RESIDENT_CONTEXTS
    # The walk reached every kind of screen (a broken walk must not pass by seeing little).
    assert seen == ["attract", "category_in", "amount", "summary_in", "still_there",
                    "thanks_in", "category_out", "summary_out", "thanks_out", "pin",
                    "pin_locked", "storage_error"]  # fmt: skip


def test_the_live_check_catches_a_screen_that_does_not_retranslate(qtbot, kiosk) -> None:
    """Planted fault: a thank-you text that ignores LanguageChange must be caught."""
    for stop in walk(kiosk, "nb"):
        if stop.name == "thanks_in":
            kiosk.languages.language_changed.disconnect(kiosk.flow.thanks.retranslate)
            kiosk.flow.thanks.retranslate = lambda: None  # stops following the language
            before = shown_texts(stop.screen)
            kiosk.languages.switch("pl")
            after = shown_texts(stop.screen)
            stuck = [t for w, t in before.items() if needs_words(w, t) and after.get(w) == t]
            assert kiosk.flow.thanks.yours.text() in stuck
            kiosk.languages.switch("nb")
            break


def test_somali_toys_fit_one_line_of_their_tile(qtbot, kiosk) -> None:
    """Issue 27: "Alaab carruureed oo lagu ciyaaro" took two lines; the glossary's alaab fits."""
    kiosk.resize(1024, 600)
    qtbot.waitUntil(lambda: kiosk.size().width() == 1024)
    qtbot.mouseClick(kiosk.attract.switcher.buttons["so"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.attract.take, Qt.MouseButton.LeftButton)
    label = kiosk.flow.categories.tiles["toys"].label
    qtbot.waitUntil(label.isVisible)
    assert label.text() == "Alaab ciyaareed"
    width = QFontMetrics(label.font()).horizontalAdvance(label.text())
    assert width <= label.contentsRect().width()
