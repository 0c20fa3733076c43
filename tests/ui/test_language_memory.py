"""A language switch costs nothing lasting: a thousand switches leave maps and RSS flat, and
switches tapped in the real window leave malloc's heap flat."""

import ctypes
import gc
import sys
from pathlib import Path

import pytest

from kiosk.ui.languages import LANGUAGES, Languages
from kiosk.ui.main_window import MainWindow
from kiosk.ui.selfservice import widgets
from tests.helpers.resident_walk import tap
from tests.helpers.waiting import HANG_S

SWITCHES = 1000
# The soak saw 500 new maps per ~600 switches (a .qm mapped per switch): over 800 per 1,000.
# A flat process still moves a little (malloc arenas, Qt's caches), hence the margins.
MAX_NEW_MAPS = 40
MAX_RSS_GROWTH_KB = 4096


def _maps() -> int:
    with open("/proc/self/maps") as f:
        return sum(1 for _ in f)


def _rss_kb() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS in /proc/self/status")


def _growth(languages: Languages, switches: int) -> tuple[int, int]:
    codes = list(LANGUAGES)
    for code in codes * 3:  # warm-up: every language loaded and every cache filled once
        languages.switch(code)
    maps, rss = _maps(), _rss_kb()
    for i in range(switches):
        languages.switch(codes[i % len(codes)])
    return _maps() - maps, _rss_kb() - rss


@pytest.fixture
def languages(qapp, tmp_path: Path):
    langs = Languages(tmp_path)
    assert langs.warmed.wait(timeout=HANG_S)
    yield langs
    langs.reset()


def test_a_thousand_language_switches_leave_no_lasting_trace(languages: Languages) -> None:
    new_maps, rss_kb = _growth(languages, SWITCHES)
    assert new_maps <= MAX_NEW_MAPS, f"{new_maps} new memory maps after {SWITCHES} switches"
    assert rss_kb <= MAX_RSS_GROWTH_KB, f"RSS grew {rss_kb} kB after {SWITCHES} switches"


class _Forgetful(dict):
    """The planted fault: a cache that keeps nothing, so each switch loads a new translator."""

    def __setitem__(self, key, value) -> None:
        pass


def test_the_check_catches_a_translator_loaded_per_switch(languages: Languages) -> None:
    languages._loaded = _Forgetful()
    new_maps, rss_kb = _growth(languages, SWITCHES)
    assert new_maps > MAX_NEW_MAPS * 10
    assert rss_kb > MAX_RSS_GROWTH_KB


# Through the real window: bench/soak.py's residents grew RSS by 1.9 MB per 1,000
# registrations. Each switch into or out of Arabic or Urdu mirrored the back arrow afresh,
# and Qt's pixmap cache (up to 10 MB) kept every copy: about 9 KB a switch, without a level
# until the cache is full. Measured as malloc's bytes in use, which a cache that fills shows
# and RSS (glibc keeps freed pages) hides.
WINDOW_SWITCHES = 240  # 120 round trips into a right-to-left language: about 2 MB before
MAX_IN_USE_GROWTH_KB = 512  # a flat window moves a few tens of kB


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in [
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        ]
    ]


def _in_use_kb() -> int:
    """What malloc has handed out and not had back (glibc), after Python's own collection."""
    gc.collect()
    libc = ctypes.CDLL("libc.so.6")
    libc.mallinfo2.restype = _MallInfo2
    info = libc.mallinfo2()
    return (info.uordblks + info.hblkhd) // 1024


def _window_growth(kiosk: MainWindow) -> int:
    buttons = kiosk.attract.switcher.buttons
    order = ["ar", "nb", "ur", "nb"]
    for code in [*LANGUAGES, *order * 3]:  # warm-up: every language and screen shown once
        tap(buttons[code])
    before = _in_use_kb()
    for i in range(WINDOW_SWITCHES):
        tap(buttons[order[i % len(order)]])
    return _in_use_kb() - before


@pytest.mark.skipif(sys.platform != "linux", reason="mallinfo2 is glibc's")
def test_switching_languages_in_the_window_leaves_the_heap_flat(kiosk: MainWindow) -> None:
    grown = _window_growth(kiosk)
    assert grown <= MAX_IN_USE_GROWTH_KB, f"{grown} kB more in use after {WINDOW_SWITCHES}"


def test_the_back_arrow_is_mirrored_once(kiosk: MainWindow) -> None:
    """The same mirrored picture each time Arabic comes back, not a new copy for Qt to cache."""
    assert kiosk.flow is not None
    arrow = kiosk.flow.categories.bar.back.picture
    keys = set()
    for _ in range(3):
        tap(kiosk.attract.switcher.buttons["ar"])
        keys.add(arrow.pixmap().cacheKey())
        tap(kiosk.attract.switcher.buttons["nb"])
    assert len(keys) == 1


@pytest.mark.skipif(sys.platform != "linux", reason="mallinfo2 is glibc's")
def test_the_heap_check_catches_a_mirror_made_per_switch(
    kiosk: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The planted fault: the mirrored arrow made afresh at every switch, as before."""
    monkeypatch.setattr(widgets, "_mirrored", widgets._mirrored.__wrapped__)
    assert _window_growth(kiosk) > MAX_IN_USE_GROWTH_KB * 2
