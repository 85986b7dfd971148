"""The package layering of docs/ARCHITECTURE.md, checked from the source: each package imports only the
packages below it, no module imports a project module inside a function, and no extractor imports
another extractor."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"

# Package -> the packages it may import (besides itself and the top-level errors / io modules).
ALLOWED = {
    "language": set(),
    "config": {"language"},
    "families": {"config", "language"},
    "model": {"families", "language"},
    "readers": {"config", "families", "language", "model"},
    "outline": {"config", "families", "language", "model"},
    "tables": {"config", "families", "language", "model"},
    "extract": {"config", "families", "language", "model", "tables"},
    "run": {"config", "families", "language", "model", "readers", "outline", "tables", "extract", "__init__"},
    "report": {"config"},
    "evaluation": {"config", "language", "model", "readers", "extract", "run"},
    "cli": {"config", "run", "report", "evaluation"},
    "api": {"config", "model", "run", "extract"},
}
EXTRACTORS = ("documents", "terms", "measures", "schedules", "kpis")


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).with_suffix("")
        yield path, relative.parts


def project_imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pipeline"):
            yield node, node.module.split(".")[1:] or ["__init__"]


@pytest.mark.parametrize(
    ("path", "parts"), list(modules()), ids=lambda v: "/".join(v) if isinstance(v, tuple) else ""
)
def test_each_package_imports_only_the_packages_below_it(path, parts):
    package = parts[0] if len(parts) > 1 else parts[0]
    if package not in ALLOWED:
        return
    for _, target in project_imports(path):
        if target[0] in (package, "errors", "io"):
            continue
        assert target[0] in ALLOWED[package], f"{'/'.join(parts)} imports pipeline.{'.'.join(target)}"


@pytest.mark.parametrize(
    ("path", "parts"), list(modules()), ids=lambda v: "/".join(v) if isinstance(v, tuple) else ""
)
def test_no_function_imports_a_project_module(path, parts):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)):
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom) and (
                node.level or (node.module or "").startswith("pipeline")
            ):
                pytest.fail(
                    f"{'/'.join(parts)}:{node.lineno} imports a project module inside {function.name}"
                )


def test_no_extractor_imports_another():
    for path, parts in modules():
        if parts[0] != "extract" or len(parts) < 2:
            continue
        own = parts[1]
        for _, target in project_imports(path):
            if target[0] == "extract" and len(target) > 1:
                assert target[1] == own, f"{'/'.join(parts)} imports the {target[1]} extractor"


# Inside readers: page layout never depends on OCR (a digital page is read without it), and OCR hands
# the page reader its characters rather than calling back into it.
READER_RULES = {
    ("readers", "pdf", "layout"): ("readers.scan", "readers.pdf.reader"),
    ("readers", "scan"): ("readers.pdf.reader",),
}


@pytest.mark.parametrize(
    ("prefix", "forbidden"),
    list(READER_RULES.items()),
    ids=lambda v: "/".join(v) if isinstance(v, tuple) else "",
)
def test_layout_does_not_import_scan_and_neither_imports_the_reader(prefix, forbidden):
    for path, parts in modules():
        if parts[: len(prefix)] != prefix:
            continue
        for _, target in project_imports(path):
            name = ".".join(target)
            assert not name.startswith(forbidden), f"{'/'.join(parts)} imports pipeline.{name}"


# Imports each module in a child forked from an interpreter that has loaded no project module (only the
# third-party libraries, so that each child starts fast), and prints the modules that failed.
_IMPORT_EACH = """
import importlib, os, sys, traceback
import numpy, pandas, pyarrow, pydantic, yaml, pdfplumber, pypdfium2, spacy  # noqa: F401,E401 (loaded once, before any fork)
running, failed = {}, []
def reap():
    pid, status = os.wait()
    if status:
        failed.append(running[pid])
    del running[pid]
for name in sys.argv[1:]:
    if len(running) >= (os.cpu_count() or 1):
        reap()
    pid = os.fork()
    if pid == 0:
        try:
            importlib.import_module(name)
        except BaseException:
            traceback.print_exc()
            os._exit(1)
        os._exit(0)
    running[pid] = name
while running:
    reap()
print(" ".join(sorted(failed)))
"""


def test_every_module_imports_on_its_own():
    """Each module imports by itself in a fresh interpreter: no cycle hidden by the order other modules
    happen to be imported in, no import that works only as a side effect of another module's."""
    import subprocess
    import sys

    names = [
        ".".join(("pipeline", *parts)).removesuffix(".__init__")
        for _, parts in modules()
        if parts[-1] != "__main__"  # runs the command line
    ]
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_EACH, *names], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0 and not done.stdout.strip(), (done.stdout, done.stderr[-3000:])
