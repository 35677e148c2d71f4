"""The packages' dependency rules, read from the source: every import statement at any depth
(module level, inside functions, under `if TYPE_CHECKING:`), `import x` and `from x import y`.

    core     imports none of storage, gui, cli, runner, PySide6, pyqtgraph, qasync, peewee
    storage  imports none of gui, cli, runner, PySide6
    runner   imports none of gui, cli, PySide6
    gui      does not import cli;  cli does not import gui
    reports  imports none of gui, cli, runner, peewee, storage.models, PySide6.QtWidgets (QtGui and
             QtCore only: the command line and the runner draw PDFs without widgets)
    peewee   is imported only in storage, and storage.models (peewee's models) too

main.py is the one module that may reach both front ends (it hands the command line's
arguments to the desktop app).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("core", "storage", "gui", "cli", "runner", "reports")

# What each package must not import: a module and everything under it.
FORBIDDEN: dict[str, frozenset[str]] = {
    "core": frozenset({"storage", "gui", "cli", "runner", "PySide6", "pyqtgraph", "qasync", "peewee"}),
    "storage": frozenset({"gui", "cli", "runner", "PySide6"}),
    "runner": frozenset({"gui", "cli", "PySide6", "peewee", "storage.models"}),
    "gui": frozenset({"cli", "peewee", "storage.models"}),
    "cli": frozenset({"gui", "peewee", "storage.models"}),
    "reports": frozenset({"gui", "cli", "runner", "peewee", "storage.models", "PySide6.QtWidgets"}),
}


@dataclass(frozen=True, slots=True)
class Import:
    path: Path
    line: int
    module: str  # the absolute dotted name imported from

    def is_under(self, name: str) -> bool:
        return self.module == name or self.module.startswith(name + ".")

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}: imports {self.module}"


def imports_of(path: Path, source: str | None = None) -> Iterator[Import]:
    """Every import in one file; a relative import is resolved against the file's package."""
    tree = ast.parse(source if source is not None else path.read_text(encoding="utf-8"), filename=str(path))
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(path, node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join((*base, node.module) if node.module else base)
            else:
                module = node.module or ""
            yield Import(path, node.lineno, module)
            if module in PACKAGES:  # `from storage import models` names a subpackage too
                for alias in node.names:
                    yield Import(path, node.lineno, f"{module}.{alias.name}")


def violations(package: str, found: Iterator[Import]) -> list[str]:
    return [f"{imp} (forbidden in {package}/)" for imp in found
            if any(imp.is_under(name) for name in FORBIDDEN[package])]


def _files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", PACKAGES)
def test_package_imports_follow_the_layers(package: str) -> None:
    files = _files(package)
    assert files, f"no Python files under {package}/"
    problems = [problem for path in files for problem in violations(package, imports_of(path))]
    assert not problems, "imports across the layers:\n" + "\n".join(problems)


def test_the_rule_catches_an_import_hidden_in_a_function() -> None:
    """The check itself: a deliberate violation inside a function body is reported with its
    file, line and module, and so is one written as a relative import."""
    path = ROOT / "cli" / "cmd_example.py"
    source = "import json\n\n\ndef f():\n    from gui.app import run_gui\n    from ..storage import models\n"
    assert violations("cli", imports_of(path, source)) == [
        "cli/cmd_example.py:5: imports gui.app (forbidden in cli/)",
        "cli/cmd_example.py:6: imports storage.models (forbidden in cli/)",
    ]
    core = ROOT / "core" / "engine" / "example.py"
    source = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ...storage import models\n"
    assert violations("core", imports_of(core, source)) == [
        "core/engine/example.py:3: imports storage (forbidden in core/)",
        "core/engine/example.py:3: imports storage.models (forbidden in core/)",
    ]
    assert violations("storage", imports_of(ROOT / "storage" / "x.py", "import peewee as pw\n")) == []
