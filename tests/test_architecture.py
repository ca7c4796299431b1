"""Dependencies run one way (docs/STYLE.md rule 1): every import of etl/, indicators/, publish/, dashboard/, pages/ and
app.py, read with `ast` (module level and inside functions), checked against the layers, and no import cycle."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("etl", "indicators", "publish", "alerts", "dashboard", "pages")
SCRIPTS = ("app",)

# (importing layer, imported layer): forbidden arrows; publishing is the one stage allowed to use warehouse and
# indicators together, and only the command line (`python -m etl publish`) reaches it from etl/; so is alerting
# (`python -m etl check`, package alerts/), a stage that no page and no domain module uses
FORBIDDEN = {
    ("etl", "indicators"),
    ("etl", "dashboard"),
    ("etl", "pages"),
    ("etl", "publish"),
    ("etl", "alerts"),
    ("indicators", "alerts"),
    ("alerts", "dashboard"),
    ("alerts", "pages"),
    ("dashboard", "alerts"),
    ("pages", "alerts"),
    ("indicators", "dashboard"),
    ("indicators", "pages"),
}
ALLOWED = {("etl.__main__", "publish"), ("etl.__main__", "alerts")}


@dataclass(frozen=True)
class Import:
    source: str  # importing module, e.g. "etl.cli"
    target: str  # imported project module, e.g. "etl.demo"
    where: str  # "etl/cli.py:49"
    type_checking: bool  # under `if TYPE_CHECKING:`, never executed


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules(root: Path, packages: tuple[str, ...] = PACKAGES, scripts: tuple[str, ...] = SCRIPTS) -> dict[str, Path]:
    """Every module of the project's packages (those present) and its top-level scripts, by dotted name."""
    found: dict[str, Path] = {}
    for pkg in packages:
        for path in sorted((root / pkg).rglob("*.py")) if (root / pkg).is_dir() else []:
            if "vendor" not in path.relative_to(root).parts:
                found[module_name(path, root)] = path
    for script in scripts:
        if (root / f"{script}.py").is_file():
            found[script] = root / f"{script}.py"
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(node: ast.AST, type_checking: bool = False) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import statement below `node`, with whether it sits under `if TYPE_CHECKING:` (its body only)."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child, type_checking
        elif isinstance(child, ast.If) and _is_type_checking(child.test):
            for stmt in child.body:
                yield from _walk_stmt(stmt, True)
            for stmt in child.orelse:
                yield from _walk_stmt(stmt, type_checking)
        else:
            yield from _walk(child, type_checking)


def _walk_stmt(stmt: ast.stmt, type_checking: bool) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    if isinstance(stmt, ast.Import | ast.ImportFrom):
        yield stmt, type_checking
    else:
        yield from _walk(stmt, type_checking)


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The project module `name` refers to: itself, or its longest prefix that is a module (a name from a package)."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules:
            return candidate
        parts.pop()
    return None


def imports(modules: dict[str, Path], root: Path) -> list[Import]:
    """Every import of one project module by another (relative imports resolved), with file and line."""
    out: list[Import] = []
    for source, path in modules.items():
        is_package = path.name == "__init__.py"
        where_file = path.relative_to(root).as_posix()
        for node, type_checking in _walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    package = source.split(".") if is_package else source.split(".")[:-1]
                    package = package[: len(package) - (node.level - 1)]
                    base = ".".join(package + ([base] if base else []))
                # `from etl import registry` imports the module etl.registry; `from etl.x import f` the module etl.x
                names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
            for name in names:
                target = _resolve(name, modules)
                if target is not None and target != source:
                    out.append(Import(source, target, f"{where_file}:{node.lineno}", type_checking))
    return out


def layer_violations(edges: list[Import]) -> list[str]:
    bad = []
    for e in edges:
        arrow = (e.source.split(".")[0], e.target.split(".")[0])
        if arrow in FORBIDDEN and (e.source, arrow[1]) not in ALLOWED:
            bad.append(f"{e.where}: {e.source} imports {e.target} ({arrow[0]}/ must not import {arrow[1]}/)")
    return sorted(set(bad))


def cycles(edges: list[Import]) -> list[str]:
    """One shortest cycle per strongly connected component of the run-time import graph, as a readable path."""
    graph: dict[str, dict[str, str]] = {}
    for e in edges:
        if not e.type_checking:
            graph.setdefault(e.source, {}).setdefault(e.target, e.where)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def strongconnect(v: str) -> None:  # Tarjan; the graph has a few hundred nodes, recursion depth is no concern
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, {}):
            if w not in index:
                strongconnect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(component)

    for v in sorted(graph):
        if v not in index:
            strongconnect(v)

    found = []
    for component in components:
        start = min(component)
        # breadth-first from `start` back to itself inside the component: the shortest cycle through it
        paths: dict[str, list[str]] = {start: [start]}
        queue = [start]
        cycle: list[str] | None = None
        while queue and cycle is None:
            v = queue.pop(0)
            for w in sorted(graph.get(v, {})):
                if w == start:
                    cycle = paths[v] + [start]
                    break
                if w in component and w not in paths:
                    paths[w] = paths[v] + [w]
                    queue.append(w)
        assert cycle is not None
        steps = [f"{a} → {b} ({graph[a][b]})" for a, b in zip(cycle, cycle[1:], strict=False)]
        found.append(f"cycle of {len(component)} modules {sorted(component)}: " + ", ".join(steps))
    return sorted(found)


@pytest.fixture(scope="module")
def edges() -> list[Import]:
    return imports(project_modules(ROOT), ROOT)


def test_the_walk_sees_the_project(edges: list[Import]) -> None:
    modules = project_modules(ROOT)
    assert {"etl.loader", "indicators.registry", "dashboard.factory", "app"} <= modules.keys()
    assert any(e.source == "app" and e.target.startswith("dashboard") for e in edges)
    assert any(e.source.startswith("pages") and e.target.startswith("indicators") for e in edges)


def test_etl_imports_no_indicators_dashboard_or_pages(edges: list[Import]) -> None:
    bad = [v for v in layer_violations(edges) if v.split(": ", 1)[1].startswith("etl")]
    assert not bad, "\n".join(bad)


def test_indicators_import_no_dashboard_or_pages(edges: list[Import]) -> None:
    bad = [v for v in layer_violations(edges) if v.split(": ", 1)[1].startswith("indicators")]
    assert not bad, "\n".join(bad)


def test_only_the_presentation_layer_imports_the_labels(edges: list[Import]) -> None:
    """The domain returns codes: of indicators/, only the command line (`indicators.cli` and its `plan` command,
    `indicators.plan_cli`) and the annual report's HTML (`indicators.report.render`) may word them with
    `indicators.labels`."""
    bad = [
        f"{e.where}: {e.source} imports indicators.labels"
        for e in edges
        if e.target == "indicators.labels"
        and e.source.startswith("indicators.")
        and e.source not in ("indicators.cli", "indicators.plan_cli", "indicators.report.render")
    ]
    assert not bad, "\n".join(bad)
    assert any(e.target == "indicators.labels" and e.source.startswith("pages.") for e in edges)


def test_no_import_cycle(edges: list[Import]) -> None:
    found = cycles(edges)
    assert not found, "\n".join(found)


def test_the_checks_find_what_they_look_for(tmp_path: Path) -> None:
    """On a made-up tree: a wrong arrow inside a function, a relative-import cycle, the allowed publish arrow."""
    files = {
        "etl/__init__.py": "",
        "etl/__main__.py": "def main():\n    from publish import run\n",
        "etl/cli.py": "from .demo import build\n",
        "etl/demo/__init__.py": "def build():\n    from ..cli import main\n",
        "etl/loader.py": "import os\n\ndef f():\n    from indicators.registry import x\n",
        "indicators/__init__.py": "",
        "indicators/registry.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from dashboard import theme\n",
        "publish/__init__.py": "def run(): ...\n",
        "dashboard/__init__.py": "",
        "dashboard/theme.py": "from indicators import registry\n",
        "app.py": "from dashboard import theme\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    found = imports(project_modules(tmp_path), tmp_path)
    assert layer_violations(found) == [
        "etl/loader.py:4: etl.loader imports indicators.registry (etl/ must not import indicators/)",
        "indicators/registry.py:3: indicators.registry imports dashboard.theme (indicators/ must not import dashboard/)",
    ]
    # the TYPE_CHECKING import breaks the layer rule but is no run-time cycle (indicators.registry ↔ dashboard.theme)
    assert cycles(found) == [
        "cycle of 2 modules ['etl.cli', 'etl.demo']: etl.cli → etl.demo (etl/cli.py:1), "
        "etl.demo → etl.cli (etl/demo/__init__.py:2)"
    ]


def test_a_page_folder_is_self_contained(edges: list[Import]) -> None:
    """A page folder imports no other page folder, and the shell imports no page (docs/where-things-go.md, recipe 3):
    adding or removing a page touches one folder."""
    bad = []
    for e in edges:
        if e.target.startswith("pages.") and e.source.split(".")[0] in ("dashboard", "app", "indicators", "etl"):
            bad.append(f"{e.where}: the shell module {e.source} imports the page module {e.target}")
        src, tgt = e.source.split("."), e.target.split(".")
        if src[0] == tgt[0] == "pages" and len(src) > 1 and len(tgt) > 1 and src[1] != tgt[1]:
            bad.append(f"{e.where}: {e.source} imports another page folder's {e.target}")
    assert not bad, "\n".join(bad)
    assert any(e.source.startswith("pages.karte.") and e.target.startswith("pages.karte.") for e in edges)
