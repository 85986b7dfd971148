"""Everything the package imports is declared in pyproject.toml (not merely installed by something else)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions

from conftest import ROOT


def _imported_modules() -> set[str]:
    names = set()
    for path in (ROOT / "pipeline").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"pipeline", "__future__"}


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_imported_package_is_declared():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    declared_names = {_normalised(re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0]) for spec in declared}
    providers = packages_distributions()
    undeclared = {
        module: providers.get(module)
        for module in _imported_modules()
        if not {_normalised(d) for d in providers.get(module, [])} & declared_names
    }
    assert not undeclared, f"imported but not declared in pyproject.toml: {undeclared}"
