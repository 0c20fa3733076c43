"""The README's "Try it" walkthrough types commands the programs accept: each `kiosk` and
`kiosk-central` line in it parses with the real argument parser (doc drift fails here)."""

import re
import shlex
from pathlib import Path

import pytest

from central.cli import build_parser as central_parser
from kiosk.cli import build_parser as kiosk_parser

README = Path(__file__).resolve().parents[1] / "README.md"


def try_it_commands() -> list[list[str]]:
    text = README.read_text("utf-8")
    section = text.split("## Try it", 1)[1].split("\n## ", 1)[0]
    commands = []
    for line in section.splitlines():
        # Inline `...` and code-block lines alike; leading VAR=value assignments are the shell's.
        for found in re.findall(r"\.venv/bin/(kiosk(?:-central)?) ([^`#\n]+)", line):
            program, rest = found
            words = shlex.split(rest.replace("$(date -u +%FT%TZ)", "now"))
            commands.append([program, *words])
    return commands


def test_the_walkthrough_has_its_commands() -> None:
    programs = [c[0] for c in try_it_commands()]
    assert programs.count("kiosk-central") >= 4 and programs.count("kiosk") >= 4, programs


@pytest.mark.parametrize("command", try_it_commands(), ids=" ".join)
def test_each_command_parses(command: list[str]) -> None:
    parser = central_parser() if command[0] == "kiosk-central" else kiosk_parser()
    parser.parse_args(command[1:])  # argparse exits (SystemExit) on anything it refuses


def test_a_wrong_command_would_be_caught() -> None:
    with pytest.raises(SystemExit):
        kiosk_parser().parse_args(["enrol", "--take-over", "http://x", "CODE"])
