"""The deploy files start the program build.spec actually produces, and keep restarting it."""

import ast
import configparser
from pathlib import Path

import kiosk

ROOT = Path(__file__).resolve().parents[1]


def spec_names() -> dict[str, str]:
    """The `name=` given to EXE and COLLECT in build.spec, resolved like PyInstaller would."""
    names = {}
    for node in ast.walk(ast.parse((ROOT / "build.spec").read_text("utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("EXE", "COLLECT"):
            (value,) = [k.value for k in node.keywords if k.arg == "name"]
            names[node.func.id] = (
                getattr(kiosk, value.id) if isinstance(value, ast.Name) else value.value
            )
    return names


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser


def test_build_spec_names_the_bundle_after_the_package() -> None:
    assert spec_names() == {"EXE": kiosk.NAME, "COLLECT": kiosk.NAME}


def test_systemd_unit_starts_the_bundles_entry_point() -> None:
    names = spec_names()
    service = unit(ROOT / "deploy" / "minigjenbruk-kiosk.service")["Service"]
    program = Path(service["ExecStart"].split()[0])
    assert (program.parent.name, program.name) == (names["COLLECT"], names["EXE"])
    assert service["Restart"] == "always"
    # SIGTERM to the kiosk alone: it stops its sync child itself (tests/ui/test_stop_signals).
    assert service["KillMode"] == "mixed"


def test_windows_loop_starts_the_bundles_entry_point() -> None:
    names = spec_names()
    script = (ROOT / "deploy" / "windows" / "minigjenbruk-kiosk.cmd").read_text("utf-8")
    assert f'\\{names["COLLECT"]}\\{names["EXE"]}.exe"' in script
    assert "goto loop" in script


def test_autostart_entry_starts_the_unit() -> None:
    entry = unit(ROOT / "deploy" / "minigjenbruk-kiosk.desktop")["Desktop Entry"]
    assert entry["Exec"] == "systemctl --user start minigjenbruk-kiosk.service"
    assert (ROOT / "deploy" / "minigjenbruk-kiosk.service").exists()


def test_central_unit_runs_the_production_command_with_workers() -> None:
    from central.cli import build_parser

    folder = ROOT / "deploy" / "central"
    command = unit(folder / "kiosk-central.service")["Service"]["ExecStart"].split()
    assert command[0].endswith("/kiosk-central")
    args = build_parser().parse_args(command[1:])
    assert (args.command, args.host, args.port) == ("serve", "127.0.0.1", 8000)
    assert args.workers >= 2
    backup = unit(folder / "kiosk-central-backup.service")["Service"]["ExecStart"]
    assert backup.endswith("/kiosk-central-backup")
    assert "OnCalendar" in unit(folder / "kiosk-central-backup.timer")["Timer"]
    assert "reverse_proxy 127.0.0.1:8000" in (folder / "Caddyfile").read_text("utf-8")
