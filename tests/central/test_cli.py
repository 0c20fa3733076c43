"""The `kiosk-central` command on a fresh SQLite file: stations, codes, the report's format."""

from pathlib import Path

import pytest

from central.cli import main
from central.services.effect_output import format_kg


def test_add_station_then_issue_a_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    assert main(["--db-url", url, "add-station", "trosterud", "Trosterud"]) == 0
    assert main(["--db-url", url, "enrol-code", "trosterud"]) == 0
    code = capsys.readouterr().out.strip().splitlines()[-1]
    assert len(code) == 11 and code[5] == "-"
    assert main(["--db-url", url, "enrol-code", "nowhere"]) == 1
    assert "nowhere" in capsys.readouterr().err


def test_report_shows_whole_kilograms_like_the_pilot() -> None:
    assert format_kg(4_043_000) == "4\u00a0043"
    assert format_kg(5_880_400) == "5\u00a0880"
    assert format_kg(38_250) == "38"  # half up on exact grams: 38,25 is 38, 38,5 is 39
    assert format_kg(38_500) == "39"
