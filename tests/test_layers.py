"""The layers stay apart: only kiosk/ui imports Qt; central and the kiosk never import each
other; the contract imports neither of them nor any of their frameworks; inside central, the
API and the console are siblings over the services and import nothing of each other."""

import ast
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import kiosk

REPO = Path(kiosk.__file__).parent.parent
ROOT = REPO / "kiosk"
QT_FREE = ["domain", "db", "sync", "scale"]
# What each top-level package must never import (docs/DESIGN.md, "Layout").
FORBIDDEN = {
    "central": {"kiosk", "PySide6"},
    "kiosk": {"central"},
    "contract": {
        "kiosk", "central", "PySide6", "sqlalchemy", "alembic", "pydantic", "fastapi",
        "starlette", "uvicorn", "httpx", "psycopg",
    },
    "assets": {"kiosk", "central", "contract", "PySide6"},
}  # fmt: skip
# Inside central: what each sibling package must never import (docs/DESIGN.md, "Layout").
# Both stand on central.core and central.services; only central.main puts them together.
SIBLINGS = {
    "central/api": {"central.console", "central.main", "central.feed"},
    "central/console": {"central.api", "central.main", "central.feed"},
    "central/feed": {"central.api", "central.console", "central.main"},
    "central/services": {"central.api", "central.console", "central.feed", "central.main"},
    "central/core": {"central.api", "central.console", "central.feed", "central.main"},
}
_MODULE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")


def imported_roots(source: str) -> set[str]:
    """The top-level names a module imports, at any depth (inside functions too), including
    module names given as strings (importlib.import_module, importlib.resources.files)."""
    roots = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and _names_a_module(node):
            roots.add(node.args[0].value.split(".")[0])  # type: ignore[attr-defined]
    return roots


def imported_modules(source: str, package: str) -> set[str]:
    """The dotted names a module in ``package`` imports, at any depth, relative ones resolved
    (``from ..console import deps`` in central.api is central.console.deps), including module
    names given as strings."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            names.update(f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and _names_a_module(node):
            names.add(node.args[0].value)  # type: ignore[attr-defined]
    return names


def sibling_violations(repo: Path, rules: dict[str, set[str]]) -> list[str]:
    found = []
    for folder, banned in rules.items():
        for path in sorted((repo / folder).rglob("*.py")):
            package = path.relative_to(repo).parent.as_posix().replace("/", ".")
            for name in sorted(imported_modules(path.read_text("utf-8"), package)):
                hit = [b for b in banned if name == b or name.startswith(b + ".")]
                if hit:
                    found.append(f"{path.relative_to(repo)} imports {name}")
    return found


def _names_a_module(call: ast.Call) -> bool:
    name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
    first = call.args[0] if call.args else None
    return (
        name in {"import_module", "files", "__import__"}
        and isinstance(first, ast.Constant)
        and isinstance(first.value, str)
        and _MODULE_NAME.match(first.value) is not None
    )


def violations(repo: Path, rules: dict[str, set[str]]) -> list[str]:
    found = []
    for package, banned in rules.items():
        for path in sorted((repo / package).rglob("*.py")):
            for name in sorted(imported_roots(path.read_text("utf-8")) & banned):
                found.append(f"{path.relative_to(repo)} imports {name}")
    return found


def test_top_level_packages_import_only_what_they_may() -> None:
    assert violations(REPO, FORBIDDEN) == []


def test_the_checker_catches_a_planted_import(tmp_path: Path) -> None:
    (tmp_path / "central" / "api").mkdir(parents=True)
    (tmp_path / "contract").mkdir()
    (tmp_path / "central" / "api" / "ok.py").write_text("import json\nfrom contract import x\n")
    (tmp_path / "central" / "api" / "bad.py").write_text(
        "def later():\n    from kiosk.db.export import export\n"
    )
    (tmp_path / "central" / "seed.py").write_text(
        "from importlib import resources\nresources.files('kiosk.assets')\n"
    )
    (tmp_path / "contract" / "bad.py").write_text("import pydantic.fields\n")
    assert violations(tmp_path, FORBIDDEN) == [
        "central/api/bad.py imports kiosk",
        "central/seed.py imports kiosk",
        "contract/bad.py imports pydantic",
    ]


def test_api_and_console_import_nothing_of_each_other() -> None:
    assert sibling_violations(REPO, SIBLINGS) == []


def test_the_sibling_checker_catches_planted_imports(tmp_path: Path) -> None:
    for folder in ("central/api/routes", "central/console/pages", "central/services"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "central/api/routes/ok.py").write_text(
        "from central.core.deps import StaffDep\nfrom central.services import alarms\n"
    )
    (tmp_path / "central/api/routes/bad.py").write_text(
        "def later():\n    from central.console.deps import render\n"
    )
    (tmp_path / "central/api/rel.py").write_text("from ..console import queries\n")
    (tmp_path / "central/console/pages/bad.py").write_text(
        "import central.api.deps\nfrom central.apiary import ok\n"
    )
    (tmp_path / "central/services/bad.py").write_text(
        "import importlib\nimportlib.import_module('central.console.i18n')\n"
    )
    assert sibling_violations(tmp_path, SIBLINGS) == [
        "central/api/rel.py imports central.console.queries",
        "central/api/routes/bad.py imports central.console.deps.render",
        "central/console/pages/bad.py imports central.api.deps",
        "central/services/bad.py imports central.console.i18n",
    ]


def _loaded_after_import(modules: Iterable[str], probes: Iterable[str]) -> list[str]:
    code = (
        "import importlib, sys\n"
        f"for name in {sorted(modules)!r}: importlib.import_module(name)\n"
        f"print(sorted(p for p in {sorted(probes)!r} if p in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        cwd=REPO,
    )
    return ast.literal_eval(result.stdout.strip())


def test_the_contract_loads_alone() -> None:
    modules = [
        f"contract.{p.stem}" for p in (REPO / "contract").glob("*.py") if p.stem != "__init__"
    ]
    assert _loaded_after_import(modules, FORBIDDEN["contract"]) == []


def test_no_qt_import_in_lower_layers_source() -> None:
    offenders = [
        str(path.relative_to(REPO))
        for package in QT_FREE
        for path in (ROOT / package).rglob("*.py")
        if "PySide6" in path.read_text("utf-8")
    ]
    assert offenders == []


def test_lower_layers_load_without_qt() -> None:
    modules = [
        f"kiosk.{p.relative_to(ROOT).with_suffix('').as_posix().replace('/', '.')}"
        for package in QT_FREE
        for p in (ROOT / package).rglob("*.py")
        if "migrations" not in p.parts and p.name != "__init__.py"
    ]
    assert _loaded_after_import(modules, ["PySide6"]) == []


def composition_imports(root: Path) -> list[str]:
    """Modules of the kiosk's lower layers that import the composition root or the UI: the
    root builds them (and passes their dependencies in), so they must not import it back."""
    found = []
    for package in QT_FREE:
        for path in sorted((root / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                names = (
                    [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else [alias.name for alias in node.names]
                    if isinstance(node, ast.Import)
                    else []
                )
                if any(n == "kiosk.composition" or n.startswith("kiosk.ui") for n in names):
                    found.append(str(path.relative_to(root)))
    return found


def test_lower_layers_never_import_the_composition_root() -> None:
    assert composition_imports(ROOT) == []


def test_the_composition_check_catches_a_late_import(tmp_path: Path) -> None:
    (tmp_path / "sync").mkdir()
    (tmp_path / "sync" / "worker.py").write_text(
        "def _child():\n    from kiosk.composition import Kiosk\n"
    )
    assert composition_imports(tmp_path) == ["sync/worker.py"]


def test_the_app_starts_without_the_http_client() -> None:
    # Cold start to the first frame: the sync pass runs in its own child process, so the
    # window never needs httpx (0.6 s of 4.7 s of imports on a loaded machine). The probe
    # can fail: the sync engine itself loads it.
    assert _loaded_after_import(["kiosk.ui.app"], ["httpx"]) == []
    assert _loaded_after_import(["kiosk.sync.engine"], ["httpx"]) == ["httpx"]


def test_the_window_loads_without_the_store() -> None:
    # Paint first (issue 24): the attract screen is up before SQLAlchemy and Alembic load
    # (0.4 s of 0.8 s of imports); the store opens behind it. The probe can fail: the store
    # itself loads SQLAlchemy.
    probes = ["sqlalchemy", "alembic"]
    assert _loaded_after_import(["kiosk.ui.app"], probes) == []
    assert _loaded_after_import(["kiosk.db.store"], probes) == ["sqlalchemy"]
