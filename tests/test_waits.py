"""No test decides pass or fail by a wait tuned to one machine's speed: qtbot's waits end on
what they wait for, bounded only against a hang (tests/helpers/patient_bot.py), and no test
gives one a timeout of its own (20 s timed out under xdist on two shared cores)."""

import re
from pathlib import Path

from tests.helpers.patient_bot import PatientBot
from tests.helpers.waiting import HANG_MS

TESTS = Path(__file__).parent
_WAIT = re.compile(
    r"\.(?:waitSignals?|waitUntil|waitCallback|waitExposed|waitActive|wait_until|wait_signals?)\("
)


def own_timeouts(text: str) -> list[int]:
    """The lines where a qtbot wait's call (its parentheses, over any lines) sets timeout=."""
    found = []
    for match in _WAIT.finditer(text):
        depth, end = 1, match.end()
        while depth and end < len(text):
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            end += 1
        if "timeout=" in text[match.end() : end]:
            found.append(text.count("\n", 0, match.start()) + 1)
    return found


def test_no_test_gives_a_qt_wait_its_own_timeout() -> None:
    found = [
        f"{path.relative_to(TESTS)}:{line}"
        for path in sorted(TESTS.rglob("*.py"))
        if path.name not in ("patient_bot.py", "test_waits.py")  # the bound; the planted case
        for line in own_timeouts(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_check_finds_a_timeout_over_several_lines() -> None:
    planted = "x = 1\nqtbot.waitUntil(\n    lambda: done(1), timeout=5000\n)\nqtbot.waitUntil(ok)\n"
    assert own_timeouts(planted) == [2]


def test_the_suites_qtbot_waits_until_a_hang_not_five_seconds(qtbot) -> None:
    assert isinstance(qtbot, PatientBot)
    assert qtbot.waitSignal.__kwdefaults__["timeout"] == HANG_MS
    assert qtbot.wait_until.__kwdefaults__["timeout"] == HANG_MS  # the pep-8 alias too


# pytest-qt's context-manager waits: called as a statement, they return a context and wait
# for nothing (seven tests once "waited" for exposure so).
_BARE = re.compile(r"^\s*qtbot\.(?:waitExposed|waitActive|waitSignals?|assertNotEmitted)\(", re.M)


def bare_context_waits(text: str) -> list[int]:
    return [text.count("\n", 0, m.start()) + 1 for m in _BARE.finditer(text)]


def test_no_test_calls_a_context_wait_without_with() -> None:
    found = [
        f"{path.relative_to(TESTS)}:{line}"
        for path in sorted(TESTS.rglob("*.py"))
        if path.name != "test_waits.py"  # the planted case
        for line in bare_context_waits(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_check_finds_a_bare_wait() -> None:
    planted = "w.show()\nqtbot.waitExposed(w)\nwith qtbot.waitExposed(w):\n    w.show()\n"
    assert bare_context_waits(planted) == [2]
