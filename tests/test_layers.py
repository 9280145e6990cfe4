"""The package's imports run one way, and the core needs no extra.

The layers, lowest first (``docs/design.md``):

    leaves → notation → evaluate → book → grading → render → io → cli

A module may import its own layer and the layers below it, never above.
The walk reads every import statement of the source, including imports
inside functions, so a lazy import cannot hide an upward arrow.  Imports
under ``if TYPE_CHECKING:`` are type hints, not arrows, and are skipped.
Importing ``a.b.c`` from outside ``a.b`` also runs ``a.b``'s ``__init__``,
so that counts as an arrow to ``a.b`` too; then no cycle may remain.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "perfeval"

LAYERS = {
    "leaves": ("perfeval._arith", "perfeval._safe_text", "perfeval._suggest", "perfeval.codes", "perfeval.errors", "perfeval.limits",
               "perfeval.rounding",
               "perfeval.rules"),
    "notation": ("perfeval.notation",),
    "evaluate": ("perfeval.evaluate",),
    "book": ("perfeval.book",),
    "grading": ("perfeval.grading",),
    "render": ("perfeval.render",),
    "io": ("perfeval.io",),
    "cli": ("perfeval.cli", "perfeval.__main__", "perfeval"),
}
RANK = {prefix: rank for rank, prefixes in enumerate(LAYERS.values()) for prefix in prefixes}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _rank(module: str) -> int:
    best = max((p for p in RANK if module == p or module.startswith(p + ".")), key=len)
    return RANK[best]


def _is_package(module: str) -> bool:
    return MODULES[module].name == "__init__.py"


def _type_checking_lines(tree: ast.Module) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
            for child in node.body:
                skipped.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return skipped


def _targets(module: str, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The perfeval modules an import statement imports."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.split(".")[0] == "perfeval"]
    if node.level:
        base = module.split(".") if _is_package(module) else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        source = ".".join(base + ([node.module] if node.module else []))
    else:
        source = node.module or ""
    if source.split(".")[0] != "perfeval":
        return []
    found = []
    for alias in node.names:  # `from . import render` imports a module
        candidate = f"{source}.{alias.name}"
        found.append(candidate if candidate in MODULES else source)
    return found


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = _type_checking_lines(tree)
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)) and node.lineno not in skipped:
                for target in _targets(module, node):
                    graph[module].add(target)
                    # Its packages' __init__ run too, unless the importer is inside them.
                    parts = target.split(".")
                    for n in range(2, len(parts)):
                        package = ".".join(parts[:n])
                        if not module.startswith(package + ".") and module != package:
                            graph[module].add(package)
    return graph


def test_the_walk_sees_every_module_and_reads_imports_inside_functions():
    graph = _graph()
    assert {"perfeval.notation.parser", "perfeval.io.indicators", "perfeval.cli", "perfeval.codes"} <= set(graph)
    assert "perfeval.grading.grade" in graph["perfeval.io.grading"]
    # A function-level import is an arrow like any other.
    tree = ast.parse("def f():\n    from ..grading.report import Report\n")
    node = next(n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom))
    assert _targets("perfeval.book.model", node) == ["perfeval.grading.report"]


def test_no_import_runs_upward():
    upward = sorted((m, t) for m, targets in _graph().items() for t in targets if _rank(t) > _rank(m))
    assert upward == [], "an import runs up the layers: " + ", ".join(f"{m} → {t}" for m, t in upward)


def test_no_import_cycle():
    graph = _graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for module in graph:
        if module not in index:
            visit(module)
    assert cycles == []


def test_a_deliberate_upward_import_is_caught():
    """The check itself can fail: an import of grading from the model is upward."""
    node = ast.parse("from ..grading.report import Report").body[0]
    assert isinstance(node, ast.ImportFrom)
    (target,) = _targets("perfeval.book.model", node)
    assert _rank(target) > _rank("perfeval.book.model")


# The top-level modules of the core dependencies (attrs, PyYAML, tabulate, wcwidth, tqdm).
CORE = {"attr", "attrs", "yaml", "_yaml", "tabulate", "wcwidth", "tqdm"}
# The modules of an optional extra, each with the third-party modules it brings
# (pyproject's [project.optional-dependencies]).  Nothing in the core imports
# them at import time: the format that needs one imports it when it renders.
EXTRAS = {"perfeval.render.xlsx_workbook": {"openpyxl", "et_xmlfile"},
          "perfeval.render.audit_workbook": {"openpyxl", "et_xmlfile"},
          "perfeval.grading.vectorised": {"numpy", "pandas"}}
# What an extra's packages import in turn when they are installed (pandas takes pyarrow if it is there).
BROUGHT = {"perfeval.grading.vectorised": {"dateutil", "tzdata", "pytz", "six", "pyarrow", "cloudpickle",
                                           "cython_runtime"}}
# The one module of perfeval that imports each extra's module, when it is called.
LOADED_BY = {"perfeval.render.xlsx_workbook": "perfeval.render", "perfeval.render.audit_workbook": "perfeval.render",
             "perfeval.grading.vectorised": "perfeval.io.frames"}


def _import_script(modules: list[str], allowed: set[str]) -> str:
    return textwrap.dedent(f"""
        import importlib.abc, sys, sysconfig
        stdlib = sysconfig.get_paths()["stdlib"]
        allowed = {sorted(allowed)!r}

        class Refuse(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                top = name.split(".")[0]
                if top in sys.builtin_module_names or top in sys.stdlib_module_names:
                    return None
                if top == "perfeval" or top in allowed or top.startswith("_"):
                    return None
                raise ImportError(f"perfeval imported {{name}}, which is not among {{sorted(allowed)}}")

        sys.meta_path.insert(0, Refuse())
        import perfeval, perfeval.cli
        for name in {modules!r}:
            importlib.import_module(name)
        print("ok")
    """)


def test_the_core_imports_with_its_dependencies_alone():
    """perfeval, its command line and every layer import with only the core
    dependencies: any other third-party import is refused.  The modules of
    an extra are the exception, each tested below with its extra."""
    core = sorted(m for m in MODULES if m != "perfeval.__main__" and m not in EXTRAS)
    script = _import_script(core, CORE)
    env = {**os.environ, "PYTHONPATH": str(PACKAGE.parent)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_the_extras_are_only_their_own_modules():
    """Each module of an extra exists, is a leaf (no module of perfeval
    imports it except the one that loads it when called), and imports with
    the core and its extra alone."""
    graph = _graph()
    for module, extra in EXTRAS.items():
        assert module in MODULES
        importers = sorted(m for m, targets in graph.items() if module in targets)
        assert importers == [LOADED_BY[module]], importers
        for top in sorted(extra):
            pytest.importorskip(top)
        done = subprocess.run([sys.executable, "-c", _import_script([module], CORE | extra | BROUGHT.get(module, set()))], capture_output=True,
                              text=True, env={**os.environ, "PYTHONPATH": str(PACKAGE.parent)}, timeout=60)
        assert done.returncode == 0, done.stderr
