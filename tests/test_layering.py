"""The import rules of the architecture, checked on the source (imports anywhere in a module,
including inside functions)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("cardreader", "forms", "kiosk")


def imports_by_module() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text("utf-8"), str(path))
            names: set[str] = set()
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names.add(node.module.split(".")[0])
            found[path.relative_to(ROOT).as_posix()] = names
    return found


IMPORTS = imports_by_module()


def modules_importing(top_level: str) -> set[str]:
    return {module for module, names in IMPORTS.items() if top_level in names}


def test_the_packages_were_found() -> None:
    assert "cardreader/pcsc.py" in IMPORTS
    assert any(module.startswith("kiosk/") for module in IMPORTS)


def test_exactly_one_module_imports_pyscard() -> None:
    assert modules_importing("smartcard") == {"cardreader/pcsc.py"}


def test_only_kiosk_ui_imports_kivy() -> None:
    assert {m for m in modules_importing("kivy") if not m.startswith("kiosk/ui/")} == set()


def test_core_packages_import_neither_kivy_nor_requests_nor_the_app() -> None:
    for module, names in IMPORTS.items():
        if module.startswith(("cardreader/", "forms/")):
            assert not names & {"kivy", "requests", "kiosk"}, module
        if module.startswith("cardreader/"):
            assert "forms" not in names, module


def test_api_client_is_kivy_free() -> None:
    for module, names in IMPORTS.items():
        if module.startswith("kiosk/api/"):
            assert "kivy" not in names, module


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("cardreader", {"kivy", "requests"}),
        ("forms", {"kivy", "requests"}),
        ("kiosk.api", {"kivy"}),
        ("kiosk.flow", {"kivy"}),
    ],
)
def test_importing_every_module_does_not_pull_in(package: str, forbidden: set[str]) -> None:
    """The same rule, transitively: import every submodule and look at sys.modules."""
    code = (
        "import importlib, pkgutil, sys\n"
        f"root = importlib.import_module({package!r})\n"
        "for info in pkgutil.walk_packages(root.__path__, root.__name__ + '.'):\n"
        "    importlib.import_module(info.name)\n"
        f"print(sorted(set(m.split('.')[0] for m in sys.modules) & {forbidden!r}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "[]"


def project_imports() -> dict[str, set[str]]:
    """Module -> the project modules it imports, anywhere in it: at the top, in a function, or
    under `if TYPE_CHECKING:` (a cycle there is still a two-way design)."""
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:  # `from package import module` imports the module
                    submodule = f"{node.module}.{alias.name}"
                    targets.add(submodule if submodule in modules else node.module)
        graph[name] = {target for target in targets if target in modules and target != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle as a path (first module repeated at the end), or []."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str]:
        state[module] = 1
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[module] = 2
        return []

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)):
            return cycle
    return []


def test_the_cycle_finder_finds_a_cycle_through_type_checking_imports() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_anywhere_type_checking_included() -> None:
    assert find_cycle(project_imports()) == []


def test_the_application_flow_is_kivy_free() -> None:
    for module, names in IMPORTS.items():
        if module.startswith("kiosk/flow/") or module == "kiosk/services.py":
            assert "kivy" not in names, module
