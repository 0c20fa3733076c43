"""A language switch costs nothing lasting: a thousand switches leave maps and RSS flat."""

from pathlib import Path

import pytest

from kiosk.ui.languages import LANGUAGES, Languages

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
    assert langs.warmed.wait(timeout=120)
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
