"""Separate installs: central alone brings no Qt, and the kiosk bundle leaves central's stack out.

Builds the wheel once and installs only its `[central]` extra into a fresh venv.
"""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CENTRAL_ONLY = ("fastapi", "uvicorn", "starlette", "psycopg")


def run(*command: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, timeout=300
    )


def locked_names(lock: Path) -> set[str]:
    return {
        re.sub(r"[-_.]+", "-", line.split("==")[0]).lower()
        for line in lock.read_text().splitlines()
        if re.match(r"^[A-Za-z0-9]", line)
    }


@pytest.mark.slow
def test_central_installs_without_qt_and_runs(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    built = run(
        sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
        "-w", wheels, REPO,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("*.whl")
    venv = tmp_path / "venv"
    assert run(sys.executable, "-m", "venv", venv).returncode == 0
    python = venv / "bin" / "python"
    # The releases come from the same index and cache bootstrap already used.
    installed = run(python, "-m", "pip", "install", "-q", f"{wheel}[central]")
    assert installed.returncode == 0, installed.stderr

    assert run(python, "-c", "import PySide6").returncode != 0
    helped = run(venv / "bin" / "kiosk-central", "--help")
    assert helped.returncode == 0, helped.stderr
    assert "usage: kiosk-central" in helped.stdout
    # Everything the extra pulled in is pinned in central's lock file.
    frozen = run(python, "-m", "pip", "list", "--format=freeze", "--exclude-editable")
    names = {re.sub(r"[-_.]+", "-", line.split("==")[0]).lower() for line in frozen.stdout.split()}
    names -= {"minigjenbruk-kiosk", "pip", "setuptools"}
    assert names <= locked_names(REPO / "requirements" / "central.lock")


def spec_excludes() -> list[str]:
    tree = ast.parse((REPO / "build.spec").read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "excludes":
            return list(ast.literal_eval(node.value))
    raise AssertionError("build.spec has no excludes list")


def test_the_kiosk_bundle_excludes_centrals_stack() -> None:
    # .ci/run also checks the built bundle's folder for these names.
    assert set(CENTRAL_ONLY) <= set(spec_excludes())


def test_the_kiosk_lock_holds_no_central_package_and_central_no_qt() -> None:
    kiosk = locked_names(REPO / "requirements" / "kiosk.lock")
    central = locked_names(REPO / "requirements" / "central.lock")
    assert not kiosk & set(CENTRAL_ONLY)
    assert not any(name.startswith("pyside6") for name in central)
    assert "pyside6-essentials" in kiosk and "fastapi" in central  # the check can fail
